/**
 * A simulated figure that is not finite (Infinity, NaN) must never reach a table or a
 * JSON report as `Infinity`, `-Infinity` or `null`: it is an error naming its cause, the
 * first task (in topological order) or edge whose time is not finite or whose finish
 * overflows, or the price that makes the bill overflow.
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import type { TimingModel } from '../timing/timing-model.js';
import type { CompactPlan, DurationTable, TimingResult } from '../timing/types.js';

export function requireFiniteSimulation(
  dag: CompactDag,
  durations: DurationTable,
  plan: CompactPlan,
  model: TimingModel,
  timing: TimingResult,
  figures: Readonly<Record<string, number>>,
): void {
  const bad = Object.entries(figures).filter(([, value]) => !Number.isFinite(value)).map(([name]) => name);
  if (bad.length === 0) return;
  const level = (v: number) => plan.levelOf[plan.workerOf[v]!]!;
  const mb = (v: number) => durations.ladderMb[level(v)]!;
  const x = (v: number) => v * durations.levels + level(v);
  // Task indices are in topological order: the first non-finite finish is where it starts.
  for (let v = 0; v < dag.taskCount; v++) {
    const id = dag.taskIds[v]!;
    const parts: [string, number][] = [
      ['execution', durations.execMs[x(v)]!],
      ['upload', durations.uploadMs[x(v)]!],
      ['external input download', durations.inputDownloadMs[x(v)]!],
      ['worker start', model.startMs(v, level(v))],
    ];
    const part = parts.find(([, ms]) => !Number.isFinite(ms));
    if (part) throw nonFinite(bad, `task "${id}": its ${part[0]} time at ${mb(v)} MB is ${part[1]}`);
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) {
      const e = dag.predEdge[k]!;
      const ms = durations.downloadMs[e * durations.levels + level(v)]!;
      if (!Number.isFinite(ms)) throw nonFinite(bad, `edge "${dag.taskIds[dag.edgeFrom[e]!]}" -> "${id}": its download time at ${mb(v)} MB is ${ms}`);
    }
    if (!Number.isFinite(timing.earliestFinish[v]!)) throw nonFinite(bad, `task "${id}": its finish time overflows (${timing.earliestFinish[v]} ms); the times on its path are too large`);
  }
  throw nonFinite(bad, 'every time is finite, so the prices (--price-gb-s, --price-invocation) make the bill overflow');
}

function nonFinite(fields: readonly string[], cause: string): SlacklineError {
  return new SlacklineError('simulate', `the simulated ${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} not finite: ${cause}`);
}
