/**
 * Random layered DAGs (seeded): tasks are dealt into layers; every task after the first
 * layer reads from at least one task of the layer just before it, and from each other task
 * of that layer with probability `edgeProbability`; now and then (5%) it also reads from an
 * older layer, so long edges exist too. The usual random-DAG model of scheduling papers
 * (e.g. the layer-by-layer generator of Topcuoglu et al., HEFT, 2002).
 *
 *   layer 0:   a   b   c
 *              |\ /|   |
 *   layer 1:   d  e    f
 *               \ | \ /
 *   layer 2:     g   h
 *
 * All tasks of a layer share a func (`stage-<layer mod 8>`); byte sizes vary per task.
 */
import type { WorkflowSpec } from '../dag/types.js';
import { randomInt, seededRandom } from '../util/random.js';
import { MB, WorkflowBuilder, jitter, requireCount } from './workflow-builder.js';

export interface RandomLayeredOptions {
  /** Number of tasks, >= 1. */
  readonly tasks: number;
  readonly seed: number;
  /** @default round(sqrt(tasks)) */
  readonly layers?: number;
  /** Probability of an extra edge from each task of the previous layer. @default min(1, 2 / previous layer width) */
  readonly edgeProbability?: number;
}

export function randomLayered(options: RandomLayeredOptions): WorkflowSpec {
  const n = requireCount('randomLayered', 'tasks', options.tasks, 1);
  const layers = Math.min(n, requireCount('randomLayered', 'layers', options.layers ?? Math.max(1, Math.round(Math.sqrt(n))), 1));
  const random = seededRandom(options.seed);
  const b = new WorkflowBuilder(`random-layered-${n}`);

  // Deal tasks into layers: each layer gets one, the rest at random.
  const width = new Array<number>(layers).fill(1);
  for (let k = layers; k < n; k++) width[randomInt(random, 0, layers - 1)]!++;

  const byLayer: string[][] = [];
  let count = 0;
  for (let l = 0; l < layers; l++) {
    const ids: string[] = [];
    const func = `stage-${l % 8}`;
    const scale = 0.5 + (l % 8) / 4; // stages differ in how much data they write
    for (let k = 0; k < width[l]!; k++) {
      const id = `t${count++}`;
      b.task(id, func, jitter(random, scale * 4 * MB, 0.5), l === 0 ? jitter(random, 8 * MB, 0.5) : 0);
      ids.push(id);
      if (l === 0) continue;
      const previous = byLayer[l - 1]!;
      const p = options.edgeProbability ?? Math.min(1, 2 / previous.length);
      const must = randomInt(random, 0, previous.length - 1);
      for (let q = 0; q < previous.length; q++) if (q === must || random() < p) b.edge(previous[q]!, id);
      if (l >= 2 && random() < 0.05) {
        const older = byLayer[randomInt(random, 0, l - 2)]!;
        b.edge(older[randomInt(random, 0, older.length - 1)]!, id);
      }
    }
    byLayer.push(ids);
  }
  return b.build();
}
