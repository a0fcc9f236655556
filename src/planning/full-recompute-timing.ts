/**
 * The engine's original approach as an `IncrementalTimingEngine`: every what-if and every
 * accepted move recomputes the whole timing (O(V+E) each). It is the baseline of the
 * planning benchmark (same planner, this engine instead of the incremental one) and a test
 * oracle for the incremental engine; it is not a planner of its own.
 *
 * What-if answers follow the incremental engine's contract: the makespan after the move,
 * whether it lengthens the current one, the largest (new earliest finish - current latest
 * finish) over the moved worker's tasks, and whether the makespan lengthens or some task
 * that had slack would lose all of it.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { planTiming } from '../timing/timing-model.js';
import { TIME_EPSILON_MS, timeGreater } from '../timing/tolerance.js';
import type { CompactPlan, DurationTable, TimingResult } from '../timing/types.js';
import { workerTasks, type WorkerTasks } from './assign-workers.js';
import { copyPlan } from './plan-builders.js';
import type { IncrementalTimingEngine, WhatIfAnswer } from './types.js';

export class FullRecomputeTiming implements IncrementalTimingEngine {
  private readonly current: CompactPlan;
  private readonly trial: CompactPlan;
  private readonly byWorker: WorkerTasks;
  private timing: TimingResult;

  constructor(
    private readonly dag: CompactDag,
    private readonly table: DurationTable,
    plan: CompactPlan,
  ) {
    this.current = copyPlan(plan);
    this.trial = copyPlan(plan);
    this.byWorker = workerTasks(plan);
    this.timing = planTiming(dag, table, this.current);
  }

  get makespanMs(): number {
    return this.timing.makespanMs;
  }

  result(): TimingResult {
    return this.timing;
  }

  slackMs(task: number): number {
    return this.timing.latestStart[task]! - this.timing.earliestStart[task]!;
  }

  levelOf(worker: number): number {
    return this.current.levelOf[worker]!;
  }

  setWorkerLevel(worker: number, level: number): void {
    this.current.levelOf[worker] = level;
    this.trial.levelOf[worker] = level;
    this.timing = planTiming(this.dag, this.table, this.current);
  }

  whatIf(worker: number, level: number): WhatIfAnswer {
    const before = this.trial.levelOf[worker]!;
    this.trial.levelOf[worker] = level;
    const after = planTiming(this.dag, this.table, this.trial);
    this.trial.levelOf[worker] = before;
    const { start, tasks } = this.byWorker;
    let maxFinishOverLatestMs = -Infinity;
    for (let k = start[worker]!; k < start[worker + 1]!; k++) {
      const v = tasks[k]!;
      const over = after.earliestFinish[v]! - this.timing.latestFinish[v]!;
      if (over > maxFinishOverLatestMs) maxFinishOverLatestMs = over;
    }
    const lengthensMakespan = timeGreater(after.makespanMs, this.timing.makespanMs);
    let createsCriticalPath = lengthensMakespan;
    for (let v = 0; v < this.dag.taskCount && !createsCriticalPath; v++) {
      const before = this.timing.latestStart[v]! - this.timing.earliestStart[v]!;
      const now = after.latestStart[v]! - after.earliestStart[v]!;
      if (before > TIME_EPSILON_MS && now <= TIME_EPSILON_MS) createsCriticalPath = true;
    }
    return { makespanMs: after.makespanMs, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs };
  }

  plan(): CompactPlan {
    return copyPlan(this.current);
  }
}
