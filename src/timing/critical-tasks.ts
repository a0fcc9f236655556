/**
 * The tasks with slack <= TIME_EPSILON_MS under the current state of the incremental
 * engine, without looking at every task: every such task lies on a path of length within
 * the tolerance of the makespan, and every task of that path from it to its sink has slack
 * no larger (its longest path through is at least as long). So a walk back from the sinks
 * that finish within the tolerance of the makespan (found by descending the max-tree over
 * the sinks' EF), through the predecessors that are critical themselves, reaches all of
 * them. Cost: the critical subgraph and its incoming edges, plus O(log #sinks) per sink
 * reached, instead of O(n).
 *
 * Used when a trial shrinks the makespan: every slack then moves, but only a task critical
 * after the change can have become critical.
 */
import type { IncrementalPropagation } from './incremental-propagation.js';
import { TIME_EPSILON_MS } from './tolerance.js';

export class CriticalTasks {
  private readonly state: IncrementalPropagation;
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly stack: number[] = [];

  constructor(state: IncrementalPropagation) {
    this.state = state;
    this.stamp = new Int32Array(state.dag.taskCount);
  }

  /** Appends every task with slack <= TIME_EPSILON_MS to `out` (each once, in no set order). */
  collect(out: number[]): void {
    const state = this.state;
    const n = state.dag.taskCount;
    if (n === 0) return;
    const { predStart, predTask } = state.dag;
    const { tree, treeBase, sinkOfSlot } = state;
    const { stamp, stack } = this;
    const generation = ++this.generation;
    const first = out.length;
    // A sink's slack is M - EF up to rounding: descend a little below the tolerance, decide at the leaf.
    const reach = state.makespanMs - 2 * TIME_EPSILON_MS;
    stack.length = 0;
    stack.push(1);
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (!(tree[i]! >= reach)) continue;
      if (i < treeBase) {
        stack.push(2 * i, 2 * i + 1);
        continue;
      }
      const s = sinkOfSlot[i - treeBase]!;
      if (state.slackMs(s) > TIME_EPSILON_MS) continue;
      stamp[s] = generation;
      out.push(s);
    }
    // Back from those sinks through the predecessors that are critical themselves.
    for (let k = first; k < out.length; k++) stack.push(out[k]!);
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let p = predStart[v]!; p < predStart[v + 1]!; p++) {
        const u = predTask[p]!;
        if (stamp[u] === generation || state.slackMs(u) > TIME_EPSILON_MS) continue;
        stamp[u] = generation;
        out.push(u);
        stack.push(u);
      }
    }
  }
}
