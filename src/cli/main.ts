#!/usr/bin/env node
import { Command } from 'commander'
import { auditCommand } from './audit'
import { evaluateCommand } from './evaluate'
import { lintCommand } from './lint'
import { testCommand } from './test'

/**
 * The `zhunru` command: Chinese by default, `--lang en` for English.
 * Exit codes: 0 pass, 1 failures found, 2 bad input.
 */
const program = new Command()
program.name('zhunru').description('社区工作准入：规则包评估、测试与解释 / community work admission policies').version('0.1.0')

program
  .command('evaluate')
  .description('评估一个请求 / decide a request')
  .argument('<request>', '请求文件（JSON 或 YAML），- 表示标准输入 / request file, - for stdin')
  .requiredOption('--pack <id|dir>', '规则包编号或目录 / pack id or folder')
  .option('--explain', '同时输出解释 / also print the explanation')
  .option('--format <format>', 'text | json', 'text')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action((file: string, o) => {
    process.exitCode = evaluateCommand(file, o)
  })

program
  .command('explain')
  .description('以办事员能读懂的方式解释决定 / explain a decision for a clerk')
  .argument('<request>', '请求文件 / request file')
  .requiredOption('--pack <id|dir>', '规则包编号或目录 / pack id or folder')
  .option('--format <format>', 'text | json', 'text')
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action((file: string, o) => {
    process.exitCode = evaluateCommand(file, { ...o, explain: true })
  })

program
  .command('test')
  .description('运行测试用例 / run case files')
  .argument('[dirs...]', '目录或用例文件 / folders or case files', [])
  .option('--format <format>', 'text | json', 'text')
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
  .option('--lang <lang>', 'zh-CN | en', 'zh-CN')
  .action(async (file: string, o) => {
    process.exitCode = await auditCommand(file, o)
  })

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 2
})
