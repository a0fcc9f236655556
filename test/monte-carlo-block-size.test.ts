/**
 * A pass that keeps finishes only (no billing, no criticality: the sweep's measurement)
 * runs in larger blocks than the full layout on the same DAG; a scenario's numbers must not
 * depend on that. Oracle: every scenario run alone, as a block of one.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { gridsFromTables } from '../src/predict/quantile-grids.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { blockSizeFor, runScenarios } from '../src/timing/monte-carlo.js';
import { seededRandom } from '../src/util/random.js';
import { randomPlan, randomTable } from './support/timing-fixtures.js';

describe('Monte Carlo block sizes', () => {
  const dag = toCompactDag(buildDag(randomLayered({ tasks: 2500, seed: 5 })));
  const full = blockSizeFor(dag);
  const finishesOnly = blockSizeFor(dag, { criticality: false, billing: false, preload: false });

  it('a finishes-only pass takes larger blocks than the full layout on a 2,500-task DAG', () => {
    expect(finishesOnly).toBeGreaterThan(full);
    expect(full).toBe(Math.floor((24 * 1024 * 1024) / (8 * (5 * dag.taskCount + dag.edgeCount) + 64)));
  });

  for (const correlation of [0, 0.4]) {
    it(`gives every scenario the makespan it has alone (correlation ${correlation})`, () => {
      const random = seededRandom(8);
      const low = randomTable(dag, 3, random);
      const high = { ...low, execMs: low.execMs.map((x) => x * 1.7), downloadMs: low.downloadMs.map((x) => x * 1.3) };
      const grids = gridsFromTables([low, high]);
      const plan = randomPlan(dag, 3, random);
      const options = { cost: AWS_LAMBDA_X86_COST, seed: 19, correlation, criticality: false, costs: false };
      const N = finishesOnly + 37; // two blocks, the second partial
      const together = runScenarios(dag, grids, plan, 0, N, options).makespanMs;
      for (let s = 0; s < N; s += 7) expect(together[s], `scenario ${s}`).toBe(runScenarios(dag, grids, plan, s, 1, options).makespanMs[0]);
      // And the full layout's blocks (billing and criticality on) give the same makespans.
      const inFullBlocks = runScenarios(dag, grids, plan, 0, N, { ...options, criticality: true, costs: true }).makespanMs;
      expect(Array.from(together)).toEqual(Array.from(inFullBlocks));
    });
  }
});
