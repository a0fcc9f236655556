/**
 * Tree reduction: N leaves each load a partition, then reducers combine results pairwise,
 * level by level, until one result is left (an odd task out moves up a level unchanged).
 *
 *   load-0 --+
 *            +-- reduce-1-0 --+
 *   load-1 --+                |
 *                             +-- reduce-2-0   (the root, the only sink)
 *   load-2 --+                |
 *            +-- reduce-1-1 --+
 *   load-3 --+
 *
 * Tasks: 2N - 1 (N leaves, N - 1 reducers). With `unequal: true` the leaves' input sizes
 * are spread geometrically over a factor of 100 and shuffled, so different branches carry
 * very different amounts of data: the case where giving every task the same memory wastes
 * money on the light branches.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { seededRandom } from '../util/random.js';
import { MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface TreeReductionOptions {
  /** Number of leaves (inputs), >= 1. */
  readonly leaves: number;
  /** Spread leaf input sizes over a factor of 100. @default false */
  readonly unequal?: boolean;
  /** @default 1 */
  readonly seed?: number;
}

/** Ratio of largest to smallest leaf input with `unequal`. */
export const UNEQUAL_SPREAD = 100;

export function treeReduction(options: TreeReductionOptions): WorkflowSpec {
  const leaves = requireCount('treeReduction', 'leaves', options.leaves, 1);
  const random = seededRandom(options.seed ?? 1);
  const unequal = options.unequal ?? false;
  const b = new WorkflowBuilder(`tree-reduction${unequal ? '-unequal' : ''}-${leaves}`);

  const sizes = leafSizes(leaves, unequal, random);
  let level: string[] = [];
  for (let i = 0; i < leaves; i++) {
    // A leaf reads its partition and writes a summary of about a quarter of it.
    level.push(b.task(`load-${i}`, 'load-partition', jitter(random, sizes[i]! / 4, 0.1), sizes[i]!));
  }
  for (let depth = 1; level.length > 1; depth++) {
    const next: string[] = [];
    for (let k = 0; k + 1 < level.length; k += 2) {
      const id = b.task(`reduce-${depth}-${k / 2}`, 'reduce', 1);
      b.edge(level[k]!, id);
      b.edge(level[k + 1]!, id);
      b.setOutput(id, b.incomingBytes(id) * 0.6); // combining two partial results shrinks them
      next.push(id);
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return b.build();
}

function leafSizes(leaves: number, unequal: boolean, random: () => number): number[] {
  if (!unequal) return Array.from({ length: leaves }, () => jitter(random, 32 * MB, 0.2));
  // Geometric from 1 MB to 100 MB, then a seeded Fisher-Yates shuffle.
  const sizes = Array.from({ length: leaves }, (_, i) => Math.round(MB * UNEQUAL_SPREAD ** (leaves === 1 ? 0 : i / (leaves - 1))));
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sizes[i], sizes[j]] = [sizes[j]!, sizes[i]!];
  }
  return sizes;
}
