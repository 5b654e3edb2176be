#!/usr/bin/env node
import { Command } from 'commander'
import { auditCommand } from './audit'
import { compareCommand } from './compare'
import { evaluateCommand } from './evaluate'
import { explainCommand } from './explain'
import { lintCommand } from './lint'
import { testCommand } from './test'

/**
 * The `zhunru` command: Chinese by default, `--lang en` for English.
 * Exit codes: 0 pass, 1 failures found, 2 bad input.
 */
// a reader that stops early (`zhunru … | head`) is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

const program = new Command()
program.name('zhunru').description('社区工作准入：规则包评估、测试与解释 / community work admission policies').version('0.1.0')

program
  .command('evaluate')
  .description('评估一个请求 / decide a request')
  .argument('<request>', '请求文件（JSON 或 YAML），- 表示标准输入 / request file, - for stdin')
  .requiredOption('--pack <id|dir>', '规则包编号或目录 / pack id or folder')
  .option('--explain', '同时输出解释 / also print the explanation')
  .option('--what-if', '同时列出怎样改动请求会改变结论 / also print what changes to the request would change the outcome')
  .option('--format <format>', 'text | json', 'text')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action((file: string, o) => {
    process.exitCode = evaluateCommand(file, o)
  })

program
  .command('explain')
  .description('以办事员能读懂的方式解释决定（请求或用例文件）/ explain a decision for a clerk (a request or a case file)')
  .argument('<file>', '请求文件或用例文件，- 表示标准输入 / request or case file, - for stdin')
  .option('--pack <id|dir>', '规则包编号或目录（用例文件可省略）/ pack id or folder (a case file names its own)')
  .option('--what-if', '同时列出怎样改动请求会改变结论 / also print what changes to the request would change the outcome')
  .option('--format <format>', 'text | json', 'text')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action((file: string, o) => {
    process.exitCode = explainCommand(file, o)
  })

program
  .command('compare')
  .description('同一请求交给多个规则包判断并对照 / decide one request under several packs, side by side')
  .argument('<request>', '请求文件（JSON 或 YAML），- 表示标准输入 / request file, - for stdin')
  .option('--packs <ids>', '逗号分隔的规则包编号或目录，默认全部内置规则包 / comma-separated pack ids or folders (default: every shipped pack)')
  .option('--format <format>', 'text | json', 'text')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action((file: string, o) => {
    process.exitCode = compareCommand(file, o)
  })

program
  .command('test')
  .description('运行测试用例 / run case files')
  .argument('[dirs...]', '目录或用例文件 / folders or case files', [])
  .option('--format <format>', 'text | json | junit', 'text')
  .option('--coverage', '列出未被用例覆盖的规则和清单条目 / print the rules and list items no case exercises')
  .option('--min-coverage <percent>', '任一规则包覆盖率低于此值即失败 / fail when a pack is below this coverage')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action((dirs: string[], o) => {
    process.exitCode = testCommand(dirs, o)
  })

program
  .command('lint')
  .description('静态检查规则包 / check packs for static problems')
  .argument('[dirs...]', '规则包目录或文件 / pack folders or files', [])
  .option('--format <format>', 'text | json', 'text')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .option('--today <date>', '判断施行期间是否结束所用的日期 / the date periods are judged against (YYYY-MM-DD)')
  .action((dirs: string[], o) => {
    process.exitCode = lintCommand(dirs, o)
  })

program
  .command('audit')
  .description('审计一年的事件记录（NDJSON）/ audit recorded events (NDJSON), streaming')
  .argument('<events>', '事件文件（每行一个 JSON），- 表示标准输入 / events file (one JSON per line), - for stdin')
  .requiredOption('--pack <id|dir>', '规则包编号或目录 / pack id or folder')
  .option('--format <format>', 'table | csv | json', 'table')
  .option('--reorder-days <n>', '每个社区容忍的日期乱序天数 / days of date disorder tolerated per community', '7')
  .option('--no-progress', '不显示进度条 / no progress bar')
  .option('--threads <n>', '判定所用线程数（默认为 CPU 核数，最多 4；64 MB 以下的文件为 1）/ threads that judge (default: the cores, at most 4; 1 for a file under 64 MB)')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action(async (file: string, o) => {
    process.exitCode = await auditCommand(file, o)
  })

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 2
})
