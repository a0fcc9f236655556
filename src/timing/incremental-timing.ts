/**
 * Incremental critical path: keeps the earliest times and the tails of a plan's timing
 * while workers change memory level, re-propagating only the affected cone. Three parts:
 *
 * - `incremental-propagation.ts`: the state (weights, ES/EF, tails, the max-tree over the
 *   sinks' EF that holds the makespan) and `setWorkerLevel`, index-ordered propagation
 *   through the descendants and the ancestors of the changed tasks;
 * - `incremental-what-if.ts`: `whatIf`, in O(degree) where it can be exact, otherwise by
 *   applying the change and rolling it back (`critical-tasks.ts` bounds the slack
 *   comparison when the makespan shrinks);
 * - `timing-journal.ts`: the record of overwritten values that makes the roll-back exact
 *   (and lets an accepted trial be replayed instead of propagated again).
 *
 * Assignment changes (issue 11): `moveTasks` moves tasks to another worker (a split onto
 * a `freeWorker()`, a merge onto a used one) and `whatIfMove` answers what that would do;
 * the propagation part re-weighs only the tasks whose weights the move changes.
 *
 * This class is the engine's public face: it checks arguments and composes the parts.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import { latestTimes } from './full-pass.js';
import { IncrementalPropagation, type IncrementalStats } from './incremental-propagation.js';
import { IncrementalWhatIf, type WhatIf } from './incremental-what-if.js';
import type { CompactPlan, DurationTable, TimingResult, TimingWeights } from './types.js';
import { walkCriticalPath } from './walk-critical-path.js';

export type { IncrementalStats } from './incremental-propagation.js';
export type { WhatIf } from './incremental-what-if.js';

export class IncrementalTiming {
  /** Work counters, for tests and benchmarks. */
  readonly stats: IncrementalStats;
  private readonly state: IncrementalPropagation;
  private readonly trials: IncrementalWhatIf;

  constructor(dag: CompactDag, table: DurationTable, plan: CompactPlan) {
    this.state = new IncrementalPropagation(dag, table, plan);
    this.trials = new IncrementalWhatIf(this.state);
    this.stats = this.state.stats;
  }

  /** Current makespan (0 for an empty DAG). */
  get makespanMs(): number {
    this.trials.restore();
    return this.state.makespanMs;
  }

  /** Slack of task i under the current levels. */
  slackMs(i: number): number {
    this.trials.restore();
    return this.state.slackMs(i);
  }

  /** Worker of task i (a task's memory is its worker's: change it with `setWorkerLevel(workerOfTask(i), level)`). */
  workerOfTask(i: number): number {
    return this.state.workerOf[i]!;
  }

  levelOf(worker: number): number {
    this.checkWorker(worker);
    return this.state.levels[worker]!;
  }

  /** A copy of the plan with the current levels; non-empty workers numbered 0..W-1 in id order. */
  plan(): CompactPlan {
    return this.state.plan();
  }

  /** Number of non-empty workers. */
  get workerCount(): number {
    return this.state.workerCount;
  }

  /** Tasks visited by every propagation so far, what-if trials included (a work meter for searches). */
  get visits(): number {
    this.trials.settle(); // a deferred trial is counted as propagated in full
    return this.state.visitCount;
  }

  /** Tasks of worker w in increasing index (do not modify). */
  tasksOf(worker: number): readonly number[] {
    this.checkWorker(worker);
    return this.state.members[worker]!;
  }

  /** An empty worker id (the smallest), for a split: set its level, then move tasks to it. -1 when none is left. */
  freeWorker(): number {
    return this.state.freeWorker();
  }

  /** Moves `tasks` to `worker` (a merge, or a split onto a free worker) and re-propagates the cone of the tasks whose weights change. */
  moveTasks(tasks: ArrayLike<number>, worker: number): void {
    const moving = this.moving(tasks, worker);
    if (moving.length === 0) return;
    this.trials.discardReplay();
    for (const w of this.state.moveTasks(moving, worker)) this.trials.forget(w);
  }

  /**
   * What `moveTasks(tasks, worker)` would do; state is unchanged. `over` is measured on the
   * moved tasks; with `criticalCheck` false, `createsCriticalPath` only reports lengthening.
   * With `boundMs`, a move sure to fail is answered as soon as that is known (`partial`):
   * its makespan would exceed `boundMs`, or (with `criticalCheck`) a task with slack would
   * lose it. For callers that reject both.
   */
  whatIfMove(tasks: ArrayLike<number>, worker: number, criticalCheck = true, boundMs?: number): WhatIf {
    const moving = this.moving(tasks, worker);
    if (moving.length === 0) return { makespanMs: this.makespanMs, lengthensMakespan: false, createsCriticalPath: false, maxFinishOverLatestMs: -Infinity };
    return this.trials.whatIfMove(moving, worker, criticalCheck, boundMs);
  }

  /** The tasks of `tasks` not on `worker` yet (checked). */
  private moving(tasks: ArrayLike<number>, worker: number): number[] {
    this.checkWorker(worker);
    const moving: number[] = [];
    for (let i = 0; i < tasks.length; i++) {
      const v = tasks[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < this.state.dag.taskCount)) throw new SlacklineError('timing', `task ${v} is outside 0..${this.state.dag.taskCount - 1}`);
      if (this.state.workerOf[v] !== worker) moving.push(v);
    }
    return moving;
  }

  /** Copies of the current weights. */
  weights(): TimingWeights {
    this.trials.restore();
    return { nodeMs: this.state.nodeMs.slice(), edgeMs: this.state.edgeMs.slice() };
  }

  /** Full timing result under the current levels: O(V) to copy, plus the critical path walk. */
  result(): TimingResult {
    this.trials.restore();
    const { dag, nodeMs, edgeMs, es, ef, after } = this.state;
    const makespanMs = this.makespanMs;
    const { latestStart, latestFinish } = latestTimes(nodeMs, after, makespanMs);
    const criticalPath = walkCriticalPath(dag, edgeMs, es, ef, makespanMs);
    return { makespanMs, earliestStart: es.slice(), earliestFinish: ef.slice(), latestStart, latestFinish, criticalPath };
  }

  /** Moves worker `worker` to memory level `level` and re-propagates the affected cone (or replays the what-if that just tried it). */
  setWorkerLevel(worker: number, level: number): void {
    this.checkWorker(worker);
    this.checkLevel(level);
    if (this.trials.commit(worker, level)) return;
    this.state.setWorkerLevel(worker, level);
  }

  /**
   * What `setWorkerLevel(worker, level)` would do to the makespan and the critical paths;
   * state is unchanged. With `boundMs` (and `stopOnNewCritical`), a change sure to fail is
   * answered as soon as that is known, as for `whatIfMove`.
   */
  whatIf(worker: number, level: number, boundMs?: number, stopOnNewCritical = false): WhatIf {
    this.checkWorker(worker);
    this.checkLevel(level);
    return this.trials.whatIf(worker, level, boundMs, stopOnNewCritical);
  }

  private checkWorker(worker: number): void {
    const workers = this.state.levels.length;
    if (!Number.isInteger(worker) || worker < 0 || worker >= workers) {
      throw new SlacklineError('timing', `worker ${worker} is outside 0..${workers - 1}`);
    }
  }

  private checkLevel(level: number): void {
    const levels = this.state.model.table.levels;
    if (!Number.isInteger(level) || level < 0 || level >= levels) throw new SlacklineError('timing', `memory level ${level} is outside 0..${levels - 1}`);
  }
}
