/**
 * `WeightTable` reuses the last table computed for the same duration table, DAG and
 * assignment: every entry must still be the timing model's own value, after another
 * table's rows were refreshed by a move, and never borrowed across a different assignment
 * (workers, prewarm or preload flags); `timingWeights` reads it for a plan of the same
 * assignment, even with its workers renumbered.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { TimingModel, timingWeights } from '../src/timing/timing-model.js';
import type { CompactPlan } from '../src/timing/types.js';
import { WeightTable } from '../src/timing/weight-table.js';
import { seededRandom } from '../src/util/random.js';
import { randomPlan, randomTable } from './support/timing-fixtures.js';

function copy(plan: CompactPlan): CompactPlan {
  return { workerCount: plan.workerCount, workerOf: Int32Array.from(plan.workerOf), levelOf: Int32Array.from(plan.levelOf), prewarm: Uint8Array.from(plan.prewarm), preload: Uint8Array.from(plan.preload) };
}

function mismatch(table: WeightTable, model: TimingModel): string {
  const { taskCount, edgeCount } = model.dag;
  for (let l = 0; l < table.levels; l++) {
    for (let v = 0; v < taskCount; v++) if (table.node(v, l) !== model.nodeMs(v, l)) return `node ${v} level ${l}: ${table.node(v, l)} != ${model.nodeMs(v, l)}`;
    for (let e = 0; e < edgeCount; e++) if (table.edge(e, l) !== model.edgeMs(e, l)) return `edge ${e} level ${l}: ${table.edge(e, l)} != ${model.edgeMs(e, l)}`;
  }
  return '';
}

describe('WeightTable reuse', () => {
  it('gives the model values on a reused assignment, after a refresh elsewhere, and on changed assignments', () => {
    const random = seededRandom(2718);
    for (let k = 0; k < 12; k++) {
      const dag = toCompactDag(buildDag(randomLayered({ tasks: 200 + 50 * k, seed: k + 3 })));
      const table = randomTable(dag, 4, random, k % 2 === 0);
      const plan = randomPlan(dag, 4, random);
      const first = new TimingModel(dag, table, copy(plan));
      const firstTable = new WeightTable(first);
      expect(mismatch(firstTable, first)).toBe('');
      // The same assignment (another engine of the same plan): reused, and exact.
      const second = new TimingModel(dag, table, copy(plan));
      const secondTable = new WeightTable(second);
      expect(mismatch(secondTable, second)).toBe('');
      // Moves refresh those tables' rows; a later table of the original assignment is unaffected.
      for (const [model, weights] of [[first, firstTable], [second, secondTable]] as const) {
        const moved = [0, 1, 2].filter((v) => model.workerOf[v] !== model.workerOf[3]);
        if (moved.length > 0) weights.refresh(model.moveTasks(moved, model.workerOf[3]!));
        expect(mismatch(weights, model)).toBe('');
      }
      const third = new TimingModel(dag, table, copy(plan));
      expect(mismatch(new WeightTable(third), third)).toBe('');
      // Different prewarm, preload and workers: computed afresh.
      const prewarmed = copy(plan);
      prewarmed.prewarm.fill(1);
      const preloaded = copy(plan);
      preloaded.preload.fill(k % 2);
      const merged = copy(plan);
      merged.workerOf[dag.taskCount - 1] = merged.workerOf[0]!;
      for (const other of [prewarmed, preloaded, merged, plan]) {
        const model = new TimingModel(dag, table, copy(other));
        expect(mismatch(new WeightTable(model), model)).toBe('');
      }
      // `timingWeights` reads the table of the same assignment (here with its workers renumbered, at other levels): the model's values.
      const renumbered = copy(plan);
      const W = plan.workerCount;
      for (let v = 0; v < dag.taskCount; v++) renumbered.workerOf[v] = W - 1 - plan.workerOf[v]!;
      for (let w = 0; w < W; w++) {
        renumbered.levelOf[w] = (plan.levelOf[W - 1 - w]! + k) % 4;
        renumbered.prewarm[w] = plan.prewarm[W - 1 - w]!;
      }
      for (const other of [renumbered, merged, prewarmed]) {
        const weights = timingWeights(dag, table, other);
        const direct = new TimingModel(dag, table, copy(other)).weights(other.levelOf);
        expect(Array.from(weights.nodeMs)).toEqual(Array.from(direct.nodeMs));
        expect(Array.from(weights.edgeMs)).toEqual(Array.from(direct.edgeMs));
      }
    }
  });

  it('shares rows filled on first use: a partly read table, moved and read again, leaves later tables of its first assignment exact', () => {
    const random = seededRandom(314);
    for (let k = 0; k < 12; k++) {
      const dag = toCompactDag(buildDag(randomLayered({ tasks: 150 + 40 * k, seed: k + 41 })));
      const table = randomTable(dag, 5, random, k % 2 === 1);
      const plan = randomPlan(dag, 5, random);
      const first = new TimingModel(dag, table, copy(plan));
      const firstTable = new WeightTable(first);
      expect(firstTable.complete).toBe(false);
      // Some rows read before the move (they go to the snapshot), the rest after it (they must not).
      for (let v = 0; v < dag.taskCount; v++) if (random() < 0.4) firstTable.node(v, Math.floor(random() * 5));
      const moved = [0, 1, 2, 3].filter((v) => first.workerOf[v] !== first.workerOf[dag.taskCount - 1]);
      if (moved.length > 0) firstTable.refresh(first.moveTasks(moved, first.workerOf[dag.taskCount - 1]!));
      expect(mismatch(firstTable, first)).toBe('');
      const second = new TimingModel(dag, table, copy(plan));
      const secondTable = new WeightTable(second);
      expect(mismatch(secondTable, second)).toBe('');
      // The second table read every row before any move: the snapshot is complete, a third copies it whole.
      const third = new WeightTable(new TimingModel(dag, table, copy(plan)));
      expect(third.complete).toBe(true);
      expect(mismatch(third, third.model)).toBe('');
      const weights = timingWeights(dag, table, plan);
      const direct = new TimingModel(dag, table, copy(plan)).weights(plan.levelOf);
      expect(Array.from(weights.nodeMs)).toEqual(Array.from(direct.nodeMs));
      expect(Array.from(weights.edgeMs)).toEqual(Array.from(direct.edgeMs));
    }
  });
});
