/**
 * Quantile grids against a test fake DistributionPredictor with known quantile functions;
 * the fitted predictor at one probability against the empirical quantiles of recorded samples.
 */
import { describe, expect, it } from 'vitest';
import { buildQuantileGrids, tableAtQuantile } from '../src/predict/quantile-grids.js';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { isDistributionPredictor, predictorAtQuantile } from '../src/predict/predictor-at-quantile.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { monteCarlo } from '../src/timing/monte-carlo.js';
import { seededRandom } from '../src/util/random.js';
import { fixture, diamond } from './fixtures/planning-dags.js';
import { runOf } from './support/predict-fixtures.js';
import { fakeDistributionPredictor } from './support/stochastic-fixture.js';
import { compactOf } from './support/timing-fixtures.js';

describe('buildQuantileGrids', () => {
  it('holds the predictor quantiles at every grid point, non-decreasing in q and non-increasing in memory', () => {
    const f = fixture(diamond());
    const ladder = Array.from(f.durations.ladderMb);
    const { grids, unknowns } = buildQuantileGrids(f.dag, fakeDistributionPredictor, ladder, 'fail', 9);
    expect(unknowns).toEqual([]);
    for (const q of [0, 0.25, 0.5, 1]) {
      const table = tableAtQuantile(grids, q);
      for (let v = 0; v < f.dag.taskCount; v++) {
        for (let l = 0; l < ladder.length; l++) {
          const expected = (100 + f.dag.inputBytes[v]! / 1000) * Math.sqrt(512 / ladder[l]!) * (0.5 + q);
          expect(table.execMs[v * ladder.length + l]).toBeCloseTo(expected, 9);
        }
      }
      expect(table.coldStartMs[0]).toBeCloseTo(200 + 100 * q, 9);
    }
    const K = grids.points;
    for (let c = 0; c < grids.execMs.length / K; c++) for (let k = 1; k < K; k++) expect(grids.execMs[c * K + k]!).toBeGreaterThanOrEqual(grids.execMs[c * K + k - 1]!);
  });
  it('samples a single task from its predicted distribution', () => {
    const dag = compactOf(['only'], []);
    const { grids } = buildQuantileGrids(dag, { ...fakeDistributionPredictor, transferQuantile: () => ({ known: true, value: 0 }), workerStartQuantile: () => ({ known: true, value: 0 }) }, [512], 'fail');
    const r = monteCarlo(dag, grids, { workerCount: 1, workerOf: Int32Array.of(0), levelOf: Int32Array.of(0), prewarm: new Uint8Array(1), preload: new Uint8Array(1) }, { cost: AWS_LAMBDA_X86_COST, samples: 20_000, seed: 2 });
    // exec uniform on [50, 150] (input 0, 512 MB), upload 0.
    expect(r.makespanQuantilesMs.p50).toBeCloseTo(100, 0);
    expect(Math.abs(r.makespanQuantilesMs.p90 - 140)).toBeLessThan(1.5);
  });
  it('lists unknowns under fail like the duration table', () => {
    const dag = compactOf(['a'], []);
    const blind = { ...fakeDistributionPredictor, execQuantile: () => ({ known: false as const, reason: 'no records' }) };
    expect(() => buildQuantileGrids(dag, blind, [512], 'fail')).toThrow(/no records/);
  });
});

describe('predictorAtQuantile on the fitted predictor (predictor v2)', () => {
  it('gives the empirical quantiles of the recorded samples at a recorded size, as a plain predictor', () => {
    const random = seededRandom(4);
    const samples = Array.from({ length: 400 }, () => 100 + 100 * random());
    const runs = samples.map((ms, i) => runOf([{ func: 'f', memoryMb: 1024, execMs: ms }], [], [], i));
    const predictor = fitPredictor(runs, { sla: 'p90', scaling: 'fitted' });
    expect(isDistributionPredictor(predictor)).toBe(true);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const q of [0.1, 0.5, 0.9, 0.95]) {
      const p = predictorAtQuantile(predictor, q).exec('f', 0, 1024);
      expect(p.known).toBe(true);
      const empirical = sorted[Math.floor(q * (sorted.length - 1))]!;
      if (p.known) expect(Math.abs(p.value - empirical) / empirical).toBeLessThan(0.03);
    }
    expect(() => predictorAtQuantile(predictor, 1.5)).toThrow(/outside \[0, 1\]/);
  });
});
