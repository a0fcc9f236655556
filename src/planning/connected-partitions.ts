/**
 * The set partitions of a small DAG's tasks whose blocks are connected (every block
 * induces a weakly connected subgraph): the worker assignments an exact joint search
 * visits. Nothing is lost: splitting a worker into its connected components, each at the
 * worker's level, changes no edge's locality, no start, no fork and no bill under the
 * timing model and the billing rule (both read only whether the two ends of an edge share
 * a worker), so every plan is matched by one whose workers are connected.
 *
 * Enumeration: the lowest task not yet placed opens a block; the block is every connected
 * set of unplaced tasks containing it (each generated once by the include/exclude search
 * of Wernicke, "Efficient detection of network motifs", IEEE/ACM TCBB 2006, section 3,
 * on bitmasks), then the rest is partitioned the same way. Recursion depth is at most the
 * task count, which `MAX_PARTITION_TASKS` bounds (31: one bit per task).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';

export const MAX_PARTITION_TASKS = 31;

/**
 * Calls `visit(workerOf, blocks)` for every connected partition, blocks numbered in order
 * of their lowest task (the array is reused: copy it to keep it). Stops early, returning
 * false, when `visit` returns false.
 */
export function forEachConnectedPartition(dag: CompactDag, visit: (workerOf: Int32Array, blocks: number) => boolean): boolean {
  const n = dag.taskCount;
  if (n > MAX_PARTITION_TASKS) throw new SlacklineError('planning/connected-partitions', `${n} tasks: at most ${MAX_PARTITION_TASKS}`);
  const adjacency = new Int32Array(n);
  for (let e = 0; e < dag.edgeCount; e++) {
    const u = dag.edgeFrom[e]!;
    const v = dag.edgeTo[e]!;
    adjacency[u]! |= 1 << v;
    adjacency[v]! |= 1 << u;
  }
  const workerOf = new Int32Array(n);
  const all = n === 31 ? 0x7fffffff : (1 << n) - 1;
  let stopped = false;

  const partition = (remaining: number, blocks: number): void => {
    if (stopped) return;
    if (remaining === 0) {
      if (!visit(workerOf, blocks)) stopped = true;
      return;
    }
    const first = 31 - Math.clz32(remaining & -remaining);
    const grow = (set: number, extension: number, forbidden: number): void => {
      if (stopped) return;
      // Emit `set` as a block, partition what is left.
      for (let m = set; m !== 0; m &= m - 1) workerOf[31 - Math.clz32(m & -m)] = blocks;
      partition(remaining & ~set, blocks + 1);
      let ext = extension;
      let banned = forbidden;
      while (ext !== 0 && !stopped) {
        const bit = ext & -ext;
        ext &= ~bit;
        const w = 31 - Math.clz32(bit);
        const next = (ext | (adjacency[w]! & remaining & ~set & ~banned)) & ~bit;
        grow(set | bit, next, banned);
        banned |= bit;
      }
    };
    grow(1 << first, adjacency[first]! & remaining & all, 1 << first);
  };
  partition(all, 0);
  return !stopped;
}
