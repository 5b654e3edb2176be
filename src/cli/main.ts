#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander'
import { auditCommand } from './audit'
import { compareCommand } from './compare'
import { diffCommand } from './diff'
import { evaluateCommand } from './evaluate'
import { explainCommand } from './explain'
import { impactCommand } from './impact'
import { EXIT, outputFailed } from './io'
import { lintCommand } from './lint'
import { replayCommand } from './replay'
import { testCommand } from './test'
import { schemaCheckCommand } from './schema-check'
import { usageErrorLine } from './usage-errors'

/**
 * The `zhunru` command: Chinese by default, `--lang en` for English.
 * Exit codes (docs/cli.md): 0 nothing found, 1 findings, 2 bad input or usage (a missing option,
 * an unknown command, option or option value), 3 an input/output failure (the output cannot be
 * written: a full disk, a closed pipe). Every error is one line on standard error, never a stack
 * trace.
 */
const english = process.argv.some((a, i) => a === '--lang=en' || (a === '--lang' && process.argv[i + 1] === 'en'))
const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''

// the output cannot be written (ENOSPC on a full disk, EPIPE when the reader has gone): one line
// on standard error and exit code 3, whatever the command was doing
const outputFailedExit = (e: NodeJS.ErrnoException): void => {
  process.exit(outputFailed(e, english ? 'en' : 'zh-CN'))
}
process.stdout.on('error', outputFailedExit)
process.stderr.on('error', () => process.exit(EXIT.io))
// a bug must not print a stack trace over the clerk's terminal either
process.on('uncaughtException', (e) => {
  // a write that failed and threw rather than emitting 'error'
  if (['EPIPE', 'ENOSPC', 'EIO', 'EDQUOT', 'EFBIG'].includes(String((e as NodeJS.ErrnoException).code))) {
    outputFailedExit(e as NodeJS.ErrnoException)
    return
  }
  try {
    process.stderr.write(`zhunru: ${oneLine(e)}\n`)
  } catch {
    // nothing more to do
  }
  process.exit(EXIT.badInput)
})

const formats = (...f: string[]): Option => new Option('--format <format>', f.join(' | ')).choices(f).default(f[0])
const langOption = (): Option => new Option('--lang <lang>', 'zh-CN | en').choices(['zh-CN', 'en']).default('zh-CN')
const encodingOption = (): Option =>
  new Option('--encoding <encoding>', '文件编码（默认 UTF-8；有 BOM 时按 BOM）/ the file\'s encoding (default UTF-8; a byte-order mark decides)').choices(['utf-8', 'utf8', 'gb18030', 'gbk', 'gb2312'])

const program = new Command()
program.name('zhunru').description('社区工作准入：规则包评估、测试与解释 / community work admission policies').version('0.1.0')
// commander exits 1 on a usage error, the code of "findings": throw instead, and exit 2 below,
// with the error said in the user's language (usage-errors.ts, by commander's error code), one
// line: commander's own English message is not written
program.exitOverride()
program.configureOutput({ outputError: () => undefined })
program.showSuggestionAfterError(true)

program
  .command('evaluate')
  .description('评估一个请求 / decide a request')
  .argument('<request>', '请求文件（JSON 或 YAML），- 表示标准输入 / request file, - for stdin')
  .requiredOption('--pack <id|dir>', '规则包编号或目录 / pack id or folder')
  .option('--explain', '同时输出解释 / also print the explanation')
  .option('--what-if', '同时列出怎样改动请求会改变结论 / also print what changes to the request would change the outcome')
  .option('--versions <dir>', '规则包版本目录：按日期选用施行中的版本（--pack 为编号）/ a folder of pack versions: decide under the version in force (--pack is an id)')
  .option('--on <date>', '按此日期选用规则包版本（默认请求日期）/ pick pack versions in force on this date (default: the request\'s date)')
  .addOption(formats('text', 'json', 'record'))
  .addOption(langOption())
  .addOption(encodingOption())
  .action((file: string, o) => {
    process.exitCode = evaluateCommand(file, o)
  })

program
  .command('explain')
  .description('以办事员能读懂的方式解释决定（请求或用例文件）/ explain a decision for a clerk (a request or a case file)')
  .argument('<file>', '请求文件、用例文件或决定记录，- 表示标准输入 / request, case file or decision record, - for stdin')
  .option('--pack <id|dir>', '规则包编号或目录（用例文件可省略）/ pack id or folder (a case file names its own)')
  .option('--what-if', '同时列出怎样改动请求会改变结论 / also print what changes to the request would change the outcome')
  .option('--record', '文件是保存的决定记录（按 format 字段也能识别）/ the file is a stored decision record (also recognised by its format field)')
  .option('--versions <dir>', '规则包版本目录：记录所列的版本，或请求日期施行中的版本 / a folder of pack versions: the versions a record names, or those in force for a request')
  .option('--on <date>', '按此日期选用规则包版本（默认请求日期）/ pick pack versions in force on this date (default: the request\'s date)')
  .addOption(formats('text', 'json'))
  .addOption(langOption())
  .addOption(encodingOption())
  .action((file: string, o) => {
    process.exitCode = explainCommand(file, o)
  })

program
  .command('replay')
  .description('重放保存的决定记录（NDJSON），按记录所列的规则包版本重新判定 / re-decide stored decision records (NDJSON) under the pack versions they name')
  .argument('[records]', '记录文件（每行一个 JSON，或 .csv），- 表示标准输入 / records file (one JSON per line, or .csv), - for stdin')
  .option('--from <source>', '从数据库读取：postgres://… 或 sqlite:<文件>（须带 --query）/ read from a database: postgres://… or sqlite:<file> (with --query)')
  .option('--query <sql>', '查询语句，每一行是一条决定记录（见 docs/sources.md）/ the SQL whose rows are the records (see docs/sources.md)')
  .option('--input-format <ndjson|csv>', '记录文件的格式（默认按扩展名：.csv 为 CSV，否则 NDJSON）/ the file\'s format (default by its name: .csv is CSV, else NDJSON)')
  .option('--packs <dir>', '规则包版本目录（缺少的上级规则包取内置规则包）/ a folder of pack versions (a parent it lacks is taken from the bundled packs)')
  .addOption(formats('text', 'json'))
  .addOption(langOption())
  .addOption(encodingOption())
  .option('--max-line-bytes <n>', '一行的最大字节数（默认 1048576）/ the longest line read, in bytes (default 1048576)')
  .action(async (file: string | undefined, o) => {
    process.exitCode = await replayCommand(file, o)
  })

program
  .command('compare')
  .description('同一请求交给多个规则包判断并对照 / decide one request under several packs, side by side')
  .argument('<request>', '请求文件（JSON 或 YAML），- 表示标准输入 / request file, - for stdin')
  .option('--packs <ids>', '逗号分隔的规则包编号或目录，默认全部内置规则包 / comma-separated pack ids or folders (default: every shipped pack)')
  .addOption(formats('text', 'json'))
  .addOption(langOption())
  .addOption(encodingOption())
  .action((file: string, o) => {
    process.exitCode = compareCommand(file, o)
  })

program
  .command('test')
  .description('运行测试用例 / run case files')
  .argument('[dirs...]', '目录或用例文件 / folders or case files', [])
  .addOption(formats('text', 'json', 'junit'))
  .option('--coverage', '列出未被用例覆盖的规则和清单条目 / print the rules and list items no case exercises')
  .option('--min-coverage <percent>', '任一规则包覆盖率低于此值即失败 / fail when a pack is below this coverage')
  .addOption(langOption())
  .action((dirs: string[], o) => {
    process.exitCode = testCommand(dirs, o)
  })

program
  .command('lint')
  .description('静态检查规则包 / check packs for static problems')
  .argument('[dirs...]', '规则包目录或文件 / pack folders or files', [])
  .addOption(formats('text', 'json'))
  .addOption(langOption())
  .option('--today <date>', '判断施行期间是否结束所用的日期 / the date periods are judged against (YYYY-MM-DD)')
  .action((dirs: string[], o) => {
    process.exitCode = lintCommand(dirs, o)
  })

program
  .command('schema-check')
  .description('按 JSON Schema 检查规则包或用例文件（离线，与编辑器所用相同）/ check pack or case files against the JSON Schemas, offline')
  .argument('[files...]', '规则包或用例文件 / pack or case files', [])
  .option('--schema <kind>', 'pack 或 cases，默认按文件判断 / pack or cases (default: by the file)')
  .addOption(formats('text', 'json'))
  .addOption(langOption())
  .action((files: string[], o) => {
    process.exitCode = schemaCheckCommand(files, o)
  })

program
  .command('audit')
  .description('审计一年的事件记录（NDJSON、CSV 或数据库），出具审计报告 / audit recorded events (NDJSON, CSV or a database): the auditor\'s report')
  .argument('[events]', '事件文件（每行一个 JSON，或 .csv），- 表示标准输入 / events file (one JSON per line, or .csv), - for stdin')
  .option('--from <source>', '从数据库读取：postgres://… 或 sqlite:<文件>（须带 --query）/ read from a database: postgres://… or sqlite:<file> (with --query)')
  .option('--query <sql>', '查询语句，每一行是一个事件（见 docs/sources.md）/ the SQL whose rows are the events (see docs/sources.md)')
  .option('--input-format <ndjson|csv>', '事件文件的格式（默认按扩展名：.csv 为 CSV，否则 NDJSON）/ the file\'s format (default by its name: .csv is CSV, else NDJSON)')
  .requiredOption('--pack <id|dir>', '规则包编号或目录 / pack id or folder')
  .addOption(formats('table', 'csv', 'json', 'xlsx', 'html'))
  .option('--output <file>', '报告写入此文件（xlsx 必需，除非标准输出已重定向）/ write the report to this file (needed for xlsx unless stdout is redirected)')
  .addOption(new Option('--only <rows>', '只列出超出上限（breaches）或规则判定的违规（refusals）/ only caps exceeded (breaches) or refusals by a rule (refusals)').choices(['all', 'breaches', 'refusals']))
  .option('--department <name>', '只列出此部门 / only this asking department')
  .option('--community <id>', '只列出此社区 / only this community')
  .addOption(new Option('--order <order>', '按社区、日期排列（community，默认）或按发现顺序流式输出（found）/ by community then date (default), or as found, streamed').choices(['community', 'found']))
  .option('--reorder-days <n>', '每个社区容忍的日期乱序天数 / days of date disorder tolerated per community', '7')
  .option('--no-progress', '不显示进度条 / no progress bar')
  .option('--threads <n>', '判定所用线程数（默认为 CPU 核数，最多 4；64 MB 以下的文件为 1）/ threads that judge (default: the cores, at most 4; 1 for a file under 64 MB)')
  .option('--max-line-bytes <n>', '一行的最大字节数，超过即报告并跳过（默认 1048576）/ the longest line read, in bytes; a longer one is reported and skipped (default 1048576)')
  .addOption(encodingOption())
  .addOption(langOption())
  .action(async (file: string | undefined, o) => {
    process.exitCode = await auditCommand(file, o)
  })

program
  .command('impact')
  .description('政策修改的影响：记录的请求在修改前后各判一次，列出每个改变的决定 / replay recorded requests under two policies: every decision that changes')
  .argument('[requests]', '请求文件（每行一个 JSON，或 .csv），- 表示标准输入 / requests file (one JSON per line, or .csv), - for stdin')
  .option('--from <source>', '从数据库读取：postgres://… 或 sqlite:<文件>（须带 --query）/ read from a database: postgres://… or sqlite:<file> (with --query)')
  .option('--query <sql>', '查询语句，每一行是一个请求（见 docs/sources.md）/ the SQL whose rows are the requests (see docs/sources.md)')
  .option('--input-format <ndjson|csv>', '请求文件的格式（默认按扩展名：.csv 为 CSV，否则 NDJSON）/ the file\'s format (default by its name: .csv is CSV, else NDJSON)')
  .requiredOption('--before <id|dir>', '修改前的规则包编号或目录 / the pack before the change')
  .requiredOption('--after <id|dir>', '修改后的规则包编号或目录 / the pack after the change')
  .addOption(formats('table', 'json', 'csv', 'html'))
  .option('--threads <n>', '判定所用线程数（默认为 CPU 核数，最多 4；8 MB 以下的文件为 1）/ threads that judge (default: the cores, at most 4; 1 for a file under 8 MB)')
  .option('--examples <n>', '每组列出的例子数（默认 3）/ examples shown per group (default 3)')
  .option('--no-rows', '只输出汇总，不逐条列出改变的决定 / the summary only, no row per changed decision')
  .option('--events', '输入是事件记录（同 audit）：每个事件连同本社区此前的事件作为历史，还原为当时的请求 / the input is recorded events (as audit reads them), each replayed with its community\'s earlier events as history')
  .option('--max-line-bytes <n>', '一行的最大字节数，超过即报告并跳过（默认 1048576）/ the longest line read, in bytes (default 1048576)')
  .addOption(encodingOption())
  .addOption(langOption())
  .action(async (file: string | undefined, o) => {
    process.exitCode = await impactCommand(file, o)
  })

program
  .command('diff')
  .description('两个版本的规则包有何不同（规则、上限、清单，附文件行号）/ what changed between two versions of a pack, with file lines')
  .argument('<before>', '修改前的规则包编号或目录 / the pack before')
  .argument('<after>', '修改后的规则包编号或目录 / the pack after')
  .option('--witness', '为每处差异给出一个两版判定不同的请求（已评估核实）/ for each change, a request the two versions decide differently (checked)')
  .addOption(formats('text', 'json'))
  .addOption(langOption())
  .action((before: string, after: string, o) => {
    process.exitCode = diffCommand(before, after, o)
  })

if (process.argv.length <= 2) {
  process.stderr.write(english ? 'zhunru: name a command (evaluate, explain, compare, test, lint, audit, replay, impact, diff); zhunru --help lists them\n' : 'zhunru：请给出命令（evaluate、explain、compare、test、lint、audit、replay、impact、diff）；zhunru --help 列出全部\n')
  process.exitCode = EXIT.badInput
} else
  program.parseAsync(process.argv).catch((e: unknown) => {
    // --help and --version end here too, with exit code 0; commander has printed its message
    if (e instanceof CommanderError) {
      if (e.exitCode !== 0) process.stderr.write(`${usageErrorLine(e, english ? 'en' : 'zh-CN')}\n`)
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.badInput
    } else {
      process.stderr.write(`zhunru: ${oneLine(e)}\n`)
      process.exitCode = EXIT.badInput
    }
  })
