/**
 * The state of the incremental critical path and its propagation (see
 * `incremental-timing.ts` for the whole engine).
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
 * sinks' EF: O(log #sinks) per changed sink. Every write goes through `set`, which the
 * journal records while a trial runs.
 *
 * `moveTasks(tasks, worker)` changes the assignment (a split: tasks move to an empty worker
 * from `freeWorker()`; a merge: to an existing one). The timing model refreshes the flags
 * that depend on the assignment and names the tasks whose weights may change (the moved
 * tasks, their predecessors' uploads, their successors' starts and downloads, the
 * siblings of a fork whose count changed); only those are re-weighted and the cone is
 * re-propagated as for a level change. Worker ids go up to the task count (`capacity`);
 * `plan()` numbers the non-empty workers 0..W-1 in id order.
 *
 * Reference for the heap-ordered propagation: Ramalingam & Reps, "On the computational
 * complexity of dynamic graph problems" (1996), bounded incremental evaluation.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { headOf, longestPaths, tailOf } from './full-pass.js';
import { IndexQueue } from './index-queue.js';
import { TimingJournal } from './timing-journal.js';
import { TimingModel } from './timing-model.js';
import { WeightTable } from './weight-table.js';
import { TIME_EPSILON_MS, timeEqual, timeGreater } from './tolerance.js';
import type { CompactPlan, DurationTable } from './types.js';

/** Work counters, for tests and benchmarks. */
export interface IncrementalStats {
  updates: number;
  forwardVisits: number;
  backwardVisits: number;
  fastWhatIfs: number;
  appliedWhatIfs: number;
}

// Local alias: hot loops call it per task (one module-level binding, no re-export look-up).
const equal = timeEqual;

/** Which array a journal entry overwrote: indices into `IncrementalPropagation.arrays`. */
export const ES = 0;
export const EF = 1;
export const AFTER = 2;
export const NODE = 3;
export const EDGE = 4;
export const TREE = 5;

export class IncrementalPropagation {
  readonly stats: IncrementalStats = { updates: 0, forwardVisits: 0, backwardVisits: 0, fastWhatIfs: 0, appliedWhatIfs: 0 };
  readonly dag: CompactDag;
  readonly model: TimingModel;
  /** The model's weights at every level, read by every update and trial (rows refreshed by moves). */
  readonly weightsAt: WeightTable;
  readonly workerOf: Int32Array;
  readonly levels: Int32Array;
  readonly prewarm: Uint8Array;
  readonly preload: Uint8Array;
  readonly nodeMs: Float64Array;
  readonly edgeMs: Float64Array;
  readonly es: Float64Array;
  readonly ef: Float64Array;
  readonly after: Float64Array;
  /** Tasks of worker w in increasing index (empty for a free worker id). */
  readonly members: number[][];
  /** Worker ids (levels, prewarm flags) allocated: max(tasks, workers of the plan). */
  readonly capacity: number;
  private activeWorkers: number;
  /** Every id below it is in use (moves back when a worker empties). */
  private freeHint = 0;
  /** Whether the last `applyLevel` lowered some weight (then tails may shrink). */
  private someWeightDecreased = false;
  /**
   * Tasks whose new weights `applyLevel` left to their turn in the forward pass
   * (`pending[v] === pendingGeneration`, at `pendingLevel`): a trial that stops early then
   * writes (and rolls back) only the weights it reached, not every task of a large worker.
   */
  private readonly pending: Int32Array;
  /** 1 for a task whose weight or an incoming edge's `reweighTask` changed, until a trial's `measureTrial` reads it. */
  private readonly weightChanged: Uint8Array;
  private pendingGeneration = 1;
  private pendingLevel = 0;
  /** Whether `trialLevel` may leave a decided trial's propagation to `resumeTrial` (off: the reference, for tests). */
  deferTrials = true;
  /**
   * Of the last `trialLevel`: max over the worker's tasks of new EF - LF before the change,
   * measured when its forward pass ended (or stopped), before any tail moved.
   */
  trialOverMs = -Infinity;
  /** Trials `trialLevel` answered 'deferred' (never reset; for tests and profiles). */
  deferredTrials = 0;
  /** A lower bound of the makespan of the last propagation that stopped above its bound. */
  boundWitnessMs = 0;
  /** Tasks visited by every propagation, trials included (never reset). */
  visitCount = 0;
  /** Max-tournament tree over the sinks' EF: leaves at `treeBase + slot` (sink `sinkOfSlot[slot]`), root at 1. */
  private readonly sinkSlot: Int32Array;
  readonly sinkOfSlot: Int32Array;
  readonly tree: Float64Array;
  readonly treeBase: number;
  private readonly forward: IndexQueue;
  private readonly backward: IndexQueue;
  readonly journal = new TimingJournal();
  /** The arrays journal entries index (by ES, EF, AFTER, NODE, EDGE, TREE). */
  private readonly arrays: Float64Array[];

  constructor(dag: CompactDag, table: DurationTable, plan: CompactPlan) {
    this.dag = dag;
    const n = dag.taskCount;
    this.capacity = Math.max(n, plan.workerCount);
    this.workerOf = Int32Array.from(plan.workerOf);
    this.levels = new Int32Array(this.capacity);
    this.levels.set(plan.levelOf.subarray(0, plan.workerCount));
    this.prewarm = new Uint8Array(this.capacity);
    this.prewarm.set(plan.prewarm.subarray(0, plan.workerCount));
    this.preload = Uint8Array.from(plan.preload);
    // The model shares the assignment arrays: `moveTasks` refreshes its flags in place.
    this.model = new TimingModel(dag, table, { workerCount: this.capacity, workerOf: this.workerOf, levelOf: this.levels, prewarm: this.prewarm, preload: this.preload });
    this.weightsAt = new WeightTable(this.model);
    // The model's weights at the plan's levels: read from the table when another table of this
    // assignment filled every row (the same values as `model.weights`), else computed at these
    // levels only, so a table whose rows are filled on first use stays unfilled.
    if (this.weightsAt.complete) {
      this.nodeMs = new Float64Array(n);
      this.edgeMs = new Float64Array(dag.edgeCount);
      for (let v = 0; v < n; v++) this.nodeMs[v] = this.weightsAt.node(v, this.levels[this.workerOf[v]!]!);
      if (this.weightsAt.hasEdgeWeights) for (let e = 0; e < dag.edgeCount; e++) this.edgeMs[e] = this.weightsAt.edge(e, this.levels[this.workerOf[dag.edgeTo[e]!]!]!);
    } else {
      const weights = this.model.weights(this.levels);
      this.nodeMs = weights.nodeMs;
      this.edgeMs = weights.edgeMs;
    }
    const passes = longestPaths(dag, { nodeMs: this.nodeMs, edgeMs: this.edgeMs });
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
    this.sinkOfSlot = new Int32Array(sinks);
    for (let v = 0; v < n; v++) if (this.sinkSlot[v]! >= 0) this.sinkOfSlot[this.sinkSlot[v]!] = v;
    this.tree = new Float64Array(2 * base).fill(-Infinity);
    for (let v = 0; v < n; v++) if (this.sinkSlot[v]! >= 0) this.tree[base + this.sinkSlot[v]!] = this.ef[v]!;
    for (let i = base - 1; i >= 1; i--) this.tree[i] = Math.max(this.tree[2 * i]!, this.tree[2 * i + 1]!);

    this.pending = new Int32Array(n);
    this.weightChanged = new Uint8Array(n);
    this.forward = new IndexQueue(n);
    this.backward = new IndexQueue(n);
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
    // A loop, not `Int32Array.from(..., map)`: V8 calls the map per element (the downgrade's bills ask for plans often).
    const workerOf = new Int32Array(this.workerOf.length);
    for (let v = 0; v < workerOf.length; v++) workerOf[v] = renumber[this.workerOf[v]!]!;
    return { workerCount: count, workerOf, levelOf, prewarm, preload: this.preload.slice() };
  }

  /** Number of non-empty workers. */
  get workerCount(): number {
    return this.activeWorkers;
  }

  /** The smallest empty worker id, -1 when none is left. */
  freeWorker(): number {
    while (this.freeHint < this.capacity && this.members[this.freeHint]!.length > 0) this.freeHint++;
    return this.freeHint < this.capacity ? this.freeHint : -1;
  }

  /** Moves worker `worker` (checked by the caller) to `level` and re-propagates the affected cone. */
  setWorkerLevel(worker: number, level: number): void {
    if (this.levels[worker] === level) return;
    this.applyLevel(worker, level);
    this.propagateForward();
    this.propagateBackward();
  }

  /**
   * For a trial (journal active): the same change, but without a bound the tails of the
   * ancestors are updated only when the makespan does not grow beyond `currentMs`
   * (`timeGreater`: a trial that lengthens the makespan needs no slack, it creates a
   * critical path by definition). With a finite `boundMs` a change that completes is within
   * it and may be accepted, so its tails are always propagated (replayable); with
   * `stopOnNewCritical` it stops as `trialMove` does.
   *
   * Once the forward pass is past the worker's last task L, every later task's tail is
   * exact, and a path through a changed task c (the last one on it; changed: its weight or
   * an incoming edge's) is at most c's new finish plus its old tail. When that is below
   * `currentMs` - 2 x tolerance for every changed task of the worker (and, if some weight
   * decreased, was so before too: an old critical path then avoids them), the makespan
   * stays `currentMs` and no task gains or loses criticality: the answer is known, and the
   * rest of the forward pass and the tails are left in the queues for `resumeTrial`
   * ('deferred': replayed and resumed when the change is applied, or resumed in the
   * journal and rolled back when it is dropped).
   * Returns 'full' when the tails were updated, 'lengthened' when they were not, 'stopped'
   * when the propagation stopped early, 'deferred' as above.
   */
  trialLevel(worker: number, level: number, currentMs: number, boundMs = Infinity, stopOnNewCritical = false): 'full' | 'lengthened' | 'stopped' | 'deferred' {
    if (this.levels[worker] === level) {
      this.measureTrial(this.members[worker]!, currentMs);
      return 'full';
    }
    this.applyLevel(worker, level);
    const members = this.members[worker]!;
    const last = members[members.length - 1] ?? -1;
    const fromIndex = this.someWeightDecreased ? last : -1;
    const criticalBeforeMs = stopOnNewCritical ? currentMs : Number.NaN;
    // Nothing is written before the forward pass reaches a task: ef + after are the old ones here.
    const clearBelowMs = currentMs - 2 * TIME_EPSILON_MS;
    const mayDefer = this.deferTrials && (!this.someWeightDecreased || this.maxThroughOfChanged(members, level) < clearBelowMs);
    let outcome = this.propagateForward(fromIndex, boundMs, criticalBeforeMs, mayDefer ? last : this.dag.taskCount);
    // The worker's tasks are all behind the forward pass (or where it stopped), their tails not moved yet.
    const through = this.measureTrial(members, currentMs);
    if (outcome === 'stopped') return 'stopped';
    if (mayDefer && through < clearBelowMs) {
      this.deferredTrials++;
      return 'deferred';
    }
    if (outcome === 'paused') outcome = this.propagateForward(fromIndex, boundMs, criticalBeforeMs);
    if (outcome === 'stopped') return 'stopped';
    // Within a finite bound a lengthening change may be accepted (deadline mode): its tails
    // are then propagated too, so that `commit` replays it instead of propagating it again.
    if (timeGreater(this.makespanMs, currentMs)) {
      if (boundMs === Infinity) {
        this.backward.clear();
        return 'lengthened';
      }
      // The work meter (split search budgets) counts these tails only if they are replayed
      // (`commit`), as it counted them when the accepted change was propagated again.
      const visits = this.visitCount;
      this.propagateBackward();
      this.visitCount = visits;
      return 'full';
    }
    this.propagateBackward();
    return 'full';
  }

  /** Finishes the propagation a 'deferred' `trialLevel` left in the queues (after its journal is replayed). */
  resumeTrial(): void {
    this.propagateForward();
    this.propagateBackward();
  }

  /** Empties the queues a 'deferred' `trialLevel` left (its times are rolled back already). */
  dropTrial(): void {
    this.forward.clear();
    this.backward.clear();
  }

  /**
   * Sets `trialOverMs` (max over `tasks` of EF - (currentMs - tail)) and returns the max
   * of EF + tail over those whose weights the trial changed (`weightChanged`, cleared
   * here), in one pass.
   */
  private measureTrial(tasks: readonly number[], currentMs: number): number {
    const { ef, after, weightChanged } = this;
    let over = -Infinity;
    let max = -Infinity;
    for (const c of tasks) {
      const finish = ef[c]!;
      const tail = after[c]!;
      over = Math.max(over, finish - (currentMs - tail));
      if (weightChanged[c] === 1 && finish + tail > max) max = finish + tail;
      weightChanged[c] = 0;
    }
    this.trialOverMs = over;
    return max;
  }

  /** Max of EF + tail over the tasks of `tasks` whose weight or an incoming edge's differs at `level` (before any write). */
  private maxThroughOfChanged(tasks: readonly number[], level: number): number {
    const { ef, after, weightsAt, nodeMs, edgeMs } = this;
    const { predStart, predEdge } = this.dag;
    let max = -Infinity;
    for (const c of tasks) {
      let changed = weightsAt.node(c, level) !== nodeMs[c];
      for (let p = predStart[c]!; !changed && p < predStart[c + 1]!; p++) changed = weightsAt.edge(predEdge[p]!, level) !== edgeMs[predEdge[p]!];
      if (changed && ef[c]! + after[c]! > max) max = ef[c]! + after[c]!;
    }
    return max;
  }

  /**
   * Seeds the forward queue with the worker's tasks, their new weights (and their incoming
   * edges') pending until the forward pass reaches them; notes whether some weight goes down.
   */
  private applyLevel(worker: number, level: number): void {
    this.levels[worker] = level;
    this.stats.updates++;
    const { dag, weightsAt, nodeMs, edgeMs, pending, forward } = this;
    const { predStart, predEdge } = dag;
    const generation = this.pendingGeneration;
    this.pendingLevel = level;
    const edgeWeights = weightsAt.hasEdgeWeights;
    let decreased = false;
    for (const c of this.members[worker]!) {
      if (!decreased) {
        if (weightsAt.node(c, level) < nodeMs[c]!) decreased = true;
        for (let p = predStart[c]!; edgeWeights && p < predStart[c + 1]! && !decreased; p++) {
          const e = predEdge[p]!;
          if (weightsAt.edge(e, level) < edgeMs[e]!) decreased = true;
        }
      }
      pending[c] = generation;
      forward.push(c);
    }
    this.someWeightDecreased = decreased;
  }

  /** Task c's weight and its incoming edges' at `level`; queues c (unless `queueSelf` is false) and its predecessors. True when some weight went down. */
  private reweighTask(c: number, level: number, queueSelf = true): boolean {
    const { dag, weightsAt, nodeMs, edgeMs } = this;
    const { predStart, predTask, predEdge } = dag;
    const n = dag.taskCount;
    const w = weightsAt.node(c, level);
    let decreased = w < nodeMs[c]!;
    let changed = w !== nodeMs[c];
    this.set(NODE, nodeMs, c, w);
    for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
      const e = predEdge[p]!;
      const a = weightsAt.edge(e, level);
      if (a < edgeMs[e]!) decreased = true;
      if (a !== edgeMs[e]) changed = true;
      this.set(EDGE, edgeMs, e, a);
      this.backward.push(n - 1 - predTask[p]!);
    }
    if (queueSelf) this.forward.push(c);
    if (changed) this.weightChanged[c] = 1;
    return decreased;
  }

  /**
   * Moves `tasks` (none already on `worker`; checked by the caller) to `worker`, keeps the
   * member lists, and re-propagates the cone of every task whose weight changed. Returns
   * the workers whose membership changed.
   */
  moveTasks(tasks: readonly number[], worker: number): number[] {
    this.stats.updates++;
    const sources = new Set<number>();
    for (const v of tasks) sources.add(this.workerOf[v]!);
    this.reweigh(this.model.moveTasks(tasks, worker));
    const wasEmpty = this.members[worker]!.length === 0;
    for (const w of sources) {
      this.members[w] = this.members[w]!.filter((v) => this.workerOf[v] === w);
      if (this.members[w]!.length === 0) {
        this.activeWorkers--;
        if (w < this.freeHint) this.freeHint = w;
      }
    }
    this.members[worker] = this.members[worker]!.concat(tasks).sort((a, b) => a - b);
    if (wasEmpty) this.activeWorkers++;
    return [...sources, worker];
  }

  /**
   * The assignment part of a trial move: moves `tasks` in the model only (member lists
   * untouched) and re-propagates; `revertTrialMove` restores the flags afterwards (the
   * journal restores the times). With `boundMs` it stops, returning false, as soon as the
   * new makespan provably exceeds it, and with `stopOnNewCritical` as soon as a task that
   * had slack provably loses it (see `propagateForward`); the times are then partly
   * propagated, for the journal to roll back.
   */
  trialMove(tasks: readonly number[], worker: number, boundMs = Infinity, stopOnNewCritical = false): boolean {
    return this.reweigh(this.model.moveTasks(tasks, worker), boundMs, stopOnNewCritical);
  }

  /** Puts every task of a `trialMove` back on `oldWorker[i]` (flags only: weights come back with the journal). */
  revertTrialMove(tasks: readonly number[], oldWorker: readonly number[]): void {
    const groups = new Map<number, number[]>();
    tasks.forEach((v, i) => {
      const list = groups.get(oldWorker[i]!) ?? [];
      list.push(v);
      groups.set(oldWorker[i]!, list);
    });
    for (const [w, list] of groups) this.weightsAt.refresh(this.model.moveTasks(list, w));
  }

  /** Node and incoming-edge weights of `touched` at their workers' levels, then the cone (false: stopped above `boundMs`). */
  private reweigh(touched: readonly number[], boundMs = Infinity, stopOnNewCritical = false): boolean {
    const makespanBefore = this.makespanMs;
    this.weightsAt.refresh(touched);
    let lastTouched = -1;
    let decreased = false;
    for (const c of touched) {
      if (c > lastTouched) lastTouched = c;
      if (this.reweighTask(c, this.levels[this.workerOf[c]!]!)) decreased = true;
    }
    if (this.propagateForward(decreased ? lastTouched : -1, boundMs, stopOnNewCritical ? makespanBefore : Number.NaN) === 'stopped') return false;
    this.propagateBackward();
    return true;
  }

  /**
   * Earliest times of the descendants, smallest index first. A task past `fromIndex` has no
   * changed task among its descendants, so its tail `after` and its weight are still
   * exact (when no weight decreased, the caller passes -1: every tail can only grow, so
   * the old tail is a lower bound everywhere, which is all the tests below need). Once its
   * new finish plus its tail exceeds `boundMs`, so does the new makespan; and with `criticalBeforeMs` (the makespan M before the change, NaN for off), once a
   * task that had slack has new finish + tail >= M - tolerance, it has lost its slack
   * (its new slack is at most M' - M + tolerance, and a makespan M' > M is itself a new
   * critical path).
   * Either way the propagation stops there (returns 'stopped', queues emptied). With
   * `pauseAfter`, it returns 'paused' before visiting a task of a larger index, the queue
   * left as it is, so that a second call goes on exactly where it paused.
   */
  private propagateForward(fromIndex = -1, boundMs = Infinity, criticalBeforeMs = Number.NaN, pauseAfter = this.dag.taskCount): 'done' | 'stopped' | 'paused' {
    const { dag, nodeMs, edgeMs, es, ef, after, forward } = this;
    const { succStart, edgeTo } = dag;
    const limit = boundMs + TIME_EPSILON_MS;
    const { pending } = this;
    const generation = this.pendingGeneration++; // whatever this pass leaves pending (it stopped) is dropped
    for (let v = forward.pop(); v >= 0; v = forward.pop()) {
      if (v > pauseAfter) {
        forward.push(v);
        return 'paused';
      }
      this.stats.forwardVisits++;
      this.visitCount++;
      if (pending[v] === generation) this.reweighTask(v, this.pendingLevel, false);
      const start = headOf(dag, v, ef, edgeMs);
      const finish = start + nodeMs[v]!;
      const through = finish + after[v]!;
      const losesSlack = through >= criticalBeforeMs - TIME_EPSILON_MS && ef[v]! + after[v]! < criticalBeforeMs - TIME_EPSILON_MS;
      if (v > fromIndex && (through > limit || losesSlack)) {
        this.set(ES, es, v, start);
        this.set(EF, ef, v, finish);
        if (this.sinkSlot[v]! >= 0) this.updateSink(v);
        this.boundWitnessMs = through;
        forward.clear();
        this.backward.clear();
        return 'stopped';
      }
      const finishMoved = !equal(finish, ef[v]!);
      if (!finishMoved && equal(start, es[v]!)) continue;
      this.set(ES, es, v, start);
      this.set(EF, ef, v, finish);
      if (this.sinkSlot[v]! >= 0) this.updateSink(v);
      if (finishMoved) for (let e = succStart[v]!; e < succStart[v + 1]!; e++) forward.push(edgeTo[e]!);
    }
    return 'done';
  }

  private propagateBackward(): void {
    const { dag, nodeMs, edgeMs, after, backward } = this;
    const { predStart, predTask } = dag;
    const n = dag.taskCount;
    // Tails of the ancestors, largest index first.
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

  /** Undoes every write since the journal was activated. */
  rollBack(): void {
    this.journal.rollBack(this.arrays);
  }

  /** Keeps the trial's writes: the journal forgets them (the trial is applied). */
  keepTrial(): void {
    this.journal.forget();
  }

  /** Redoes the trial `rollBack` just undid, its entries kept for another `rollBack` (the journal is to be activated again). */
  redoTrial(): void {
    this.journal.redo(this.arrays);
  }

  /** Redoes the trial `rollBack` just undid (`journal.replayable`); the caller sets the level. */
  replayTrial(): void {
    this.journal.replay(this.arrays);
  }

  private updateSink(v: number): void {
    const tree = this.tree;
    let i = this.treeBase + this.sinkSlot[v]!;
    this.set(TREE, tree, i, this.ef[v]!);
    // Climb while the maximum changes: above an unchanged node every maximum is unchanged too.
    for (i >>= 1; i >= 1; i >>= 1) {
      const max = Math.max(tree[2 * i]!, tree[2 * i + 1]!);
      if (max === tree[i]) break;
      this.set(TREE, tree, i, max);
    }
  }

  private set(kind: number, array: Float64Array, i: number, value: number): void {
    if (this.journal.active) this.journal.record(kind, i, array[i]!);
    array[i] = value;
  }
}
