/** `slackline algorithms`: the registered planners, with one-line descriptions and parameters, and the worker-assignment strategies (`--assignment`). */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { planners } from '../../../algorithms/index.js';
import { assignmentStrategies, DEFAULT_ASSIGNMENT } from '../../planning/assignment/index.js';

export function register(program: Command): void {
  program
    .command('algorithms')
    .description('List the registered planners (id, description, parameters) and the worker-assignment strategies of --assignment')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) {
        const list = planners.map((p) => ({ id: p.id, description: p.description, source: p.source, params: p.params, ...(p.maxTasks !== undefined ? { maxTasks: p.maxTasks } : {}), requiresDeadline: p.requiresDeadline ?? false }));
        const assignments = assignmentStrategies.map((a) => ({ id: a.id, description: a.description, source: a.source, default: a.id === DEFAULT_ASSIGNMENT }));
        console.log(JSON.stringify({ planners: list, assignments }, null, 2));
        return;
      }
      const table = new Table({ head: ['id', 'description', 'parameters (default)'], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 46, 60] });
      for (const p of planners) {
        const params = p.params.map((s) => `${s.name}=${String(s.default)}${s.choices ? ` (${s.choices.join('|')})` : ''}: ${s.description}`);
        const notes = [p.requiresDeadline ? 'needs --deadline' : '', p.maxTasks !== undefined ? `at most ${p.maxTasks} tasks` : ''].filter(Boolean).join('; ');
        table.push([p.id, notes ? `${p.description} [${notes}]` : p.description, params.join('\n') || '-']);
      }
      console.log(table.toString());
      const strategies = new Table({ head: ['--assignment', 'worker assignment strategy'], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 106] });
      for (const a of assignmentStrategies) strategies.push([a.id === DEFAULT_ASSIGNMENT ? `${a.id} (default)` : a.id, `${a.description} [source: ${a.source}]`]);
      console.log(strategies.toString());
    });
}
