/**
 * auto's stacked blend of the scaling candidates and the pooled one-size prior, each
 * against a second computation: a brute force over the weight grid, the blend as the
 * geometric mean of the single curves, the prior as the best of a hand-listed grid.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { cpuShare } from '../src/predict/cpu-share.js';
import { AUTO_CANDIDATES, autoScaling, fitCandidate, leaveOneSizeOutLogRatios, poolChoice, type PooledChoice } from '../src/predict/scaling/auto.js';
import { GRID_STEPS, stackedWeights } from '../src/predict/scaling/stacked-weights.js';
import { pooledOnePointPrior } from '../src/predict/scaling/one-point-prior.js';
import { runOf } from './support/predict-fixtures.js';
import type { RelativePoint } from '../src/predict/scaling/types.js';

const RECORDED = [128, 256, 512, 1024, 2048, 3008];
const LADDER = [128, 256, 512, 1024, 1769, 2048, 3008, 4096, 10240];
const amdahlCurve = (s: number, p: number, sizes = RECORDED): RelativePoint[] => sizes.map((m) => ({ memoryMb: m, r: s + p / cpuShare(m) }));
const powerLawCurve = (alpha: number, sizes = RECORDED): RelativePoint[] => sizes.map((m) => ({ memoryMb: m, r: Math.pow(512 / m, alpha) }));

/** Every weight vector on the 1/GRID_STEPS grid of the 5-simplex, by nested loops. */
function* grid(): Generator<number[]> {
  const g = GRID_STEPS;
  for (let a = 0; a <= g; a++) for (let b = 0; a + b <= g; b++) for (let c = 0; a + b + c <= g; c++) for (let d = 0; a + b + c + d <= g; d++) yield [a / g, b / g, c / g, d / g, (g - a - b - c - d) / g];
}

const blendError = (w: readonly number[], logs: readonly (readonly number[])[]) => {
  const folds = logs[0]!.length;
  let sum = 0;
  for (let j = 0; j < folds; j++) sum += Math.abs(Math.exp(w.reduce((acc, wk, k) => acc + wk * logs[k]![j]!, 0)) - 1);
  return sum / folds;
};

describe('stackedWeights', () => {
  it('finds the lowest error of the weight grid (brute force over 1,001 weight vectors, property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((folds) => fc.array(fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: folds, maxLength: folds }), { minLength: 5, maxLength: 5 })), (logs) => {
        const { weights, error } = stackedWeights(AUTO_CANDIDATES, logs);
        let best = Infinity;
        for (const w of grid()) best = Math.min(best, blendError(w, logs));
        expect(error).toBeCloseTo(best, 9); // ties within 1e-12 go to the simpler blend
        const w = AUTO_CANDIDATES.map((c) => weights[c] ?? 0);
        expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const x of w) expect(Math.abs(x * GRID_STEPS - Math.round(x * GRID_STEPS))).toBeLessThan(1e-9);
        // Relative: the same sum in another order differs in its last bits (errors reach ~20).
        expect(Math.abs(blendError(w, logs) - error)).toBeLessThanOrEqual(1e-12 * Math.max(1, error));
      }),
      { numRuns: 40 },
    );
  });

  it('a blend of two candidates beats both when their errors cancel', () => {
    // candidate 0 over-predicts by 20%, candidate 1 under-predicts by 20%: the geometric mean is exact
    const logs = [[Math.log(1.2), Math.log(1.2)], [Math.log(1 / 1.2), Math.log(1 / 1.2)], [1, 1], [1, 1], [1, 1]];
    const { weights, error } = stackedWeights(AUTO_CANDIDATES, logs);
    expect(weights).toEqual({ linear: 0.5, power: 0.5 });
    expect(error).toBeLessThan(1e-12);
  });
});

describe('auto stacked (the default)', () => {
  // Half the funcs follow Amdahl, half a power law: no single candidate fits every one.
  const curves = [...[0.1, 0.3, 0.5].map((s) => amdahlCurve(s, 1 - s)), ...[0.2, 0.4, 0.6].map((a) => powerLawCurve(a))];
  const pool = poolChoice(curves.map((points) => ({ points, provider: 'aws' as const })))!;

  it('the pooled blend is at least as good as every single candidate on the pooled folds', () => {
    expect(pool.stack).toBeDefined();
    for (const model of AUTO_CANDIDATES) expect(pool.stack!.looMapePct).toBeLessThanOrEqual(pool.looMapePct[model] + 1e-9);
    // the weights are the brute-force best on the same folds (second computation of the folds)
    const logs = AUTO_CANDIDATES.map((c) => curves.flatMap((points) => leaveOneSizeOutLogRatios(points, 'aws', { powerAlpha: 0.3, fitted: {}, criterion: 'curve' })[c]));
    let best = Infinity;
    for (const w of grid()) best = Math.min(best, blendError(w, logs));
    expect(pool.stack!.looMapePct).toBeCloseTo(100 * best, 9);
  });

  it('a func\'s curve is the weighted geometric mean of the candidates fitted on its own points', () => {
    const weights = { linear: 0.3, amdahl: 0.7 } as const;
    const given: PooledChoice = { ...pool, model: 'amdahl', stack: { weights, looMapePct: 1 }, extrapolation: { ...pool.extrapolation, stack: { weights, looMapePct: 1 } } };
    const points = amdahlCurve(0.2, 0.8, [256, 1024, 3008]); // 3 sizes: too few to override the blend
    const curve = autoScaling({ pool: given }).fit({ memoryMb: points.map((p) => p.memoryMb), inputBytes: points.map(() => 0), ms: points.map((p) => 100 * p.r) });
    const linear = fitCandidate('linear', points, 'aws', { powerAlpha: 0.3, fitted: {} });
    const amdahl = fitCandidate('amdahl', points, 'aws', { powerAlpha: 0.3, fitted: {} });
    for (const m of LADDER) expect(curve.factor(m)).toBeCloseTo(Math.pow(linear.factor(m), 0.3) * Math.pow(amdahl.factor(m), 0.7), 9);
    expect(curve.choice).toMatchObject({ model: 'amdahl', source: 'pooled', weights });
    expect(curve.describe).toMatch(/^auto -> stack 0\.3 x linear .* \* 0\.7 x amdahl/);
  });

  it('a func with >= 4 sizes that one candidate fits far better than the blend takes that candidate', () => {
    const family = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((s) => ({ func: `amd${s}`, s }));
    const samples = family.flatMap(({ func, s }) => RECORDED.flatMap((m) => Array.from({ length: 3 }, () => ({ func, memoryMb: m, execMs: 1000 * (s + (1 - s) / cpuShare(m)) }))));
    samples.push(...RECORDED.flatMap((m) => Array.from({ length: 3 }, () => ({ func: 'pow', memoryMb: m, execMs: 700 * Math.pow(512 / m, 0.3) }))));
    const predictor = fitPredictor([runOf(samples)], { sla: 'median', scaling: 'auto' });
    const choice = predictor.funcs.get('pow')!.exec.curve.choice!;
    expect(choice).toMatchObject({ model: 'power', source: 'own' });
    expect(choice.reason).toMatch(/^own: power 0\.0% vs the blend .* over 6 sizes .*more than one standard error below the pooled blend/);
    for (const m of LADDER) expect(predictor.exec('pow', 0, m).known && predictor.exec('pow', 0, m)).toMatchObject({ value: expect.closeTo(700 * Math.pow(512 / m, 0.3), 6) });
    expect(predictor.funcs.get('amd0.3')!.exec.curve.choice).toMatchObject({ source: 'pooled' });
  });

  it('predictions stay positive and finite at every ladder size for every func of the fit', () => {
    const predictor = fitPredictor([runOf(curves.flatMap((points, i) => points.map((p) => ({ func: `f${i}`, memoryMb: p.memoryMb, execMs: 100 * p.r }))))], { sla: 'median', scaling: 'auto' });
    for (let i = 0; i < curves.length; i++) {
      for (const m of [64, ...LADDER, 16384]) {
        const p = predictor.exec(`f${i}`, 0, m);
        expect(p.known && Number.isFinite(p.value) && p.value > 0).toBe(true);
      }
    }
  });
});

describe('pooled one-size prior (onePointPrior: cv)', () => {
  it('recovers the exponent of funcs that follow cpu(m)^-alpha', () => {
    for (const alpha of [0, 0.4, 0.7, 1]) {
      const curves = [2, 3, 5].map((scale) => ({ points: RECORDED.map((m) => ({ memoryMb: m, r: scale * Math.pow(cpuShare(m), -alpha) })), provider: 'aws' as const }));
      expect(pooledOnePointPrior(curves)).toMatchObject({ alpha, capped: false, pairs: 3 * 6 * 5, funcs: 3 });
      expect(pooledOnePointPrior(curves)!.mapePct).toBeLessThan(1e-9);
    }
  });

  it('prefers the one-vCPU cap for single-threaded funcs (flat past 1769 MB)', () => {
    const points = [256, 512, 1024, 1769, 3008, 10240].map((m) => ({ memoryMb: m, r: 1 / Math.min(cpuShare(m), 1) }));
    expect(pooledOnePointPrior([{ points, provider: 'aws' }])).toMatchObject({ alpha: 1, capped: true });
  });

  it('a func recorded at one size takes the pooled prior\'s curve', () => {
    const samples = [0.5, 0.8].flatMap((alpha, i) => RECORDED.map((m) => ({ func: `f${i}`, memoryMb: m, execMs: 100 * Math.pow(cpuShare(m), -alpha) })));
    samples.push({ func: 'one', memoryMb: 1024, execMs: 50 });
    const predictor = fitPredictor([runOf(samples)], { sla: 'median', scaling: 'auto', auto: { onePointPrior: 'cv' } });
    const prior = pooledOnePointPrior(['f0', 'f1'].map((f) => ({ points: RECORDED.map((m) => ({ memoryMb: m, r: Math.pow(cpuShare(m), f === 'f0' ? -0.5 : -0.8) })), provider: 'aws' as const })))!;
    const at = (m: number) => {
      const p = predictor.exec('one', 0, m);
      if (!p.known) throw new Error('unknown');
      return p.value;
    };
    for (const m of LADDER) expect(at(m) / at(1024)).toBeCloseTo(Math.pow(cpuShare(1024) / cpuShare(m), prior.alpha), 9);
    expect(predictor.funcs.get('one')!.exec.curve.describe).toMatch(/cpu\^-0\.\d .*one memory size; pooled over 60 size pairs of 2 funcs/);
  });
});
