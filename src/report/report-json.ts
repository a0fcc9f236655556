/**
 * The JSON report printed by `slackline plan --json` and `slackline simulate --json`,
 * format `slackline-report` version 1 (documented in the README, "Plan and report JSON"):
 * the simulation figures plus what produced them (dataset, workflow, algorithm, SLA,
 * scaling model, unknown-prediction counts).
 */
import type { Annotations, ParamValue } from '../planning/types.js';
import type { PlanningInstance } from '../planning/prepare-instance.js';
import { resolveTimingRules, type TimingRules } from '../timing/timing-rules.js';
import { timeGreater } from '../timing/tolerance.js';
import type { SimulationReport } from '../simulate/simulate-plan.js';
import type { CostModel } from '../timing/cost-model.js';

export const REPORT_FORMAT = 'slackline-report';
export const REPORT_VERSION = 1;

export interface ReportJson extends SimulationReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  readonly dataset: string;
  readonly workflow: string;
  readonly workflowSignature: string;
  readonly tasks: number;
  readonly algorithm: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly sla: string;
  readonly scaling: string;
  readonly prices: CostModel;
  /** Worker-assignment strategy the plan started from (`--assignment`), when known. */
  readonly assignment?: string;
  /** CPU sharing and orchestration overhead the timing model applied (`timing-rules.ts`). */
  readonly timingRules: TimingRules;
  /** Predictions that had no data: resolved by the fallback policy, counted here (never silent zeros). */
  readonly unknownPredictions: number;
  readonly fallbacks: number;
  readonly deadlineMs?: number;
  readonly deadlineMet?: boolean;
  readonly bestMakespanMs?: number;
  readonly planningMs?: number;
  readonly annotations?: Annotations;
  readonly stats?: Readonly<Record<string, number>>;
}

export interface ReportMeta {
  readonly algorithm: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly cost: CostModel;
  readonly assignment?: string;
  readonly deadlineMs?: number;
  readonly bestMakespanMs?: number;
  readonly planningMs?: number;
  readonly annotations?: Annotations;
  readonly stats?: Readonly<Record<string, number>>;
}

export function toReportJson(instance: PlanningInstance, report: SimulationReport, meta: ReportMeta): ReportJson {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    dataset: instance.datasetName,
    workflow: instance.workflow.name,
    workflowSignature: instance.workflow.signature,
    tasks: instance.dag.taskCount,
    algorithm: meta.algorithm,
    params: meta.params,
    seed: meta.seed,
    sla: instance.sla,
    scaling: instance.scaling,
    prices: meta.cost,
    ...(meta.assignment !== undefined ? { assignment: meta.assignment } : {}),
    timingRules: resolveTimingRules(instance.durations.rules),
    unknownPredictions: instance.unknowns.length,
    fallbacks: instance.fallbacks,
    ...report,
    ...(meta.deadlineMs !== undefined ? { deadlineMs: meta.deadlineMs, deadlineMet: !timeGreater(report.makespanMs, meta.deadlineMs) } : {}),
    ...(meta.bestMakespanMs !== undefined ? { bestMakespanMs: meta.bestMakespanMs } : {}),
    ...(meta.planningMs !== undefined ? { planningMs: meta.planningMs } : {}),
    ...(meta.annotations ? { annotations: meta.annotations } : {}),
    ...(meta.stats ? { stats: meta.stats } : {}),
  };
}

/** Human-readable lines of a report. */
export function formatReport(r: ReportJson): string {
  const usd = (x: number) => `$${x.toPrecision(4)}`;
  const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;
  const path = r.criticalPath.length > 8 ? `${r.criticalPath.slice(0, 4).join(' -> ')} -> ... -> ${r.criticalPath.slice(-3).join(' -> ')} (${r.criticalPath.length} tasks)` : r.criticalPath.join(' -> ');
  const lines = [
    `${r.dataset} / ${r.workflow} (${r.tasks} tasks), ${r.algorithm}${Object.keys(r.params).length > 0 ? ` ${Object.entries(r.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : ''}, SLA ${r.sla}, scaling ${r.scaling}`,
    `makespan     ${r.makespanMs.toFixed(1)} ms${r.bestMakespanMs !== undefined ? ` (fastest ${r.bestMakespanMs.toFixed(1)} ms: every worker at its fastest size)` : ''}`,
    // The verdict of the makespan above (every duration at the SLA statistic), not of a probability.
    ...(r.deadlineMs !== undefined ? [`deadline     ${r.deadlineMs.toFixed(1)} ms: ${r.deadlineMet ? 'met' : 'MISSED'} by the makespan at SLA ${r.sla}`] : []),
    `cost         ${usd(r.costUsd)} (${r.gbSeconds.toFixed(3)} GB-s, ${r.invocations} invocations)`,
    `workers      ${r.workers}${r.assignment !== undefined ? ` (from assignment ${r.assignment})` : ''}; cold starts ${r.coldStarts}, warm starts ${r.warmStarts}`,
    `bytes moved  ${mb(r.bytesMoved)} (up ${mb(r.bytesUploaded)}, down ${mb(r.bytesDownloaded)})`,
    `critical     ${path}`,
    `platform     CPU sharing ${r.timingRules.cpuSharing} (${r.timingRules.cpuProvider}); orchestration overhead ${r.timingRules.overheadPerTaskMs.toFixed(1)} ms per task, ${r.timingRules.overheadPerRunMs.toFixed(1)} ms per run`,
  ];
  if (r.planningMs !== undefined) lines.push(`planning     ${r.planningMs.toFixed(2)} ms${r.stats ? ` ${JSON.stringify(r.stats)}` : ''}`);
  if (r.unknownPredictions > 0) lines.push(`WARNING      ${r.unknownPredictions} unknown predictions replaced by flagged fallbacks (${r.fallbacks} table cells)`);
  return lines.join('\n');
}
