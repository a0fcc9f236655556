/**
 * `whatIf(w, level)` of the incremental critical path (see `incremental-timing.ts`): what
 * moving worker w to `level` would do to the makespan and the critical paths, without
 * changing the state.
 *
 * It answers in O(degree of w's tasks) when it can be exact: w's tasks are "closed" (no
 * path leaves w's tasks and comes back, so their outside predecessors and successors keep
 * their times; checked once per worker with a bounded search and cached) and either no
 * task of w is critical (then a critical path avoids them and stays) or no weight
 * decreases (paths only lengthen). New heads and tails of w's tasks then give the new
 * makespan exactly. Otherwise it applies the change with the journal of every overwritten
 * value and rolls it back (cost: the affected cone). When the makespan shrinks every slack
 * moves, but only a task critical after the change can have become critical: those are
 * found from the sinks' max-tree (`critical-tasks.ts`), O(critical subgraph), not O(n).
 * A trial decided once its forward pass is past the worker's last task (`trialLevel`'s
 * 'deferred') answers there: its writes stay in the times until the change is applied
 * (`commit` resumes the propagation it left) or anything reads the times (`restore` rolls
 * them back); dropped, it is first propagated in full in the journal (`settle`), so the
 * work meter and the stats are those of a trial propagated in full.
 * `stats` counts both paths.
 *
 * `whatIfMove(tasks, worker)` (a split or a merge) always applies with the journal and
 * rolls back: the model's assignment flags are moved back too. Its cost is the cone of the
 * tasks whose weights change (the moved tasks and their neighbours), never a full pass.
 */
import type { IncrementalPropagation } from './incremental-propagation.js';
import { NODE } from './incremental-propagation.js';
import { CriticalTasks } from './critical-tasks.js';
import { TIME_EPSILON_MS, timeGreater, timeLess } from './tolerance.js';

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
  /**
   * True when a bounded `whatIfMove` stopped as soon as the move was sure to fail (makespan
   * above the bound, or with `criticalCheck` a task losing its slack): `createsCriticalPath`
   * is then true and `makespanMs` is not exact (above the bound when that was the reason).
   */
  readonly partial?: boolean;
}

/** Bound on the search proving a worker's tasks closed; beyond it `whatIf` applies and reverts. */
const CLOSED_SEARCH_BUDGET = 4096;

const EPSILON = TIME_EPSILON_MS;

export class IncrementalWhatIf {
  private readonly state: IncrementalPropagation;
  /** Scratch (indexed by task / edge; only entries of the worker's tasks are meaningful). */
  private readonly newNode: Float64Array;
  private readonly newEdge: Float64Array;
  private readonly newEf: Float64Array;
  private readonly newAfter: Float64Array;
  /** Per worker: 0 not known yet, 1 closed, 2 not proven closed. */
  private readonly closed: Int8Array;
  private readonly stamp: Int32Array;
  private stampGeneration = 0;
  private readonly critical: CriticalTasks;

  /**
   * The last trial by applying, when it propagated in full, or was decided early with the
   * rest of its propagation left in the queues (`deferred`), and nothing changed since:
   * `commit` can replay it.
   */
  private replayable: { worker: number; level: number; forwardVisits: number; backwardVisits: number; deferred: boolean } | undefined;
  /**
   * The deferred trial's writes are still in the times (not rolled back, the level put
   * back): applying it then costs no replay; `restore` rolls them back before anything
   * reads the times.
   */
  private applied = false;
  /** Propagation visits of the last trial by applying (counted on `commit`). */
  private lastForwardVisits = 0;
  private lastBackwardVisits = 0;

  constructor(state: IncrementalPropagation) {
    this.state = state;
    const n = state.dag.taskCount;
    this.newNode = new Float64Array(n);
    this.newEdge = new Float64Array(state.dag.edgeCount);
    this.newEf = new Float64Array(n);
    this.newAfter = new Float64Array(n);
    this.closed = new Int8Array(state.levels.length);
    this.stamp = new Int32Array(n);
    this.critical = new CriticalTasks(state);
  }

  /**
   * Applies `setWorkerLevel(worker, level)` by replaying the trial that just answered
   * `whatIf(worker, level)`, when there is one: the same writes, without propagating again
   * (a deferred trial then propagates what it left, once). Returns false when there is none
   * (the caller then propagates).
   */
  commit(worker: number, level: number): boolean {
    const trial = this.replayable;
    if (trial === undefined || trial.worker !== worker || trial.level !== level || !(this.applied || this.state.journal.replayable)) {
      this.discardReplay();
      return false;
    }
    this.replayable = undefined;
    const state = this.state;
    if (this.applied) {
      this.applied = false;
      state.keepTrial();
    } else state.replayTrial();
    state.levels[worker] = level;
    state.stats.updates++;
    state.stats.forwardVisits += trial.forwardVisits;
    state.stats.backwardVisits += trial.backwardVisits;
    state.visitCount += trial.forwardVisits + trial.backwardVisits; // the work meter sees the propagation it replaces
    if (trial.deferred) {
      // The trial's own count missed this part, which a trial propagated in full counts too: the same meter.
      const visits = state.visitCount;
      state.resumeTrial();
      state.visitCount += state.visitCount - visits;
    }
    return true;
  }

  /** Rolls back the writes of a deferred trial still in the times (`applied`); it stays replayable. */
  restore(): void {
    if (!this.applied) return;
    this.applied = false;
    this.state.rollBack();
  }

  /** Something else changed the state (a move): the last trial can no longer be replayed. */
  discardReplay(): void {
    this.settle();
    this.replayable = undefined;
  }

  /**
   * Turns a deferred trial into one propagated in full (its journal redone, the rest
   * propagated in the journal, all rolled back): the work meter then counts what it
   * counted before trials were deferred (split search budgets: the same plans), and the
   * queues are empty for the next propagation. The trial stays replayable.
   */
  settle(): void {
    const trial = this.replayable;
    if (trial === undefined || !trial.deferred) return;
    const state = this.state;
    trial.deferred = false;
    if (!this.applied && !state.journal.replayable) {
      state.dropTrial();
      this.replayable = undefined;
      return;
    }
    const oldLevel = state.levels[trial.worker]!;
    const stats = { ...state.stats };
    if (this.applied) this.applied = false; // its writes are in the journal still: go on recording after them
    else state.redoTrial();
    state.levels[trial.worker] = trial.level;
    state.journal.active = true;
    try {
      state.resumeTrial();
    } finally {
      state.journal.active = false;
    }
    trial.forwardVisits += state.stats.forwardVisits - stats.forwardVisits;
    trial.backwardVisits += state.stats.backwardVisits - stats.backwardVisits;
    state.rollBack();
    state.levels[trial.worker] = oldLevel;
    Object.assign(state.stats, stats);
  }

  /** `worker` and `level` are checked by the caller; `boundMs` and `stopOnNewCritical` as for `whatIfMove`. */
  whatIf(worker: number, level: number, boundMs?: number, stopOnNewCritical = false): WhatIf {
    this.discardReplay();
    const state = this.state;
    const { dag, weightsAt, workerOf, nodeMs, edgeMs, ef, after } = state;
    const workerTasks = state.members[worker]!;
    const { newNode, newEdge, newEf, newAfter } = this;
    const { predStart, predTask, predEdge, succStart, edgeTo } = dag;
    const M = state.makespanMs;
    const from = 0;
    const to = workerTasks.length;
    if (state.levels[worker] === level) {
      let over = -Infinity;
      for (let k = from; k < to; k++) {
        const c = workerTasks[k]!;
        over = Math.max(over, ef[c]! - (M - after[c]!));
      }
      state.stats.fastWhatIfs++;
      return { makespanMs: M, lengthensMakespan: false, createsCriticalPath: false, maxFinishOverLatestMs: over };
    }

    // Not closed: only applying is exact (checked first: the loop below is O(tasks) of random reads, a large worker's cost).
    if (!this.isClosed(worker)) return this.byApplying(worker, level, boundMs, stopOnNewCritical);
    let decreased = false;
    let critical = false;
    for (let k = from; k < to; k++) {
      const c = workerTasks[k]!;
      const w = weightsAt.node(c, level);
      newNode[c] = w;
      if (timeLess(w, nodeMs[c]!)) decreased = true;
      if (state.slackMs(c) <= EPSILON) critical = true;
      for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
        const e = predEdge[p]!;
        const a = weightsAt.edge(e, level);
        newEdge[e] = a;
        if (timeLess(a, edgeMs[e]!)) decreased = true;
      }
    }
    if (critical && decreased) return this.byApplying(worker, level, boundMs, stopOnNewCritical);

    // New heads in increasing index, new tails in decreasing index: outside neighbours keep their times (closed worker).
    for (let k = from; k < to; k++) {
      const c = workerTasks[k]!;
      let start = 0;
      for (let p = predStart[c]!; p < predStart[c + 1]!; p++) {
        const u = predTask[p]!;
        const t = (workerOf[u] === worker ? newEf[u]! : ef[u]!) + newEdge[predEdge[p]!]!;
        if (t > start) start = t;
      }
      newEf[c] = start + newNode[c]!;
    }
    for (let k = to - 1; k >= from; k--) {
      const c = workerTasks[k]!;
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
      const c = workerTasks[k]!;
      const through = newEf[c]! + newAfter[c]!;
      if (through > makespan) makespan = through;
      over = Math.max(over, newEf[c]! - (M - after[c]!));
    }
    const lengthensMakespan = timeGreater(makespan, M);
    let createsCriticalPath = lengthensMakespan;
    if (!createsCriticalPath) {
      let ambiguous = false;
      for (let k = from; k < to && !createsCriticalPath; k++) {
        const c = workerTasks[k]!;
        if (newEf[c]! + newAfter[c]! < makespan - EPSILON) continue;
        if (state.slackMs(c) > EPSILON) createsCriticalPath = true;
        else ambiguous = true; // already critical: its neighbours might become critical too
      }
      if (!createsCriticalPath && ambiguous) return this.byApplying(worker, level, boundMs, stopOnNewCritical);
    }
    state.stats.fastWhatIfs++;
    return { makespanMs: makespan, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs: over };
  }

  /** Exact `whatIf` by applying the change with the journal and rolling it back. */
  private byApplying(worker: number, level: number, boundMs: number | undefined, stopOnNewCritical: boolean): WhatIf {
    const state = this.state;
    const oldLevel = state.levels[worker]!;
    const M = state.makespanMs;
    let outcome = 'full' as ReturnType<IncrementalPropagation['trialLevel']>;
    const answer = this.measureApplied(
      state.members[worker]!,
      () => {
        outcome = state.trialLevel(worker, level, M, boundMs ?? Infinity, boundMs !== undefined && stopOnNewCritical);
        return outcome === 'stopped' ? false : outcome === 'deferred' ? 'decided' : true;
      },
      () => {
        state.levels[worker] = oldLevel;
      },
      true,
      () => state.trialOverMs,
    );
    if (outcome === 'full' || outcome === 'deferred') {
      this.replayable = { worker, level, forwardVisits: this.lastForwardVisits, backwardVisits: this.lastBackwardVisits, deferred: outcome === 'deferred' };
    }
    return answer;
  }

  /** What moving `tasks` (none on `worker`; checked by the caller) to `worker` would do; `over` on the moved tasks. */
  whatIfMove(tasks: readonly number[], worker: number, criticalCheck: boolean, boundMs?: number): WhatIf {
    this.discardReplay();
    const state = this.state;
    const oldWorker = tasks.map((v) => state.workerOf[v]!);
    return this.measureApplied(
      tasks,
      () => state.trialMove(tasks, worker, boundMs ?? Infinity, boundMs !== undefined && criticalCheck),
      () => state.revertTrialMove(tasks, oldWorker),
      criticalCheck,
    );
  }

  /** The worker's membership changed: its closedness must be proven again. */
  forget(worker: number): void {
    this.closed[worker] = 0;
  }

  /**
   * Applies `apply` with the journal on, measures, rolls the times back and calls `revert`
   * (which restores what the journal does not hold: levels, the assignment flags); `apply`
   * returns false when it stopped once the makespan provably passed a bound, 'decided' when
   * it stopped knowing the makespan stays and no criticality moves (`trialLevel`'s
   * 'deferred'). `over` is measured on `watched`, or given by `measuredOver` (a level
   * trial measures it itself). With `criticalCheck` false the slack comparison is skipped
   * (createsCriticalPath then only reports lengthening).
   */
  private measureApplied(watched: readonly number[], apply: () => boolean | 'decided' | void, revert: () => void, criticalCheck: boolean, measuredOver?: () => number): WhatIf {
    const state = this.state;
    state.stats.appliedWhatIfs++;
    const n = state.dag.taskCount;
    const M = state.makespanMs;
    const latestFinish = this.newAfter; // scratch: current LF of the watched tasks (`apply` does not change the list)
    if (measuredOver === undefined) for (const c of watched) latestFinish[c] = M - state.after[c]!;
    const stats = { ...state.stats };
    const journal = state.journal;
    journal.active = true;
    let complete: boolean | 'decided' | void;
    try {
      complete = apply();
    } finally {
      journal.active = false;
    }
    this.lastForwardVisits = state.stats.forwardVisits - stats.forwardVisits;
    this.lastBackwardVisits = state.stats.backwardVisits - stats.backwardVisits;
    // A propagation stopped above its bound knows a lower bound of the makespan, past the bound.
    const makespanMs = complete === false ? Math.max(state.makespanMs, state.boundWitnessMs) : state.makespanMs;
    let over = -Infinity;
    if (measuredOver !== undefined) over = measuredOver();
    else for (const c of watched) over = Math.max(over, state.ef[c]! - latestFinish[c]!);
    if (complete === 'decided') {
      // Not rolled back yet: most decided trials are applied next (`commit`), the rest roll back on `restore`.
      this.applied = true;
      revert();
      Object.assign(state.stats, stats);
      return { makespanMs: M, lengthensMakespan: false, createsCriticalPath: false, maxFinishOverLatestMs: over };
    }
    const lengthensMakespan = timeGreater(makespanMs, M);
    if (complete === false) {
      state.rollBack();
      revert();
      Object.assign(state.stats, stats);
      return { makespanMs, lengthensMakespan, createsCriticalPath: true, maxFinishOverLatestMs: over, partial: true };
    }
    // Slack after the change, of every task whose slack may have moved.
    const newSlack = this.newEf; // scratch
    const touched: number[] = [];
    if (!lengthensMakespan && criticalCheck) {
      if (timeLess(makespanMs, M)) {
        // Every slack moved, but only a task critical now can have become critical.
        this.critical.collect(touched);
        // The work meter (split search budgets) still counts n, as for the full comparison it replaces: the same budgets, the same plans.
        state.visitCount += n;
      } else {
        const generation = ++this.stampGeneration;
        for (let j = 0; j < journal.length; j++) {
          if (journal.kindAt(j) > NODE) continue;
          const v = journal.indexAt(j);
          if (this.stamp[v] === generation) continue;
          this.stamp[v] = generation;
          touched.push(v);
        }
      }
      for (const v of touched) newSlack[v] = state.slackMs(v);
    }
    state.rollBack();
    revert();
    Object.assign(state.stats, stats); // the trial's propagation is not an update
    let createsCriticalPath = lengthensMakespan;
    for (let j = 0; j < touched.length && !createsCriticalPath; j++) {
      const v = touched[j]!;
      if (state.slackMs(v) > EPSILON && newSlack[v]! <= EPSILON) createsCriticalPath = true;
    }
    return { makespanMs, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs: over };
  }

  /** True when no path leaves the worker's tasks and comes back to them (bounded search, cached). */
  private isClosed(worker: number): boolean {
    const known = this.closed[worker]!;
    if (known !== 0) return known === 1;
    const { dag, workerOf } = this.state;
    const workerTasks = this.state.members[worker]!;
    const { succStart, edgeTo } = dag;
    const from = 0;
    const to = workerTasks.length;
    let result = 1;
    if (to - from > 1) {
      const last = workerTasks[to - 1]!;
      const generation = ++this.stampGeneration;
      const stack: number[] = [];
      const visit = (v: number): boolean => {
        for (let e = succStart[v]!; e < succStart[v + 1]!; e++) {
          const x = edgeTo[e]!;
          if (workerOf[x] === worker) {
            if (workerOf[v] !== worker) return false; // a path left the worker's tasks and came back
            continue;
          }
          if (x < last && this.stamp[x] !== generation) {
            this.stamp[x] = generation;
            stack.push(x);
          }
        }
        return true;
      };
      for (let k = from; k < to; k++) visit(workerTasks[k]!);
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
}
