/**
 * The static list of sub-commands, in the order of the data flow (datasets, real traces,
 * prediction, critical path, planning, sweeps, the HTML report, Redis). Each entry names a command, says
 * in one line what it does (the top-level `--help` list), and loads the file(s) that
 * register it: a command's module and its dependencies (vega, ioredis, the planners...)
 * are imported only when that command runs, so `slackline --help` and a light command do
 * not pay for the heavy ones. Adding a command: one file exporting `register(program)`,
 * plus one entry here (`test/cli-lazy-commands.test.ts` checks the summary matches).
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  readonly name: string;
  /** First line of the command's description. */
  readonly summary: string;
  /** The `register` functions of the files that define the command (several for `import`). */
  readonly load: () => Promise<readonly RegisterCommand[]>;
}

const one = (module: Promise<{ register: RegisterCommand }>) => module.then((m) => [m.register]);

export const commands: readonly CommandEntry[] = [
  { name: 'datasets', summary: 'List the shipped datasets (name, kind, tasks, file)', load: () => one(import('./datasets.js')) },
  { name: 'validate', summary: 'Validate a dataset file (format v1); lists every error with its JSON path, exit 1 if any', load: () => one(import('./validate.js')) },
  { name: 'info', summary: 'Show tasks, edges, depth, width, funcs, runs and signature of a dataset\'s workflows', load: () => one(import('./info.js')) },
  { name: 'generate', summary: 'Make a synthetic dataset: a DAG of one shape plus recorded runs.', load: () => one(import('./generate.js')) },
  {
    name: 'import',
    summary: 'Convert recorded traces of real workflows into a dataset file',
    load: async () => [(await import('./import.js')).register, (await import('./import-single-function.js')).register],
  },
  { name: 'predict-eval', summary: 'Accuracy of execution-time prediction: fit on part of the runs, predict the rest (held-out runs and held-out memory sizes), per scaling model and SLA statistic', load: () => one(import('./predict-eval.js')) },
  { name: 'cpm', summary: 'Critical path of a timed DAG file: earliest/latest times, slack, makespan', load: () => one(import('./cpm.js')) },
  { name: 'algorithms', summary: 'List the registered planners (id, description, parameters) and the worker-assignment strategies of --assignment', load: () => one(import('./algorithms.js')) },
  { name: 'plan', summary: 'Plan a dataset\'s workflow with one algorithm, simulate the plan and print the report', load: () => one(import('./plan.js')) },
  { name: 'simulate', summary: 'Simulate a plan file on a dataset\'s workflow and print makespan, cost, starts, bytes and critical path', load: () => one(import('./simulate.js')) },
  { name: 'bench', summary: 'Run the benchmark sweep: planners x datasets x parameters, through the worker pool; writes a table, JSON and SVG charts', load: () => one(import('./bench.js')) },
  { name: 'worker', summary: 'Run sweep jobs from a Redis queue (BullMQ) that `slackline bench --queue` fills; start one per machine', load: () => one(import('./worker.js')) },
  { name: 'replay', summary: 'Replay recorded runs: recorded makespan vs the critical path of the recorded times, and leave-one-run-out predictions', load: () => one(import('./replay.js')) },
  { name: 'report', summary: 'Write <results>/report.html: a self-contained visual report of a sweep (DAG, Gantt, Pareto, planning time, replay)', load: () => one(import('./report.js')) },
  { name: 'redis', summary: 'Load datasets into the Redis metrics store, export them, prune runs', load: () => one(import('./redis.js')) },
];
