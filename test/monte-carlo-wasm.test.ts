/**
 * The WebAssembly kernel of the Monte Carlo pass (`scenario-pass-wasm.ts`) against its
 * oracle, the JavaScript `ScenarioPass`: the same makespans, costs and critical counts bit
 * for bit (Object.is, so -0 and NaN count), with and without billing and criticality, on
 * random DAGs and plans (preloads, prewarmed and shared workers, CPU sharing at forks,
 * orchestration overheads, cells with no spread, a -0 cell), any first scenario, count and
 * block size, and on shipped datasets' fitted distributions. `npm test` builds the kernel
 * first, so it must be there.
 */
import { describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { defaultAssignment } from '../src/planning/planning-context.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import type { QuantileGrids } from '../src/predict/quantile-grids.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { modelForGrids, runScenarios, ScenarioPass } from '../src/timing/monte-carlo.js';
import { scenarioKernel, kernelFile } from '../src/timing/scenario-pass-wasm.js';
import type { CompactPlan } from '../src/timing/types.js';
import { randomInt, seededRandom, type RandomSource } from '../src/util/random.js';
import { uniformGrids } from './support/stochastic-fixture.js';
import { randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

/** The JavaScript pass, blocks of `blockSize`: the oracle. */
function jsMakespans(dag: CompactDag, grids: QuantileGrids, plan: CompactPlan, first: number, count: number, seed: number, blockSize: number): Float64Array {
  const pass = new ScenarioPass(dag, grids, plan, modelForGrids(dag, grids, plan), 0, false, blockSize, false);
  const out = new Float64Array(count);
  for (let b0 = 0; b0 < count; b0 += blockSize) {
    const bs = Math.min(blockSize, count - b0);
    pass.startBlock(seed, first + b0, bs);
    for (let v = 0; v < dag.taskCount; v++) pass.forwardTask(v, bs);
    out.set(pass.mk.subarray(0, bs), b0);
  }
  return out;
}

function expectSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let s = 0; s < expected.length; s++) if (!Object.is(actual[s], expected[s])) expect(`${what}: scenario ${s}: ${actual[s]}`).toBe(`${what}: scenario ${s}: ${expected[s]}`);
}

/** Some cells with no spread (one value K times), and one cell of -0, as platform profiles and zero-byte transfers give. */
function withFlatCells(grids: QuantileGrids, random: RandomSource): QuantileGrids {
  const K = grids.points;
  const flatten = (array: Float64Array): Float64Array => {
    const copy = Float64Array.from(array);
    for (let c = 0; c < copy.length / K; c++) if (random() < 0.3) copy.fill(copy[c * K]!, c * K, (c + 1) * K);
    if (copy.length >= K && random() < 0.5) copy.fill(-0, 0, K);
    return copy;
  };
  return { ...grids, execMs: flatten(grids.execMs), uploadMs: flatten(grids.uploadMs), downloadMs: flatten(grids.downloadMs), inputDownloadMs: flatten(grids.inputDownloadMs), coldStartMs: flatten(grids.coldStartMs) };
}

/** Trial `trial`'s DAG (shapes in turn), grids (timing rules in turn, every other one with flat cells), plan, and scenarios [first, first + count) with count up to `maxCount`. */
function randomCase(trial: number, random: RandomSource, maxCount: number): { dag: CompactDag; grids: QuantileGrids; plan: CompactPlan; first: number; count: number } {
  const dag = toCompactDag(buildDag(randomShape(SHAPES[trial % SHAPES.length]!, random)));
  const table = randomTable(dag, 4, random);
  const rules = [undefined, { overheadPerTaskMs: 3.5, overheadPerRunMs: 11 }, { cpuSharing: 'none' as const }][trial % 3];
  const base = uniformGrids(rules === undefined ? table : { ...table, rules: { ...table.rules, ...rules } });
  const grids = trial % 2 === 0 ? withFlatCells(base, random) : base;
  const plan = randomPlan(dag, 4, random);
  const count = randomInt(random, 1, maxCount);
  return { dag, grids, plan, count, first: randomInt(random, 0, 5000) };
}

describe('Monte Carlo WebAssembly kernel', () => {
  it('is built and loads (npm test builds it)', () => {
    expect(scenarioKernel(), `no kernel at ${kernelFile()}: run npm run build`).not.toBeNull();
  });

  it('gives the makespans of the JavaScript pass, bit for bit, on random DAGs and plans', () => {
    const random = seededRandom(4177);
    for (let trial = 0; trial < 60; trial++) {
      const { dag, grids, plan, first, count } = randomCase(trial, random, 700);
      const seed = randomInt(random, 1, 2 ** 31);
      const wasm = runScenarios(dag, grids, plan, first, count, { cost: AWS_LAMBDA_X86_COST, seed, criticality: false, costs: false }).makespanMs;
      expectSameBits(wasm, jsMakespans(dag, grids, plan, first, count, seed, randomInt(random, 1, 300)), `trial ${trial}`);
    }
  });

  it('gives the makespans, costs and critical counts of the JavaScript pass with billing and criticality', () => {
    const random = seededRandom(9203);
    for (let trial = 0; trial < 60; trial++) {
      const { dag, grids, plan, first, count } = randomCase(trial, random, 600);
      for (const [costs, criticality] of [[true, true], [true, false], [false, true]] as const) {
        const options = { cost: AWS_LAMBDA_X86_COST, seed: trial + 3, criticality, costs };
        const wasm = runScenarios(dag, grids, plan, first, count, options);
        const js = runScenarios(dag, grids, plan, first, count, { ...options, kernel: 'js' });
        const what = `trial ${trial}, costs ${costs}, criticality ${criticality}`;
        expectSameBits(wasm.makespanMs, js.makespanMs, `${what}: makespans`);
        expectSameBits(wasm.costUsd, js.costUsd, `${what}: costs`);
        expectSameBits(wasm.criticalCount, js.criticalCount, `${what}: critical counts`);
      }
    }
  });

  it('gives the makespans of the JavaScript pass on shipped datasets\' fitted distributions', () => {
    for (const name of ['map-reduce-100x25', 'montage-like-120', 'wfcommons-epigenomics-1695']) {
      const source = datasetSource(name);
      const instance = source.prepare(source.workflows[0]!.name, 'p90', {});
      const grids = instance.grids();
      const chain = bestPlan(instance.dag, instance.durations, defaultAssignment(instance.dag, instance.durations));
      const random = seededRandom(name.length);
      const scattered = randomPlan(instance.dag, grids.levels, random);
      for (const plan of [chain, scattered]) {
        const wasm = runScenarios(instance.dag, grids, plan, 0, 300, { cost: instance.cost, seed: 11, criticality: false, costs: false }).makespanMs;
        expectSameBits(wasm, jsMakespans(instance.dag, grids, plan, 0, 300, 11, 256), name);
      }
    }
  });
});
