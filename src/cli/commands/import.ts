/**
 * `slackline import <source> ...`: converts recorded traces of real workflows into a
 * dataset file.
 *   import wfcommons <file...> --out <dataset.json>   WfFormat 1.5 / 1.4 instances
 *   import sebs-flow <dir> --out <dataset.json>       SeBS-Flow per-invocation CSVs
 * Warnings (what was worked around, with task ids) go to stderr; `--json` prints a summary.
 * Other import sources may add sub-commands to the same `import` command from their own
 * files (the command is looked up before it is created).
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { SlacklineError } from '../../errors.js';
import { formatWarnings } from '../../import/import-warning.js';
import type { ImportWarning } from '../../import/import-warning.js';
import { importSebsFlow, SEBS_PROVIDERS } from '../../import/sebs-flow/import-sebs-flow.js';
import type { SebsProvider } from '../../import/sebs-flow/import-sebs-flow.js';
import { DEFAULT_WFCOMMONS_MEMORY_MB } from '../../import/wfcommons/to-dataset.js';
import { importWfCommons } from '../../import/wfcommons/import-wfcommons.js';
import { requireValidImport, type ImportOrigin } from '../../import/require-valid-import.js';
import type { Dataset } from '../../dataset/types.js';
import { writeJsonFileAtomicAsync } from '../../util/atomic-write.js';

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`expected a positive number, got "${text}"`);
  return value;
}

/** Writes the dataset (compact JSON with --compact, else indented) and reports. */
async function finish(module: string, dataset: Dataset, warnings: readonly ImportWarning[], origin: ImportOrigin, options: { out: string; json?: boolean; compact?: boolean; quiet?: boolean }, started: number): Promise<void> {
  requireValidImport(module, dataset, options.out, origin);
  await writeJsonFileAtomicAsync(options.out, dataset, { indent: options.compact ? 0 : 2 });
  if (!options.quiet) for (const line of formatWarnings(warnings)) console.error(line);
  const summary = {
    out: options.out,
    name: dataset.name,
    workflows: dataset.workflows.map((w) => ({ name: w.name, signature: w.signature, tasks: w.tasks.length, edges: w.edges.length })),
    runs: dataset.runs.length,
    memorySizesMb: [...new Set(dataset.runs.flatMap((r) => Object.values(r.plan).map((p) => p.memoryMb)))].sort((a, b) => a - b),
    warnings: warnings.length,
    bytes: statSync(options.out).size,
    ms: Math.round(performance.now() - started),
  };
  if (options.json) console.log(JSON.stringify(summary, null, 2));
  else {
    const shapes = summary.workflows.map((w) => `${w.name} (${w.tasks} tasks, ${w.edges} edges)`).join('; ');
    console.log(`wrote ${options.out}: ${summary.runs} run(s) of ${shapes}; ${summary.warnings} warning(s)`);
  }
}

function importCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('Convert recorded traces of real workflows into a dataset file');
}

export function register(program: Command): void {
  const command = importCommand(program);

  command
    .command('wfcommons')
    .description('Import WfCommons WfFormat instances (1.5, or 1.0-1.4); instances with the same DAG signature become several runs of one workflow')
    .argument('<files...>', 'WfFormat JSON files')
    .requiredOption('--out <file>', 'dataset file to write')
    .option('--memory <mb>', 'memory size the recorded runtimes are attributed to', positiveNumber, DEFAULT_WFCOMMONS_MEMORY_MB)
    .option('--name <name>', 'dataset name (default: wfcommons-<first file name>)')
    .option('--description <text>', 'dataset description')
    .option('--license <spdx>', 'SPDX license id of the source data (WfInstances: LGPL-3.0-only)', 'NOASSERTION')
    .option('--origin <text>', 'where the data comes from (repository, commit)')
    .option('--url <url>', 'URL of the source')
    .option('--compact', 'write compact JSON (no indentation)')
    .option('--quiet', 'do not print warnings')
    .option('--json', 'print a JSON summary')
    .action(async (files: string[], options: { out: string; memory: number; name?: string; description?: string; license: string; origin?: string; url?: string; compact?: boolean; quiet?: boolean; json?: boolean }) => {
      const started = performance.now();
      const { dataset, warnings, runSources } = importWfCommons(files, {
        memoryMb: options.memory,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.description === undefined ? {} : { description: options.description }),
        source: { license: options.license, ...(options.origin === undefined ? {} : { origin: options.origin }), ...(options.url === undefined ? {} : { url: options.url }) },
      });
      await finish('import/wfcommons', dataset, warnings, { inputs: files, runSources }, options, started);
    });

  command
    .command('sebs-flow')
    .description('Import SeBS-Flow per-invocation CSVs (one benchmark, one provider) into a dataset with runs at several memory sizes')
    .argument('<dir>', 'the sebs-flow-artifact folder (holding perf-cost/ and workflow-definitions/)')
    .requiredOption('--out <file>', 'dataset file to write')
    .requiredOption('--benchmark <name>', 'benchmark folder, e.g. 660.map-reduce')
    .option('--provider <name>', `cloud provider (${SEBS_PROVIDERS.join(', ')})`, 'aws')
    .option('--name <name>', 'dataset name (default: sebs-flow-<benchmark>-<provider>)')
    .option('--compact', 'write compact JSON (no indentation)')
    .option('--quiet', 'do not print warnings')
    .option('--json', 'print a JSON summary')
    .action(async (dir: string, options: { out: string; benchmark: string; provider: string; name?: string; compact?: boolean; quiet?: boolean; json?: boolean }) => {
      const started = performance.now();
      if (!(SEBS_PROVIDERS as readonly string[]).includes(options.provider)) {
        throw new SlacklineError('import/sebs-flow', `unknown provider "${options.provider}"; expected one of ${SEBS_PROVIDERS.join(', ')}`);
      }
      const { dataset, warnings, runSources } = importSebsFlow(dir, {
        benchmark: options.benchmark,
        provider: options.provider as SebsProvider,
        ...(options.name === undefined ? {} : { name: options.name }),
      });
      await finish('import/sebs-flow', dataset, warnings, { inputs: [dir], runSources }, options, started);
    });
}
