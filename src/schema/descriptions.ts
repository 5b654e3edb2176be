/**
 * What each field of a pack, case file and request means, in Chinese and English, for the JSON
 * Schemas' `description` (the text an editor shows on hover). Keyed `Definition.field`; a field of
 * an object written inline inside a definition is `Definition.field.inner`. `describeSchema` puts
 * them in; test/schema-descriptions.test.ts fails when any property of a shipped schema has none.
 *
 * @module
 */
import type { JsonSchema } from './from-codec'

/** [Chinese, English]. */
type Text = readonly [string, string]

const OUTCOMES_ZH = 'required（社区必须承接）、permitted（社区可以承接，但无人可以强求）、refusable（社区有权拒绝）、forbidden（不得由社区承担或向社区提出）'
const OUTCOMES_EN = 'required (the community must accept), permitted (it may accept; nobody can make it), refusable (it has the right to refuse), forbidden (it must not be done by or demanded of the community)'
const PERIOD: Text = ['施行期间的起止日期（YYYY-MM-DD，含当日）', 'start or end of the period in force (YYYY-MM-DD, inclusive)']
const LEVELS = 'central、national、province、city、district、street、street-department'

const condition = (): Record<string, Text> => ({
  all: ['全部成立：列出的每个条件都成立时才成立', 'all of: true when every listed condition is true'],
  any: ['任一成立：列出的条件中至少一个成立时就成立', 'any of: true when at least one listed condition is true'],
  not: ['不成立：所给条件不成立时才成立', 'not: true when the given condition is false'],
  condition: ['引用规则包 conditions 中的命名条件', 'names a condition from the pack\'s conditions'],
  name: ['这一条件的名字，只用于说明和排错', 'a name for this condition, for explanations and debugging only'],
  priority: ['求值顺序的提示，不影响结果', 'a hint for evaluation order; it does not change the result'],
  fact: ['要比较的事实，如 kind、requester、item、certificate（见 docs/facts.md）', 'the fact compared, such as kind, requester, item, certificate (see docs/facts.md)'],
  operator: ['比较方式，如 equal、notEqual、in、notIn、inList、notInList、greaterThan（见 docs/facts.md）', 'how it is compared, such as equal, notEqual, in, notIn, inList, notInList, greaterThan (see docs/facts.md)'],
  value: ['比较值：文字、数字、true/false、列表，或清单的编号（用于 inList）', 'the value compared with: text, a number, true/false, a list, or a list id (with inList)'],
  path: ['事实内部的字段路径，如 $.level、$.name', 'the path inside the fact, such as $.level or $.name'],
  params: ['运算符的附加参数', 'extra parameters of the operator'],
})

const REQUEST: Record<string, Text> = {
  kind: ['请求的事项类别：task（工作任务）、certificate（证明）、plaque（挂牌）、meeting（会议）、inspection（检查）、evaluation（考核评比）、form（表格台账）', 'what is asked: task, certificate, plaque, meeting, inspection, evaluation, form'],
  date: ['提出请求的日期（YYYY-MM-DD），或带时差的时刻（如 2026-03-01T09:00:00+08:00）', 'the day it is asked for (YYYY-MM-DD), or an instant with an offset (e.g. 2026-03-01T09:00:00+08:00)'],
  requester: ['提出请求的一方：层级（level）、部门、名称', 'who asks: level, department, name'],
  id: ['门户自己的请求编号；不参与判断', 'the portal\'s own id of the request; not used by evaluation'],
  community: ['哪个社区', 'which community'],
  item: ['所要求的事项或任务', 'the task or item asked'],
  certificate: ['证明事项的详情', 'details of a certificate request'],
  plaque: ['挂牌事项的详情', 'details of a plaque request'],
  meeting: ['会议的详情', 'details of a meeting'],
  inspection: ['检查的详情', 'details of an inspection'],
  evaluation: ['考核评比的详情', 'details of an evaluation'],
  form: ['表格、台账的详情', 'details of a form or ledger'],
  approval: ['随请求附来的准入审批', 'the admission approval (准入审批) that came with it'],
  emergency: ['是否为涉及生命、财产或公共安全的突发或紧急事件', 'a sudden or emergency event touching lives, property or public safety'],
  legalBasis: ['请求方所依据的法律法规', 'the law or regulation the requester relies on'],
  extra: ['规则包自己声明的请求字段（其 fields），每个键为声明的名称', 'request fields a pack declares itself (its fields), each key a declared name'],
  history: ['已发生（或已安排）的事项，供上限（caps）计数', 'past (and scheduled) events the caps count'],
  reviews: ['已准入事项的年度评议结果', 'yearly reviews (评议) of admitted items'],
}

/**
 * The descriptions, by `Definition.field`.
 *
 * @since 0.3.0
 */
export const FIELD_DESCRIPTIONS: Readonly<Record<string, Text>> = {
  // pack
  'Pack.id': ['规则包的名称（编号）；下级规则包用它继承（extends），决定中也以它指明出自哪一层', 'the pack\'s name; other packs extend it by this name, and decisions name the deciding layer by it'],
  'Pack.title': ['规则包的标题', 'the pack\'s title'],
  'Pack.jurisdiction': ['规则包适用的地区：层级、名称、行政区划代码', 'who the pack is for: level, name, division code'],
  'Pack.$schema': ['供编辑器校验用的 JSON Schema 地址；不参与判断', 'the JSON Schema for editors; not interpreted'],
  'Pack.adopted': ['本版本被采用（施行）的日期，YYYY-MM-DD；同一规则包的多个版本并存时，按日期选用当时施行的版本（见 docs/replay.md）', 'the date this version was adopted, YYYY-MM-DD; where several versions of a pack sit side by side, the one in force on a date is picked by it (see docs/replay.md)'],
  'Pack.version': ['规则包自己的版本号（如 \'2026.1\'），与内容哈希一起显示在结果中', 'the pack\'s own version (e.g. \'2026.1\'), shown with its content hash in every output'],
  'Pack.description': ['说明文字；不参与判断', 'free text; not interpreted'],
  'Pack.timeZone': ['所有日期所用的时区（IANA 名称），默认 Asia/Shanghai；下级规则包不得改变', 'IANA time zone for every date, default Asia/Shanghai; a child pack cannot change it'],
  'Pack.from': ['规则包开始施行的日期（YYYY-MM-DD）', 'the day the pack comes into force (YYYY-MM-DD)'],
  'Pack.until': ['规则包施行的最后一天（YYYY-MM-DD）', 'the last day the pack is in force (YYYY-MM-DD)'],
  'Pack.extends': ['上级规则包的 id（如 cn-national、cn-shandong）', 'the id of the parent pack (e.g. cn-national, cn-shandong)'],
  'Pack.documents': ['规则包引用的文件（规则的出处）', 'the documents the pack cites'],
  'Pack.rules': ['规则，按文件中的顺序', 'the rules, in file order'],
  'Pack.lists': ['命名清单（职责清单、协助事项、证明事项、挂牌、负面清单……），键为清单编号', 'named lists (duties, assist items, certificates, plaques, negative list ...), keyed by list id'],
  'Pack.params': ['命名参数（如评议的阈值），键为参数编号', 'named parameters (such as review thresholds), keyed by id'],
  'Pack.caps': ['次数上限（如每年会议次数、每月检查次数），键为上限编号', 'counted limits (meetings a year, inspections a month ...), keyed by id'],
  'Pack.conditions': ['命名条件，规则和上限用 { condition: 名称 } 复用', 'named conditions that rules and caps reuse with { condition: name }'],
  'Pack.fields': ['本规则包需要、而通用请求中没有的请求字段', 'request fields the pack needs that the shared vocabulary lacks'],
  'Pack.catalogue': ['便民服务事项目录', 'a service catalogue (便民服务事项目录)'],
  'Pack.remove': ['本规则包从上级规则包中删去的规则、上限、清单或清单条目', 'what this pack takes away from its parents: rules, caps, lists, list items'],
  'Jurisdiction.level': ['层级：national（国家）、province（省）、city（市）、district（区县）、street（街道）', 'level: national, province, city, district, street'],
  'Jurisdiction.name': ['地区名称', 'the name of the place'],
  'Jurisdiction.code': ['行政区划代码', 'the administrative division code'],
  'Localized.zh-CN': ['中文文字（必填）', 'the Chinese text (required)'],
  'Localized.en': ['英文文字（可省略：省略时 zhunru lint 给出提醒，英文说明改用中文）', 'the English text (optional: when left out, zhunru lint warns and English explanations show the Chinese)'],
  // documents
  'Document.id': ['文件编号，citation.source 用它指明出处', 'what citation.source names'],
  'Document.title': ['文件标题，按读者熟知的写法（不要只写文件名）', 'the document\'s title, as a reader knows it (never only a file name)'],
  'Document.kind': ['文件类别：source（本地区的依据文件）、national（国家文件）、local（其他地方文件）', 'kind: source (a local source), national, local (another local document)'],
  'Document.number': ['文号，如 民发〔2015〕136号', 'the document number, e.g. 民发〔2015〕136号'],
  'Document.issuer': ['发文机关', 'who issued it'],
  'Document.date': ['发文日期（YYYY-MM-DD）', 'its date (YYYY-MM-DD)'],
  'Document.note': ['说明：找到了什么、没找到什么', 'free text: what was found of it, what was not'],
  'Document.texts': ['保存的该文件的文本（原文或报道）', 'the texts of it the project keeps (official or secondary)'],
  'Document.provenance': ['只有一种文本时：official（原文）或 secondary（报道转述）', 'with one text: official (the document\'s own words) or secondary (a report)'],
  'Document.file': ['只有一种文本时：sources/ 下核对引文所用的副本', 'with one text: the copy under sources/ quotes are checked against'],
  'Document.publishedIn': ['只有一种文本时：刊载之处（报纸及日期、官方网站）', 'with one text: where it was published (newspaper and date, official site)'],
  'Document.url': ['只有一种文本时：网址', 'with one text: its address'],
  'SourceText.id': ['文本编号，citation.text 用它指明引自哪一种文本', 'what citation.text names'],
  'SourceText.provenance': ['official：文件原文；secondary：新闻报道或摘要的转述', 'official: the document\'s own words; secondary: a news report or summary'],
  'SourceText.file': ['sources/ 下的副本，引文逐字核对的依据', 'the copy under sources/ that quotes are checked against'],
  'SourceText.part': ['本文本在文件中所在部分的开头文字', 'the first words of the line that opens this text\'s part of the file'],
  'SourceText.publishedIn': ['刊载之处：报纸及日期、官方网站', 'where it was published: newspaper and date, official site'],
  'SourceText.url': ['网址', 'its address'],
  'SourceText.date': ['刊载日期（YYYY-MM-DD）', 'the date of the publication (YYYY-MM-DD)'],
  'SourceText.note': ['说明', 'free text'],
  // citations
  'Citation.source': ['出处文件：documents 中某个文件的 id', 'the source: a document id from documents'],
  'Citation.article': ['条款，按文件自己的编号（如 第十二条、七，或标题）', 'the article or section, as the document numbers it (e.g. 第十二条, 七, or a heading)'],
  'Citation.quote': ['原文，逐字照抄（zhunru lint 会与 sources/ 中的文本逐字核对）', 'the words of the text, copied character for character (zhunru lint checks them against sources/)'],
  'Citation.text': ['文件有多种文本时，引文出自哪一种（texts 中的 id）', 'when the document has several texts, which one the quote comes from'],
  'Citation.reading': ['本包解读：用自己的话写的理解（没有可逐字引用的原文时用）', 'the pack\'s own reading in its own words (when there is no quotable text)'],
  'Citation.note': ['在说明中附在引文后的备注（如对含糊条款的理解）', 'a remark shown after the quote (e.g. how an ambiguous clause is read)'],
  // rules
  'Rule.id': ['规则编号，在规则包内唯一；下级规则包用同一编号替换它', 'unique in the pack; a child pack\'s rule with the same id replaces it'],
  'Rule.outcome': [`规则成立并胜出时的结果：${OUTCOMES_ZH}`, `what the rule decides when it fires and wins: ${OUTCOMES_EN}`],
  'Rule.priority': ['优先级：多条规则成立时数字大的胜出', 'priority: when several rules fire, the higher wins'],
  'Rule.conditions': ['规则成立的条件；最外层须为 all、any、not 或 condition', 'when the rule fires; the top must be all, any, not or condition'],
  'Rule.citation': ['规则所依据的条款（出处）：source、article、quote', 'the clause the rule encodes: source, article, quote'],
  'Rule.message': ['给办事人员看的一句话说明；可用 {caps.名称.withThis} 等占位符', 'one sentence for the clerk; placeholders such as {caps.name.withThis} are filled in'],
  'Rule.title': ['规则的简短名称', 'a short name'],
  'Rule.redirect': ['事项应转去的地方', 'where the matter belongs instead'],
  'Rule.obligations': ['决定成立时随之而来的义务（如费随事转、登记拒绝）', 'what holds if the decision stands (funds follow the task, file the refusal ...)'],
  'Rule.from': ['规则开始施行的日期（YYYY-MM-DD）', 'the day the rule comes into force (YYYY-MM-DD)'],
  'Rule.until': ['规则施行的最后一天（YYYY-MM-DD）', 'the last day the rule is in force (YYYY-MM-DD)'],
  'Rule.tags': ['供工具使用的标签；不参与判断', 'free labels for tools; not used by evaluation'],
  'Rule.prevailsOver': ['本规则意在胜过的规则（通常是另一层的）及理由；不改变胜负（胜负由优先级决定）', 'rules this rule is meant to win over, and why; it does not change who wins (priority does)'],
  'Rule.prevailsOver.rule': ['另一条规则的编号', 'the other rule\'s id'],
  'Rule.prevailsOver.reason': ['理由', 'why'],
  'Rule.yieldsTo': ['本规则让位的规则及理由（prevailsOver 的反面）', 'rules this rule gives way to, and why (the mirror of prevailsOver)'],
  'Rule.yieldsTo.rule': ['另一条规则的编号', 'the other rule\'s id'],
  'Rule.yieldsTo.reason': ['理由', 'why'],
  'Redirect.to': ['转去之处的代码，供门户使用', 'a code for portals'],
  'Redirect.label': ['转去之处的名称，显示给人看', 'its name, shown to people'],
  'Obligation.code': ['义务的代码，供门户使用', 'a code for portals'],
  'Obligation.text': ['义务的说明文字', 'what the obligation says'],
  // lists, params, caps
  'List.items': ['清单条目', 'the members'],
  'List.title': ['清单名称', 'the list\'s name'],
  'List.incomplete': ['依据文件只给出了部分清单时写 true', 'true when the source gives the list only in part'],
  'List.statedSize': ['依据文件所说的清单条目总数', 'how many items the source says the list has'],
  'List.citation': ['清单的出处', 'where the list comes from'],
  'List.from': PERIOD,
  'List.until': PERIOD,
  'ListItem.id': ['条目编号，在清单内唯一', 'the item\'s id, unique within the list'],
  'ListItem.name': ['条目名称（也用于匹配）', 'a name the item matches by'],
  'ListItem.en': ['英文名称，只供阅读，不用于匹配', 'an English name, for people; not matched'],
  'ListItem.aliases': ['别名（也用于匹配）', 'further names it matches by'],
  'ListItem.from': PERIOD,
  'ListItem.until': PERIOD,
  'ListItem.note': ['说明', 'free text'],
  'Param.value': ['参数值；比例写成文字，如 "1/3"', 'the value; a ratio is written as text, e.g. "1/3"'],
  'Param.title': ['参数名称', 'its name'],
  'Param.citation': ['参数值的出处', 'where the value comes from'],
  'Param.direction': ['哪个方向更严：higher-is-stricter（越大越严）或 lower-is-stricter（越小越严）', 'which way tightens the rule: higher-is-stricter or lower-is-stricter'],
  'Param.deliberate': ['下级规则包有意放宽上级的值时写 true', 'set by a child pack that loosens its parent\'s value on purpose'],
  'Cap.match': ['哪些事项计入上限（只能用事项本身有的事实）', 'which events count (only facts an event has)'],
  'Cap.window': ['计数的时间段：year（年）、month（月）、isoWeek（周）、day（日）或 { rollingDays: 天数 }', 'the window counted in: year, month, isoWeek, day or { rollingDays: n }'],
  'Cap.max': ['一个时间段内最多允许的次数（非负整数）', 'the most allowed in one window (a whole number ≥ 0)'],
  'Cap.title': ['上限的名称', 'its name'],
  'Cap.citation': ['上限的出处', 'where the limit comes from'],
  'Cap.deliberate': ['下级规则包有意放宽上级的上限时写 true', 'set by a child pack that loosens a parent\'s cap on purpose'],
  'Window.rollingDays': ['截至请求当日（含）的天数，1–3660', 'the number of days ending on the request\'s date, inclusive, 1–3660'],
  'FieldDef.type': ['字段值的类型：boolean、string 或 number', 'the value\'s type: boolean, string or number'],
  'FieldDef.title': ['字段的含义（中英文）', 'what the field means, in both languages'],
  'FieldDef.description': ['更多说明：门户应当传什么', 'more on it: what the portal should send'],
  'Removals.rules': ['删去的上级规则编号', 'ids of parent rules taken away'],
  'Removals.caps': ['删去的上级上限编号', 'ids of parent caps taken away'],
  'Removals.lists': ['删去的整个清单的编号', 'ids of whole lists taken away'],
  'Removals.listItems': ['删去的清单条目：清单编号 → 条目编号列表', 'list items taken away: list id → item ids'],
  // catalogue
  'Catalogue.entries': ['服务事项', 'the services'],
  'Catalogue.title': ['目录名称', 'the catalogue\'s name'],
  'Catalogue.incomplete': ['依据文件只给出了部分目录时写 true', 'true when the source gives the catalogue only in part'],
  'Catalogue.statedSize': ['依据文件所说的事项总数', 'how many entries the source says it has'],
  'Catalogue.citation': ['目录的出处', 'where it comes from'],
  'CatalogueEntry.id': ['事项编号', 'the entry\'s id'],
  'CatalogueEntry.name': ['服务事项名称', 'the service\'s name'],
  'CatalogueEntry.en': ['英文名称', 'an English name'],
  'CatalogueEntry.department': ['主管部门', 'the owning department'],
  'CatalogueEntry.where': ['居民办理地点：community、functional-area、street、district、city、service-centre', 'where residents go: community, functional-area, street, district, city, service-centre'],
  'CatalogueEntry.legalLimit': ['法定时限', 'the time limit in law (法定时限)'],
  'CatalogueEntry.promisedLimit': ['承诺时限', 'the promised time limit (承诺时限)'],
  'CatalogueEntry.joint': ['联办事项中各部门的时限；以最长者为准', 'for joint items: each department\'s own limit; the longest governs'],
  'CatalogueEntry.joint.department': ['部门', 'the department'],
  'CatalogueEntry.joint.limit': ['该部门的时限', 'its time limit'],
  'CatalogueEntry.note': ['说明', 'free text'],
  'TimeLimit.unit': ['时限单位（如工作日、日）', 'the unit (working days, days ...)'],
  'TimeLimit.value': ['时限数值', 'the number'],
  // conditions
  ...Object.fromEntries(Object.entries(condition()).map(([k, v]) => [`Condition.${k}`, v])),
  ...Object.fromEntries(Object.entries(condition()).map(([k, v]) => [`TopCondition.${k}`, v])),
  // case files
  'CaseFile.pack': ['要测试的规则包：内置规则包的 id，或相对于本用例文件的路径（如 ..）', 'the pack under test: a bundled pack\'s id, or a path relative to this case file (e.g. ..)'],
  'CaseFile.cases': ['用例列表', 'the cases'],
  'CaseFile.$schema': ['供编辑器校验用的 JSON Schema 地址', 'the JSON Schema for editors'],
  'CaseFile.description': ['说明', 'free text'],
  'Case.name': ['用例名称，说明这个用例检验什么', 'the case\'s name: what it checks'],
  'Case.request': ['门户会发来的请求（字段见 docs/request.md）；若 expect.issues 写明预期的问题代码，可以故意写错', 'the request a portal would send (fields in docs/request.md); may be malformed on purpose when expect.issues names the issues'],
  'Case.expect': ['预期的结果；写出的每一项都会核对', 'what is expected; every field given is checked'],
  'Case.note': ['备注', 'a note'],
  'Case.tags': ['标签', 'free labels'],
  'Expect.outcome': [`预期的结果：${OUTCOMES_ZH}`, `the expected outcome: ${OUTCOMES_EN}`],
  'Expect.decidedBy': ['预期作出决定的规则编号', 'the id of the rule expected to decide'],
  'Expect.pack': ['预期作出决定的规则所在的规则包', 'the pack whose rule is expected to decide'],
  'Expect.redirect': ['预期的转办去向（redirect.to）', 'the expected redirect (redirect.to)'],
  'Expect.fired': ['应当成立的规则编号', 'ids of rules that must fire'],
  'Expect.notFired': ['不应成立的规则编号', 'ids of rules that must not fire'],
  'Expect.obligations': ['应当附带的义务代码', 'obligation codes that must come with the decision'],
  'Expect.citations': ['决定应当依据的出处', 'citations that must carry the decision'],
  'Expect.citations.source': ['文件 id', 'the document id'],
  'Expect.citations.article': ['条款', 'the article'],
  'Expect.issues': ['故意写错的请求应当给出的问题代码（如 request/unknown-field）', 'issue codes a malformed request must give (e.g. request/unknown-field)'],
  'Expect.explains': ['说明文字中应当出现的词句，按语言分列', 'words the explanation must contain, per language'],
  'Expect.explains.zh-CN': ['中文说明中应当出现的词句', 'words the Chinese explanation must contain'],
  'Expect.explains.en': ['英文说明中应当出现的词句', 'words the English explanation must contain'],
  // requests
  ...Object.fromEntries(Object.entries(REQUEST).map(([k, v]) => [`Request.${k}`, v])),
  ...Object.fromEntries(Object.entries(REQUEST).map(([k, v]) => [`HistoryEvent.${k}`, v])),
  'Requester.level': [`提出请求的政府层级：${LEVELS}（街道的内设部门）`, `the level of government asking: ${LEVELS}`],
  'Requester.department': ['部门，文字或代码', 'the department, as text or a code'],
  'Requester.name': ['个人或机构名称', 'a person or office name'],
  'Community.id': ['社区编号', 'the community\'s id'],
  'Community.name': ['社区名称', 'its name'],
  'Community.street': ['社区所属的街道（名称）', 'the street office the community belongs to, by name'],
  'Item.id': ['事项编号（与清单比对；也是 reviews 的键）', 'the item\'s id (matched against lists; the key of reviews)'],
  'Item.category': ['事项的类别或领域（如 公共卫生）', 'its category or area (e.g. 公共卫生)'],
  'Item.name': ['事项名称（与清单比对）', 'its name (matched against lists)'],
  'Item.tags': ['标签', 'free labels'],
  'Item.roles': ['要求社区承担的角色（联系居民、协助入户、组织动员……）', 'the roles asked of the community (联系居民, 协助入户, 组织动员 ...)'],
  'Item.isNew': ['对社区是新增的职责、服务、权力、牌子或证明', 'new to the community: a new duty, service, power, plaque or certificate'],
  'Item.governmentDuty': ['属于政府、其部门或街道的职责', 'the duty belongs to the government, its department or the street office'],
  'Item.quota': ['以行政命令方式下达任务或指标', 'assigned by administrative order, with tasks or quotas'],
  'Item.onAnnualPlan': ['列入年度计划清单', 'on the year\'s plan list'],
  'Item.temporaryApplication': ['临时单独申请增加的事项', 'a temporary addition applied for on its own'],
  'Item.administrative': ['行政审批或公共服务事项', 'an administrative approval or public service'],
  'Item.dataCheckInternal': ['政府能在自身系统内完成的数据核查', 'a data check the government can do within its own systems'],
  'Item.residentsOwnAffair': ['居民自治事务', 'residents\' own affairs (自治事务)'],
  'Item.districtArranged': ['由区委区政府统筹安排', 'arranged as a whole by the district Party committee and government'],
  'Item.assist': ['社区协助政府工作事项', 'an item the community assists the government with (协助政府事项)'],
  'Item.statutoryDuty': ['社区依法履职事项', 'one of the community\'s own statutory duties (依法履职事项)'],
  'Item.sunkByDocument': ['根据部门文件下沉到社区的工作', 'sunk to the community by a department\'s document'],
  'Item.negativeList': ['属于社区工作负面清单所取消的工作（由门户判断）', 'one of the kinds of work a negative list abolishes, as the portal determines it'],
  'Certificate.kind': ['证明的种类，按请求方的叫法（如 居住证明、死亡证明）', 'the kind of certificate, as the requester names it (居住, 死亡证明)'],
  'Certificate.legalLiability': ['证明带有法律责任', 'the certificate carries legal liability'],
  'Certificate.jointEconomicLiability': ['证明带有连带经济责任', 'the certificate carries joint economic liability'],
  'Certificate.lawRequires': ['有法律要求居委会出具', 'a law requires the committee to issue it'],
  'Certificate.onRetainedList': ['列入国务院保留的证明事项清单', 'on the State Council\'s list of retained certificates'],
  'Certificate.verifiable': ['居委会能够真实了解所证明的事实', 'the committee can truly know the facts'],
  'Plaque.placement': ['挂在哪里：outside（办公场所外）或 inside（室内某个房间）', 'outside the office, or inside on a room'],
  'Plaque.name': ['牌子的名称（与清单比对）', 'the plaque\'s name (matched against lists)'],
  'Plaque.lawRequires': ['有法律要求挂此牌子或设此机构', 'a law requires the plaque or body'],
  'Plaque.roomAlreadyHasPlaque': ['该房间已有一块标识牌', 'the room already has an identification plaque'],
  'Plaque.body': ['部门在社区设立的自身机构', 'a department\'s own body in the community'],
  'Meeting.attendees': ['通知谁参会：head（社区负责人）、workers（社区工作者）、all（全部）', 'who is called: head, workers, all'],
  'Meeting.regular': ['街道每周的例会', 'the street office\'s weekly regular meeting'],
  'Meeting.approvedByPrincipal': ['经街道主要负责人批准', 'approved by the street office\'s principal leader'],
  'Meeting.approvedByPartyHead': ['经同级党委主要负责人批准', 'approved by the head of the same-level Party committee'],
  'Meeting.direct': ['直接开到基层', 'reaches straight down to the grassroots'],
  'InspectionOrEvaluation.mandatedBy': [`由哪一层级要求：${LEVELS}`, `the level that requires it: ${LEVELS}`],
  'InspectionOrEvaluation.mandatedByPartyOrGovernment': ['由党委或政府本身要求', 'required by the Party committee or government itself'],
  'InspectionOrEvaluation.comprehensive': ['属于统一的综合考核', 'part of the one comprehensive evaluation'],
  'InspectionOrEvaluation.onAnnualPlan': ['列入年度计划', 'on the annual plan'],
  'InspectionOrEvaluation.indicators': ['检查或考核的指标', 'what is inspected or assessed'],
  'InspectionOrEvaluation.target': ['检查的对象', 'whom the inspection targets'],
  'Form.paperLedger': ['纸质台账', 'a paper ledger'],
  'Form.campaign': ['为某项专项活动而设', 'for a campaign'],
  'Form.campaignApproved': ['该专项活动已经批准', 'the campaign was approved'],
  'Form.retained': ['属于该层级保留的表格', 'one of the forms kept for that level'],
  'Approval.approved': ['是否已经批准', 'whether it was approved'],
  'Approval.id': ['审批文号', 'the approval\'s number'],
  'Approval.approvedBy': ['批准机关', 'who approved it'],
  'Approval.validFrom': ['有效期开始（日期或时刻，含当日）', 'start of its validity (a date or instant, inclusive)'],
  'Approval.validUntil': ['有效期结束（日期或时刻，含当日）', 'end of its validity (a date or instant, inclusive)'],
  'Approval.funds': ['随事下拨的工作经费（费随事转）；大于 0 即视为有经费', 'working funds that come with it (费随事转); more than 0 counts as funded'],
  'Approval.authorisation': ['授权的内容、对象、权限、时限', 'what it authorises: content, object, authority, time limit'],
  'Approval.staff': ['是否人随事动', 'whether staff come with it (人随事动)'],
  'Authorisation.content': ['授权内容', 'the content authorised'],
  'Authorisation.object': ['授权对象', 'to whom'],
  'Authorisation.authority': ['授权的权限', 'the authority granted'],
  'Authorisation.timeLimit': ['授权的时限', 'the time limit'],
  'YearlyReview.itemId': ['被评议事项的编号，与请求的 item.id 比对', 'the reviewed item; matched against the request\'s item.id'],
  'YearlyReview.year': ['评议年度（整数）', 'the review\'s year (a whole number)'],
  'YearlyReview.respondents': ['参加评议的人数', 'how many took part'],
  'YearlyReview.satisfied': ['满意的人数', 'how many were satisfied'],
  'YearlyReview.dissatisfied': ['不满意的人数', 'how many were dissatisfied'],
}

/**
 * Put a `description` (Chinese, a blank line, English) on every property of a generated schema
 * whose `Definition.field` the table knows, inline objects and array items included. Properties
 * it does not know are left as they are (the test lists them).
 *
 * @since 0.3.0
 */
export const describeSchema = (schema: JsonSchema, table: Readonly<Record<string, Text>> = FIELD_DESCRIPTIONS): JsonSchema => {
  const visit = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => visit(n, at))
    if (node === null || typeof node !== 'object') return node
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const props: Record<string, unknown> = {}
        for (const [name, sub] of Object.entries(v as Record<string, unknown>)) {
          const key = `${at}.${name}`
          const d = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined
          const inner = visit(sub, key)
          props[name] = d === undefined || inner === null || typeof inner !== 'object' ? inner : { description: `${d[0]}\n\n${d[1]}`, ...(inner as object) }
        }
        out[k] = props
      } else if (k === '$defs' && v !== null && typeof v === 'object') {
        out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, def]) => [name, visit(def, name)]))
      } else out[k] = visit(v, at)
    }
    return out
  }
  return visit(schema, '') as JsonSchema
}
