/** `slackline info <dataset>`: size and shape of a dataset's workflows (tasks, edges, depth, width, funcs, runs, signature). */
import type { Command } from 'commander';
import { boxTable } from '../box-table.js';
import { datasetInfo } from '../../dataset/dataset-info.js';
import { loadDataset } from '../../dataset/load-dataset.js';
import { resolveDataset } from '../../dataset/registry.js';

export function register(program: Command): void {
  program
    .command('info')
    .description('Show tasks, edges, depth, width, funcs, runs and signature of a dataset\'s workflows')
    .argument('<dataset>', 'shipped dataset name or dataset file')
    .option('--json', 'print JSON (integer fields tasks, edges, depth, width, runs)')
    .action((name: string, options: { json?: boolean }) => {
      const info = datasetInfo(loadDataset(resolveDataset(name)));
      if (options.json) {
        console.log(JSON.stringify(info, null, 2));
        return;
      }
      console.log(`${info.name} (${info.kind}, ${info.license}): ${info.description}`);
      console.log(`source: ${info.origin}`);
      console.log(`memory ladder (MB): ${info.memoryLadderMb.join(', ')}`);
      console.log(boxTable(['workflow', 'signature', 'tasks', 'edges', 'depth', 'width', 'funcs', 'runs'], info.workflows.map((w) => [w.name, w.signature, w.tasks, w.edges, w.depth, w.width, `${w.funcs.length}: ${abbreviate(w.funcs)}`, w.runs])));
      console.log(`total: ${info.tasks} tasks, ${info.edges} edges, ${info.runs} runs`);
    });
}

function abbreviate(funcs: readonly string[], max = 6): string {
  return funcs.length > max ? `${funcs.slice(0, max).join(', ')}, ...` : funcs.join(', ');
}
