/**
 * The unknown predictions of a duration table (or of a set of quantile grids), each
 * (task, what, reason) once, in the order first met. A task asks the same question at every
 * level, so the key is built only when the task or the reason changes from the last call of
 * the same kind.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { UnknownPrediction } from './duration-table.js';

export interface UnknownRecorder {
  readonly unknowns: UnknownPrediction[];
  /** Notes an unknown of `what` for `task` (-1: no task, e.g. a worker start) at `memoryMb`. */
  record(task: number, what: UnknownPrediction['what'], memoryMb: number, reason: string): void;
}

export function unknownRecorder(dag: CompactDag): UnknownRecorder {
  const unknowns: UnknownPrediction[] = [];
  const seen = new Set<string>();
  const last: Record<UnknownPrediction['what'], { task: number; reason: string }> = {
    exec: { task: -2, reason: '' },
    upload: { task: -2, reason: '' },
    download: { task: -2, reason: '' },
    input: { task: -2, reason: '' },
    start: { task: -2, reason: '' },
  };
  return {
    unknowns,
    record(task, what, memoryMb, reason) {
      const previous = last[what];
      if (previous.task === task && previous.reason === reason) return;
      previous.task = task;
      previous.reason = reason;
      const taskId = task >= 0 ? dag.taskIds[task]! : '*';
      const key = `${taskId}\u0000${what}\u0000${reason}`;
      if (seen.has(key)) return;
      seen.add(key);
      unknowns.push({ taskId, func: task >= 0 ? dag.funcNames[dag.funcOf[task]!]! : '*', what, memoryMb, reason });
    },
  };
}
