/**
 * `slackline generate <shape> --out file`: a synthetic dataset, a generated DAG of the
 * given shape with runs recorded from the ground-truth model. Deterministic for a seed.
 */
import type { Command } from 'commander';
import { validateDataset } from '../../dataset/validate-dataset.js';
import { isSlacklineError, SlacklineError } from '../../errors.js';
import { prepareInstance } from '../../planning/prepare-instance.js';
import { DAG_SHAPES } from '../../generate/shapes.js';
import { syntheticDataset, writeDatasetFileAsync } from '../../generate/synthetic-dataset.js';
import { integerOption } from '../integer-option.js';

export function register(program: Command): void {
  program
    .command('generate')
    .description(`Make a synthetic dataset: a DAG of one shape plus recorded runs.\nShapes (--size counts): ${DAG_SHAPES.map((s) => `${s.name} (${s.size}, default ${s.defaultSize})`).join('; ')}`)
    .argument('<shape>', DAG_SHAPES.map((s) => s.name).join(' | '))
    .requiredOption('--out <file>', 'dataset file to write')
    .option('--size <n>', 'size of the shape (>= 1, see above)', integerOption('cli/generate', 'size', 1))
    // >= 1: a dataset without runs gives the predictor nothing to fit.
    .option('--runs <k>', 'recorded runs (>= 1): uniform plans at several memory sizes, then mixed', integerOption('cli/generate', 'runs', 1), 6)
    .option('--seed <s>', 'random seed (>= 0)', integerOption('cli/generate', 'seed', 0), 1)
    .option('--unequal', 'tree-reduction: spread leaf input sizes over 100x')
    .option('--name <name>', 'dataset name (default: the workflow name)')
    .option('--json', 'print a JSON summary')
    .action(async (shape: string, options: { out: string; size?: number; runs: number; seed: number; unequal?: boolean; name?: string; json?: boolean }) => {
      const dataset = syntheticDataset({
        shape,
        seed: options.seed,
        runs: options.runs,
        unequal: options.unequal ?? false,
        ...(options.size !== undefined ? { size: options.size } : {}),
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
      const { errors } = validateDataset(dataset, options.out);
      if (errors.length > 0) throw new SlacklineError('generate', `generated dataset is invalid (a bug):\n  ${errors.join('\n  ')}`, {}, errors);
      // Say now, not at `plan` time, when the runs leave predictions without data. Before the
      // write: a failure here (even running out of memory) must not follow a written file.
      try {
        for (const workflow of dataset.workflows) prepareInstance({ dataset, datasetName: options.out, workflowSignature: workflow.signature, unknownPolicy: 'fail' });
      } catch (error) {
        if (!isSlacklineError(error)) throw error;
        console.error(`slackline/generate: note: ${options.runs} run(s) leave some predictions without data, so \`plan\` needs --unknown fallback (or generate more --runs): ${error.message.replace(/^slackline\/[^:]+: /, '').slice(0, 300)}`);
      }
      await writeDatasetFileAsync(options.out, dataset);
      const tasks = dataset.workflows.reduce((s, w) => s + w.tasks.length, 0);
      const edges = dataset.workflows.reduce((s, w) => s + w.edges.length, 0);
      if (options.json) console.log(JSON.stringify({ file: options.out, name: dataset.name, tasks, edges, runs: dataset.runs.length }, null, 2));
      else console.log(`wrote ${options.out}: ${dataset.name}, ${tasks} tasks, ${edges} edges, ${dataset.runs.length} runs`);
    });
}
