import type * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { parseText } from '../decode/parse-text'
import type { Issue } from '../issues/issue'
import { compile as compileCore, type CompilePacksOptions, type PackInput } from '../load/compile-packs'

/**
 * zhunru's text entry (`zhunru/text`): packs and requests as YAML or JSON text, with the line and
 * column of every part. It carries the YAML parser, which the browser core leaves out.
 *
 * @module
 */

export { parseText, locate, type ParsedText, type Positions } from '../decode/parse-text'

/**
 * `compile` that also reads YAML text (with line and column in every issue).
 *
 * @example
 * import { compile } from 'zhunru/text'
 * const policy = compile([nationalYaml, shandongYaml]) // Either<Issue[], CompiledPolicy>
 * @since 0.1.0
 */
export const compile = (input: PackInput | readonly PackInput[], options: CompilePacksOptions = {}): E.Either<Issue[], CompiledPolicy> =>
  compileCore(input, { parse: parseText, ...options })
