/**
 * The Monte Carlo keys of the JSON report (`slackline simulate --samples N --json`,
 * `slackline plan --confidence c --json`): quantiles and mean of the makespan, the deadline
 * probability, the cost distribution, and per-task criticality by task id.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { MonteCarloReport, QuantileSummary } from '../timing/monte-carlo.js';

export interface MonteCarloJson {
  readonly samples: number;
  readonly monteCarloSeed: number;
  /** Correlation of the shared per-run slowdown (0: independent draws). */
  readonly correlation: number;
  readonly makespanQuantilesMs: QuantileSummary;
  readonly meanMakespanMs: number;
  readonly deadlineProbability?: number;
  readonly costDistribution: { readonly meanUsd: number; readonly quantilesUsd: QuantileSummary };
  /** Share of scenarios in which each task is on a critical path. */
  readonly criticality: Readonly<Record<string, number>>;
}

export function monteCarloJson(dag: CompactDag, report: MonteCarloReport): MonteCarloJson {
  const criticality: Record<string, number> = {};
  for (let v = 0; v < dag.taskCount; v++) criticality[dag.taskIds[v]!] = report.criticality[v]!;
  return {
    samples: report.samples,
    monteCarloSeed: report.seed,
    correlation: report.correlation,
    makespanQuantilesMs: report.makespanQuantilesMs,
    meanMakespanMs: report.meanMakespanMs,
    ...(report.deadlineProbability !== undefined ? { deadlineProbability: report.deadlineProbability } : {}),
    costDistribution: report.cost,
    criticality,
  };
}

/** Human-readable lines. */
export function formatMonteCarlo(r: MonteCarloJson, deadlineMs?: number): string[] {
  const q = r.makespanQuantilesMs;
  const top = Object.entries(r.criticality)
    .filter(([, share]) => share > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([id, share]) => `${id} ${(100 * share).toFixed(0)}%`)
    .join(', ');
  return [
    `monte carlo  ${r.samples} scenarios (seed ${r.monteCarloSeed}${r.correlation > 0 ? `, shared slowdown rho=${r.correlation.toFixed(2)}` : ', independent draws'})`,
    `makespan     p50 ${q.p50.toFixed(1)}  p90 ${q.p90.toFixed(1)}  p95 ${q.p95.toFixed(1)}  p99 ${q.p99.toFixed(1)}  mean ${r.meanMakespanMs.toFixed(1)} ms`,
    ...(r.deadlineProbability !== undefined && deadlineMs !== undefined ? [`P(<= ${deadlineMs.toFixed(1)} ms)  ${(100 * r.deadlineProbability).toFixed(1)}%`] : []),
    `cost         mean $${r.costDistribution.meanUsd.toPrecision(4)}, p95 $${r.costDistribution.quantilesUsd.p95.toPrecision(4)}`,
    `most critical ${top || '(none)'}`,
  ];
}
