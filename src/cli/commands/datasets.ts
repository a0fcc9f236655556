/** `slackline datasets`: the shipped datasets with their kind and task count. */
import type { Command } from 'commander';
import { boxTable } from '../box-table.js';
import { shippedDatasets } from '../../dataset/registry.js';

export function register(program: Command): void {
  program
    .command('datasets')
    .description('List the shipped datasets (name, kind, tasks, file)')
    .option('--json', 'print JSON instead of a table')
    .action((options: { json?: boolean }) => {
      const rows = shippedDatasets();
      if (options.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      console.log(boxTable(['dataset', 'kind', 'tasks', 'file'], rows.map((d) => [d.name, d.kind, d.tasks, d.file])));
    });
}
