/**
 * Kept scenarios (`incremental-scenarios.ts`) against the full Monte Carlo pass as oracle:
 * after any sequence of level changes (one or several workers, rebased or not), the
 * makespans equal `runScenarios` of the plan as it is, bit for bit, and after a rebase so do
 * the criticality counts; on random DAGs of every fixture shape, random plans (shared
 * workers, preloads, pre-warmed workers), CPU-sharing rules, a shared slowdown, more
 * scenarios than one block holds, and a negative duration (no shortcut through the sinks).
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { IncrementalScenarios, typicalConeShare } from '../src/timing/incremental-scenarios.js';
import { modelForGrids, runScenarios } from '../src/timing/monte-carlo.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { uniformGrids } from './support/stochastic-fixture.js';
import { randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

describe('IncrementalScenarios', () => {
  it('gives the full pass makespans and criticality after any level changes', () => {
    const random = seededRandom(20261202);
    let checks = 0;
    for (let trial = 0; trial < 48; trial++) {
      const shape = SHAPES[trial % SHAPES.length]!;
      const dag = toCompactDag(buildDag(randomShape(shape, random)));
      const L = 4;
      const table = randomTable(dag, L, random);
      const grids = uniformGrids(trial % 3 === 0 ? { ...table, rules: { overheadPerTaskMs: 3, overheadPerRunMs: 20 } } : trial % 3 === 1 ? { ...table, rules: { cpuSharing: 'none' } } : table);
      // A negative duration somewhere: finishes may then fall along an edge, so every task can hold the makespan.
      if (trial % 7 === 6) grids.execMs.fill(-1e6, (dag.taskCount - 1) * L * grids.points); // the last task (a sink) ends before it starts
      const plan = randomPlan(dag, L, random);
      const model = modelForGrids(dag, grids, plan);
      const samples = trial % 4 === 0 ? 300 : randomInt(random, 1, 120);
      const seed = randomInt(random, 1, 1000);
      const correlation = trial % 5 === 0 ? 0.4 : 0;
      const full = (criticality: boolean) => runScenarios(dag, grids, plan, 0, samples, { cost: AWS_LAMBDA_X86_COST, seed, correlation, criticality, model });
      const kept = new IncrementalScenarios(dag, grids, plan, model, samples, seed, correlation);
      expect(kept.baseMakespans()).toEqual(full(true).makespanMs);
      expect(kept.criticalCount()).toEqual(full(true).criticalCount);
      for (let step = 0; step < 8; step++) {
        const moved = randomInt(random, 1, Math.min(3, plan.workerCount));
        for (let i = 0; i < moved; i++) plan.levelOf[randomInt(random, 0, plan.workerCount - 1)] = randomInt(random, 0, L - 1);
        expect(kept.makespans()).toEqual(full(false).makespanMs);
        checks++;
        if (random() < 0.5) {
          kept.rebase();
          const truth = full(true);
          expect(kept.baseMakespans()).toEqual(truth.makespanMs);
          expect(kept.criticalCount()).toEqual(truth.criticalCount);
        }
      }
    }
    expect(checks).toBe(48 * 8);
  });

  it('judges how far a change reaches: one worker of a chain reaches everything, one of a fan-out little', () => {
    const chain = toCompactDag(buildDag({ name: 'c', tasks: [0, 1, 2, 3].map((i) => ({ id: `t${i}`, func: 'f', inputBytes: 1, outputBytes: 1 })), edges: [0, 1, 2].map((i) => ({ from: `t${i}`, to: `t${i + 1}`, bytes: 1 })) }));
    const own = (n: number) => ({ workerCount: n, workerOf: Int32Array.from({ length: n }, (_, v) => v), levelOf: new Int32Array(n), prewarm: new Uint8Array(n), preload: new Uint8Array(n) });
    // Work (tasks + in-edges) reached from workers 0..3: 7, 6, 4, 2 of 7; the median taken is the upper one.
    expect(typicalConeShare(chain, own(4))).toBeCloseTo(6 / 7, 12);
    const width = 40;
    const fan = toCompactDag(
      buildDag({
        name: 'f',
        tasks: [{ id: 's', func: 'f', inputBytes: 1, outputBytes: 1 }, ...Array.from({ length: width }, (_, i) => ({ id: `b${i}`, func: 'f', inputBytes: 1, outputBytes: 1 })), { id: 'j', func: 'f', inputBytes: 1, outputBytes: 1 }],
        edges: [...Array.from({ length: width }, (_, i) => ({ from: 's', to: `b${i}`, bytes: 1 })), ...Array.from({ length: width }, (_, i) => ({ from: `b${i}`, to: 'j', bytes: 1 }))],
      }),
    );
    expect(typicalConeShare(fan, own(fan.taskCount))).toBeLessThan(0.4);
  });
});
