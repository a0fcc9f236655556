/**
 * Replay: checks the engine's predictions against what recorded runs really did.
 *
 * For every recorded run of every workflow:
 * - Recorded-times critical path: the run's own plan under the timing model, with every
 *   duration taken from the run's records (execution, uploads, downloads per edge, worker
 *   starts), and infinite parallelism. The recorded makespan is normally longer: real runs
 *   had a limited number of machines, queued tasks and scheduling overheads the model does
 *   not contain. A critical path LONGER than the recorded makespan would mean the model
 *   over-counts (a bug); a much shorter one shows how much the platform added.
 * - Leave one run out (when the workflow has >= 2 runs): fit the predictor on the other
 *   runs, simulate the plan the run used with predicted durations, and compare: makespan
 *   error, per-task execution error, whether the predicted critical path is shorter than
 *   the recorded makespan (the engine once produced critical paths that were too low) and
 *   by how much, and which funcs lack data.
 * - Orchestration overhead (issue 11): the gap between the recorded makespan and the
 *   recorded-times critical path is fitted over the runs as gap = perRun + perTask x depth
 *   (depth: tasks on the DAG's longest path by count, the levels a platform schedules one
 *   after the other), least squares with both coefficients >= 0 (through the origin when
 *   every run has the same depth, where the two cannot be told apart), with the residual.
 *   The "after" columns apply the fitted delays through the timing model's rules
 *   (`timing-rules.ts`): the recorded-times critical path and the leave-one-out prediction
 *   with the overhead. A dataset states its delays in `platform.overhead`.
 */
import { runSteps, type Steps } from '../util/steps.js';
import type { CompactDag } from '../dag/compact-dag.js';
import { taskIndexMap } from '../dag/compact-dag.js';
import type { DatasetWorkflow, RecordedRun } from '../dataset/types.js';
import type { MetricsSnapshot } from '../metrics/types.js';
import { buildDurationTable } from '../predict/duration-table.js';
import { fitPredictor, type ScalingModelId } from '../predict/fit-predictor.js';
import { DEFAULT_SCALING } from '../predict/scaling/index.js';
import type { SlaStatistic } from '../predict/types.js';
import { AWS_LAMBDA_X86_COST, type CostModel } from '../timing/cost-model.js';
import { simulatePlan } from '../simulate/simulate-plan.js';
import { computeTiming } from '../timing/full-pass.js';
import type { TimingRules } from '../timing/timing-rules.js';
import { timeGreater, timeLess } from '../timing/tolerance.js';
import type { CompactPlan } from '../timing/types.js';
import { compactWorkflow } from '../dag/compact-workflow.js';
import { appendAll } from '../util/append-all.js';

export interface ReplayOptions {
  /** Overhead to apply instead of fitting one on these runs (e.g. fitted on other datasets). */
  readonly overhead?: OverheadFit;
  /** @default 'median' */
  readonly sla?: SlaStatistic;
  /** @default 'auto' */
  readonly scaling?: ScalingModelId;
  readonly cost?: CostModel;
}

export interface LooReplay {
  readonly predictedMakespanMs: number;
  /** (predicted - recorded) / recorded, percent; null when the recorded makespan is 0 (no relative error exists). */
  readonly makespanErrorPct: number | null;
  /** Over the run's task records with a known prediction: mean and median of |predicted - recorded| / recorded, percent. */
  readonly execErrorMeanPct: number | null;
  readonly execErrorMedianPct: number | null;
  readonly tasksCompared: number;
  /** Predicted critical path (infinite workers) shorter than the recorded makespan. */
  readonly criticalPathShorter: boolean;
  /** recorded makespan - predicted critical path, ms (negative when longer). */
  readonly shortByMs: number;
  readonly shortByPct: number | null;
  /** Funcs with no execution data in the other runs (their exec time is a flagged fallback). */
  readonly funcsLackingData: readonly string[];
  /** Table cells filled by a fallback (transfers, starts or funcs without data). */
  readonly fallbacks: number;
  /** The same prediction with the fitted overhead in the timing model, when one was fitted. */
  readonly predictedWithOverheadMs?: number;
  readonly makespanErrorWithOverheadPct?: number | null;
}

/** The orchestration overhead fitted over a replay's runs. */
export interface OverheadFit {
  /** Delay once per run (before the sources), ms. */
  readonly perRunMs: number;
  /** Delay before every task (per DAG level on a path), ms. */
  readonly perTaskMs: number;
  /** 'per-run+per-level' or 'per-level' (every run had the same depth). */
  readonly model: 'per-run+per-level' | 'per-level';
  readonly runs: number;
  /** Root mean square of (gap - fitted gap), ms, and relative to the mean recorded makespan, %. */
  readonly residualRmsMs: number;
  readonly residualPct: number;
}

export interface RunReplay {
  readonly dagId: string;
  readonly workflow: string;
  readonly tasks: number;
  readonly recordedMakespanMs: number;
  /** Critical path of the run's plan with its recorded durations, infinite workers. */
  readonly recordedCriticalPathMs: number;
  /** recorded makespan - recorded-times critical path (platform overheads, limited machines). */
  readonly gapMs: number;
  readonly gapPct: number;
  /** Sum of every recorded execution, transfer and worker start: the run's time on one machine, without overheads. */
  readonly serialWorkMs: number;
  /** Tasks with no execution record in the run (counted as 0 ms). */
  readonly tasksWithoutRecord: number;
  /** Tasks on the DAG's longest path by count. */
  readonly depth: number;
  /** The recorded-times critical path with the fitted overhead applied. */
  readonly recordedCriticalPathWithOverheadMs: number;
  readonly gapWithOverheadPct: number | null;
  readonly loo: LooReplay | { readonly unavailable: string };
}

export interface WorkflowReplay {
  readonly workflow: string;
  readonly signature: string;
  readonly tasks: number;
  readonly runs: number;
  readonly recordedMakespanMs: number;
  readonly recordedCriticalPathMs: number;
  readonly serialWorkMs: number;
  readonly gapPct: number;
  /** Mean over runs; null when leave-one-out is not possible. */
  readonly looMakespanErrorPct: number | null;
  readonly looExecErrorMedianPct: number | null;
  readonly looCriticalPathShorter: number | null;
  readonly looShortByPct: number | null;
  readonly funcsLackingData: readonly string[];
  readonly note: string;
  readonly recordedCriticalPathWithOverheadMs: number;
  readonly gapWithOverheadPct: number | null;
  readonly looMakespanErrorWithOverheadPct: number | null;
}

export interface ReplayReport {
  readonly source: string;
  readonly sla: SlaStatistic;
  readonly scaling: ScalingModelId;
  readonly workflows: readonly WorkflowReplay[];
  readonly runs: readonly RunReplay[];
  readonly overhead: OverheadFit;
}

/** part / whole in percent; null where the whole is 0 (a division by zero would print Infinity or NaN). */
function percentOf(part: number, whole: number): number | null {
  return whole > 0 && Number.isFinite(part) ? (part / whole) * 100 : null;
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Where each task ran: worker (by first appearance in topological order) and memory. */
export function recordedPlan(dag: CompactDag, run: RecordedRun, ladderMb: readonly number[]): { plan: CompactPlan; workerIds: string[]; memoryOf: Float64Array } {
  const records = new Map(run.metrics.tasks.map((t) => [t.taskId, t]));
  const workerIndex = new Map<string, number>();
  const workerIds: string[] = [];
  const workerOf = new Int32Array(dag.taskCount);
  const memoryOf = new Float64Array(dag.taskCount);
  const levels: number[] = [];
  for (let i = 0; i < dag.taskCount; i++) {
    const id = dag.taskIds[i]!;
    const planned = run.plan[id] ?? (records.get(id) ? { workerId: records.get(id)!.workerId, memoryMb: records.get(id)!.memoryMb } : undefined);
    const workerId = planned?.workerId ?? `unplanned:${id}`;
    const memoryMb = planned?.memoryMb ?? ladderMb[0]!;
    let w = workerIndex.get(workerId);
    if (w === undefined) {
      w = workerIds.length;
      workerIndex.set(workerId, w);
      workerIds.push(workerId);
      const level = ladderMb.indexOf(memoryMb);
      levels.push(level >= 0 ? level : nearestLevel(ladderMb, memoryMb));
    }
    workerOf[i] = w;
    memoryOf[i] = memoryMb;
  }
  const prewarmIds = new Set(run.metrics.workerStarts.filter((s) => s.kind === 'warm').map((s) => s.workerId));
  const plan: CompactPlan = {
    workerCount: workerIds.length,
    workerOf,
    levelOf: Int32Array.from(levels),
    prewarm: Uint8Array.from(workerIds, (id) => (prewarmIds.has(id) ? 1 : 0)),
    preload: new Uint8Array(dag.taskCount),
  };
  return { plan, workerIds, memoryOf };
}

function nearestLevel(ladderMb: readonly number[], memoryMb: number): number {
  let best = 0;
  for (let l = 1; l < ladderMb.length; l++) if (Math.abs(ladderMb[l]! - memoryMb) < Math.abs(ladderMb[best]! - memoryMb)) best = l;
  return best;
}

/**
 * The timing model (without preload) with the run's recorded durations: node weight =
 * worker start (when no predecessor shares the worker) + slowest remote download (or the
 * source's external input) + execution + upload; infinite workers.
 */
export function recordedCriticalPath(dag: CompactDag, run: RecordedRun, plan: CompactPlan, workerIds: readonly string[], overhead: Pick<TimingRules, 'overheadPerTaskMs' | 'overheadPerRunMs'> = { overheadPerTaskMs: 0, overheadPerRunMs: 0 }): { makespanMs: number; tasksWithoutRecord: number } {
  const index = taskIndexMap(dag);
  const n = dag.taskCount;
  const exec = new Float64Array(n).fill(Number.NaN);
  const upload = new Float64Array(n);
  const input = new Float64Array(n);
  const download = new Map<number, number>(); // consumer * n + producer (indices: no string keys per edge)
  for (const t of run.metrics.tasks) {
    const i = index.get(t.taskId);
    if (i !== undefined) exec[i] = (Number.isNaN(exec[i]!) ? 0 : exec[i]!) + t.execMs;
  }
  for (const x of run.metrics.transfers) {
    const i = index.get(x.taskId);
    if (i === undefined) continue;
    if (x.direction === 'upload') upload[i] = upload[i]! + x.ms;
    else if (x.peerTaskId === undefined) input[i] = input[i]! + x.ms;
    else {
      const producer = index.get(x.peerTaskId);
      if (producer === undefined) continue; // no edge of the DAG reads it
      const key = i * n + producer;
      download.set(key, (download.get(key) ?? 0) + x.ms);
    }
  }
  const startOf = new Map<string, number>();
  for (const s of run.metrics.workerStarts) if (!startOf.has(s.workerId)) startOf.set(s.workerId, s.ms);
  const nodeMs = new Float64Array(n);
  let tasksWithoutRecord = 0;
  for (let v = 0; v < n; v++) {
    let sharesWorker = false;
    let slowestDownload = 0;
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) {
      const u = dag.predTask[k]!;
      if (plan.workerOf[u] === plan.workerOf[v]) sharesWorker = true;
      else slowestDownload = Math.max(slowestDownload, download.get(v * n + u) ?? 0);
    }
    const start = sharesWorker ? 0 : (startOf.get(workerIds[plan.workerOf[v]!]!) ?? 0);
    if (Number.isNaN(exec[v]!)) tasksWithoutRecord++;
    const delay = overhead.overheadPerTaskMs + (dag.predStart[v] === dag.predStart[v + 1] ? overhead.overheadPerRunMs : 0);
    nodeMs[v] = delay + start + slowestDownload + input[v]! + (Number.isNaN(exec[v]!) ? 0 : exec[v]!) + upload[v]!;
  }
  const timing = computeTiming(dag, { nodeMs, edgeMs: new Float64Array(dag.edgeCount) });
  return { makespanMs: timing.makespanMs, tasksWithoutRecord };
}

function looReplay(dag: CompactDag, run: RecordedRun, plan: CompactPlan, others: readonly RecordedRun[], ladderMb: readonly number[], options: Required<Omit<ReplayOptions, 'overhead'>>, overhead: OverheadFit): LooReplay {
  const predictor = fitPredictor(others, { sla: options.sla, scaling: options.scaling });
  const { table, unknowns, fallbacks } = buildDurationTable(dag, predictor, ladderMb, 'fallback');
  const report = simulatePlan(dag, table, plan, options.cost);
  const withOverhead = simulatePlan(dag, { ...table, rules: { ...table.rules, overheadPerTaskMs: overhead.perTaskMs, overheadPerRunMs: overhead.perRunMs } }, plan, options.cost).makespanMs;
  const errors: number[] = [];
  for (const t of run.metrics.tasks) {
    if (!(t.execMs > 0)) continue;
    const p = predictor.exec(t.func, t.inputBytes, t.memoryMb);
    if (!p.known || p.fallback !== undefined) continue;
    errors.push((Math.abs(p.value - t.execMs) / t.execMs) * 100);
  }
  const shortByMs = run.makespanMs - report.makespanMs;
  return {
    predictedMakespanMs: report.makespanMs,
    makespanErrorPct: percentOf(report.makespanMs - run.makespanMs, run.makespanMs),
    execErrorMeanPct: mean(errors),
    execErrorMedianPct: median(errors),
    tasksCompared: errors.length,
    criticalPathShorter: timeLess(report.makespanMs, run.makespanMs),
    shortByMs,
    shortByPct: percentOf(shortByMs, run.makespanMs),
    funcsLackingData: [...new Set(unknowns.filter((u) => u.what === 'exec').map((u) => u.func))].sort(),
    fallbacks,
    predictedWithOverheadMs: withOverhead,
    makespanErrorWithOverheadPct: percentOf(withOverhead - run.makespanMs, run.makespanMs),
  };
}

/** Tasks on the longest path by count (the DAG's levels). */
export function dagDepth(dag: CompactDag): number {
  const depth = new Int32Array(dag.taskCount);
  let deepest = 0;
  for (let v = 0; v < dag.taskCount; v++) {
    let d = 0;
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) d = Math.max(d, depth[dag.predTask[k]!]!);
    depth[v] = d + 1;
    deepest = Math.max(deepest, d + 1);
  }
  return deepest;
}

/**
 * Least squares of gap = perRun + perTask x depth over the points, both >= 0: when every
 * point has the same depth, perRun = 0 and perTask through the origin (the two cannot be
 * told apart); a negative coefficient is set to 0 and the other refitted.
 */
export function fitOverhead(points: readonly { gapMs: number; depth: number; makespanMs: number }[]): OverheadFit {
  const n = points.length;
  if (n === 0) return { perRunMs: 0, perTaskMs: 0, model: 'per-level', runs: 0, residualRmsMs: 0, residualPct: 0 };
  const gaps = points.map((p) => Math.max(0, p.gapMs));
  const meanDepth = points.reduce((a, p) => a + p.depth, 0) / n;
  const meanGap = gaps.reduce((a, g) => a + g, 0) / n;
  const sdd = points.reduce((a, p) => a + (p.depth - meanDepth) ** 2, 0);
  const throughOrigin = () => {
    const dd = points.reduce((a, p) => a + p.depth * p.depth, 0);
    return { perRunMs: 0, perTaskMs: dd > 0 ? Math.max(0, points.reduce((a, p, i) => a + p.depth * gaps[i]!, 0) / dd) : 0 };
  };
  let fit: { perRunMs: number; perTaskMs: number };
  let model: OverheadFit['model'] = 'per-run+per-level';
  if (sdd <= 1e-12) {
    fit = throughOrigin();
    model = 'per-level';
  } else {
    const slope = points.reduce((a, p, i) => a + (p.depth - meanDepth) * (gaps[i]! - meanGap), 0) / sdd;
    const intercept = meanGap - slope * meanDepth;
    if (slope < 0) fit = { perRunMs: meanGap, perTaskMs: 0 };
    else if (intercept < 0) {
      fit = throughOrigin();
      model = 'per-level';
    } else fit = { perRunMs: intercept, perTaskMs: slope };
  }
  const residuals = points.map((p, i) => gaps[i]! - (fit.perRunMs + fit.perTaskMs * p.depth));
  const residualRmsMs = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / n);
  const meanMakespan = points.reduce((a, p) => a + p.makespanMs, 0) / n;
  return { ...fit, model, runs: n, residualRmsMs, residualPct: meanMakespan > 0 ? (residualRmsMs / meanMakespan) * 100 : 0 };
}

export function ladderOfRuns(runs: readonly RecordedRun[]): number[] {
  const sizes = new Set<number>();
  for (const run of runs) {
    for (const p of Object.values(run.plan)) sizes.add(p.memoryMb);
    for (const t of run.metrics.tasks) sizes.add(t.memoryMb);
  }
  return [...sizes].filter((m) => m > 0 && Number.isFinite(m)).sort((a, b) => a - b);
}

export function signatureOfRun(run: RecordedRun): string {
  return run.dagId.slice(run.dagId.lastIndexOf('_') + 1);
}

export function replaySnapshot(source: string, snapshot: MetricsSnapshot, options: ReplayOptions = {}): ReplayReport {
  return runSteps(replaySnapshotInSteps(source, snapshot, options));
}

/** `replaySnapshot` yielding after each run's replay (`util/steps.ts`: the sweep computes the report's replay between its jobs). */
export function* replaySnapshotInSteps(source: string, snapshot: MetricsSnapshot, options: ReplayOptions = {}): Steps<ReplayReport> {
  const resolved: Required<Omit<ReplayOptions, 'overhead'>> = { sla: options.sla ?? 'median', scaling: options.scaling ?? DEFAULT_SCALING, cost: options.cost ?? AWS_LAMBDA_X86_COST };
  const groups: { workflow: (typeof snapshot.workflows)[number]; own: RecordedRun[]; dag: CompactDag; ladderMb: number[]; depth: number; recorded: RecordedReplay[] }[] = [];
  for (const workflow of snapshot.workflows) {
    const own = snapshot.runs.filter((run) => signatureOfRun(run) === workflow.signature);
    if (own.length === 0) continue;
    const dag = compactWorkflow(workflow as DatasetWorkflow);
    const ladderMb = ladderOfRuns(own);
    // Each run's plan and recorded-times critical path, once: the overhead fit and the run's replay both read them.
    const recorded = own.map((run) => {
      const { plan, workerIds } = recordedPlan(dag, run, ladderMb);
      return { plan, workerIds, criticalPath: recordedCriticalPath(dag, run, plan, workerIds) };
    });
    groups.push({ workflow, own, dag, ladderMb, depth: dagDepth(dag), recorded });
  }
  // The overhead is fitted first, on every run's gap, then applied in the "after" columns.
  const points = groups.flatMap(({ own, depth, recorded }) => own.map((run, i) => ({ gapMs: run.makespanMs - recorded[i]!.criticalPath.makespanMs, depth, makespanMs: run.makespanMs })));
  const overhead = options.overhead ?? fitOverhead(points);
  const runs: RunReplay[] = [];
  const workflows: WorkflowReplay[] = [];
  for (const { workflow, own, dag, ladderMb, depth, recorded } of groups) {
    const replays: RunReplay[] = [];
    for (let i = 0; i < own.length; i++) {
      replays.push(replayRun(dag, depth, workflow, own[i]!, recorded[i]!, own, ladderMb, resolved, overhead));
      yield;
    }
    appendAll(runs, replays);
    workflows.push(summarizeWorkflow(workflow, replays));
  }
  return { source, sla: resolved.sla, scaling: resolved.scaling, workflows, runs, overhead };
}

/** A run's recorded plan and the critical path of its recorded times (no overhead). */
interface RecordedReplay {
  readonly plan: CompactPlan;
  readonly workerIds: string[];
  readonly criticalPath: { makespanMs: number; tasksWithoutRecord: number };
}

function replayRun(dag: CompactDag, depth: number, workflow: DatasetWorkflow, run: RecordedRun, recorded: RecordedReplay, all: readonly RecordedRun[], ladderMb: readonly number[], options: Required<Omit<ReplayOptions, 'overhead'>>, overhead: OverheadFit): RunReplay {
  const { plan, workerIds, criticalPath: cp } = recorded;
  const withOverhead = recordedCriticalPath(dag, run, plan, workerIds, { overheadPerTaskMs: overhead.perTaskMs, overheadPerRunMs: overhead.perRunMs }).makespanMs;
  const others = all.filter((r) => r !== run);
  const gapMs = run.makespanMs - cp.makespanMs;
  return {
    depth,
    recordedCriticalPathWithOverheadMs: withOverhead,
    gapWithOverheadPct: percentOf(run.makespanMs - withOverhead, run.makespanMs),
    dagId: run.dagId,
    workflow: workflow.name,
    tasks: dag.taskCount,
    recordedMakespanMs: run.makespanMs,
    recordedCriticalPathMs: cp.makespanMs,
    gapMs,
    gapPct: run.makespanMs > 0 ? (gapMs / run.makespanMs) * 100 : 0,
    serialWorkMs: serialWork(run),
    tasksWithoutRecord: cp.tasksWithoutRecord,
    loo: others.length === 0 ? { unavailable: 'one recorded run only: leave-one-out prediction needs at least 2 runs' } : looReplay(dag, run, plan, others, ladderMb, options, overhead),
  };
}

function serialWork(run: RecordedRun): number {
  let total = 0;
  for (const t of run.metrics.tasks) total += t.execMs;
  for (const x of run.metrics.transfers) total += x.ms;
  for (const w of run.metrics.workerStarts) total += w.ms;
  return total;
}

function summarizeWorkflow(workflow: DatasetWorkflow, replays: readonly RunReplay[]): WorkflowReplay {
  const loo = replays.map((r) => r.loo).filter((l): l is LooReplay => !('unavailable' in l));
  const lacking = [...new Set(loo.flatMap((l) => l.funcsLackingData))].sort();
  const gap = mean(replays.map((r) => r.gapPct))!;
  const over = replays.filter((r) => timeGreater(r.recordedCriticalPathMs, r.recordedMakespanMs)).length;
  const notes: string[] = [];
  if (loo.length === 0) notes.push('1 run: no leave-one-out');
  if (over > 0) notes.push(`${over} run(s) with a recorded-times critical path above the recorded makespan`);
  const missing = replays.reduce((a, r) => a + r.tasksWithoutRecord, 0);
  if (missing > 0) notes.push(`${missing} task(s) without an execution record`);
  const overheadBound = replays.filter((r) => timeLess(r.serialWorkMs, r.recordedMakespanMs)).length;
  if (overheadBound > 0) notes.push(`${overheadBound === replays.length ? 'every run' : `${overheadBound} run(s)`}: recorded makespan above the serial work (overheads, not parallelism, explain the gap)`);
  return {
    workflow: workflow.name,
    signature: workflow.signature,
    tasks: workflow.tasks.length,
    runs: replays.length,
    recordedMakespanMs: mean(replays.map((r) => r.recordedMakespanMs))!,
    recordedCriticalPathMs: mean(replays.map((r) => r.recordedCriticalPathMs))!,
    serialWorkMs: mean(replays.map((r) => r.serialWorkMs))!,
    gapPct: gap,
    looMakespanErrorPct: mean(loo.map((l) => l.makespanErrorPct).filter((v): v is number => v !== null)),
    looExecErrorMedianPct: mean(loo.map((l) => l.execErrorMedianPct).filter((v): v is number => v !== null)),
    looCriticalPathShorter: loo.length === 0 ? null : loo.filter((l) => l.criticalPathShorter).length,
    looShortByPct: mean(loo.map((l) => l.shortByPct).filter((v): v is number => v !== null)),
    funcsLackingData: lacking,
    note: notes.join('; '),
    recordedCriticalPathWithOverheadMs: mean(replays.map((r) => r.recordedCriticalPathWithOverheadMs))!,
    gapWithOverheadPct: mean(replays.map((r) => r.gapWithOverheadPct).filter((v): v is number => v !== null)),
    looMakespanErrorWithOverheadPct: mean(loo.map((l) => l.makespanErrorWithOverheadPct).filter((v): v is number => v !== undefined && v !== null)),
  };
}

/**
 * The summary as a markdown table, one line per workflow. `work / makespan` is the average
 * parallelism the real run achieved (serial work over recorded makespan); below 1, the run
 * spent longer than its work would take on one machine: overheads, not parallelism.
 */
export function replayMarkdown(report: ReplayReport): string {
  const f = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));
  const header = ['workflow', 'tasks', 'runs', 'recorded makespan ms', 'recorded-times CP ms', 'serial work ms', 'work / makespan', 'gap %', 'CP + overhead ms', 'gap after %', 'LOO makespan error %', 'LOO error after %', 'LOO exec error (median) %', 'LOO CP < recorded', 'LOO short by %', 'funcs lacking data', 'note'];
  const rows = report.workflows.map((w) => [
    w.workflow,
    String(w.tasks),
    String(w.runs),
    f(w.recordedMakespanMs, 0),
    f(w.recordedCriticalPathMs, 0),
    f(w.serialWorkMs, 0),
    w.recordedMakespanMs > 0 ? f(w.serialWorkMs / w.recordedMakespanMs, 2) : '-',
    f(w.gapPct),
    f(w.recordedCriticalPathWithOverheadMs, 0),
    f(w.gapWithOverheadPct),
    f(w.looMakespanErrorPct),
    f(w.looMakespanErrorWithOverheadPct),
    f(w.looExecErrorMedianPct),
    w.looCriticalPathShorter === null ? '-' : `${w.looCriticalPathShorter}/${w.runs}`,
    f(w.looShortByPct),
    w.funcsLackingData.length === 0 ? '-' : w.funcsLackingData.join(', '),
    w.note || '-',
  ]);
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const o = report.overhead;
  const fitted = `Orchestration overhead fitted over ${o.runs} run(s) (${o.model}): ${o.perRunMs.toFixed(1)} ms per run + ${o.perTaskMs.toFixed(1)} ms per DAG level; residual RMS ${o.residualRmsMs.toFixed(0)} ms (${o.residualPct.toFixed(1)} % of the mean makespan).`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line), '', fitted].join('\n');
}
