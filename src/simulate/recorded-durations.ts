/**
 * Recorded times for the simulator: a copy of the predicted DurationTable in which every
 * cell a recorded run measured is replaced by the measurement (real ms, not normalized):
 * a task's execution and upload at the memory it ran with, each download of an edge at the
 * consumer's memory, a source's external input, and the mean cold/warm start per memory.
 * Cells the run did not measure keep their predicted values (which never are silent
 * zeros: the unknown policy resolved them), and `recordedExec` lets the report say how much
 * of a plan ran on measurements.
 */
import { taskIndexMap, type CompactDag } from '../dag/compact-dag.js';
import type { RecordedRun } from '../dataset/types.js';
import { SlacklineError } from '../errors.js';
import type { CompactPlan, DurationTable } from '../timing/types.js';

export interface RecordedDurations {
  readonly table: DurationTable;
  /** 1 where execMs[i * levels + l] is a measurement. */
  readonly recordedExec: Uint8Array;
  /** Number of cells replaced by measurements. */
  readonly recordedCells: number;
}

export function recordedDurations(dag: CompactDag, run: RecordedRun, predicted: DurationTable): RecordedDurations {
  const L = predicted.levels;
  const ladder = Array.from(predicted.ladderMb);
  const levelOf = (mb: number) => ladder.indexOf(mb);
  const index = taskIndexMap(dag);
  const execMs = predicted.execMs.slice();
  const uploadMs = predicted.uploadMs.slice();
  const downloadMs = predicted.downloadMs.slice();
  const inputDownloadMs = predicted.inputDownloadMs.slice();
  const recordedExec = new Uint8Array(execMs.length);
  let recordedCells = 0;
  const edgeOf = (from: number, to: number) => {
    for (let e = dag.succStart[from]!; e < dag.succStart[from + 1]!; e++) if (dag.edgeTo[e] === to) return e;
    return -1;
  };
  let matched = 0;
  for (const t of run.metrics.tasks) {
    const i = index.get(t.taskId);
    const l = levelOf(t.memoryMb);
    if (i === undefined || l < 0 || !(t.execMs >= 0)) continue;
    execMs[i * L + l] = t.execMs;
    recordedExec[i * L + l] = 1;
    recordedCells++;
    matched++;
  }
  if (run.metrics.tasks.length > 0 && matched === 0) {
    throw new SlacklineError('simulate/recorded-durations', `run ${run.dagId}: none of its task records matches this workflow's tasks at a ladder size`);
  }
  for (const x of run.metrics.transfers) {
    const i = index.get(x.taskId);
    const l = levelOf(x.memoryMb);
    if (i === undefined || l < 0 || !(x.ms >= 0)) continue;
    if (x.direction === 'upload') uploadMs[i * L + l] = x.ms;
    else if (x.peerTaskId === undefined) inputDownloadMs[i * L + l] = x.ms;
    else {
      const u = index.get(x.peerTaskId);
      const e = u === undefined ? -1 : edgeOf(u, i);
      if (e < 0) continue;
      downloadMs[e * L + l] = x.ms;
    }
    recordedCells++;
  }
  const coldStartMs = predicted.coldStartMs.slice();
  const warmStartMs = predicted.warmStartMs.slice();
  for (const [kind, target] of [['cold', coldStartMs], ['warm', warmStartMs]] as const) {
    const sum = new Float64Array(L);
    const count = new Float64Array(L);
    for (const s of run.metrics.workerStarts) {
      const l = levelOf(s.memoryMb);
      if (s.kind !== kind || l < 0 || !(s.ms >= 0)) continue;
      sum[l]! += s.ms;
      count[l]!++;
    }
    for (let l = 0; l < L; l++) {
      if (count[l]! > 0) {
        target[l] = sum[l]! / count[l]!;
        recordedCells++;
      }
    }
  }
  return { table: { ladderMb: predicted.ladderMb, levels: L, execMs, uploadMs, downloadMs, inputDownloadMs, coldStartMs, warmStartMs, ...(predicted.rules !== undefined ? { rules: predicted.rules } : {}) }, recordedExec, recordedCells };
}

/** Share of the plan's tasks whose execution time at their planned size is a measurement. */
export function recordedExecShare(recorded: RecordedDurations, plan: CompactPlan): number {
  const n = plan.workerOf.length;
  const L = recorded.table.levels;
  let hits = 0;
  for (let v = 0; v < n; v++) hits += recorded.recordedExec[v * L + plan.levelOf[plan.workerOf[v]!]!]!;
  return n === 0 ? 1 : hits / n;
}
