/**
 * The YAML parser's errors in words a legal officer reads: one entry for every error code of the
 * `yaml` package (its `ErrorCode` type), in Chinese and English, each with a hint on how to fix it.
 * Some codes cover several situations; `YAML_REFINED` tells the commonest apart by the parser's
 * own (English) message. `parseText` puts the chosen texts in the params (`zh`, `zhHelp`,
 * `en`, `enHelp`), which the catalogues show for `yaml/syntax`; the table stays out of the browser
 * core, with the parser.
 *
 * @module
 */
import type { ErrorCode } from 'yaml'

/** One explained parser error: message and hint, in Chinese and English. @since 0.3.0 */
export interface YamlErrorText {
  readonly zh: string
  readonly zhHelp: string
  readonly en: string
  readonly enHelp: string
}

const INDENT_ZH = 'YAML 靠缩进表示层次：同一层的项左端对齐，下一层比上一层多缩进两个空格，只用空格'
const INDENT_EN = 'YAML shows nesting by indentation: items of one level start in the same column, a nested level two spaces further right, spaces only'
const QUOTE_ZH = '含有冒号、逗号、#、引号或 { } [ ] 的文字，整段加上单引号，如 \'Minghu District, Jinan\''
const QUOTE_EN = "put text that holds a colon, comma, #, quote or { } [ ] in single quotes, e.g. 'Minghu District, Jinan'"
const NO_ANCHORS_ZH = '规则包不需要锚点（&名称）和别名（*名称）：把内容直接写出来'
const NO_ANCHORS_EN = 'a pack needs no anchors (&name) or aliases (*name): write the content out'

/**
 * Every error code of the yaml package, explained. The record's type makes the compiler insist
 * on every code; test/yaml-errors.test.ts also reads the installed package's list.
 *
 * @since 0.3.0
 */
export const YAML_ERRORS: Readonly<Record<ErrorCode, YamlErrorText>> = {
  ALIAS_PROPS: { zh: '别名（*名称）不能再带锚点或标签', zhHelp: NO_ANCHORS_ZH, en: 'an alias (*name) cannot have an anchor or tag', enHelp: NO_ANCHORS_EN },
  BAD_ALIAS: { zh: '锚点（&名称）或别名（*名称）写法有误，或指向不存在的锚点', zhHelp: NO_ANCHORS_ZH, en: 'an anchor (&name) or alias (*name) is malformed or names no anchor', enHelp: NO_ANCHORS_EN },
  BAD_DIRECTIVE: { zh: '以 % 开头的指令行无效', zhHelp: '删去以 % 开头的行：规则包不需要 YAML 指令', en: 'a directive line (starting with %) is not valid', enHelp: 'delete the line starting with %: a pack needs no YAML directives' },
  BAD_DQ_ESCAPE: { zh: '双引号里的反斜杠 \\ 转义无效', zhHelp: '在双引号里把 \\ 写成 \\\\，或改用单引号', en: 'a backslash escape inside double quotes is not valid', enHelp: 'inside double quotes write \\ as \\\\, or use single quotes' },
  BAD_INDENT: { zh: '本行的缩进不对', zhHelp: INDENT_ZH, en: 'the indentation of this line is wrong', enHelp: INDENT_EN },
  BAD_PROP_ORDER: { zh: '锚点或标签的位置不对：要写在 - 或 : 之后', zhHelp: NO_ANCHORS_ZH, en: 'an anchor or tag is in the wrong place: it goes after - or :', enHelp: NO_ANCHORS_EN },
  BAD_SCALAR_START: { zh: '不加引号的文字不能以这个符号开头（如 @ ` % | >）', zhHelp: '给这段文字加上单引号', en: 'unquoted text cannot start with this character (such as @ ` % | >)', enHelp: 'put the text in single quotes' },
  BLOCK_AS_IMPLICIT_KEY: { zh: '一个列表或一组键被放在了键的位置：通常是本行或上一行的缩进不对', zhHelp: INDENT_ZH, en: 'a list or a group of keys stands where a key should be: usually this line or the one above is indented wrongly', enHelp: INDENT_EN },
  BLOCK_IN_FLOW: { zh: '花括号 { } 或方括号 [ ] 之内不能再按缩进分行书写', zhHelp: '在 { } 或 [ ] 里用逗号分隔各项并写完整；或不用括号，改为逐行缩进的写法', en: 'inside { } or [ ] items cannot be laid out by indentation', enHelp: 'separate the items with commas inside the brackets, or drop the brackets and write one item per indented line' },
  DUPLICATE_KEY: { zh: '同一层中有两个相同的键', zhHelp: '只保留一个', en: 'the same key appears twice in one mapping', enHelp: 'keep one of them' },
  IMPOSSIBLE: { zh: 'YAML 解析器遇到了无法处理的写法', zhHelp: '检查本行的写法；如仍不明白，请把该文件交给 zhunru 的维护者', en: 'the YAML parser met something it cannot handle', enHelp: 'check this line; if it stays unclear, send the file to the zhunru maintainers' },
  KEY_OVER_1024_CHARS: { zh: '键超过 1024 个字符', zhHelp: '键后面要有冒号和空格（键: 值）；长文字放在冒号之后', en: 'a key is longer than 1024 characters', enHelp: 'a key is followed by a colon and a space (key: value); put long text after the colon' },
  MISSING_CHAR: { zh: '少了一个必需的符号（冒号、逗号、引号或括号）', zhHelp: QUOTE_ZH, en: 'a required character is missing (a colon, comma, quote or bracket)', enHelp: QUOTE_EN },
  MULTILINE_IMPLICIT_KEY: { zh: '键必须写在一行之内：可能少了冒号，或本行的缩进不对', zhHelp: `每个键写成「键: 值」（冒号后有空格）；${INDENT_ZH}`, en: 'a key must fit on one line: a colon may be missing, or this line is indented wrongly', enHelp: `write each key as "key: value" (a space after the colon); ${INDENT_EN}` },
  MULTIPLE_ANCHORS: { zh: '同一个值有两个锚点（&名称）', zhHelp: NO_ANCHORS_ZH, en: 'one value has two anchors (&name)', enHelp: NO_ANCHORS_EN },
  MULTIPLE_DOCS: { zh: '一个文件里有多个 YAML 文档（用 --- 分隔）', zhHelp: '一个文件只写一个规则包或一组用例：删去多余的 --- 及其后的内容，或拆成两个文件', en: 'the file holds more than one YAML document (separated by ---)', enHelp: 'one file holds one pack or one set of cases: delete the extra --- and what follows, or split the file' },
  MULTIPLE_TAGS: { zh: '同一个值有两个标签（!名称）', zhHelp: '删去以 ! 开头的标签', en: 'one value has two tags (!name)', enHelp: 'delete the tags starting with !' },
  NON_STRING_KEY: { zh: '键必须是一段文字，不能是列表或 { }', zhHelp: '键写成普通文字；冒号前不要放括号', en: 'a key must be text, not a list or { }', enHelp: 'write keys as plain text; no brackets before the colon' },
  RESOURCE_EXHAUSTION: { zh: '别名（*名称）展开后内容过多', zhHelp: NO_ANCHORS_ZH, en: 'aliases (*name) expand to too much content', enHelp: NO_ANCHORS_EN },
  TAB_AS_INDENT: { zh: '缩进里用了制表符（Tab）', zhHelp: 'YAML 只允许用空格缩进：把 Tab 换成空格（每层两个空格）；可在编辑器中设置「用空格代替 Tab」', en: 'a tab character is used for indentation', enHelp: 'YAML indents with spaces only: replace the tab with spaces (two per level); editors can insert spaces for tabs' },
  TAG_RESOLVE_FAILED: { zh: '无法识别以 ! 开头的标签，或值与标签不符', zhHelp: '删去以 ! 开头的标签；若 ! 是文字的一部分，给整段文字加上单引号', en: 'a tag starting with ! is unknown, or the value does not fit it', enHelp: 'delete the tag starting with !; if the ! is part of the text, put the text in single quotes' },
  UNEXPECTED_TOKEN: { zh: '此处出现了不该出现的符号', zhHelp: QUOTE_ZH, en: 'a character appears where it cannot stand', enHelp: QUOTE_EN },
  BAD_COLLECTION_TYPE: { zh: '标签要求的类型（列表或键值）与实际内容不符', zhHelp: '删去以 ! 开头的标签', en: 'a tag asks for another kind of collection (list or mapping) than the one written', enHelp: 'delete the tag starting with !' },
}

/**
 * Finer texts for the commonest situations behind one code, chosen by the start of the parser's
 * English message. `{…}` names values `parseText` fills in (`{got}`, `{want}`, `{open}`, `{close}`,
 * `{line}`).
 *
 * @since 0.3.0
 */
export const YAML_REFINED: ReadonlyArray<{ readonly code: ErrorCode; readonly starts: string; readonly text: YamlErrorText }> = [
  {
    code: 'BAD_INDENT',
    starts: 'All mapping items must start at the same column',
    text: { zh: '本行的键没有与同一层的其他键左对齐（本行缩进 {got} 个空格）', zhHelp: `${INDENT_ZH}；对照上下几行，把本行的键移到同一层的键所在的列`, en: 'the key on this line is not in line with the other keys of its level (it is indented {got} spaces)', enHelp: `${INDENT_EN}; compare with the lines around it and move the key to the column of its level` },
  },
  {
    code: 'BAD_INDENT',
    starts: 'All sequence items must start at the same column',
    text: { zh: '本行的列表项（以 - 开头）与同一列表的其他项没有左对齐：本行缩进 {got} 个空格，应为 {want} 个', zhHelp: INDENT_ZH, en: 'the list item (starting with -) on this line is not in line with the other items of its list: indented {got} spaces instead of {want}', enHelp: INDENT_EN },
  },
  {
    code: 'BAD_INDENT',
    starts: 'Flow ',
    text: { zh: '本行的 {open} 没有配对的 {close}', zhHelp: '在这一项的末尾补上 {close}；{ } 或 [ ] 要在同一段内成对出现', en: 'the {open} on this line has no matching {close}', enHelp: 'add the {close} at the end of this item; { } and [ ] come in pairs' },
  },
  {
    code: 'MISSING_CHAR',
    starts: 'Flow ',
    text: { zh: '本行的 {open} 没有配对的 {close}', zhHelp: '在这一项的末尾补上 {close}；{ } 或 [ ] 要在同一段内成对出现', en: 'the {open} on this line has no matching {close}', enHelp: 'add the {close} at the end of this item; { } and [ ] come in pairs' },
  },
  {
    code: 'MISSING_CHAR',
    starts: 'Missing closing "quote',
    text: { zh: '双引号 " 没有闭合：这段文字缺少结尾的 "', zhHelp: '在文字末尾补上 "；或整段改用单引号', en: 'a double quote " is not closed: the text lacks its closing "', enHelp: 'add the " at the end of the text, or use single quotes throughout' },
  },
  {
    code: 'MISSING_CHAR',
    starts: "Missing closing 'quote",
    text: { zh: "单引号 ' 没有闭合：这段文字缺少结尾的 '", zhHelp: "在文字末尾补上 '；文字中本身的单引号要写两次（''）", en: "a single quote ' is not closed: the text lacks its closing '", enHelp: "add the ' at the end of the text; a single quote inside the text is written twice ('')" },
  },
  {
    code: 'MISSING_CHAR',
    starts: 'Implicit map keys need to be followed by map values',
    text: { zh: '本行缺少冒号：键后面要写「: 值」，或本行的缩进不对', zhHelp: `每个键写成「键: 值」（冒号后有空格）；${INDENT_ZH}`, en: 'a colon is missing on this line: a key is followed by ": value", or the line is indented wrongly', enHelp: `write each key as "key: value" (a space after the colon); ${INDENT_EN}` },
  },
  {
    code: 'MISSING_CHAR',
    starts: 'Missing space after :',
    text: { zh: '冒号后面缺少空格', zhHelp: '写成「键: 值」，冒号后加一个空格；若冒号是文字的一部分，给整段文字加上单引号', en: 'a space is missing after a colon', enHelp: 'write "key: value" with a space after the colon; if the colon is part of the text, put the text in single quotes' },
  },
  {
    code: 'MISSING_CHAR',
    starts: 'Missing , ',
    text: { zh: '{ } 或 [ ] 里的两项之间缺少逗号', zhHelp: '用逗号分隔各项；若文字本身含有逗号或冒号，给它加上单引号', en: 'a comma is missing between two items inside { } or [ ]', enHelp: 'separate the items with commas; put text that holds a comma or colon in single quotes' },
  },
  {
    code: 'MISSING_CHAR',
    starts: 'Comments must be separated',
    text: { zh: '# 之前缺少空格：# 后面的内容被当成了注释', zhHelp: '注释的 # 前要有空格；若 # 是文字的一部分，给整段文字加上单引号', en: 'a # lacks a space before it, so what follows is read as a comment', enHelp: 'a comment # needs a space before it; if the # is part of the text, put the text in single quotes' },
  },
  {
    code: 'BLOCK_AS_IMPLICIT_KEY',
    starts: 'Nested mappings are not allowed in compact mappings',
    text: { zh: '一行里出现了两个「键: 值」：通常是少了换行，或冒号后的文字要加引号', zhHelp: `一行只写一个「键: 值」；${QUOTE_ZH}`, en: 'one line holds two "key: value" pairs: a line break is missing, or the text after the colon needs quotes', enHelp: `one "key: value" per line; ${QUOTE_EN}` },
  },
]

/** The texts for a parser error: a refined entry when one fits, else the code's own. @since 0.3.0 */
export const yamlErrorText = (code: string, message: string): YamlErrorText => {
  const refined = YAML_REFINED.find((r) => r.code === code && message.startsWith(r.starts))
  if (refined !== undefined) return refined.text
  return Object.prototype.hasOwnProperty.call(YAML_ERRORS, code) ? YAML_ERRORS[code as ErrorCode] : YAML_ERRORS.IMPOSSIBLE
}
