/**
 * `slackline import sebs-artifact <dir> --out f` and `slackline import sizeless <dir> --out f`:
 * single-function measurements at several memory sizes -> a dataset file (one single-task
 * workflow per func, one run per invocation). Adds sub-commands to the shared `import`
 * command (looked up before it is created). The sources state no license: the output is
 * for local evaluation, not for shipping.
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { requireValidImport } from '../../import/require-valid-import.js';
import { formatWarnings } from '../../import/import-warning.js';
import { importSebsArtifact, type ImportResult } from '../../import/sebs-artifact.js';
import { importSizeless } from '../../import/sizeless.js';
import { writeJsonFileAtomicAsync } from '../../util/atomic-write.js';

function importCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('Convert recorded traces of real workflows into a dataset file');
}

async function write(module: string, dir: string, result: ImportResult, options: { out: string; json?: boolean; quiet?: boolean }): Promise<void> {
  const { dataset, warnings } = result;
  requireValidImport(module, dataset, options.out, { inputs: [dir], runSources: result.runSources });
  await writeJsonFileAtomicAsync(options.out, dataset, { indent: 0 });
  if (!options.quiet) for (const line of formatWarnings(warnings)) console.error(line);
  const summary = { out: options.out, name: dataset.name, funcs: dataset.workflows.length, runs: dataset.runs.length, memorySizesMb: dataset.memoryLadderMb, warnings: warnings.length, bytes: statSync(options.out).size };
  if (options.json) console.log(JSON.stringify(summary, null, 2));
  else console.log(`wrote ${options.out}: ${summary.runs} invocation run(s) of ${summary.funcs} func(s) at ${summary.memorySizesMb.join(', ')} MB; ${summary.warnings} warning(s)`);
}

export function register(program: Command): void {
  const command = importCommand(program);
  command
    .command('sebs-artifact')
    .description('Import SeBS single-function measurements (spcl/serverless-benchmarks-artifact, warm invocations, AWS + GCP) into a dataset')
    .argument('<dir>', 'the sebs-artifact folder (holding data/performance/<provider>_perf_cost/)')
    .requiredOption('--out <file>', 'dataset file to write')
    .option('--keep-unreliable', 'keep gcp 210_node (exec_time unreliable per the source notes)')
    .option('--quiet', 'do not print warnings')
    .option('--json', 'print a JSON summary')
    .action(async (dir: string, options: { out: string; keepUnreliable?: boolean; quiet?: boolean; json?: boolean }) => {
      await write('import/sebs-artifact', dir, importSebsArtifact(dir, { keepUnreliable: options.keepUnreliable ?? false }), options);
    });
  command
    .command('sizeless')
    .description('Import Sizeless-style single-function measurements (22 functions x 8 memory sizes) into a dataset')
    .argument('<dir>', 'the sizeless folder (holding data/validation-data-all/<MEM>MB/)')
    .requiredOption('--out <file>', 'dataset file to write')
    .option('--quiet', 'do not print warnings')
    .option('--json', 'print a JSON summary')
    .action(async (dir: string, options: { out: string; quiet?: boolean; json?: boolean }) => {
      await write('import/sizeless', dir, importSizeless(dir), options);
    });
}
