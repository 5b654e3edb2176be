import type { Locale } from '../issues/format'
import { inert } from '../text/inert'

/**
 * commander's usage errors in the user's language: one line, Chinese by default, English with
 * `--lang en`. The kind of error comes from commander's documented error codes
 * (`CommanderError.code`: `commander.unknownOption`, `commander.invalidArgument`, …); its message
 * gives only the names and values it quotes (`'--format <format>'`, `'xml'`), its allowed choices
 * and its suggestion, never the wording, which is zhunru's own. An error of a code not known here
 * keeps commander's first line.
 *
 * @module
 */

/** What zhunru needs of a CommanderError. */
export interface UsageErrorLike {
  readonly code: string
  readonly message: string
}

/** The single-quoted parts of commander's message: the option, argument, command names and values. */
const quoted = (message: string): string[] => [...message.matchAll(/'([^']*)'/g)].map((m) => m[1] as string)

/** `(Did you mean --format?)`: the suggestion, or undefined. */
const suggestion = (message: string): string | undefined => /\(Did you mean ([^?]+)\?\)/.exec(message)?.[1]

/** `Allowed choices are a, b, c.`: the choices, or an empty list. */
const choices = (message: string): string[] =>
  /Allowed choices are (.+?)\.?$/m
    .exec(message)?.[1]
    ?.split(', ')
    .filter((c) => c !== '') ?? []

const WORDS = {
  'zh-CN': {
    prefix: 'zhunru：',
    mean: (s: string) => `（是否想用 ${s}？）`,
    unknownOption: (o: string) => `未知选项 ${o}`,
    optionHelp: '；zhunru <命令> --help 列出可用选项',
    unknownCommand: (c: string) => `未知命令 ${c}`,
    commandHelp: '；zhunru --help 列出全部命令',
    optionMissingArgument: (o: string) => `选项 ${o} 缺少取值`,
    missingMandatory: (o: string) => `缺少必需的选项 ${o}`,
    missingArgument: (a: string) => `缺少参数 <${a}>`,
    invalidOption: (o: string, v: string, cs: string[]) => `选项 ${o} 的取值 ${v} 无效${cs.length > 0 ? `，可选：${cs.join('、')}` : ''}`,
    invalidArgument: (a: string, v: string) => `参数 <${a}> 的取值 ${v} 无效`,
    excess: (expected: string, got: string) => `参数过多：应为 ${expected} 个，收到 ${got} 个`,
  },
  en: {
    prefix: 'zhunru: ',
    mean: (s: string) => ` (did you mean ${s}?)`,
    unknownOption: (o: string) => `unknown option ${o}`,
    optionHelp: '; zhunru <command> --help lists the options',
    unknownCommand: (c: string) => `unknown command ${c}`,
    commandHelp: '; zhunru --help lists the commands',
    optionMissingArgument: (o: string) => `the option ${o} needs a value`,
    missingMandatory: (o: string) => `the required option ${o} is missing`,
    missingArgument: (a: string) => `missing argument <${a}>`,
    invalidOption: (o: string, v: string, cs: string[]) => `the option ${o} does not take ${v}${cs.length > 0 ? `; choices: ${cs.join(', ')}` : ''}`,
    invalidArgument: (a: string, v: string) => `the argument <${a}> does not take ${v}`,
    excess: (expected: string, got: string) => `too many arguments: ${expected} expected, ${got} given`,
  },
}

/**
 * A commander usage error as one line (no newline) in `lang`, every name and value inert.
 *
 * @example
 * usageErrorLine({ code: 'commander.unknownOption', message: "error: unknown option '--fromat'\n(Did you mean --format?)" }, 'zh-CN')
 * // 'zhunru：未知选项 --fromat（是否想用 --format？）；zhunru <命令> --help 列出可用选项'
 */
export const usageErrorLine = (e: UsageErrorLike, lang: Locale): string => {
  const w = WORDS[lang === 'en' ? 'en' : 'zh-CN']
  const message = typeof e?.message === 'string' ? e.message : String(e?.message)
  const q = quoted(message).map((s) => inert(s))
  const mean = suggestion(message)
  const hint = mean !== undefined ? w.mean(inert(mean)) : ''
  const say = (text: string): string => `${w.prefix}${text}`
  switch (e?.code) {
    case 'commander.unknownOption':
      return say(`${w.unknownOption(q[0] ?? '?')}${hint}${w.optionHelp}`)
    case 'commander.unknownCommand':
      return say(`${w.unknownCommand(q[0] ?? '?')}${hint}${w.commandHelp}`)
    case 'commander.optionMissingArgument':
      return say(w.optionMissingArgument(q[0] ?? '?'))
    case 'commander.missingMandatoryOptionValue':
      return say(w.missingMandatory(q[0] ?? '?'))
    case 'commander.missingArgument':
      return say(w.missingArgument(q[0] ?? '?'))
    case 'commander.invalidArgument':
      // an option: "option '<flags>' argument '<value>' is invalid"; a command argument:
      // "command-argument value '<value>' is invalid for argument '<name>'"
      return /^error: option /.test(message)
        ? say(w.invalidOption(q[0] ?? '?', q[1] ?? '?', choices(message).map((c) => inert(c))))
        : say(w.invalidArgument(q[1] ?? '?', q[0] ?? '?'))
    case 'commander.excessArguments': {
      const n = /Expected (\d+) arguments? but got (\d+)/.exec(message)
      return say(w.excess(n?.[1] ?? '?', n?.[2] ?? '?'))
    }
    default:
      return say(inert((message.split('\n')[0] ?? '').replace(/^error: /, '')))
  }
}
