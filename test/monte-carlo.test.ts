/**
 * The Monte Carlo pass against independent oracles: with zero-variance grids it equals the
 * deterministic full pass (makespan, cost, critical tasks) exactly on random DAGs and plans;
 * on a chain of independent stages its quantiles match the exact convolution of the stage
 * distributions; on a fan-out of k equal branches the P50 of the makespan matches the
 * order-statistic formula; a shared slowdown gives the correlation the Gaussian copula
 * predicts. Sampling tolerance: the Dvoretzky-Kiefer-Wolfowitz bound, sup |F_N - F| <=
 * sqrt(ln(2 / alpha) / (2 N)) with alpha = 1e-6, checked in probability space
 * (F(MC quantile p) within p +- eps). The seed is fixed, so the tests are deterministic;
 * the bound says how far a correct sampler may be from the truth.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { degenerateGrids, gridsFromTables, type QuantileGrids } from '../src/predict/quantile-grids.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { monteCarlo, runScenarios } from '../src/timing/monte-carlo.js';
import { planCost } from '../src/timing/plan-cost.js';
import { slackOf } from '../src/timing/full-pass.js';
import { planTiming, TimingModel } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import type { CompactPlan, DurationTable } from '../src/timing/types.js';
import { seededRandom } from '../src/util/random.js';
import { compactOf, randomPlan, randomShape, randomTable, SHAPES } from './support/timing-fixtures.js';

const cost = AWS_LAMBDA_X86_COST;
const dkw = (n: number, alpha = 1e-6) => Math.sqrt(Math.log(2 / alpha) / (2 * n));

/** A table of zeros (one level) with the given execution times. */
function zeroTable(dag: CompactDag, exec: (v: number) => number): DurationTable {
  const n = dag.taskCount;
  return {
    ladderMb: Float64Array.of(1024),
    levels: 1,
    execMs: Float64Array.from({ length: n }, (_, v) => exec(v)),
    uploadMs: new Float64Array(n),
    downloadMs: new Float64Array(dag.edgeCount),
    inputDownloadMs: new Float64Array(n),
    coldStartMs: new Float64Array(1),
    warmStartMs: new Float64Array(1),
  };
}

/** Every task on its own worker at level 0. */
function ownWorkers(dag: CompactDag): CompactPlan {
  const n = dag.taskCount;
  return { workerCount: n, workerOf: Int32Array.from({ length: n }, (_, v) => v), levelOf: new Int32Array(n), prewarm: new Uint8Array(n), preload: new Uint8Array(n) };
}

/** Exact CDF of a sum of independent piecewise-uniform variables (quantile knots per stage), by numeric convolution on a fine grid. */
function convolutionCdf(stages: readonly (readonly number[])[], step: number): (x: number) => number {
  let density = Float64Array.of(1); // mass at offset 0
  let offset = 0;
  for (const knots of stages) {
    const lo = knots[0]!;
    const hi = knots[knots.length - 1]!;
    const bins = Math.ceil((hi - lo) / step) + 1;
    const mass = new Float64Array(bins);
    const piece = 1 / (knots.length - 1);
    for (let k = 0; k + 1 < knots.length; k++) {
      const a = knots[k]!;
      const b = knots[k + 1]!;
      // Spread the piece's mass uniformly over [a, b] in sub-steps.
      const sub = 200;
      for (let j = 0; j < sub; j++) {
        const x = a + ((j + 0.5) / sub) * (b - a);
        mass[Math.min(bins - 1, Math.round((x - lo) / step))]! += piece / sub;
      }
    }
    const next = new Float64Array(density.length + bins - 1);
    for (let i = 0; i < density.length; i++) if (density[i]! > 0) for (let j = 0; j < bins; j++) next[i + j]! += density[i]! * mass[j]!;
    density = next;
    offset += lo;
  }
  const cdf = new Float64Array(density.length);
  let sum = 0;
  for (let i = 0; i < density.length; i++) cdf[i] = sum += density[i]!;
  return (x: number) => {
    const i = Math.floor((x - offset) / step);
    return i < 0 ? 0 : i >= cdf.length ? 1 : cdf[i]!;
  };
}

describe('zero-variance grids equal the deterministic full pass', () => {
  for (const shape of SHAPES) {
    it(`${shape}: every scenario's makespan and cost equal planTiming and planCost exactly, critical tasks have no slack`, () => {
      const random = seededRandom(SHAPES.indexOf(shape) + 11);
      for (let trial = 0; trial < 4; trial++) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const table = randomTable(dag, 3, random);
        const plan = randomPlan(dag, 3, random);
        const timing = planTiming(dag, table, plan);
        const billed = planCost(dag, table, plan, timing, cost);
        const result = runScenarios(dag, degenerateGrids(table), plan, 0, 37, { cost, seed: trial });
        for (let s = 0; s < 37; s++) {
          expect(result.makespanMs[s]).toBe(timing.makespanMs);
          expect(result.costUsd[s]).toBe(billed.costUsd);
        }
        for (let v = 0; v < dag.taskCount; v++) {
          const critical = slackOf(timing, v) <= TIME_EPSILON_MS;
          expect(result.criticalCount[v], `task ${dag.taskIds[v]}`).toBe(critical ? 37 : 0);
        }
      }
    });
  }
});

describe('zero-variance grids apply the timing rules (issue 11) like the full pass', () => {
  for (const cpuSharing of ['processor-sharing', 'none'] as const) {
    it(`${cpuSharing}, orchestration overhead per task and per run: makespan and cost equal planTiming and planCost exactly`, () => {
      const random = seededRandom(cpuSharing === 'none' ? 91 : 97);
      for (const shape of SHAPES) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const table: DurationTable = { ...randomTable(dag, 3, random), rules: { cpuSharing, cpuProvider: 'aws', overheadPerTaskMs: 7, overheadPerRunMs: 13 } };
        const plan = randomPlan(dag, 3, random);
        const timing = planTiming(dag, table, plan);
        const billed = planCost(dag, table, plan, timing, cost);
        const result = runScenarios(dag, degenerateGrids(table), plan, 0, 9, { cost, seed: 3, model: new TimingModel(dag, table, plan) });
        for (let s = 0; s < 9; s++) {
          expect(result.makespanMs[s]).toBe(timing.makespanMs);
          expect(result.costUsd[s]).toBe(billed.costUsd);
        }
      }
    });
  }
});

describe('a chain of independent stages', () => {
  it('matches the exact convolution of the stage distributions within the DKW tolerance', () => {
    const dag = compactOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'd']]);
    // Stage distributions as quantile knots (q = 0, 1/2, 1): skewed piecewise-uniform ones.
    const knots: number[][] = [[10, 12, 30], [5, 20, 25], [40, 41, 60], [0, 1, 100]];
    const index = (id: string) => dag.taskIds.indexOf(id);
    const tables = [0, 1, 2].map((k) => zeroTable(dag, (v) => knots[['a', 'b', 'c', 'd'].indexOf(dag.taskIds[v]!)]![k]!));
    const grids = gridsFromTables(tables);
    const N = 40_000;
    const report = monteCarlo(dag, grids, ownWorkers(dag), { cost, samples: N, seed: 5, criticality: true });
    const cdf = convolutionCdf(knots, 0.05);
    const eps = dkw(N) + 0.002; // + discretisation of the oracle
    for (const [p, value] of [[0.5, report.makespanQuantilesMs.p50], [0.9, report.makespanQuantilesMs.p90], [0.95, report.makespanQuantilesMs.p95], [0.99, report.makespanQuantilesMs.p99]] as const) {
      expect(Math.abs(cdf(value) - p), `p${p * 100}: F(${value.toFixed(2)}) = ${cdf(value).toFixed(4)}`).toBeLessThanOrEqual(eps);
    }
    // Exact mean: sum of the stage means (each piece uniform).
    const mean = knots.reduce((sum, k) => sum + ((k[0]! + k[1]!) / 2 + (k[1]! + k[2]!) / 2) / 2, 0);
    expect(Math.abs(report.meanMakespanMs - mean)).toBeLessThan(0.5);
    // Every stage of a chain is always critical.
    for (const id of ['a', 'b', 'c', 'd']) expect(report.criticality[index(id)]).toBe(1);
  });
});

describe('a fan-out of k equal branches', () => {
  for (const k of [2, 5, 16]) {
    it(`k=${k}: P50 of the makespan matches the order statistic F^-1(0.5^(1/k)) of the branches' max`, () => {
      const ids = ['src', ...Array.from({ length: k }, (_, i) => `b${i}`), 'sink'];
      const edges: [string, string][] = [];
      for (let i = 0; i < k; i++) edges.push(['src', `b${i}`], [`b${i}`, 'sink']);
      const dag = compactOf(ids, edges);
      const branch = (v: number, x: number) => (dag.taskIds[v]!.startsWith('b') ? x : 0);
      const grids = gridsFromTables([zeroTable(dag, (v) => branch(v, 100)), zeroTable(dag, (v) => branch(v, 300))]);
      const N = 20_000;
      const report = monteCarlo(dag, grids, ownWorkers(dag), { cost, samples: N, seed: 9 });
      const expected = 100 + 200 * 0.5 ** (1 / k);
      const F = (x: number) => Math.min(1, Math.max(0, (x - 100) / 200)) ** k;
      expect(Math.abs(F(report.makespanQuantilesMs.p50) - 0.5)).toBeLessThanOrEqual(dkw(N));
      expect(Math.abs(report.makespanQuantilesMs.p50 - expected)).toBeLessThan(5);
      // Each branch is critical in about 1/k of the scenarios; the shares sum to 1 (ties have probability 0).
      let sum = 0;
      for (let i = 0; i < k; i++) sum += report.criticality[dag.taskIds.indexOf(`b${i}`)]!;
      expect(sum).toBeCloseTo(1, 9);
      expect(report.criticality[dag.taskIds.indexOf('src')]).toBe(1);
    });
  }
});

describe('options and determinism', () => {
  const dag = compactOf(['a', 'b'], [['a', 'b']]);
  const grids: QuantileGrids = gridsFromTables([zeroTable(dag, () => 0), zeroTable(dag, () => 1)]);
  it('a shared slowdown correlates stages as the Gaussian copula predicts and keeps the marginals', () => {
    const N = 40_000;
    for (const rho of [0, 0.5, 0.9]) {
      const r = runScenarios(dag, grids, ownWorkers(dag), 0, N, { cost, seed: 3, correlation: rho, criticality: false });
      let sum = 0;
      let sq = 0;
      for (const x of r.makespanMs) {
        sum += x;
        sq += x * x;
      }
      const mean = sum / N;
      const variance = sq / N - mean * mean;
      // X, Y uniform(0,1) with Spearman rho_s = (6/pi) asin(rho/2): Var(X+Y) = (2/12)(1 + rho_s).
      const expected = (2 / 12) * (1 + (6 / Math.PI) * Math.asin(rho / 2));
      expect(Math.abs(variance - expected), `rho=${rho}`).toBeLessThan(0.006);
      expect(Math.abs(mean - 1)).toBeLessThan(0.01);
    }
  });
  it('the same seed gives the same numbers whatever the scenario split; another seed differs', () => {
    const plan = ownWorkers(dag);
    const whole = runScenarios(dag, grids, plan, 0, 1000, { cost, seed: 4 });
    const tail = runScenarios(dag, grids, plan, 600, 400, { cost, seed: 4 });
    expect(Array.from(tail.makespanMs)).toEqual(Array.from(whole.makespanMs.subarray(600)));
    const other = runScenarios(dag, grids, plan, 0, 1000, { cost, seed: 5 });
    expect(Array.from(other.makespanMs)).not.toEqual(Array.from(whole.makespanMs));
  });
  it('reports the deadline probability as the share of scenarios within it', () => {
    const report = monteCarlo(dag, grids, ownWorkers(dag), { cost, samples: 20_000, seed: 1, deadlineMs: 1 });
    // P(X + Y <= 1) = 1/2 for independent uniforms.
    expect(Math.abs(report.deadlineProbability! - 0.5)).toBeLessThanOrEqual(dkw(20_000));
  });
  it('rejects bad options with a clear error', () => {
    expect(() => monteCarlo(dag, grids, ownWorkers(dag), { cost, samples: 0 })).toThrow(/samples must be an integer >= 1/);
    expect(() => monteCarlo(dag, grids, ownWorkers(dag), { cost, correlation: 1 })).toThrow(/correlation must be in \[0, 1\)/);
  });
});
