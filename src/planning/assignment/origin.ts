/**
 * origin: the clustering of the engine Slackline plans for (its scheduler's own rule,
 * described in the project's issue 11), with K = 3:
 *
 *  - 1 -> 1: a task whose upstream task has a single successor continues on its worker;
 *  - fan-out (the single-predecessor successors of a task u, when there are >= 2): a
 *    successor is short when its estimated time is <= the group's median. Up to K short
 *    ones, largest output first, stay on u's worker; each long one gets a new worker with
 *    up to K - 1 of the remaining short ones (largest output first); the short ones left
 *    are grouped K per new worker;
 *  - fan-in: runs on the upstream worker with the largest total output into it (the sum
 *    of the bytes its tasks send to the fan-in: the data that then need not move).
 *
 *   u -> s1 s2 s3 s4 L      (s* short, L long; K = 3)
 *   s1 s2 s3 stay on u's worker; L and s4 share a new worker
 *
 * Ties go to the lower task index. O(V + E log d), iterative.
 * Source: the origin engine's scheduler as described in Slackline's issue 11 (its own
 * notes, `seed/original-notes.txt`, only name "task clustering (fan-ins + fan-outs)");
 * K = 3 as in the engine. Departure: the engine groups a long task and its short
 * companions into one container; under Slackline's timing model the tasks that pay a
 * worker start are separate invocations of the same size, so only the short tasks that
 * stay on u's worker share a container (and its vCPUs, `src/timing/cpu-sharing.ts`).
 */
import { median } from 'simple-statistics';
import type { CompactDag } from '../../dag/compact-dag.js';
import type { WorkerAssignment } from '../types.js';
import type { AssignmentStrategy } from './types.js';

/** Short tasks of a fan-out that stay together (the engine's K). */
export const ORIGIN_K = 3;

export function originAssignment(dag: CompactDag, taskMs: Float64Array, k = ORIGIN_K): WorkerAssignment {
  const n = dag.taskCount;
  const { predStart, predTask, predEdge, succStart, edgeTo, edgeBytes, outputBytes } = dag;
  const workerOf = new Int32Array(n).fill(-1);
  let workers = 0;
  const group: number[] = [];
  const inflow = new Map<number, number>();
  for (let v = 0; v < n; v++) {
    const from = predStart[v]!;
    const to = predStart[v + 1]!;
    if (workerOf[v] === -1) {
      if (from === to) workerOf[v] = workers++;
      else {
        // A fan-in (or a task whose producer's fan-out left it undecided): the upstream worker sending the most bytes.
        inflow.clear();
        for (let p = from; p < to; p++) {
          const w = workerOf[predTask[p]!]!;
          inflow.set(w, (inflow.get(w) ?? 0) + edgeBytes[predEdge[p]!]!);
        }
        let best = -1;
        let bestBytes = -1;
        for (let p = from; p < to; p++) {
          const w = workerOf[predTask[p]!]!;
          const bytes = inflow.get(w)!;
          if (bytes > bestBytes) {
            best = w;
            bestBytes = bytes;
          }
        }
        workerOf[v] = best;
      }
    }
    group.length = 0;
    for (let e = succStart[v]!; e < succStart[v + 1]!; e++) {
      const s = edgeTo[e]!;
      if (predStart[s + 1]! - predStart[s]! === 1) group.push(s);
    }
    if (group.length === 0) continue;
    if (group.length === 1) {
      workerOf[group[0]!] = workerOf[v]!;
      continue;
    }
    const cut = median(group.map((s) => taskMs[s]!));
    const byOutput = (a: number, b: number) => outputBytes[b]! - outputBytes[a]! || a - b;
    const shorts = group.filter((s) => taskMs[s]! <= cut).sort(byOutput);
    const longs = group.filter((s) => taskMs[s]! > cut).sort((a, b) => a - b);
    let next = 0;
    for (; next < shorts.length && next < k; next++) workerOf[shorts[next]!] = workerOf[v]!;
    for (const long of longs) {
      const w = workers++;
      workerOf[long] = w;
      for (let j = 0; j < k - 1 && next < shorts.length; j++) workerOf[shorts[next++]!] = w;
    }
    while (next < shorts.length) {
      const w = workers++;
      for (let j = 0; j < k && next < shorts.length; j++) workerOf[shorts[next++]!] = w;
    }
  }
  return { workerCount: workers, workerOf };
}

export const origin: AssignmentStrategy = {
  id: 'origin',
  description: `the origin engine's clustering: up to K=${ORIGIN_K} short fan-out tasks stay upstream, long ones lead new workers; fan-in on the largest upstream output`,
  source: 'original (the origin engine\'s scheduler, issue 11)',
  assign: (dag, taskMs) => originAssignment(dag, taskMs),
};
