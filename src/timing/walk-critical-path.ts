/**
 * One critical path, chosen deterministically, from the earliest times of a longest-path
 * pass: start at the sink that finishes last (ties: lowest index), then repeatedly step
 * back to the predecessor u whose `EF(u) + edge(u->v)` sets v's earliest start (ties:
 * lowest index, within TIME_EPSILON_MS). Every step follows a real edge, so the result is
 * a real source-to-sink path whose length is the makespan. O(path length x in-degree).
 *
 * Reference: Kelley & Walker, "Critical-path planning and scheduling" (1959).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import { TIME_EPSILON_MS } from './tolerance.js';

export function walkCriticalPath(
  dag: CompactDag,
  edgeMs: Float64Array,
  earliestStart: Float64Array,
  earliestFinish: Float64Array,
  makespanMs: number,
): Int32Array {
  const n = dag.taskCount;
  if (n === 0) return new Int32Array(0);
  const { succStart, predStart, predTask, predEdge } = dag;
  let v = -1;
  for (let i = 0; i < n; i++) {
    if (succStart[i] !== succStart[i + 1]) continue; // not a sink
    if (earliestFinish[i]! >= makespanMs - TIME_EPSILON_MS) {
      v = i;
      break;
    }
  }
  if (v < 0) throw new SlacklineError('timing', `no sink finishes at the makespan ${makespanMs} ms: the weights hold NaN or the times are inconsistent`);
  const reversed: number[] = [v];
  for (;;) {
    const from = predStart[v]!;
    const to = predStart[v + 1]!;
    if (from === to) break; // reached a source
    const target = earliestStart[v]! - TIME_EPSILON_MS;
    // Predecessors are stored in increasing index, so the first match is the lowest index.
    let next = -1;
    let best = -Infinity;
    let bestTask = -1;
    for (let k = from; k < to; k++) {
      const u = predTask[k]!;
      const t = earliestFinish[u]! + edgeMs[predEdge[k]!]!;
      if (t >= target) {
        next = u;
        break;
      }
      if (t > best) {
        best = t;
        bestTask = u;
      }
    }
    // Stale incremental values (kept when a change stayed within the tolerance) can leave
    // no predecessor within it; the one that comes closest still sets the start.
    v = next >= 0 ? next : bestTask;
    reversed.push(v);
  }
  return Int32Array.from(reversed.reverse());
}
