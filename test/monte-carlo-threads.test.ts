/**
 * The same seed gives the same Monte Carlo numbers in worker threads as in the main thread
 * (scenario streams are seeded per scenario, ranges merged in order).
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { monteCarloInThreads, runScenariosInThreads } from '../src/bench/monte-carlo-pool.js';
import { gridsFromTables } from '../src/predict/quantile-grids.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { monteCarlo, runScenarios } from '../src/timing/monte-carlo.js';
import { seededRandom } from '../src/util/random.js';
import { randomPlan, randomTable } from './support/timing-fixtures.js';

describe('Monte Carlo in worker threads', () => {
  it('gives the numbers of the main thread for the same seed', async () => {
    const random = seededRandom(21);
    const dag = toCompactDag(buildDag(randomLayered({ tasks: 80, seed: 3 })));
    const low = randomTable(dag, 3, random);
    const high = { ...low, execMs: low.execMs.map((x) => x * 2), downloadMs: low.downloadMs.map((x) => x * 1.5), coldStartMs: low.coldStartMs.map((x) => x * 3) };
    const grids = gridsFromTables([low, high]);
    const plan = randomPlan(dag, 3, random);
    const options = { cost: AWS_LAMBDA_X86_COST, seed: 77, correlation: 0.3 };
    const main = runScenarios(dag, grids, plan, 0, 3001, options);
    const threaded = await runScenariosInThreads(dag, grids, plan, 3001, { ...options, threads: 2, force: true });
    expect(threaded.count).toBe(3001);
    expect(Array.from(threaded.makespanMs)).toEqual(Array.from(main.makespanMs));
    expect(Array.from(threaded.costUsd)).toEqual(Array.from(main.costUsd));
    expect(Array.from(threaded.criticalCount)).toEqual(Array.from(main.criticalCount));
    const a = monteCarlo(dag, grids, plan, { ...options, samples: 3001, deadlineMs: 500 });
    const b = await monteCarloInThreads(dag, grids, plan, { ...options, samples: 3001, deadlineMs: 500, threads: 2, force: true });
    expect(b.makespanQuantilesMs).toEqual(a.makespanQuantilesMs);
    expect(b.deadlineProbability).toBe(a.deadlineProbability);
  }, 60_000);
});
