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
import { copyPlan } from './plan-builders.js';
import type { IncrementalTimingEngine, WhatIfAnswer } from './types.js';

export class FullRecomputeTiming implements IncrementalTimingEngine {
  /** Worker ids up to the task count (splits), as the incremental engine. */
  private readonly current: CompactPlan;
  private timing: TimingResult;

  constructor(
    private readonly dag: CompactDag,
    private readonly table: DurationTable,
    plan: CompactPlan,
  ) {
    const capacity = Math.max(dag.taskCount, plan.workerCount);
    const levelOf = new Int32Array(capacity);
    levelOf.set(plan.levelOf);
    const prewarm = new Uint8Array(capacity);
    prewarm.set(plan.prewarm);
    this.current = { workerCount: capacity, workerOf: Int32Array.from(plan.workerOf), levelOf, prewarm, preload: Uint8Array.from(plan.preload) };
    this.timing = planTiming(dag, table, this.current);
  }

  get makespanMs(): number {
    return this.timing.makespanMs;
  }

  get workerCount(): number {
    return new Set(this.current.workerOf).size;
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

  workerOfTask(task: number): number {
    return this.current.workerOf[task]!;
  }

  tasksOf(worker: number): readonly number[] {
    const tasks: number[] = [];
    for (let v = 0; v < this.dag.taskCount; v++) if (this.current.workerOf[v] === worker) tasks.push(v);
    return tasks;
  }

  freeWorker(): number {
    const used = new Uint8Array(this.current.workerCount);
    for (const w of this.current.workerOf) used[w] = 1;
    return used.indexOf(0);
  }

  setWorkerLevel(worker: number, level: number): void {
    this.current.levelOf[worker] = level;
    this.timing = planTiming(this.dag, this.table, this.current);
  }

  whatIf(worker: number, level: number): WhatIfAnswer {
    const trial = copyPlan(this.current);
    trial.levelOf[worker] = level;
    return this.answer(trial, this.tasksOf(worker), true);
  }

  moveTasks(tasks: ArrayLike<number>, worker: number): void {
    for (let i = 0; i < tasks.length; i++) this.current.workerOf[tasks[i]!] = worker;
    this.timing = planTiming(this.dag, this.table, this.current);
  }

  whatIfMove(tasks: ArrayLike<number>, worker: number, criticalCheck = true): WhatIfAnswer {
    const trial = copyPlan(this.current);
    const moved: number[] = [];
    for (let i = 0; i < tasks.length; i++) {
      if (trial.workerOf[tasks[i]!] === worker) continue;
      trial.workerOf[tasks[i]!] = worker;
      moved.push(tasks[i]!);
    }
    return this.answer(trial, moved, criticalCheck);
  }

  private answer(trial: CompactPlan, watched: readonly number[], criticalCheck: boolean): WhatIfAnswer {
    const after = planTiming(this.dag, this.table, trial);
    let maxFinishOverLatestMs = -Infinity;
    for (const v of watched) {
      const over = after.earliestFinish[v]! - this.timing.latestFinish[v]!;
      if (over > maxFinishOverLatestMs) maxFinishOverLatestMs = over;
    }
    const lengthensMakespan = timeGreater(after.makespanMs, this.timing.makespanMs);
    let createsCriticalPath = lengthensMakespan;
    for (let v = 0; v < this.dag.taskCount && !createsCriticalPath && criticalCheck; v++) {
      const before = this.timing.latestStart[v]! - this.timing.earliestStart[v]!;
      const now = after.latestStart[v]! - after.earliestStart[v]!;
      if (before > TIME_EPSILON_MS && now <= TIME_EPSILON_MS) createsCriticalPath = true;
    }
    return { makespanMs: after.makespanMs, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs };
  }

  plan(): CompactPlan {
    return compactWorkers(this.current);
  }
}

/** The plan with its non-empty workers renumbered 0..W-1 in id order. */
export function compactWorkers(plan: CompactPlan): CompactPlan {
  const renumber = new Int32Array(plan.workerCount).fill(-1);
  for (const w of plan.workerOf) renumber[w] = 0;
  let count = 0;
  for (let w = 0; w < plan.workerCount; w++) if (renumber[w] === 0) renumber[w] = count++;
  const levelOf = new Int32Array(count);
  const prewarm = new Uint8Array(count);
  for (let w = 0; w < plan.workerCount; w++) {
    if (renumber[w]! < 0) continue;
    levelOf[renumber[w]!] = plan.levelOf[w]!;
    prewarm[renumber[w]!] = plan.prewarm[w]!;
  }
  return { workerCount: count, workerOf: Int32Array.from(plan.workerOf, (w) => renumber[w]!), levelOf, prewarm, preload: Uint8Array.from(plan.preload) };
}
