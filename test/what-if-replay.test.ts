/**
 * An accepted trial is replayed, not propagated again: after `whatIf(w, l)` then
 * `setWorkerLevel(w, l)`, the engine must hold exactly (bit for bit) what a twin engine
 * holds that only ever called `setWorkerLevel`, on random DAGs, plans and move sequences
 * (interleaved with what-ifs of other moves, which must not be replayed).
 */
import { describe, expect, it } from 'vitest';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import { IncrementalTiming } from '../src/timing/incremental-timing.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

const snapshot = (e: IncrementalTiming) => {
  const r = e.result();
  return { makespanMs: r.makespanMs, es: Array.from(r.earliestStart), ef: Array.from(r.earliestFinish), ls: Array.from(r.latestStart), weights: Array.from(e.weights().nodeMs), edges: Array.from(e.weights().edgeMs), levels: Array.from(e.plan().levelOf) };
};

describe('whatIf then setWorkerLevel', () => {
  it('leaves the engine exactly as setWorkerLevel alone does', () => {
    const random = seededRandom(21);
    let replayed = 0;
    for (let k = 0; k < 300; k++) {
      const dag = compactWorkflow(randomShape(SHAPES[k % SHAPES.length]!, random));
      const levels = 2 + (k % 4);
      const table = randomTable(dag, levels, random, k % 2 === 0);
      const plan = randomPlan(dag, levels, random);
      const tried = new IncrementalTiming(dag, table, plan);
      const direct = new IncrementalTiming(dag, table, plan);
      for (let step = 0; step < 12; step++) {
        const w = randomInt(random, 0, plan.workerCount - 1);
        const l = randomInt(random, 0, levels - 1);
        if (random() < 0.3) tried.whatIf(randomInt(random, 0, plan.workerCount - 1), randomInt(random, 0, levels - 1)); // another move, not taken
        const before = tried.stats.appliedWhatIfs;
        const answer = tried.whatIf(w, l);
        if (tried.stats.appliedWhatIfs > before) replayed++;
        tried.setWorkerLevel(w, l);
        direct.setWorkerLevel(w, l);
        expect(tried.makespanMs).toBe(answer.makespanMs);
        expect(snapshot(tried)).toEqual(snapshot(direct));
      }
      expect(tried.stats.updates).toBe(direct.stats.updates);
    }
    expect(replayed).toBeGreaterThan(100); // the replay path ran
  });
});
