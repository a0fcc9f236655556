/**
 * The split/merge search's weight rows (`mirror-weights.ts`) are the model's weights in the
 * mirror's current state: after random moves tried and undone (trial rows for the touched
 * tasks, committed rows for every other) and moves kept (`commit`), every task at every
 * level equals a fresh model of the same assignment, weighed from scratch.
 */
import { describe, expect, it } from 'vitest';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import { MirrorWeights } from '../src/planning/mirror-weights.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { seededRandom } from '../src/util/random.js';
import { SHAPES, randomPlan, randomShape, randomTable } from './support/timing-fixtures.js';

describe('mirror weights of the split/merge search', () => {
  it('equal a fresh model after moves tried, undone and kept, on 150 random DAGs', () => {
    const random = seededRandom(41);
    let checked = 0;
    for (let k = 0; k < 150; k++) {
      const dag = compactWorkflow(randomShape(SHAPES[k % SHAPES.length]!, random));
      const levels = 1 + (k % 4);
      const table = randomTable(dag, levels, random);
      const plan = randomPlan(dag, levels, random);
      const n = dag.taskCount;
      const capacity = Math.max(n, plan.workerCount);
      const levelOf = new Int32Array(capacity);
      const prewarm = new Uint8Array(capacity);
      prewarm.set(plan.prewarm);
      const model = new TimingModel(dag, table, { workerCount: capacity, workerOf: Int32Array.from(plan.workerOf), levelOf, prewarm, preload: plan.preload });
      const weights = new MirrorWeights(model);
      const expectFresh = (what: string) => {
        const fresh = new TimingModel(dag, table, { workerCount: capacity, workerOf: Int32Array.from(model.workerOf), levelOf, prewarm, preload: plan.preload });
        for (let l = 0; l < levels; l++) for (let v = 0; v < n; v++) expect(weights.nodeMs(v, l), `${what}: task ${v} level ${l}`).toBe(fresh.nodeMs(v, l));
        checked++;
      };
      expectFresh('start');
      for (let move = 0; move < 6 && n > 1; move++) {
        const tasks = [Math.floor(random() * n), Math.floor(random() * n)];
        const back = tasks.map((v) => model.workerOf[v]!);
        const to = Math.floor(random() * capacity);
        // As the search does: names the touched tasks by moving there and back, then tries the move.
        const touched = new Set(model.moveTasks(tasks, to));
        tasks.forEach((v, i) => { for (const t of model.moveTasks([v], back[i]!)) touched.add(t); });
        model.moveTasks(tasks, to);
        weights.openTrial(Array.from(touched));
        expectFresh(`trial ${move}`);
        weights.closeTrial();
        if (random() < 0.5) {
          tasks.forEach((v, i) => model.moveTasks([v], back[i]!));
          expectFresh(`undone ${move}`);
        } else {
          weights.commit(Array.from(touched));
          expectFresh(`kept ${move}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(600);
  });
});
