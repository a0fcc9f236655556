/** `slackline datasets`: the shipped datasets with their kind and task count. */
import type { Command } from 'commander';
import Table from 'cli-table3';
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
      const table = new Table({ head: ['dataset', 'kind', 'tasks', 'file'], style: { head: [], border: [] } });
      for (const d of rows) table.push([d.name, d.kind, d.tasks, d.file]);
      console.log(table.toString());
    });
}
