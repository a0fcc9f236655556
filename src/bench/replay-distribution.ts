/**
 * Replay of makespan distributions: for each workflow and each plan its recorded runs used
 * (runs grouped by where every task ran: worker and memory), the recorded makespan
 * quantiles against the predicted distribution of that plan (Monte Carlo over the
 * predictor's distributions, `samples` scenarios), the predictor fitted on the runs of the
 * workflow's OTHER plans (leave one plan out: e.g. fit on the other memory sizes, predict
 * this one). Beside it, the deterministic prediction (the plan simulated at the SLA
 * statistic) and its error against the recorded P50 and P95: a statistic per task summed
 * along a path is not a quantile of the path. Plans with fewer than `minRuns` recorded runs
 * are skipped (their quantiles mean little). Errors are (predicted - recorded) / recorded.
 * Coverage: the share of the plan's recorded makespans at or below the predicted P90 and
 * P95. The quantile errors judge the predicted spread against what one plan's runs showed;
 * the predicted distribution also carries the uncertainty of predicting a size nobody
 * recorded (`spreadGrowth`), so its P95 lies above the recorded one by design, and coverage
 * (calibrated: 90% and 95%) is the check of what a plan against a P95 needs.
 */
import { buildDag } from '../dag/build-dag.js';
import { toCompactDag } from '../dag/compact-dag.js';
import type { DatasetWorkflow, RecordedRun } from '../dataset/types.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { buildDurationTable } from '../predict/duration-table.js';
import { fitPredictor, type ScalingModelId } from '../predict/fit-predictor.js';
import { DEFAULT_SCALING } from '../predict/scaling/index.js';
import { buildQuantileGrids } from '../predict/quantile-grids.js';
import type { SlaStatistic } from '../predict/types.js';
import { simulatePlan } from '../simulate/simulate-plan.js';
import { AWS_LAMBDA_X86_COST } from '../timing/cost-model.js';
import { runScenarios, sampleQuantile } from '../timing/monte-carlo.js';
import { ladderOfRuns, recordedPlan, signatureOfRun } from './replay.js';

export interface QuantileErrors {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
}

export interface PlanDistributionReplay {
  readonly workflow: string;
  /** The plan in words: memory sizes used and worker count. */
  readonly plan: string;
  readonly runs: number;
  readonly recordedMs: QuantileErrors;
  readonly predictedMs: QuantileErrors;
  /** Percent, (predicted - recorded) / recorded per quantile. */
  readonly errorPct: QuantileErrors;
  /** The plan simulated at the SLA statistic, and its error against the recorded P50 and P95. */
  readonly deterministicMs: number;
  readonly deterministicErrorPct: { readonly p50: number; readonly p95: number };
  /** Runs of the other plans the predictor was fitted on. */
  readonly fittedOnRuns: number;
  /** Percent of the recorded makespans at or below the predicted P90 and P95. */
  readonly coveredPct: { readonly p90: number; readonly p95: number };
}

export interface DistributionReplayOptions {
  /** @default 'median' */
  readonly sla?: SlaStatistic;
  /** @default DEFAULT_SCALING (the predictor's default model) */
  readonly scaling?: ScalingModelId;
  /** @default 1000 */
  readonly samples?: number;
  /** @default 5 */
  readonly minRuns?: number;
  /** The predictor's spread away from recorded sizes (`fitPredictor`'s `spreadGrowth`). @default its default */
  readonly spreadGrowth?: number;
}

const quantilesOf = (sorted: Float64Array): QuantileErrors => ({ p50: sampleQuantile(sorted, 0.5), p90: sampleQuantile(sorted, 0.9), p95: sampleQuantile(sorted, 0.95) });
const pct = (predicted: number, recorded: number) => (recorded > 0 ? ((predicted - recorded) / recorded) * 100 : 0);

export function replayDistributions(snapshot: MetricsSnapshot, options: DistributionReplayOptions = {}): PlanDistributionReplay[] {
  const sla = options.sla ?? 'median';
  const scaling = options.scaling ?? DEFAULT_SCALING;
  const samples = options.samples ?? 1000;
  const minRuns = options.minRuns ?? 5;
  const out: PlanDistributionReplay[] = [];
  for (const workflow of snapshot.workflows) {
    const own = snapshot.runs.filter((run) => signatureOfRun(run) === workflow.signature);
    if (own.length === 0) continue;
    const dag = toCompactDag(buildDag(workflow as DatasetWorkflow));
    const ladderMb = ladderOfRuns(own);
    // Group the runs by their plan (worker of every task and its memory).
    const groups = new Map<string, { runs: RecordedRun[]; label: string }>();
    for (const run of own) {
      const { plan, memoryOf } = recordedPlan(dag, run, ladderMb);
      const key = `${Array.from(plan.workerOf).join(',')}|${Array.from(memoryOf).join(',')}`;
      const sizes = [...new Set(memoryOf)].sort((a, b) => a - b);
      const group = groups.get(key) ?? { runs: [], label: `${sizes.join('/')} MB, ${plan.workerCount} workers` };
      group.runs.push(run);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      if (group.runs.length < minRuns) continue;
      const inGroup = new Set(group.runs);
      const others = snapshot.runs.filter((r) => !inGroup.has(r));
      if (!others.some((r) => signatureOfRun(r) === workflow.signature)) continue; // nothing of this workflow left to fit on
      const { plan } = recordedPlan(dag, group.runs[0]!, ladderMb);
      const predictor = fitPredictor(others, { sla, scaling, ...(options.spreadGrowth !== undefined ? { spreadGrowth: options.spreadGrowth } : {}) });
      const { grids } = buildQuantileGrids(dag, predictor, ladderMb, 'fallback');
      const predicted = quantilesOf(Float64Array.from(runScenarios(dag, grids, plan, 0, samples, { cost: AWS_LAMBDA_X86_COST, seed: 1, criticality: false }).makespanMs).sort());
      const makespans = group.runs.map((r) => r.makespanMs);
      const recorded = quantilesOf(Float64Array.from(makespans).sort());
      const covered = (bound: number) => (100 * makespans.filter((m) => m <= bound).length) / makespans.length;
      const table = buildDurationTable(dag, predictor, ladderMb, 'fallback').table;
      const deterministicMs = simulatePlan(dag, table, plan, AWS_LAMBDA_X86_COST).makespanMs;
      out.push({
        workflow: workflow.name,
        plan: group.label,
        runs: group.runs.length,
        recordedMs: recorded,
        predictedMs: predicted,
        errorPct: { p50: pct(predicted.p50, recorded.p50), p90: pct(predicted.p90, recorded.p90), p95: pct(predicted.p95, recorded.p95) },
        deterministicMs,
        deterministicErrorPct: { p50: pct(deterministicMs, recorded.p50), p95: pct(deterministicMs, recorded.p95) },
        fittedOnRuns: others.length,
        coveredPct: { p90: covered(predicted.p90), p95: covered(predicted.p95) },
      });
    }
  }
  return out;
}

/** One line per (workflow, plan); the last line: medians of the absolute errors. */
export function distributionReplayMarkdown(rows: readonly PlanDistributionReplay[]): string {
  const f = (x: number) => x.toFixed(0);
  const e = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
  const lines = ['| workflow | plan | runs | recorded P50 / P95 ms | predicted P50 / P95 ms | error P50 | error P90 | error P95 | runs <= predicted P90 / P95 | deterministic ms | its error vs P50 / P95 |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    lines.push(`| ${r.workflow} | ${r.plan} | ${r.runs} | ${f(r.recordedMs.p50)} / ${f(r.recordedMs.p95)} | ${f(r.predictedMs.p50)} / ${f(r.predictedMs.p95)} | ${e(r.errorPct.p50)} | ${e(r.errorPct.p90)} | ${e(r.errorPct.p95)} | ${r.coveredPct.p90.toFixed(0)}% / ${r.coveredPct.p95.toFixed(0)}% | ${f(r.deterministicMs)} | ${e(r.deterministicErrorPct.p50)} / ${e(r.deterministicErrorPct.p95)} |`);
  }
  if (rows.length > 0) {
    const med = (values: number[]) => {
      const s = values.map(Math.abs).sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    lines.push(`| median of abs. errors | | | | | ${med(rows.map((r) => r.errorPct.p50)).toFixed(1)}% | ${med(rows.map((r) => r.errorPct.p90)).toFixed(1)}% | ${med(rows.map((r) => r.errorPct.p95)).toFixed(1)}% | ${(rows.reduce((a, r) => a + r.coveredPct.p90, 0) / rows.length).toFixed(0)}% / ${(rows.reduce((a, r) => a + r.coveredPct.p95, 0) / rows.length).toFixed(0)}% (mean) | | ${med(rows.map((r) => r.deterministicErrorPct.p50)).toFixed(1)}% / ${med(rows.map((r) => r.deterministicErrorPct.p95)).toFixed(1)}% |`);
  }
  return lines.join('\n');
}
