/** `slackline algorithms`: the registered planners, with one-line descriptions and parameters. */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { planners } from '../../../algorithms/index.js';

export function register(program: Command): void {
  program
    .command('algorithms')
    .description('List the registered planners: id, description, parameters')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) {
        const list = planners.map((p) => ({ id: p.id, description: p.description, source: p.source, params: p.params, ...(p.maxTasks !== undefined ? { maxTasks: p.maxTasks } : {}), requiresDeadline: p.requiresDeadline ?? false }));
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      const table = new Table({ head: ['id', 'description', 'parameters (default)'], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 46, 60] });
      for (const p of planners) {
        const params = p.params.map((s) => `${s.name}=${String(s.default)}${s.choices ? ` (${s.choices.join('|')})` : ''}: ${s.description}`);
        const notes = [p.requiresDeadline ? 'needs --deadline' : '', p.maxTasks !== undefined ? `at most ${p.maxTasks} tasks` : ''].filter(Boolean).join('; ');
        table.push([p.id, notes ? `${p.description} [${notes}]` : p.description, params.join('\n') || '-']);
      }
      console.log(table.toString());
    });
}
