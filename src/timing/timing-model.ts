/**
 * The timing model of a plan: turns a DurationTable (predicted or recorded durations at
 * every memory level) and a CompactPlan (a worker per task, a memory level per worker,
 * preload/prewarm flags) into the node and edge weights of a longest-path problem, solved
 * by `computeTiming`.
 *
 * Rules (tasks on one worker share its memory level and pass data locally):
 * - upload(v): v's output is uploaded at v's level iff some successor runs on another
 *   worker, or v is a sink (its result leaves the run). Completion C(v) includes it.
 * - start(v): a worker start is paid iff no predecessor of v runs on v's worker (so every
 *   source pays it): cold by default, warm where the plan pre-warms the worker.
 * - Without preload: ready(v) = max_u C(u) + start(v) + max over REMOTE preds u of
 *   download(u->v) at v's level (downloads run in parallel), plus for a source its external
 *   input download. Node weight W(v) = that lead + exec(v) + upload(v); edge weights 0.
 * - With preload on v: each remote download starts as soon as its producer completes:
 *   ready(v) = max_u (C(u) + a(u,v)), a(u,v) = start(v) + download(u->v) for a remote
 *   producer, 0 for a local one. The start is counted on each remote edge (conservative:
 *   a real worker pays it once, before the first download; the bound is exact when one
 *   input arrives last). W(v) = exec + upload (+ start + input download for a source).
 * - Co-located producer and consumer move no data: no upload for that edge, no download.
 * - CPU sharing (`timing-rules.ts`): a task continuing in a container from the same task
 *   as c - 1 siblings executes at cpu(m) / c vCPUs; the anchor of a continuing task is
 *   its same-worker predecessor with the largest index.
 * - Orchestration overhead (`timing-rules.ts`): `overheadPerTaskMs` in every task's lead,
 *   `overheadPerRunMs` in every source's.
 *
 * Only the tasks of worker w and their incoming edges depend on w's level (uploads, starts
 * and sibling counts depend on the worker assignment, not on levels), which is what makes
 * the incremental engine's cone small. `moveTasks` changes the assignment in place and
 * names the tasks whose weights may have changed (a bounded neighbourhood), for the
 * incremental engine's splits and merges.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import { computeTiming } from './full-pass.js';
import { ladderCpus, resolveTimingRules, sharedExecMs, type TimingRules } from './timing-rules.js';
import type { CompactPlan, DurationTable, TimingResult, TimingWeights } from './types.js';
import { knownWeights } from './weight-table.js';

/** Level-independent facts of a plan, and the weight of any task or edge at any level. */
export class TimingModel {
  readonly dag: CompactDag;
  readonly table: DurationTable;
  readonly rules: TimingRules;
  readonly workerOf: Int32Array;
  readonly prewarm: Uint8Array;
  readonly preload: Uint8Array;
  /** 1 where the task uploads its output. */
  readonly uploads: Uint8Array;
  /** 1 where the task pays a worker start. */
  readonly paysStart: Uint8Array;
  /** 1 where the edge crosses workers. */
  readonly remote: Uint8Array;
  /** Same-worker predecessor with the largest index (the container v continues), -1 when v pays a start. */
  readonly anchor: Int32Array;
  /** Tasks whose anchor is u (u's forks in its own container). */
  readonly forks: Int32Array;
  private readonly cpus: Float64Array;
  private readonly sharing: boolean;
  /** Scratch marks of `moveTasks` (allocated on the first move). */
  private mark: Int32Array | undefined;
  private generation = 0;

  /**
   * Keeps references to the plan's `workerOf` and `prewarm` (the incremental engine owns
   * them and changes them through `moveTasks`); `preload` too.
   */
  constructor(dag: CompactDag, table: DurationTable, plan: CompactPlan) {
    checkPlan(dag, table, plan);
    this.dag = dag;
    this.table = table;
    this.rules = resolveTimingRules(table.rules);
    this.cpus = ladderCpus(table.ladderMb, this.rules.cpuProvider);
    this.sharing = this.rules.cpuSharing === 'processor-sharing';
    this.workerOf = plan.workerOf;
    this.prewarm = plan.prewarm;
    this.preload = plan.preload;
    const n = dag.taskCount;
    this.uploads = new Uint8Array(n);
    this.paysStart = new Uint8Array(n);
    this.remote = new Uint8Array(dag.edgeCount);
    this.anchor = new Int32Array(n);
    this.forks = new Int32Array(n);
    for (let v = 0; v < n; v++) this.refreshIncoming(v);
    for (let v = 0; v < n; v++) this.refreshUpload(v);
    for (let v = 0; v < n; v++) if (this.anchor[v]! >= 0) this.forks[this.anchor[v]!]!++;
  }

  /** Remote flags of v's incoming edges, its start and its anchor (forks not updated). */
  private refreshIncoming(v: number): void {
    const { predStart, predTask, predEdge } = this.dag;
    const w = this.workerOf[v]!;
    let anchor = -1;
    for (let k = predStart[v]!; k < predStart[v + 1]!; k++) {
      const u = predTask[k]!;
      const local = this.workerOf[u] === w;
      this.remote[predEdge[k]!] = local ? 0 : 1;
      if (local && u > anchor) anchor = u;
    }
    this.anchor[v] = anchor;
    this.paysStart[v] = anchor === -1 ? 1 : 0;
  }

  private refreshUpload(v: number): void {
    const { succStart } = this.dag;
    let up = succStart[v] === succStart[v + 1] ? 1 : 0;
    for (let e = succStart[v]!; e < succStart[v + 1]! && up === 0; e++) if (this.remote[e] === 1) up = 1;
    this.uploads[v] = up;
  }

  /**
   * Moves `tasks` to `worker` (the caller keeps workers' level and prewarm arrays big
   * enough) and refreshes the assignment-dependent flags. Returns the tasks whose node
   * weight or incoming edge weights may have changed: the moved tasks, their predecessors
   * (uploads), their successors (starts, downloads) and the siblings of every fork whose
   * count changed. O(sum of degrees of the moved tasks and of the touched anchors).
   */
  moveTasks(tasks: ArrayLike<number>, worker: number): number[] {
    const { predStart, predTask, succStart, edgeTo } = this.dag;
    const mark = this.scratchMark();
    const generation = ++this.generation;
    const touched: number[] = [];
    const add = (v: number) => {
      if (mark[v] === generation) return;
      mark[v] = generation;
      touched.push(v);
    };
    for (let i = 0; i < tasks.length; i++) this.workerOf[tasks[i]!] = worker;
    for (let i = 0; i < tasks.length; i++) {
      const v = tasks[i]!;
      add(v);
      for (let k = predStart[v]!; k < predStart[v + 1]!; k++) add(predTask[k]!);
      for (let e = succStart[v]!; e < succStart[v + 1]!; e++) add(edgeTo[e]!);
    }
    // Incoming flags of the moved tasks and their successors (refreshing one twice is harmless).
    const anchors: number[] = [];
    const refresh = (v: number) => {
      const old = this.anchor[v]!;
      this.refreshIncoming(v);
      const now = this.anchor[v]!;
      if (old === now) return;
      if (old >= 0) {
        this.forks[old]!--;
        anchors.push(old);
      }
      if (now >= 0) {
        this.forks[now]!++;
        anchors.push(now);
      }
    };
    for (let i = 0; i < tasks.length; i++) {
      const v = tasks[i]!;
      refresh(v);
      for (let e = succStart[v]!; e < succStart[v + 1]!; e++) refresh(edgeTo[e]!);
    }
    for (const v of touched) this.refreshUpload(v);
    for (const a of anchors) {
      for (let e = succStart[a]!; e < succStart[a + 1]!; e++) {
        const s = edgeTo[e]!;
        if (this.anchor[s] === a) add(s);
      }
    }
    return touched;
  }

  private scratchMark(): Int32Array {
    if (this.mark === undefined) this.mark = new Int32Array(this.dag.taskCount);
    return this.mark;
  }

  /** Tasks sharing v's container from the same fork (1 when v pays a start or sharing is off). */
  siblingsOf(v: number): number {
    const a = this.anchor[v]!;
    return a < 0 || !this.sharing ? 1 : this.forks[a]!;
  }

  /** Execution of v at `level`, CPU sharing included. */
  execMs(v: number, level: number): number {
    const table = this.table;
    const siblings = this.siblingsOf(v);
    if (siblings <= 1) return table.execMs[v * table.levels + level]!;
    return sharedExecMs(table.execMs, v * table.levels, table.levels, this.cpus, level, siblings);
  }

  /** Worker start of task v at `level` (0 when it continues on a predecessor's worker). */
  startMs(v: number, level: number): number {
    if (this.paysStart[v] === 0) return 0;
    return this.prewarm[this.workerOf[v]!] === 1 ? this.table.warmStartMs[level]! : this.table.coldStartMs[level]!;
  }

  /** W(v) with v's worker at `level`. */
  nodeMs(v: number, level: number): number {
    const { dag, table } = this;
    const x = v * table.levels + level;
    const start = this.startMs(v, level);
    const from = dag.predStart[v]!;
    const to = dag.predStart[v + 1]!;
    let lead = 0;
    if (from === to) {
      lead = start + table.inputDownloadMs[x]!;
    } else if (this.preload[v] === 0) {
      let download = 0;
      for (let k = from; k < to; k++) {
        const e = dag.predEdge[k]!;
        if (this.remote[e] === 0) continue;
        const d = table.downloadMs[e * table.levels + level]!;
        if (d > download) download = d;
      }
      lead = start + download;
    }
    const upload = this.uploads[v] === 1 ? table.uploadMs[x]! : 0;
    const overhead = this.rules.overheadPerTaskMs + (from === to ? this.rules.overheadPerRunMs : 0);
    return overhead + lead + this.execMs(v, level) + upload;
  }

  /**
   * `nodeMs(v, l)` for every level l into `out[at + l]`, the same numbers: one scan of v's
   * incoming edges for all levels (a level's row of downloads is contiguous), where asking
   * level by level scans them L times; high in-degree tasks (a reducer's hundred inputs)
   * are refilled after every move that touches them.
   */
  nodeRow(v: number, out: Float64Array, at: number): void {
    const { dag, table } = this;
    const L = table.levels;
    const from = dag.predStart[v]!;
    const to = dag.predStart[v + 1]!;
    // out holds the lead (start + slowest download) first, then the whole weight.
    if (from === to) {
      for (let l = 0; l < L; l++) out[at + l] = this.startMs(v, l) + table.inputDownloadMs[v * L + l]!;
    } else if (this.preload[v] === 0) {
      for (let l = 0; l < L; l++) out[at + l] = 0;
      for (let k = from; k < to; k++) {
        const e = dag.predEdge[k]!;
        if (this.remote[e] === 0) continue;
        const row = e * L;
        for (let l = 0; l < L; l++) {
          const d = table.downloadMs[row + l]!;
          if (d > out[at + l]!) out[at + l] = d;
        }
      }
      for (let l = 0; l < L; l++) out[at + l] = this.startMs(v, l) + out[at + l]!;
    } else {
      for (let l = 0; l < L; l++) out[at + l] = 0;
    }
    const uploads = this.uploads[v] === 1;
    const overhead = this.rules.overheadPerTaskMs + (from === to ? this.rules.overheadPerRunMs : 0);
    for (let l = 0; l < L; l++) out[at + l] = overhead + out[at + l]! + this.execMs(v, l) + (uploads ? table.uploadMs[v * L + l]! : 0);
  }

  /** a(u,v) of edge e with its consumer's worker at `level`. */
  edgeMs(e: number, level: number): number {
    const v = this.dag.edgeTo[e]!;
    if (this.preload[v] === 0 || this.remote[e] === 0) return 0;
    return this.startMs(v, level) + this.table.downloadMs[e * this.table.levels + level]!;
  }

  /** All weights for the given worker levels. */
  weights(levelOf: Int32Array): TimingWeights {
    const { dag, workerOf } = this;
    const nodeMs = new Float64Array(dag.taskCount);
    const edgeMs = new Float64Array(dag.edgeCount);
    for (let v = 0; v < dag.taskCount; v++) nodeMs[v] = this.nodeMs(v, levelOf[workerOf[v]!]!);
    for (let e = 0; e < dag.edgeCount; e++) edgeMs[e] = this.edgeMs(e, levelOf[workerOf[dag.edgeTo[e]!]!]!);
    return { nodeMs, edgeMs };
  }
}

/** The plan must size every task and every worker from the table's ladder. */
export function checkPlan(dag: CompactDag, table: DurationTable, plan: CompactPlan): void {
  const problems: string[] = [];
  const n = dag.taskCount;
  if (plan.workerOf.length !== n) problems.push(`workerOf has ${plan.workerOf.length} entries for ${n} tasks`);
  if (plan.preload.length !== n) problems.push(`preload has ${plan.preload.length} entries for ${n} tasks`);
  if (plan.levelOf.length !== plan.workerCount) problems.push(`levelOf has ${plan.levelOf.length} entries for ${plan.workerCount} workers`);
  if (plan.prewarm.length !== plan.workerCount) problems.push(`prewarm has ${plan.prewarm.length} entries for ${plan.workerCount} workers`);
  if (table.execMs.length !== n * table.levels || table.downloadMs.length !== dag.edgeCount * table.levels) {
    problems.push(`duration table does not match the DAG (${table.execMs.length / Math.max(table.levels, 1)} tasks, ${table.downloadMs.length / Math.max(table.levels, 1)} edges)`);
  }
  for (let v = 0; v < Math.min(n, plan.workerOf.length) && problems.length < 20; v++) {
    const w = plan.workerOf[v]!;
    if (w < 0 || w >= plan.workerCount) problems.push(`task "${dag.taskIds[v]}" has worker ${w}, outside 0..${plan.workerCount - 1}`);
  }
  for (let w = 0; w < plan.levelOf.length && problems.length < 20; w++) {
    const l = plan.levelOf[w]!;
    if (l < 0 || l >= table.levels) problems.push(`worker ${w} has memory level ${l}, outside 0..${table.levels - 1}`);
  }
  if (problems.length > 0) throw new SlacklineError('timing', `invalid plan: ${problems.join('; ')}`, {}, problems);
}

/** Node and edge weights of a plan under the timing model (read from a weight table computed for the same assignment, when there is one). */
export function timingWeights(dag: CompactDag, table: DurationTable, plan: CompactPlan): TimingWeights {
  checkPlan(dag, table, plan);
  return knownWeights(dag, table, plan) ?? new TimingModel(dag, table, plan).weights(plan.levelOf);
}

/** Earliest/latest times, makespan and critical path of a plan. */
export function planTiming(dag: CompactDag, table: DurationTable, plan: CompactPlan): TimingResult {
  return computeTiming(dag, timingWeights(dag, table, plan));
}
