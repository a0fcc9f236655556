/**
 * Metrics of benchmark runs, computed afterwards from the raw rows (never stored), each
 * knowing whether lower or higher is better (ann-benchmarks' metric registry). Metrics
 * relative to other planners (ratio to the best makespan, saving against `uniform largest`)
 * compare rows of the same instance: same dataset, workflow, SLA, deadline and seed.
 * A metric that does not apply (a failed run, no deadline, no baseline row) is null.
 */
import type { RunRow } from './run-row.js';

export type MetricDirection = 'lower' | 'higher';

export interface MetricDefinition {
  readonly id: string;
  /** Column header. */
  readonly label: string;
  readonly direction: MetricDirection;
  readonly description: string;
  /** `instanceRows`: every row of the same instance, `row` included. */
  compute(row: RunRow, instanceRows: readonly RunRow[]): number | null;
  /** Text for tables. */
  format(value: number): string;
}

/** The confidence an SLO is judged at when the run states none (ORION's P95). */
export const DEFAULT_SLO_CONFIDENCE = 0.95;

/** The planner and parameters whose cost the saving is measured against. */
export const COST_BASELINE = { planner: 'uniform', params: { size: 'largest' } as Readonly<Record<string, string>> };

export function isCostBaseline(row: RunRow): boolean {
  if (row.planner === `${COST_BASELINE.planner}-largest`) return true;
  if (row.planner !== COST_BASELINE.planner) return false;
  return Object.entries(COST_BASELINE.params).every(([name, value]) => String(row.params[name]) === value);
}

/**
 * The done `uniform largest` row a row's saving is measured against, among its instance's
 * rows: the one with the same worker assignment; without one, the default assignment's
 * (`chain`), then any. Undefined when the instance has none.
 */
export function costBaselineOf(row: RunRow, instanceRows: readonly RunRow[]): RunRow | undefined {
  const done = instanceRows.filter((b) => isCostBaseline(b) && b.state === 'done' && b.result !== undefined);
  const assignment = (r: RunRow) => r.assignment ?? 'chain';
  return done.find((b) => assignment(b) === assignment(row)) ?? done.find((b) => assignment(b) === 'chain') ?? done[0];
}

/** Rows that describe the same planning problem (only the planner and its parameters differ). */
export function instanceKey(row: RunRow): string {
  return [row.dataset, row.workflow, `sla=${row.sla}`, `deadline=${row.deadline ?? 'none'}`, `seed=${row.seed}`, `confidence=${row.confidence ?? 'none'}`, `evaluate=${row.evaluate ?? 'in-sample'}`].join('/');
}

const fixed = (digits: number) => (value: number) => value.toFixed(digits);
const integer = (value: number) => String(Math.round(value));

export const metricsRegistry: readonly MetricDefinition[] = [
  { id: 'makespanMs', label: 'makespan ms', direction: 'lower', description: 'simulated makespan of the plan', compute: (r) => r.result?.makespanMs ?? null, format: fixed(0) },
  { id: 'costUsd', label: 'cost $', direction: 'lower', description: 'simulated cost (GB-s price + invocations)', compute: (r) => r.result?.costUsd ?? null, format: (v) => v.toExponential(3) },
  {
    id: 'makespanRatio',
    label: 'makespan / fastest',
    direction: 'lower',
    description:
      'makespan divided by the fastest makespan of the instance: every worker of the default assignment at its fastest size, the same base a deadline factor (1.2x) multiplies; 1 = as fast as that plan, below 1 when a planner\'s own worker assignment beats it',
    compute: (r) => {
      const fastest = r.fastestMakespanMs;
      if (r.result === undefined || fastest === null || fastest === undefined || !(fastest > 0)) return null;
      return r.result.makespanMs / fastest;
    },
    format: fixed(3),
  },
  {
    id: 'costSaving',
    label: 'saving vs largest',
    direction: 'higher',
    description: 'fraction of the cost of `uniform largest` saved on the same instance (0.25 = 25 % cheaper), with the same worker assignment when the sweep ran it (else the default `chain` assignment\'s)',
    compute: (r, rows) => {
      const baseline = costBaselineOf(r, rows);
      if (r.result === undefined || baseline?.result === undefined || baseline.result.costUsd <= 0) return null;
      return 1 - r.result.costUsd / baseline.result.costUsd;
    },
    format: percent,
  },
  {
    id: 'deadlineMet',
    label: 'deadline met',
    direction: 'higher',
    description: '1 when the simulated makespan is within the deadline, 0 when not; null without a deadline',
    compute: (r) => (r.result === undefined || r.result.deadlineMet === null ? null : r.result.deadlineMet ? 1 : 0),
    format: (v) => (v >= 1 ? 'yes' : v <= 0 ? 'no' : `${(v * 100).toFixed(0)}%`),
  },
  {
    id: 'p95MakespanMs',
    label: 'P95 ms',
    direction: 'lower',
    description: 'P95 of the simulated makespan distribution (Monte Carlo, fresh scenarios; the sweep\'s mcSamples)',
    compute: (r) => r.result?.makespanP95Ms ?? null,
    format: fixed(0),
  },
  {
    id: 'deadlineProbability',
    label: 'P(<= D)',
    direction: 'higher',
    description: 'share of the simulated scenarios whose makespan is within the deadline; null without a deadline',
    compute: (r) => r.result?.deadlineProbability ?? null,
    format: percent,
  },
  {
    id: 'sloMet',
    label: 'SLO met',
    direction: 'higher',
    description: `1 when P(makespan <= deadline) >= the run's confidence (${DEFAULT_SLO_CONFIDENCE} without one), 0 when not`,
    compute: (r) => {
      const p = r.result?.deadlineProbability;
      return p === undefined || p === null ? null : p >= (r.confidence ?? DEFAULT_SLO_CONFIDENCE) ? 1 : 0;
    },
    format: (v) => (v >= 1 ? 'yes' : v <= 0 ? 'no' : `${(v * 100).toFixed(0)}%`),
  },
  {
    id: 'heldOutAttainment',
    label: 'held-out P(<= D)',
    direction: 'higher',
    description: 'P(makespan <= deadline) on scenarios from distributions fitted on held-out runs (`--evaluate holdout`)',
    compute: (r) => r.result?.heldOutDeadlineProbability ?? null,
    format: percent,
  },
  { id: 'workers', label: 'workers', direction: 'lower', description: 'workers (function instances) the plan starts', compute: (r) => r.result?.workers ?? null, format: integer },
  { id: 'coldStarts', label: 'cold starts', direction: 'lower', description: 'worker starts paid cold', compute: (r) => r.result?.coldStarts ?? null, format: integer },
  { id: 'bytesMoved', label: 'bytes moved', direction: 'lower', description: 'bytes uploaded and downloaded between workers', compute: (r) => r.result?.bytesMoved ?? null, format: formatBytes },
  { id: 'planningMs', label: 'planning ms', direction: 'lower', description: "time inside the planner's plan()", compute: (r) => r.result?.planningMs ?? null, format: (v) => (v < 10 ? v.toFixed(2) : v.toFixed(0)) },
];

export function getMetric(id: string): MetricDefinition {
  const metric = metricsRegistry.find((m) => m.id === id);
  if (metric === undefined) throw new Error(`slackline/bench: unknown metric ${id}`);
  return metric;
}

/** a is better than b under the metric's direction. */
export function isBetter(metric: MetricDefinition, a: number, b: number): boolean {
  return metric.direction === 'lower' ? a < b : a > b;
}

export interface RowMetrics {
  readonly row: RunRow;
  readonly values: Readonly<Record<string, number | null>>;
  /** The worker assignment of the `uniform largest` row the saving is measured against, when it is not the row's own (the sweep did not run that planner with the row's assignment). */
  readonly savingAgainst?: string;
}

/** Every metric of every row, grouped by instance. */
export function computeMetrics(rows: readonly RunRow[], registry: readonly MetricDefinition[] = metricsRegistry): RowMetrics[] {
  const byInstance = new Map<string, RunRow[]>();
  for (const row of rows) {
    const key = instanceKey(row);
    const group = byInstance.get(key);
    if (group === undefined) byInstance.set(key, [row]);
    else group.push(row);
  }
  return rows.map((row) => {
    const group = byInstance.get(instanceKey(row))!;
    const values: Record<string, number | null> = {};
    for (const metric of registry) values[metric.id] = metric.compute(row, group);
    const baseline = row.result === undefined ? undefined : costBaselineOf(row, group);
    const against = baseline?.assignment ?? 'chain';
    return baseline === undefined || against === (row.assignment ?? 'chain') ? { row, values } : { row, values, savingAgainst: against };
  });
}

/** A fraction as a percentage with one decimal, never `-0.0%`. */
export function percent(value: number): string {
  const text = (value * 100).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text}%`;
}

function formatBytes(value: number): string {
  if (value < 1024) return `${Math.round(value)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = value / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
