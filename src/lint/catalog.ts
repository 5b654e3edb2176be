import { EN } from '../issues/catalog-en'
import { ZH_CN } from '../issues/catalog-zh-cn'
import type { CatalogEntry, Locale } from '../issues/format'
import type { LintCode } from './codes'

/**
 * Messages and fix hints of every lint code, in Chinese and English. Placeholders in braces are
 * filled from the finding (`{received}`, `{expected}`, `{path}` and its `params`).
 *
 * @module
 */

/** Chinese messages of the lint codes. @since 0.1.0 */
export const LINT_ZH_CN: Readonly<Record<LintCode, CatalogEntry>> = {
  'lint/duplicate-id': ZH_CN['compile/duplicate-id'],
  'lint/unknown-list': ZH_CN['compile/unknown-list'],
  'lint/unknown-fact': ZH_CN['compile/unknown-fact'],
  'lint/unknown-param': ZH_CN['compile/unknown-param'],
  'lint/unknown-operator': ZH_CN['compile/unknown-operator'],
  'lint/unknown-cap': ZH_CN['compile/unknown-cap'],
  'lint/unknown-condition': ZH_CN['compile/unknown-condition'],
  'lint/unknown-document': ZH_CN['compile/unknown-document'],
  'lint/bad-citation': ZH_CN['compile/bad-citation'],
  'lint/no-citation': { message: '规则 {rule} 没有出处（citation 缺少 {expected}）', help: '写明 source（documents 中的文件）、article（条款），以及 quote（逐字照抄 sources/ 中该文件的文字）或 reading（本包解读，不加引号）' },
  'lint/missing-message': { message: '规则 {rule} 缺少 {expected} 的说明文字', help: 'message 必须写 zh-CN（中文）；title 可省略，写了就要有 zh-CN' },
  'lint/missing-english': { message: '这段文字只有中文，没有英文（en）：{received}', help: '可以不写：英文说明会改用中文。如需英文说明，在 zh-CN 下一行补上 en' },
  'lint/unsatisfiable': { message: '规则 {rule} 的条件不可能同时成立：{received}', help: '同一事实不能同时等于两个不同的值；检查 all 中的条件是否应改为 any' },
  'lint/tier-conflict': { message: '同一优先级 {priority} 的规则 {rule}（{outcome}）与 {other}（{otherOutcome}）可能对同一请求同时成立，只能靠结果强弱决定', help: '调整其中一条的优先级，或在胜出的规则上写 prevailsOver 说明理由；示例请求：{witness}' },
  'lint/conflicts-capped': { message: '同优先级冲突的检查在 {checked} 对规则后停止，另有 {unchecked} 对未检查', help: '同一优先级的规则太多：分成不同优先级，或用 prevailsOver 写明关系后再检查' },
  'lint/shadowed': { message: '规则 {rule}（{outcome}）永远不会作出决定：只要它成立，优先级更高的 {other}（{otherOutcome}）也一定成立', help: '提高 {rule} 的优先级、收窄 {other} 的条件，或删除 {rule}' },
  'lint/loosened': { message: '下级规则包把上级规定的 {id} 从 {expected} 放宽为 {received}', help: '若确属有意放宽，写上 deliberate: true 并在 citation 中引用依据' },
  'lint/cap-quote-differs': { message: '本包把上限 {cap} 从 {expected} 改为 {received}，但继承的规则 {rule}（{rulePack}，{ruleAt}）引用的条文写的仍是 {expected}', help: '解释会在该规则的出处旁另列本包上限的出处；若要规则引用新数字的依据，在本包中以同一编号改写规则 {rule} 并写明本包的 citation' },
  'lint/expired': { message: '规则 {rule} 的施行期间已于 {received} 结束', help: '删除该规则，或改正 until 日期；需要保留历史时写入说明' },
  'lint/expired-item': { message: '清单 {list} 的条目 {item} 的施行期间已于 {received} 结束', help: '从清单中删除该条目，或改正 until 日期' },
  'lint/unknown-prevails-over': { message: 'prevailsOver 指向的规则 {received} 在合并后的规则中不存在', help: '核对上级规则包中的规则编号' },
}

/** English messages of the lint codes. @since 0.1.0 */
export const LINT_EN: Readonly<Record<LintCode, CatalogEntry>> = {
  'lint/duplicate-id': EN['compile/duplicate-id'],
  'lint/unknown-list': EN['compile/unknown-list'],
  'lint/unknown-fact': EN['compile/unknown-fact'],
  'lint/unknown-param': EN['compile/unknown-param'],
  'lint/unknown-operator': EN['compile/unknown-operator'],
  'lint/unknown-cap': EN['compile/unknown-cap'],
  'lint/unknown-condition': EN['compile/unknown-condition'],
  'lint/unknown-document': EN['compile/unknown-document'],
  'lint/bad-citation': EN['compile/bad-citation'],
  'lint/no-citation': { message: 'rule {rule} has no citation (missing {expected})', help: 'give source (a document of the pack), article, and either quote (words copied exactly from its file in sources/) or reading (the pack\'s own reading, not in quote marks)' },
  'lint/missing-message': { message: 'rule {rule} has no {expected} text', help: 'a message must have zh-CN (Chinese); a title may be left out, but when given it needs zh-CN' },
  'lint/missing-english': { message: 'this text is in Chinese only, with no English (en): {received}', help: 'it may stay so: English explanations then show the Chinese; to give English, add en below zh-CN' },
  'lint/unsatisfiable': { message: 'the conditions of rule {rule} can never hold together: {received}', help: 'one fact cannot equal two different values; should this all be an any?' },
  'lint/tier-conflict': { message: 'rules {rule} ({outcome}) and {other} ({otherOutcome}) of the same priority {priority} can fire on one request; only outcome strength decides', help: 'give one of them another priority, or say prevailsOver with the reason on the one that wins; a request that shows it: {witness}' },
  'lint/conflicts-capped': { message: 'the tier-conflict search stopped after {checked} pairs of rules; {unchecked} pairs were not checked', help: 'too many rules share a priority: give them different priorities, or state prevailsOver, then lint again' },
  'lint/shadowed': { message: 'rule {rule} ({outcome}) can never decide: whenever it fires, the higher-priority {other} ({otherOutcome}) fires too', help: 'raise the priority of {rule}, narrow {other}, or remove {rule}' },
  'lint/loosened': { message: 'the child pack loosens {id}, set by its parent at {expected}, to {received}', help: 'if this is deliberate, say deliberate: true and cite the basis' },
  'lint/cap-quote-differs': { message: 'this pack changes cap {cap} from {expected} to {received}, but the inherited rule {rule} ({rulePack}, {ruleAt}) quotes a clause that still states {expected}', help: 'explanations cite the cap\'s clause beside the rule\'s; for the rule itself to cite the basis of the new number, override rule {rule} in this pack with its own citation' },
  'lint/expired': { message: 'the period of rule {rule} ended on {received}', help: 'remove the rule or fix its until date' },
  'lint/expired-item': { message: 'the period of item {item} of list {list} ended on {received}', help: 'remove the item or fix its until date' },
  'lint/unknown-prevails-over': { message: 'prevailsOver names rule {received}, which is not in the resolved policy', help: 'check the rule id against the parent packs' },
}

/** The lint catalogue of a locale. @since 0.1.0 */
export const lintCatalog = (locale: Locale): Readonly<Record<LintCode, CatalogEntry>> => (locale === 'en' ? LINT_EN : LINT_ZH_CN)
