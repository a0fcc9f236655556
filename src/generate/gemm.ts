/**
 * Blocked matrix multiply C = A x B with the matrices cut into `blocks` x `blocks` tiles
 * (the DAG of a tiled GEMM, as in numpywren / Dask array benchmarks):
 *
 *   load-a-i-k --+
 *                +--> multiply-i-j-k --+
 *   load-b-k-j --+                     +--> add-i-j --+
 *        (one multiply per k) ---------+              +--> assemble
 *                                   (one add per C tile)
 *
 * Tasks: 2b^2 loads + b^3 multiplies + b^2 adds + 1 assemble (b = 4 gives 113). Each
 * A tile is read by b multiplies, so loads fan out and adds fan in.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { seededRandom } from '../util/random.js';
import { MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface GemmOptions {
  /** Tiles per matrix side, >= 1. */
  readonly blocks: number;
  /** @default 1 */
  readonly seed?: number;
}

export function gemm(options: GemmOptions): WorkflowSpec {
  const n = requireCount('gemm', 'blocks', options.blocks, 1);
  const random = seededRandom(options.seed ?? 1);
  const b = new WorkflowBuilder(`gemm-${n}`);
  const tile = 32 * MB; // a 2048 x 2048 float64 tile
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      b.task(`load-a-${i}-${k}`, 'load-tile', tile, jitter(random, tile, 0.05));
      b.task(`load-b-${i}-${k}`, 'load-tile', tile, jitter(random, tile, 0.05));
    }
  }
  b.task('assemble', 'assemble', 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const add = b.task(`add-${i}-${j}`, 'add-tiles', tile);
      for (let k = 0; k < n; k++) {
        const mul = b.task(`multiply-${i}-${j}-${k}`, 'multiply-tiles', tile);
        b.edge(`load-a-${i}-${k}`, mul);
        b.edge(`load-b-${k}-${j}`, mul);
        b.edge(mul, add);
      }
      b.edge(add, 'assemble');
    }
  }
  b.setOutput('assemble', b.incomingBytes('assemble'));
  return b.build();
}
