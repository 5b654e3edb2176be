import type * as F from 'fp-ts/lib/Either.js'

/**
 * Reading a result without installing fp-ts: every result of zhunru is an fp-ts `Either`
 * (`{ _tag: 'Left', left }` or `{ _tag: 'Right', right }`), and these two guards narrow it. Unlike
 * fp-ts's own, they accept any value (`null`, `undefined`, a number): a non-result is neither.
 *
 * @module
 */

/**
 * A result: `Left` (issues) or `Right` (the value), fp-ts's `Either`.
 *
 * @example
 * const compiled: Either<Issue[], CompiledPolicy> = compile(pack)
 * @since 0.2.0
 */
export type Either<E, A> = F.Either<E, A>

/**
 * The failing side of a result.
 *
 * @example
 * const d = evaluate(policy, request)
 * if (isLeft(d)) { const issues: Left<Issue[]> = d }
 * @since 0.2.0
 */
export type Left<E> = F.Left<E>

/**
 * The succeeding side of a result.
 *
 * @example
 * const d = evaluate(policy, request)
 * if (isRight(d)) { const ok: Right<Decision> = d }
 * @since 0.2.0
 */
export type Right<A> = F.Right<A>

const is =
  (tag: string) =>
  (ma: unknown): boolean =>
    (ma as { readonly _tag?: unknown } | null | undefined)?._tag === tag

/**
 * Whether a result is a `Left` (issues).
 *
 * @example
 * const d = evaluate(policy, request)
 * if (isLeft(d)) console.log(formatIssues(d.left, 'zh-CN'))
 * @since 0.2.0
 */
export const isLeft = is('Left') as <E, A>(ma: Either<E, A>) => ma is Left<E>

/**
 * Whether a result is a `Right` (the value).
 *
 * @example
 * const d = evaluate(policy, request)
 * if (isRight(d)) console.log(d.right.outcome)
 * @since 0.2.0
 */
export const isRight = is('Right') as <E, A>(ma: Either<E, A>) => ma is Right<A>
