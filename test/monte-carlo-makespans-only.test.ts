/**
 * The Monte Carlo pass without billing (`costs: false`, what the planners and the sweep's
 * P95 / P(<= D) metrics ask for) gives the makespans and criticality of the full pass,
 * bit for bit, on random DAGs and plans (preloads, shared workers, timing rules, a shared
 * slowdown), and NaN costs.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { runScenarios } from '../src/timing/monte-carlo.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { uniformGrids } from './support/stochastic-fixture.js';
import { randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

describe('runScenarios with costs: false', () => {
  it('keeps the makespans and criticality of the billed pass', () => {
    const random = seededRandom(1202);
    for (let trial = 0; trial < 40; trial++) {
      const dag = toCompactDag(buildDag(randomShape(SHAPES[trial % SHAPES.length]!, random)));
      const table = randomTable(dag, 3, random);
      const grids = uniformGrids(trial % 2 === 0 ? { ...table, rules: { overheadPerTaskMs: 2, overheadPerRunMs: 9 } } : table);
      const plan = randomPlan(dag, 3, random);
      const samples = randomInt(random, 1, 400);
      for (const criticality of [true, false]) {
        const options = { cost: AWS_LAMBDA_X86_COST, seed: trial + 1, correlation: trial % 3 === 0 ? 0.3 : 0, criticality };
        const billed = runScenarios(dag, grids, plan, 0, samples, options);
        const lean = runScenarios(dag, grids, plan, 0, samples, { ...options, costs: false });
        expect(lean.makespanMs).toEqual(billed.makespanMs);
        expect(lean.criticalCount).toEqual(billed.criticalCount);
        expect(lean.costUsd.every((c) => Number.isNaN(c))).toBe(true);
      }
    }
  });
});
