/**
 * `slackline cpm <file> [--json]`: the critical path method on a plain timed DAG
 * ({"tasks":[{"id","durationMs"}],"edges":[{"from","to","transferMs"?}]}): earliest and
 * latest start/finish and slack of every task, the makespan and one critical path.
 */
import type { Command } from 'commander';
import { boxTable } from '../box-table.js';
import { printJson } from '../print-json.js';
import { taskIndexMap } from '../../dag/compact-dag.js';
import { computeTiming } from '../../timing/full-pass.js';
import { readTimedDag } from '../../timing/timed-dag.js';
import { timeEqual } from '../../timing/tolerance.js';

export interface CpmTaskTimes {
  readonly earliestStartMs: number;
  readonly earliestFinishMs: number;
  readonly latestStartMs: number;
  readonly latestFinishMs: number;
  readonly slackMs: number;
}

export interface CpmReport {
  readonly makespanMs: number;
  readonly criticalPath: readonly string[];
  readonly tasks: Readonly<Record<string, CpmTaskTimes>>;
}

/**
 * The report of a timed-DAG file (a slack within the tolerance is reported as 0), and the
 * task ids in file order: `tasks` is keyed by id, and a JSON object lists integer-like keys
 * first whatever the insertion order, so the table reads the order from `fileOrder`.
 */
export function cpmReport(file: string): CpmReport & { readonly fileOrder: readonly string[] } {
  const { dag, weights, fileOrder } = readTimedDag(file);
  const result = computeTiming(dag, weights);
  const index = taskIndexMap(dag);
  // No prototype: a task named "__proto__" (or "constructor") is a key like any other.
  const tasks = Object.create(null) as Record<string, CpmTaskTimes>;
  for (const id of fileOrder) {
    const i = index.get(id)!;
    const slack = result.latestStart[i]! - result.earliestStart[i]!;
    tasks[id] = {
      earliestStartMs: result.earliestStart[i]!,
      earliestFinishMs: result.earliestFinish[i]!,
      latestStartMs: result.latestStart[i]!,
      latestFinishMs: result.latestFinish[i]!,
      slackMs: timeEqual(slack, 0) ? 0 : slack,
    };
  }
  return { makespanMs: result.makespanMs, criticalPath: [...result.criticalPath].map((i) => dag.taskIds[i]!), tasks, fileOrder };
}

export function register(program: Command): void {
  program
    .command('cpm')
    .description('Critical path of a timed DAG file: earliest/latest times, slack, makespan')
    .argument('<file>', 'JSON {"tasks":[{"id","durationMs"}],"edges":[{"from","to","transferMs"}]} (transferMs optional, default 0)')
    .option('--json', 'print {makespanMs, criticalPath, tasks: {id: {earliestStartMs, earliestFinishMs, latestStartMs, latestFinishMs, slackMs}}}')
    .action((file: string, options: { json?: boolean }) => {
      const { fileOrder, ...report } = cpmReport(file);
      if (options.json) {
        printJson(report);
        return;
      }
      console.log(`makespan: ${format(report.makespanMs)} ms`);
      console.log(`critical path: ${report.criticalPath.join(' -> ')}`);
      const critical = new Set(report.criticalPath);
      const rows = fileOrder.map((id) => [id, report.tasks[id]!] as const).map(([id, t]) => [id, format(t.earliestStartMs), format(t.earliestFinishMs), format(t.latestStartMs), format(t.latestFinishMs), format(t.slackMs), critical.has(id) ? '*' : '']);
      console.log(boxTable(['task', 'ES', 'EF', 'LS', 'LF', 'slack', 'critical'], rows));
    });
}

function format(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(3);
}
