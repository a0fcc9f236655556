/**
 * One recorded task execution (a `TaskRecord` of dataset format v1) from the task's spec
 * and what was measured, with the normalized time filled in by the one linear rule. The
 * importers share it so every converter stores the same fields the same way.
 */
import type { TaskSpec } from '../dag/types.js';
import { normalizeLinear } from '../metrics/normalize.js';
import type { TaskRecord } from './types.js';

export interface MeasuredExecution {
  readonly memoryMb: number;
  readonly execMs: number;
  readonly workerId: string;
  /** Start of execution, ms since the run started. */
  readonly startMs: number;
}

export function taskRecord(task: TaskSpec, measured: MeasuredExecution): TaskRecord {
  return {
    taskId: task.id,
    func: task.func,
    memoryMb: measured.memoryMb,
    inputBytes: task.inputBytes,
    outputBytes: task.outputBytes,
    execMs: measured.execMs,
    execMsNormalized: normalizeLinear(measured.execMs, measured.memoryMb),
    workerId: measured.workerId,
    startMs: measured.startMs,
  };
}
