/**
 * Incremental critical path: keeps the earliest times and the tails of a plan's timing
 * while workers change memory level, re-propagating only the affected cone.
 *
 * State (all typed arrays): node/edge weights of the timing model, ES and EF of every task,
 * and `after(v)`, the longest path from v's finish to the end of the run. Latest times are
 * derived: LF = M - after, LS = LF - node, slack = LS - ES. Tails do not depend on the
 * makespan M, so a change of M shifts every latest time without any work.
 *
 * `setWorkerLevel(w, level)`: only w's tasks and their incoming edges change weight (see
 * `timing-model.ts`). Forward: a min-queue of topological indices seeded with w's tasks
 * recomputes ES/EF and pushes successors only where EF moved by more than
 * TIME_EPSILON_MS. Backward: a queue popping the largest index, seeded with the
 * predecessors of w's tasks, recomputes `after` and pushes predecessors only where it moved.
 * Index order means every task is recomputed after all of its changed inputs. A change
 * within the tolerance keeps the stored value (what the neighbours saw), so errors do not
 * accumulate across updates. The makespan is the root of a max-tournament tree over the
 * sinks' EF: O(log #sinks) per changed sink.
 *
 * `whatIf(w, level)` answers without changing state, in O(degree of w's tasks) when it can
 * be exact: w's tasks are "closed" (no path leaves w's tasks and comes back, so their
 * outside predecessors and successors keep their times; checked once per worker with a
 * bounded search and cached) and either no task of w is critical (then a critical path
 * avoids them and stays) or no weight decreases (paths only lengthen). New heads and tails
 * of w's tasks then give the new makespan exactly. Otherwise it applies the change with a
 * journal of every overwritten value and rolls it back (cost: the affected cone; O(n) if
 * the makespan shrinks, since every slack moves). `stats` counts both paths.
 *
 * `moveTasks(tasks, worker)` changes the assignment (a split: tasks move to an empty worker
 * from `freeWorker()`; a merge: to an existing one). The timing model refreshes the flags
 * that depend on the assignment and names the tasks whose weights may change (the moved
 * tasks, their predecessors' uploads, their successors' starts and downloads, the
 * siblings of a fork whose count changed); only those are re-weighted and the cone is
 * re-propagated as for a level change. `whatIfMove` applies with the journal and rolls
 * back (assignment flags included). Worker ids go up to the task count; `plan()` numbers
 * the non-empty workers 0..W-1 in id order.
 *
 * Reference for the heap-ordered propagation: Ramalingam & Reps, "On the computational
 * complexity of dynamic graph problems" (1996), bounded incremental evaluation.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import { headOf, latestTimes, longestPaths, tailOf } from './full-pass.js';
import { IndexQueue } from './index-queue.js';
import { TimingModel } from './timing-model.js';
import { TIME_EPSILON_MS, timeEqual, timeGreater, timeLess } from './tolerance.js';
import type { CompactPlan, DurationTable, TimingResult, TimingWeights } from './types.js';
import { walkCriticalPath } from './walk-critical-path.js';

/** Answer of `whatIf`: the change is NOT applied. */
export interface WhatIf {
  /** Makespan after the change. */
  readonly makespanMs: number;
  /** New makespan > current + TIME_EPSILON_MS. */
  readonly lengthensMakespan: boolean;
  /** Lengthens the makespan, or some task now with slack > tolerance would have slack <= tolerance. */
  readonly createsCriticalPath: boolean;
  /** Max over the worker's tasks of (new EF - current LF); negative = slack left (margins for planners); -Infinity for a worker without tasks. */
  readonly maxFinishOverLatestMs: number;
}

/** Work counters, for tests and benchmarks. */
export interface IncrementalStats {
  updates: number;
  forwardVisits: number;
  backwardVisits: number;
  fastWhatIfs: number;
  appliedWhatIfs: number;
}

/** Bound on the search proving a worker's tasks closed; beyond it `whatIf` applies and reverts. */
const CLOSED_SEARCH_BUDGET = 4096;

// Local aliases: hot loops call these per task (one module-level binding, no re-export look-up).
const equal = timeEqual;
const EPSILON = TIME_EPSILON_MS;

const ES = 0;
const EF = 1;
const AFTER = 2;
const NODE = 3;
const EDGE = 4;
const TREE = 5;

export class IncrementalTiming {
  readonly stats: IncrementalStats = { updates: 0, forwardVisits: 0, backwardVisits: 0, fastWhatIfs: 0, appliedWhatIfs: 0 };
  private readonly dag: CompactDag;
  private readonly model: TimingModel;
  private readonly workerOf: Int32Array;
  private readonly levels: Int32Array;
  private readonly prewarm: Uint8Array;
  /** Levels and prewarm flags are allocated for this many worker ids. */
  private readonly capacity: number;
  private readonly preload: Uint8Array;
  private readonly nodeMs: Float64Array;
  private readonly edgeMs: Float64Array;
  private readonly es: Float64Array;
  private readonly ef: Float64Array;
  private readonly after: Float64Array;
  /** Tasks of worker w in increasing index (empty for a free worker). */
  private readonly members: number[][];
  private activeWorkers: number;
  private freeHint = 0;
  private visitCount = 0;
  /** Max-tournament tree over the sinks' EF: leaves at `treeBase + slot`, root at 1. */
  private readonly sinkSlot: Int32Array;
  private readonly tree: Float64Array;
  private readonly treeBase: number;
  private readonly forward: IndexQueue;
  private readonly backward: IndexQueue;
  /** Scratch for `whatIf` (indexed by task / edge; only entries of the worker's tasks are meaningful). */
  private readonly newNode: Float64Array;
  private readonly newEdge: Float64Array;
  private readonly newEf: Float64Array;
  private readonly newAfter: Float64Array;
  /** Per worker: 0 not known yet, 1 closed, 2 not proven closed. */
  private readonly closed: Int8Array;
  private readonly stamp: Int32Array;
  private stampGeneration = 0;
  private readonly arrays: Float64Array[];
  private journaling = false;
  private readonly journalKind: number[] = [];
  private readonly journalIndex: number[] = [];
  private readonly journalOld: number[] = [];

  constructor(dag: CompactDag, table: DurationTable, plan: CompactPlan) {
    this.dag = dag;
    const n = dag.taskCount;
    const workers = plan.workerCount;
    this.capacity = Math.max(n, workers);
    this.workerOf = Int32Array.from(plan.workerOf);
    this.levels = new Int32Array(this.capacity);
    this.levels.set(plan.levelOf.subarray(0, workers));
    this.prewarm = new Uint8Array(this.capacity);
    this.prewarm.set(plan.prewarm.subarray(0, workers));
    this.preload = Uint8Array.from(plan.preload);
    this.model = new TimingModel(dag, table, { workerCount: this.capacity, workerOf: this.workerOf, levelOf: this.levels, prewarm: this.prewarm, preload: this.preload });
    const weights = this.model.weights(this.levels);
    this.nodeMs = weights.nodeMs;
    this.edgeMs = weights.edgeMs;
    const passes = longestPaths(dag, weights);
    this.es = passes.earliestStart;
    this.ef = passes.earliestFinish;
    this.after = passes.after;

    this.members = Array.from({ length: this.capacity }, () => [] as number[]);
    for (let v = 0; v < n; v++) this.members[this.workerOf[v]!]!.push(v);
    this.activeWorkers = 0;
    for (let w = 0; w < this.capacity; w++) if (this.members[w]!.length > 0) this.activeWorkers++;

    this.sinkSlot = new Int32Array(n).fill(-1);
    let sinks = 0;
    for (let v = 0; v < n; v++) if (dag.succStart[v] === dag.succStart[v + 1]) this.sinkSlot[v] = sinks++;
    let base = 1;
    while (base < sinks) base *= 2;
    this.treeBase = base;
    this.tree = new Float64Array(2 * base).fill(-Infinity);
    for (let v = 0; v < n; v++) if (this.sinkSlot[v]! >= 0) this.tree[base + this.sinkSlot[v]!] = this.ef[v]!;
    for (let i = base - 1; i >= 1; i--) this.tree[i] = Math.max(this.tree[2 * i]!, this.tree[2 * i + 1]!);

    this.forward = new IndexQueue(n);
    this.backward = new IndexQueue(n);
    this.newNode = new Float64Array(n);
    this.newEdge = new Float64Array(dag.edgeCount);
    this.newEf = new Float64Array(n);
    this.newAfter = new Float64Array(n);
    this.closed = new Int8Array(this.capacity);
    this.stamp = new Int32Array(n);
    this.arrays = [this.es, this.ef, this.after, this.nodeMs, this.edgeMs, this.tree];
  }

  /** Current makespan (0 for an empty DAG). */
  get makespanMs(): number {
    return this.dag.taskCount === 0 ? 0 : this.tree[1]!;
  }

  /** Slack of task i under the current levels. */
  slackMs(i: number): number {
    return this.makespanMs - this.after[i]! - this.nodeMs[i]! - this.es[i]!;
  }

  /** Worker of task i (a task's memory is its worker's: change it with `setWorkerLevel(workerOfTask(i), level)`). */
  workerOfTask(i: number): number {
    return this.workerOf[i]!;
  }

  levelOf(worker: number): number {
    this.checkWorker(worker);
    return this.levels[worker]!;
  }

  /** A copy of the plan with the current levels; non-empty workers renumbered 0..W-1 in id order. */
  plan(): CompactPlan {
    const renumber = new Int32Array(this.capacity).fill(-1);
    let count = 0;
    for (let w = 0; w < this.capacity; w++) if (this.members[w]!.length > 0) renumber[w] = count++;
    const levelOf = new Int32Array(count);
    const prewarm = new Uint8Array(count);
    for (let w = 0; w < this.capacity; w++) {
      const r = renumber[w]!;
      if (r < 0) continue;
      levelOf[r] = this.levels[w]!;
      prewarm[r] = this.prewarm[w]!;
    }
    const workerOf = Int32Array.from(this.workerOf, (w) => renumber[w]!);
    return { workerCount: count, workerOf, levelOf, prewarm, preload: Uint8Array.from(this.preload) };
  }

  /** Tasks visited by every propagation so far, what-if trials included (a work meter for searches). */
  get visits(): number {
    return this.visitCount;
  }

  /** Number of non-empty workers. */
  get workerCount(): number {
    return this.activeWorkers;
  }

  /** Tasks of worker w in increasing index (do not modify). */
  tasksOf(worker: number): readonly number[] {
    this.checkWorker(worker);
    return this.members[worker]!;
  }

  /** An empty worker id (the smallest), for a split; set its level before moving tasks to it. -1 when none is left. */
  freeWorker(): number {
    // Every id below the hint is in use (the hint moves back when a worker empties).
    while (this.freeHint < this.capacity && this.members[this.freeHint]!.length > 0) this.freeHint++;
    return this.freeHint < this.capacity ? this.freeHint : -1;
  }

  /** Copies of the current weights. */
  weights(): TimingWeights {
    return { nodeMs: this.nodeMs.slice(), edgeMs: this.edgeMs.slice() };
  }

  /** Full timing result under the current levels: O(V) to copy, plus the critical path walk. */
  result(): TimingResult {
    const makespanMs = this.makespanMs;
    const { latestStart, latestFinish } = latestTimes(this.nodeMs, this.after, makespanMs);
    const criticalPath = walkCriticalPath(this.dag, this.edgeMs, this.es, this.ef, makespanMs);
    return { makespanMs, earliestStart: this.es.slice(), earliestFinish: this.ef.slice(), latestStart, latestFinish, criticalPath };
  }

  /** Moves worker `worker` to memory level `level` and re-propagates the affected cone. */
  setWorkerLevel(worker: number, level: number): void {
    this.checkWorker(worker);
    this.checkLevel(level);
    if (this.levels[worker] === level) return;
    this.levels[worker] = level;
    this.stats.updates++;
    const { dag, model, nodeMs, edgeMs, forward, backward } = this;
    const { predStart, predTask, predEdge } = dag;
    const n = dag.taskCount;
    for (const c of this.members[worker]!) {
      this.set(NODE, nodeMs, c, model.nodeMs(c, level));
      for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
        const e = predEdge[p]!;
        this.set(EDGE, edgeMs, e, model.edgeMs(e, level));
        backward.push(n - 1 - predTask[p]!);
      }
      forward.push(c);
    }
    this.propagate();
  }

  /** Re-propagates from the queued tasks: forward through descendants, backward through ancestors. */
  private propagate(): void {
    const { dag, nodeMs, edgeMs, es, ef, after, forward, backward } = this;
    const { predStart, predTask, succStart, edgeTo } = dag;
    const n = dag.taskCount;

    // Forward: earliest times of the descendants, smallest index first.
    for (let v = forward.pop(); v >= 0; v = forward.pop()) {
      this.stats.forwardVisits++;
      this.visitCount++;
      const start = headOf(dag, v, ef, edgeMs);
      const finish = start + nodeMs[v]!;
      const finishMoved = !equal(finish, ef[v]!);
      if (!finishMoved && equal(start, es[v]!)) continue;
      this.set(ES, es, v, start);
      this.set(EF, ef, v, finish);
      if (this.sinkSlot[v]! >= 0) this.updateSink(v);
      if (finishMoved) for (let e = succStart[v]!; e < succStart[v + 1]!; e++) forward.push(edgeTo[e]!);
    }

    // Backward: tails of the ancestors, largest index first.
    for (let x = backward.pop(); x >= 0; x = backward.pop()) {
      const v = n - 1 - x;
      this.stats.backwardVisits++;
      this.visitCount++;
      const tail = tailOf(dag, v, nodeMs, edgeMs, after);
      if (equal(tail, after[v]!)) continue;
      this.set(AFTER, after, v, tail);
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) backward.push(n - 1 - predTask[p]!);
    }
  }

  /** What `setWorkerLevel(worker, level)` would do to the makespan and the critical paths; state is unchanged. */
  whatIf(worker: number, level: number): WhatIf {
    this.checkWorker(worker);
    this.checkLevel(level);
    const { dag, model, workerOf, nodeMs, edgeMs, ef, after, newNode, newEdge, newEf, newAfter } = this;
    const { predStart, predTask, predEdge, succStart, edgeTo } = dag;
    const M = this.makespanMs;
    const tasks = this.members[worker]!;
    const from = 0;
    const to = tasks.length;
    if (this.levels[worker] === level) {
      let over = -Infinity;
      for (let k = from; k < to; k++) {
        const c = tasks[k]!;
        over = Math.max(over, ef[c]! - (M - after[c]!));
      }
      this.stats.fastWhatIfs++;
      return { makespanMs: M, lengthensMakespan: false, createsCriticalPath: false, maxFinishOverLatestMs: over };
    }

    let decreased = false;
    let critical = false;
    for (let k = from; k < to; k++) {
      const c = tasks[k]!;
      const w = model.nodeMs(c, level);
      newNode[c] = w;
      if (timeLess(w, nodeMs[c]!)) decreased = true;
      if (this.slackMs(c) <= EPSILON) critical = true;
      for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
        const e = predEdge[p]!;
        const a = model.edgeMs(e, level);
        newEdge[e] = a;
        if (timeLess(a, edgeMs[e]!)) decreased = true;
      }
    }
    if ((critical && decreased) || !this.isClosed(worker)) return this.whatIfByApplying(worker, level);

    // New heads in increasing index, new tails in decreasing index: outside neighbours keep their times (closed worker).
    for (let k = from; k < to; k++) {
      const c = tasks[k]!;
      let start = 0;
      for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
        const u = predTask[p]!;
        const t = (workerOf[u] === worker ? newEf[u]! : ef[u]!) + newEdge[predEdge[p]!]!;
        if (t > start) start = t;
      }
      newEf[c] = start + newNode[c]!;
    }
    for (let k = to - 1; k >= from; k--) {
      const c = tasks[k]!;
      let tail = 0;
      for (let e = succStart[c]!; e < succStart[c + 1]!; e++) {
        const x = edgeTo[e]!;
        const t = workerOf[x] === worker ? newEdge[e]! + newNode[x]! + newAfter[x]! : edgeMs[e]! + nodeMs[x]! + after[x]!;
        if (t > tail) tail = t;
      }
      newAfter[c] = tail;
    }
    let makespan = M;
    let over = -Infinity;
    for (let k = from; k < to; k++) {
      const c = tasks[k]!;
      const through = newEf[c]! + newAfter[c]!;
      if (through > makespan) makespan = through;
      over = Math.max(over, newEf[c]! - (M - after[c]!));
    }
    const lengthensMakespan = timeGreater(makespan, M);
    let createsCriticalPath = lengthensMakespan;
    if (!createsCriticalPath) {
      let ambiguous = false;
      for (let k = from; k < to && !createsCriticalPath; k++) {
        const c = tasks[k]!;
        if (newEf[c]! + newAfter[c]! < makespan - EPSILON) continue;
        if (this.slackMs(c) > EPSILON) createsCriticalPath = true;
        else ambiguous = true; // already critical: its neighbours might become critical too
      }
      if (!createsCriticalPath && ambiguous) return this.whatIfByApplying(worker, level);
    }
    this.stats.fastWhatIfs++;
    return { makespanMs: makespan, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs: over };
  }

  /** Exact `whatIf` by applying the change with a journal and rolling it back. */
  private whatIfByApplying(worker: number, level: number): WhatIf {
    const oldLevel = this.levels[worker]!;
    return this.measureApplied(
      this.members[worker]!,
      () => this.setWorkerLevel(worker, level),
      () => {
        this.levels[worker] = oldLevel;
      },
      true,
    );
  }

  /**
   * Applies `apply` with the journal on, measures, rolls the times back and calls `revert`
   * (which restores what the journal does not hold: levels, the assignment). `over` is
   * measured on `watched` (their tasks at the time of the call). `criticalCheck` false
   * skips the slack comparison (createsCriticalPath is then only "lengthens").
   */
  private measureApplied(watched: readonly number[], apply: () => void, revert: () => void, criticalCheck: boolean): WhatIf {
    this.stats.appliedWhatIfs++;
    const n = this.dag.taskCount;
    const M = this.makespanMs;
    const watchedNow = watched.slice();
    const latestFinish = this.newAfter; // scratch: current LF of the watched tasks
    for (const c of watchedNow) latestFinish[c] = M - this.after[c]!;
    const stats = { ...this.stats };
    this.journaling = true;
    try {
      apply();
    } finally {
      this.journaling = false;
    }
    const makespanMs = this.makespanMs;
    let over = -Infinity;
    for (const c of watchedNow) over = Math.max(over, this.ef[c]! - latestFinish[c]!);
    const lengthensMakespan = timeGreater(makespanMs, M);
    // Slack after the change, of every task whose slack may have moved.
    const newSlack = this.newEf; // scratch
    const touched: number[] = [];
    if (!lengthensMakespan && criticalCheck) {
      if (timeLess(makespanMs, M)) {
        for (let v = 0; v < n; v++) touched.push(v);
      } else {
        const generation = ++this.stampGeneration;
        for (let j = 0; j < this.journalKind.length; j++) {
          const kind = this.journalKind[j]!;
          if (kind > NODE) continue;
          const v = this.journalIndex[j]!;
          if (this.stamp[v] === generation) continue;
          this.stamp[v] = generation;
          touched.push(v);
        }
      }
      for (const v of touched) newSlack[v] = this.slackMs(v);
    }
    this.rollBack();
    revert();
    Object.assign(this.stats, stats); // the trial's propagation is not an update
    let createsCriticalPath = lengthensMakespan;
    for (let j = 0; j < touched.length && !createsCriticalPath; j++) {
      const v = touched[j]!;
      if (this.slackMs(v) > EPSILON && newSlack[v]! <= EPSILON) createsCriticalPath = true;
    }
    return { makespanMs, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs: over };
  }

  /**
   * Moves `tasks` to `worker` (an existing worker: a merge; a free one from `freeWorker()`
   * at the level set for it: a split) and re-propagates the cone of every task whose
   * weight changed. Cost: the degrees of the moved tasks and their neighbours, plus the
   * members of the workers involved, plus the cone.
   */
  moveTasks(tasks: ArrayLike<number>, worker: number): void {
    this.checkWorker(worker);
    const moving: number[] = [];
    for (let i = 0; i < tasks.length; i++) {
      const v = tasks[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < this.dag.taskCount)) throw new SlacklineError('timing', `task ${v} is outside 0..${this.dag.taskCount - 1}`);
      if (this.workerOf[v] !== worker) moving.push(v);
    }
    if (moving.length === 0) return;
    this.stats.updates++;
    const sources = new Set<number>();
    for (const v of moving) sources.add(this.workerOf[v]!);
    const touched = this.model.moveTasks(moving, worker);
    this.regroup(moving, sources, worker);
    this.reweigh(touched);
  }

  /** What `moveTasks(tasks, worker)` would do; state is unchanged. `over` is measured on the moved tasks; `criticalCheck` as in `measureApplied`. */
  whatIfMove(tasks: ArrayLike<number>, worker: number, criticalCheck = true): WhatIf {
    this.checkWorker(worker);
    const moving: number[] = [];
    const oldWorker: number[] = [];
    for (let i = 0; i < tasks.length; i++) {
      const v = tasks[i]!;
      if (this.workerOf[v] !== worker) {
        moving.push(v);
        oldWorker.push(this.workerOf[v]!);
      }
    }
    const M = this.makespanMs;
    if (moving.length === 0) return { makespanMs: M, lengthensMakespan: false, createsCriticalPath: false, maxFinishOverLatestMs: -Infinity };
    const active = this.activeWorkers;
    return this.measureApplied(
      moving,
      () => {
        const touched = this.model.moveTasks(moving, worker);
        // Membership is not needed for propagation: restore the assignment flags on revert only.
        this.reweigh(touched);
      },
      () => {
        const byWorker = new Map<number, number[]>();
        for (let i = 0; i < moving.length; i++) {
          const list = byWorker.get(oldWorker[i]!) ?? [];
          list.push(moving[i]!);
          byWorker.set(oldWorker[i]!, list);
        }
        for (const [w, list] of byWorker) this.model.moveTasks(list, w);
        this.activeWorkers = active;
      },
      criticalCheck,
    );
  }

  /** Node and incoming-edge weights of `touched` at their workers' levels, then the cone. */
  private reweigh(touched: readonly number[]): void {
    const { dag, model, nodeMs, edgeMs, forward, backward, levels, workerOf } = this;
    const { predStart, predTask, predEdge } = dag;
    const n = dag.taskCount;
    for (const c of touched) {
      const level = levels[workerOf[c]!]!;
      this.set(NODE, nodeMs, c, model.nodeMs(c, level));
      for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
        const e = predEdge[p]!;
        this.set(EDGE, edgeMs, e, model.edgeMs(e, level));
        backward.push(n - 1 - predTask[p]!);
      }
      forward.push(c);
    }
    this.propagate();
  }

  /** Member lists after `moving` left `sources` for `target`; closedness of the workers involved is recomputed on demand. */
  private regroup(moving: readonly number[], sources: ReadonlySet<number>, target: number): void {
    const wasEmpty = this.members[target]!.length === 0;
    for (const w of sources) {
      const before = this.members[w]!;
      this.members[w] = before.filter((v) => this.workerOf[v] === w);
      if (this.members[w]!.length === 0) {
        this.activeWorkers--;
        if (w < this.freeHint) this.freeHint = w;
      }
      this.closed[w] = 0;
    }
    const merged = this.members[target]!.concat(moving).sort((a, b) => a - b);
    this.members[target] = merged;
    if (wasEmpty) this.activeWorkers++;
    this.closed[target] = 0;
  }

  /** True when no path leaves the worker's tasks and comes back to them (bounded search, cached). */
  private isClosed(worker: number): boolean {
    const known = this.closed[worker]!;
    if (known !== 0) return known === 1;
    const { succStart, edgeTo } = this.dag;
    const tasks = this.members[worker]!;
    const from = 0;
    const to = tasks.length;
    let result = 1;
    if (to - from > 1) {
      const last = tasks[to - 1]!;
      const generation = ++this.stampGeneration;
      const stack: number[] = [];
      const visit = (v: number): boolean => {
        for (let e = succStart[v]!; e < succStart[v + 1]!; e++) {
          const x = edgeTo[e]!;
          if (this.workerOf[x] === worker) {
            if (this.workerOf[v] !== worker) return false; // a path left the worker's tasks and came back
            continue;
          }
          if (x < last && this.stamp[x] !== generation) {
            this.stamp[x] = generation;
            stack.push(x);
          }
        }
        return true;
      };
      for (let k = from; k < to; k++) visit(tasks[k]!);
      let visits = 0;
      while (stack.length > 0) {
        if (++visits > CLOSED_SEARCH_BUDGET || !visit(stack.pop()!)) {
          result = 2;
          break;
        }
      }
    }
    this.closed[worker] = result;
    return result === 1;
  }

  private updateSink(v: number): void {
    const tree = this.tree;
    let i = this.treeBase + this.sinkSlot[v]!;
    this.set(TREE, tree, i, this.ef[v]!);
    for (i >>= 1; i >= 1; i >>= 1) this.set(TREE, tree, i, Math.max(tree[2 * i]!, tree[2 * i + 1]!));
  }

  private set(kind: number, array: Float64Array, i: number, value: number): void {
    if (this.journaling) {
      this.journalKind.push(kind);
      this.journalIndex.push(i);
      this.journalOld.push(array[i]!);
    }
    array[i] = value;
  }

  private rollBack(): void {
    for (let j = this.journalKind.length - 1; j >= 0; j--) {
      this.arrays[this.journalKind[j]!]![this.journalIndex[j]!] = this.journalOld[j]!;
    }
    this.journalKind.length = 0;
    this.journalIndex.length = 0;
    this.journalOld.length = 0;
  }

  private checkWorker(worker: number): void {
    if (!Number.isInteger(worker) || worker < 0 || worker >= this.levels.length) {
      throw new SlacklineError('timing', `worker ${worker} is outside 0..${this.levels.length - 1}`);
    }
  }

  private checkLevel(level: number): void {
    const levels = this.model.table.levels;
    if (!Number.isInteger(level) || level < 0 || level >= levels) throw new SlacklineError('timing', `memory level ${level} is outside 0..${levels - 1}`);
  }
}
