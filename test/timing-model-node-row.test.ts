/**
 * `TimingModel.nodeRow` (one scan of a task's inputs for every level, what the weight
 * tables fill rows with) gives exactly `nodeMs(v, l)` at every level: random DAGs of every
 * shape, random assignments with preload and prewarm, CPU sharing on and off, orchestration
 * overhead, and after moves that change which inputs are remote.
 */
import { describe, expect, it } from 'vitest';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { buildDag } from '../src/dag/build-dag.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { seededRandom } from '../src/util/random.js';
import { randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

describe('TimingModel.nodeRow', () => {
  it('equals nodeMs at every level, before and after moves (200 random cases)', () => {
    const random = seededRandom(404);
    let rows = 0;
    for (let trial = 0; trial < 200; trial++) {
      const dag = toCompactDag(buildDag(randomShape(SHAPES[trial % SHAPES.length]!, random)));
      const L = 2 + (trial % 5);
      const base = randomTable(dag, L, random);
      const rules = trial % 3 === 0 ? { overheadPerTaskMs: 4 * random(), overheadPerRunMs: 30 * random() } : trial % 3 === 1 ? { cpuSharing: 'none' as const } : {};
      const table = { ...base, rules: { ...base.rules, ...rules } };
      const plan = randomPlan(dag, L, random);
      const model = new TimingModel(dag, table, { ...plan, workerOf: plan.workerOf.slice() });
      const out = new Float64Array(L + 3);
      const check = () => {
        for (let v = 0; v < dag.taskCount; v++) {
          out.fill(Number.NaN);
          model.nodeRow(v, out, 2);
          for (let l = 0; l < L; l++) expect(out[2 + l], `trial ${trial} task ${v} level ${l}`).toBe(model.nodeMs(v, l));
          rows++;
        }
      };
      check();
      // A move to another worker flips the remote flags, starts and sibling counts of its neighbourhood.
      const v = Math.floor(random() * dag.taskCount);
      model.moveTasks([v], Math.floor(random() * plan.workerCount));
      check();
    }
    expect(rows).toBeGreaterThan(1000);
  });
});
