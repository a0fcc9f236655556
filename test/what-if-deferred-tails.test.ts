/**
 * A trial decided once its forward pass is past the worker's last task ('deferred': the
 * makespan stays and no task gains or loses criticality) leaves the rest of its
 * propagation to the apply. Against a twin engine that never defers (the reference, which
 * propagates every trial in full): the same answers bit for bit, the same times, weights,
 * stats and work meter (`visits`, the split search's budget) after every step, whether the
 * trial is then applied, dropped for another change, a move or another what-if, or the
 * meter, the makespan or a slack is read in between (a decided trial is rolled back only
 * then, or when dropped). Against a full recompute: the times after the apply.
 */
import { describe, expect, it } from 'vitest';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import { randomLayered } from '../src/generate/random-layered.js';
import type { CompactDag } from '../src/dag/compact-dag.js';
import { IncrementalTiming } from '../src/timing/incremental-timing.js';
import { planTiming } from '../src/timing/timing-model.js';
import { timeEqual } from '../src/timing/tolerance.js';
import type { CompactPlan } from '../src/timing/types.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { SHAPES, randomPlan, randomShape, randomTable, scatteredPlan } from './support/timing-fixtures.js';

interface Internals {
  state: { deferTrials: boolean; deferredTrials: number };
}
const internals = (e: IncrementalTiming) => e as unknown as Internals;

const snapshot = (e: IncrementalTiming) => {
  const r = e.result();
  const w = e.weights();
  return { makespanMs: r.makespanMs, es: Array.from(r.earliestStart), ef: Array.from(r.earliestFinish), ls: Array.from(r.latestStart), lf: Array.from(r.latestFinish), nodes: Array.from(w.nodeMs), edges: Array.from(w.edgeMs), plan: e.plan() };
};

/** Workers of tasks scattered over the whole index range (paths leave them and come back: not closed). */
function scattered(dag: CompactDag, levels: number, random: () => number): CompactPlan {
  return scatteredPlan(dag, levels, random, Math.max(1, Math.min(dag.taskCount, randomInt(random, 2, Math.max(2, Math.floor(dag.taskCount / 4))))));
}

describe('deferred trial tails', () => {
  it('answers, times, stats and the work meter equal an engine that propagates every trial in full, on random DAGs', () => {
    const random = seededRandom(1414);
    let deferred = 0;
    let deferredApplied = 0;
    let trials = 0;
    for (let k = 0; k < 500; k++) {
      const spec = k % 5 === 4 ? randomLayered({ tasks: randomInt(random, 50, 400), seed: k }) : randomShape(SHAPES[k % SHAPES.length]!, random);
      const dag = compactWorkflow(spec);
      const levels = 2 + (k % 4);
      const table = randomTable(dag, levels, random, k % 2 === 0);
      const plan = k % 3 === 0 ? randomPlan(dag, levels, random) : scattered(dag, levels, random);
      const tried = new IncrementalTiming(dag, table, plan);
      const reference = new IncrementalTiming(dag, table, plan);
      internals(reference).state.deferTrials = false;
      for (let step = 0; step < 16; step++) {
        const w = randomInt(random, 0, plan.workerCount - 1);
        const l = randomInt(random, 0, levels - 1);
        const M = tried.makespanMs;
        const kind = random();
        // Unbounded, bounded at the makespan with the new-critical check (best-then-downgrade), or bounded above it (deadline mode).
        const bound = kind < 0.3 ? undefined : kind < 0.7 ? M : M * (1 + 0.3 * random());
        const stop = kind < 0.7;
        const before = internals(tried).state.deferredTrials;
        const answer = tried.whatIf(w, l, bound, stop);
        expect(answer).toEqual(reference.whatIf(w, l, bound, stop));
        trials++;
        const wasDeferred = internals(tried).state.deferredTrials > before;
        if (wasDeferred) deferred++;
        const next = random();
        // Read between the trial and what follows: the meter, the makespan, slacks (a decided trial's writes may still be in the times).
        if (random() < 0.3) expect(tried.visits).toBe(reference.visits);
        if (random() < 0.3) {
          const v = randomInt(random, 0, dag.taskCount - 1);
          expect(tried.slackMs(v)).toBe(reference.slackMs(v));
          expect(tried.makespanMs).toBe(reference.makespanMs);
        }
        if (next < 0.6) {
          tried.setWorkerLevel(w, l);
          reference.setWorkerLevel(w, l);
          if (wasDeferred) deferredApplied++;
          if (answer.partial !== true) expect(tried.makespanMs).toBe(answer.makespanMs);
        } else if (next < 0.75) {
          const x = randomInt(random, 0, plan.workerCount - 1);
          const y = randomInt(random, 0, levels - 1);
          tried.setWorkerLevel(x, y);
          reference.setWorkerLevel(x, y);
        } else if (next < 0.85) {
          const task = randomInt(random, 0, dag.taskCount - 1);
          const to = randomInt(random, 0, plan.workerCount - 1);
          if (tried.tasksOf(tried.workerOfTask(task)).length > 1 || random() < 0.5) {
            tried.moveTasks([task], to);
            reference.moveTasks([task], to);
          }
        } // else: dropped for the next what-if
        expect(tried.visits).toBe(reference.visits);
        expect(tried.stats).toEqual(reference.stats);
        expect(snapshot(tried)).toEqual(snapshot(reference));
      }
      const full = planTiming(dag, table, tried.plan());
      expect(timeEqual(full.makespanMs, tried.makespanMs)).toBe(true);
      const r = tried.result();
      for (let v = 0; v < dag.taskCount; v++) {
        expect(timeEqual(full.earliestFinish[v]!, r.earliestFinish[v]!)).toBe(true);
        expect(timeEqual(full.latestFinish[v]!, r.latestFinish[v]!)).toBe(true);
      }
    }
    console.log(`deferred tails: ${trials} what-ifs, ${deferred} deferred, ${deferredApplied} of them applied`);
    expect(deferred).toBeGreaterThan(200);
    expect(deferredApplied).toBeGreaterThan(100);
  });
});
