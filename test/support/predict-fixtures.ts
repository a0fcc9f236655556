/**
 * Synthetic recorded runs for predictor tests: one run holding the given task, transfer
 * and worker-start records, with linear-normalized fields filled as datasets store them.
 */
import { normalizeLinear } from '../../src/metrics/normalize.js';
import type { RecordedRun, StartKind, TaskRecord, TransferDirection, TransferRecord, WorkerStartRecord } from '../../src/dataset/types.js';

export interface TaskSample {
  func: string;
  memoryMb: number;
  execMs: number;
  inputBytes?: number;
  outputBytes?: number;
}

export function taskRecord(s: TaskSample, index = 0): TaskRecord {
  return {
    taskId: `t${index}`,
    func: s.func,
    memoryMb: s.memoryMb,
    inputBytes: s.inputBytes ?? 0,
    outputBytes: s.outputBytes ?? 0,
    execMs: s.execMs,
    execMsNormalized: normalizeLinear(s.execMs, s.memoryMb),
    workerId: `w${index}`,
    startMs: 0,
  };
}

export function transferRecord(direction: TransferDirection, bytes: number, memoryMb: number, ms: number): TransferRecord {
  return { taskId: 't0', direction, bytes, memoryMb, ms, msNormalized: normalizeLinear(ms, memoryMb) };
}

export function startRecord(kind: StartKind, memoryMb: number, ms: number): WorkerStartRecord {
  return { workerId: 'w0', memoryMb, kind, ms, msNormalized: normalizeLinear(ms, memoryMb) };
}

export function runOf(tasks: readonly TaskSample[], transfers: readonly TransferRecord[] = [], workerStarts: readonly WorkerStartRecord[] = [], index = 0): RecordedRun {
  return {
    dagId: `${1700000000000 + index}_t0_00000000-0000-4000-8000-000000000000_sig`,
    plan: {},
    makespanMs: 1,
    metrics: { tasks: tasks.map((t, i) => taskRecord(t, i)), transfers, workerStarts },
  };
}
