import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { cpuShare, type CpuProvider } from '../src/predict/cpu-share.js';
import { amdahlLeastSquares } from '../src/predict/scaling/amdahl.js';
import { AUTO_CANDIDATES, autoScaling, chooseModel, joinBeyond, leaveOneSizeOut, leaveOneSizeOutFolds, pairedGain, poolChoice, type PooledChoice } from '../src/predict/scaling/auto.js';
import { evaluatePredictor, ALL_FUNCS } from '../src/predict/evaluate-predictor.js';
import { slaStatistic } from '../src/predict/sla.js';
import { linearScaling } from '../src/predict/scaling/linear.js';
import { powerCurve } from '../src/predict/scaling/power.js';
import { relativeCurve } from '../src/predict/scaling/fitted.js';
import { SCALING_MODEL_IDS, type CandidateModelId, type ScalingModelId } from '../src/predict/scaling/index.js';
import { seededRandom } from '../src/util/random.js';
import { runOf, type TaskSample } from './support/predict-fixtures.js';
import type { Prediction } from '../src/predict/types.js';

const value = (p: Prediction): number => {
  if (!p.known) throw new Error(`expected a known prediction, got unknown: ${p.reason}`);
  return p.value;
};

const AWS_LADDER = [128, 256, 512, 1024, 1769, 2048, 3008, 4096, 5120, 8192, 10240];
const RECORDED = [128, 256, 512, 1024, 2048, 3008];

/** Noise-free samples of t(m) = s + p / cpu(m) (several per size: the per-size median is the value). */
function amdahlSamples(func: string, s: number, p: number, sizes: readonly number[], provider: CpuProvider = 'aws', inputBytes = 0): TaskSample[] {
  return sizes.flatMap((m) => Array.from({ length: 5 }, () => ({ func, memoryMb: m, inputBytes, execMs: s + p / cpuShare(m, provider) })));
}

describe('cpuShare', () => {
  it('AWS Lambda: 1769 MB is one vCPU, 10240 MB six, proportional below one vCPU', () => {
    expect(cpuShare(1769, 'aws')).toBe(1);
    expect(cpuShare(10240, 'aws')).toBeCloseTo(6, 12);
    expect(cpuShare(128, 'aws')).toBeCloseTo(128 / 1769, 12);
    expect(cpuShare(884.5)).toBeCloseTo(0.5, 12);
    expect(cpuShare(20000, 'aws')).toBe(6);
  });
  it('GCP: the documented tiers, Azure: Flex Consumption instance sizes', () => {
    const gcp: [number, number][] = [[128, 0.083], [256, 0.167], [512, 0.333], [1024, 0.583], [2048, 1], [4096, 2], [8192, 2], [16384, 4], [32768, 8]];
    for (const [m, c] of gcp) expect(cpuShare(m, 'gcp')).toBeCloseTo(c, 3);
    expect(cpuShare(1536, 'gcp')).toBeCloseTo((7 / 12 + 1) / 2, 12);
    for (const [m, c] of [[512, 0.25], [2048, 1], [4096, 2]] as const) expect(cpuShare(m, 'azure')).toBeCloseTo(c, 12);
  });
  it('is positive, finite and non-decreasing in memory for every provider (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom<CpuProvider>('aws', 'gcp', 'azure'), fc.double({ min: 1, max: 65536, noNaN: true }), fc.double({ min: 1, max: 65536, noNaN: true }), (provider, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(cpuShare(lo, provider)).toBeGreaterThan(0);
        expect(Number.isFinite(cpuShare(hi, provider))).toBe(true);
        expect(cpuShare(lo, provider)).toBeLessThanOrEqual(cpuShare(hi, provider) + 1e-12);
      }),
    );
  });
});

describe('amdahl', () => {
  it('recovers s and p from noise-free s + p / cpu(m) data (least squares on the relative curve)', () => {
    for (const provider of ['aws', 'gcp', 'azure'] as const) {
      for (const [s, p] of [[200, 300], [0, 500], [1000, 0], [50, 2000]] as const) {
        const samples = amdahlSamples('f', s, p, RECORDED, provider);
        const points = relativeCurve({ memoryMb: samples.map((x) => x.memoryMb), inputBytes: samples.map(() => 0), ms: samples.map((x) => x.execMs) });
        const fit = amdahlLeastSquares(points, provider);
        // The relative curve has an arbitrary common scale: s and p are recovered up to it.
        const scale = (s + p / cpuShare(512, provider)) / (fit.s + fit.p / cpuShare(512, provider));
        expect(fit.s * scale).toBeCloseTo(s, 6);
        expect(fit.p * scale).toBeCloseTo(p, 6);
        expect(fit.sse).toBeLessThan(1e-18);
      }
    }
  });

  it('predicts exactly at every ladder size, and keeps speeding up past the largest recorded size', () => {
    const predictor = fitPredictor([runOf(amdahlSamples('f', 200, 3000, RECORDED))], { sla: 'median', scaling: 'amdahl' });
    for (const m of AWS_LADDER) expect(value(predictor.exec('f', 0, m))).toBeCloseTo(200 + 3000 / cpuShare(m), 6);
    expect(value(predictor.exec('f', 0, 10240))).toBeLessThan(value(predictor.exec('f', 0, 3008)) * 0.7);
    expect(predictor.funcs.get('f')!.exec.curve.describe).toMatch(/^amdahl serial=/);
  });

  it('non-negative: a func that gets slower with memory is fitted flat (p = 0), never a negative part', () => {
    const points = [128, 512, 2048].map((m, i) => ({ memoryMb: m, r: 1 + 0.1 * i }));
    const fit = amdahlLeastSquares(points, 'aws');
    expect(fit.p).toBe(0);
    expect(fit.s).toBeGreaterThan(0);
  });

  it('amdahl-capped fits a single-threaded func that stops at one vCPU', () => {
    const sizes = [256, 512, 1024, 1769, 3008, 4096, 10240];
    const samples = sizes.flatMap((m) => Array.from({ length: 3 }, () => ({ func: 'st', memoryMb: m, execMs: 100 + 900 / Math.min(cpuShare(m), 1) })));
    const capped = fitPredictor([runOf(samples.filter((s) => s.memoryMb <= 4096))], { sla: 'median', scaling: 'amdahl-capped' });
    expect(value(capped.exec('st', 0, 10240))).toBeCloseTo(1000, 6);
    expect(capped.funcs.get('st')!.exec.curve.describe).toMatch(/cap=1vCPU/);
    const uncapped = fitPredictor([runOf(samples.filter((s) => s.memoryMb <= 4096))], { sla: 'median', scaling: 'amdahl' });
    expect(Math.abs(value(uncapped.exec('st', 0, 10240)) / 1000 - 1)).toBeGreaterThan(0.02);
  });

  it('amdahl-capped lifts the cap when the data keep gaining past one vCPU, and keeps 1 vCPU when two sizes below it cannot tell', () => {
    const multi = fitPredictor([runOf(amdahlSamples('mt', 100, 4000, [1024, 2048, 4096, 8192]))], { sla: 'median', scaling: 'amdahl-capped' });
    expect(value(multi.exec('mt', 0, 10240))).toBeCloseTo(100 + 4000 / cpuShare(10240), 6);
    expect(multi.funcs.get('mt')!.exec.curve.describe).not.toMatch(/cap=/);
    const two = fitPredictor([runOf(amdahlSamples('two', 100, 400, [512, 1024]))], { sla: 'median', scaling: 'amdahl-capped' });
    expect(two.funcs.get('two')!.exec.curve.describe).toMatch(/cap=1vCPU/);
    expect(value(two.exec('two', 0, 10240))).toBeCloseTo(500, 6);
  });
});

describe('auto: model selection per func', () => {
  const random = seededRandom(17);
  const powerLaw = RECORDED.flatMap((m) => Array.from({ length: 5 }, () => ({ func: 'pow', memoryMb: m, execMs: 700 * Math.pow(512 / m, 0.3) })));
  const amdahl = amdahlSamples('amd', 150, 2500, RECORDED);
  const noisyAmdahl = RECORDED.flatMap((m) => Array.from({ length: 30 }, () => ({ func: 'noisy', memoryMb: m, execMs: (150 + 2500 / cpuShare(m)) * (1 + 0.04 * (random() - 0.5)) })));
  const twoSizes = amdahlSamples('two', 100, 400, [512, 2048]);
  const oneSize = [{ func: 'one', memoryMb: 1024, execMs: 90 }, { func: 'one', memoryMb: 1024, execMs: 110 }];
  const runs = [runOf([...powerLaw, ...amdahl, ...noisyAmdahl, ...twoSizes, ...oneSize])];
  // The rule before pooling (each func on its own, the stated prior below 3 sizes), kept as `selection: 'per-func'`.
  const predictor = fitPredictor(runs, { sla: 'median', scaling: 'auto', auto: { selection: 'per-func' } });
  const pooledPredictor = fitPredictor(runs, { sla: 'median', scaling: 'auto', auto: { selection: 'per-func', onePointPrior: 'pooled' } });
  const choice = (func: string) => predictor.funcs.get(func)!.exec.curve.choice!;
  const alone = (samples: readonly TaskSample[], func: string, combine: 'stack' | 'select' = 'stack') => fitPredictor([runOf(samples)], { sla: 'median', scaling: 'auto', auto: { combine } }).funcs.get(func)!.exec.curve.choice!;

  it('picks amdahl on noise-free (and mildly noisy) Amdahl data, and power on power-law data', () => {
    // Fitted alone (the default pooled selection: the pool is the func itself) and side by side per func.
    // Stacked (the default): the whole weight on the one exact candidate (the simpler of two exact ones)
    expect(alone(amdahl, 'amd')).toMatchObject({ model: 'amdahl', source: 'pooled', weights: { amdahl: 1 } });
    expect(alone(noisyAmdahl, 'noisy').model).toMatch(/^amdahl/);
    expect(alone(powerLaw, 'pow')).toMatchObject({ model: 'power', source: 'pooled', weights: { power: 1 } });
    expect(alone(amdahl, 'amd').reason).toMatch(/^pooled stack 1\.0 amdahl \(leave-one-size-out error over 6 sizes of 1 func: 0\.0%, best single amdahl 0\.0%\)/);
    // One candidate per fit (`combine: 'select'`)
    expect(alone(amdahl, 'amd', 'select')).toMatchObject({ model: 'amdahl', source: 'pooled' });
    expect(alone(powerLaw, 'pow', 'select')).toMatchObject({ model: 'power', source: 'pooled' });
    expect(alone(amdahl, 'amd', 'select').reason).toMatch(/^pooled amdahl \(lowest leave-one-size-out error over 6 sizes of 1 func: 0\.0%\)/);
    expect(choice('amd').model).toBe('amdahl');
    expect(choice('noisy').model).toMatch(/^amdahl/);
    expect(choice('pow').model).toBe('power');
    expect(choice('amd')).toMatchObject({ source: 'own' });
    expect(choice('amd').reason).toMatch(/lowest leave-one-size-out error over 6 sizes/);
    expect(choice('amd').looMapePct!.amdahl).toBeLessThan(1e-6);
    expect(choice('amd').looMapePct!.linear).toBeGreaterThan(1);
  });

  it('follows the chosen curve beyond the recorded sizes (no cap at the largest)', () => {
    for (const m of AWS_LADDER) {
      expect(value(predictor.exec('amd', 0, m))).toBeCloseTo(150 + 2500 / cpuShare(m), 6);
      expect(value(predictor.exec('pow', 0, m))).toBeCloseTo(700 * Math.pow(512 / m, 0.3), 6);
    }
    expect(predictor.exec('amd', 0, 10240)).toMatchObject({ position: { kind: 'extrapolation', nearestRecordedMb: 3008 } });
  });

  it('uses the stated prior below 3 sizes: amdahl through 2 points, the default curve at 1 size (or the pooled serial share)', () => {
    expect(choice('two')).toMatchObject({ model: 'amdahl' });
    expect(choice('two').reason).toMatch(/prior: 2 recorded sizes/);
    for (const m of AWS_LADDER) expect(value(predictor.exec('two', 0, m))).toBeCloseTo(100 + 400 / cpuShare(m), 6);
    expect(choice('one').reason).toBe('prior: 1 recorded size (< 3, nothing to hold out)');
    expect(value(predictor.exec('one', 0, 4096)) / value(predictor.exec('one', 0, 1024))).toBeCloseTo(Math.pow(1024 / 1769, 0.3), 9);
    expect(pooledPredictor.funcs.get('one')!.exec.curve.choice!.reason).toMatch(/prior: 1 recorded size .*pooled from 4 funcs/);
    // pooled share: the median serial share at 512 MB of the 4 funcs with >= 2 sizes, as a ratio t(m)/t(1024)
    const shares = [
      ['amd', 150, 2500],
      ['noisy', 150, 2500],
      ['two', 100, 400],
    ].map(([, s, p]) => (s as number) / ((s as number) + (p as number) / cpuShare(512)));
    const powShare = (() => {
      const points = RECORDED.map((m) => ({ memoryMb: m, r: Math.pow(512 / m, 0.3) }));
      const fit = amdahlLeastSquares(points, 'aws');
      return fit.s / (fit.s + fit.p / cpuShare(512));
    })();
    const sorted = [...shares, powShare].sort((a, b) => a - b);
    const share = (sorted[1]! + sorted[2]!) / 2;
    const t = (m: number) => share + ((1 - share) * cpuShare(512)) / cpuShare(m);
    expect(value(pooledPredictor.exec('one', 0, 4096)) / value(pooledPredictor.exec('one', 0, 1024))).toBeCloseTo(t(4096) / t(1024), 2);
    expect(predictor.funcs.get('one')!.exec.curve.defaulted).toBe(true);
  });

  it('chooseModel: the reason names the rule, the candidates\' errors are recorded', () => {
    const c = chooseModel([{ memoryMb: 512, r: 1 }], 'aws');
    expect(c).toEqual({ model: 'amdahl', source: 'prior', reason: 'prior: 1 recorded size (< 3, nothing to hold out)' });
    expect(chooseModel([{ memoryMb: 512, r: 1 }], 'aws', { pool: 'none' }).reason).toBe('prior: 1 recorded size (< 3, nothing to hold out); no func of the fit has >= 3 sizes to pool');
    const points = RECORDED.map((m) => ({ memoryMb: m, r: 512 / m }));
    const linear = chooseModel(points, 'aws');
    expect(linear.model).toBe('linear');
    expect(Object.keys(linear.looMapePct!)).toEqual(['linear', 'power', 'fitted', 'amdahl', 'amdahl-capped']);
  });
});

describe('auto: pooled selection (one choice per fit, overridden only on strong evidence)', () => {
  const THREE = [256, 1024, 3008];
  // Ten Amdahl funcs at 3 sizes, two at 2 sizes, one at 1 size; a power-law func at 6 sizes and one at 3.
  const family = Array.from({ length: 10 }, (_, i) => amdahlSamples(`amd${i}`, 50 + 40 * i, 3000 - 200 * i, THREE)).flat();
  const twoSizes = amdahlSamples('two', 100, 400, [512, 2048]);
  const oneSize = amdahlSamples('one', 100, 400, [1024]);
  const pow = (func: string, sizes: readonly number[]) => sizes.flatMap((m) => Array.from({ length: 3 }, () => ({ func, memoryMb: m, execMs: 700 * Math.pow(512 / m, 0.3) })));
  const samples = [...family, ...twoSizes, ...oneSize, ...pow('pow6', RECORDED), ...pow('pow3', THREE)];
  // One candidate per fit: the rule these tests check (`combine: 'select'`; stacking below).
  const predictor = fitPredictor([runOf(samples)], { sla: 'median', scaling: 'auto', auto: { combine: 'select' } });
  const choice = (func: string) => predictor.funcs.get(func)!.exec.curve.choice!;

  it('every func takes the pooled model, a func with >= 4 sizes and clearly lower errors of its own overrides it', () => {
    for (let i = 0; i < 10; i++) expect(choice(`amd${i}`)).toMatchObject({ model: 'amdahl', source: 'pooled' });
    expect(choice('two')).toMatchObject({ model: 'amdahl', source: 'pooled' });
    expect(choice('two').reason).toMatch(/^pooled amdahl \(lowest leave-one-size-out error over 39 sizes of 12 funcs: .*; 2 recorded sizes \(< 3, nothing to hold out\)/);
    for (const m of AWS_LADDER) expect(value(predictor.exec('two', 0, m))).toBeCloseTo(100 + 400 / cpuShare(m), 6);
    expect(choice('one')).toMatchObject({ model: 'amdahl', source: 'pooled' });
    expect(choice('pow6')).toMatchObject({ model: 'power', source: 'own' });
    expect(choice('pow6').reason).toMatch(/^own: power 0\.0% vs amdahl .* over 6 sizes, more than one standard error below/);
    for (const m of AWS_LADDER) expect(value(predictor.exec('pow6', 0, m))).toBeCloseTo(700 * Math.pow(512 / m, 0.3), 6);
    // 3 sizes: power is its own lowest, but too few sizes to override the pool
    expect(choice('pow3')).toMatchObject({ model: 'amdahl', source: 'pooled' });
    expect(choice('pow3').looMapePct!.power).toBeLessThan(1e-9);
    expect(choice('pow3').reason).toMatch(/this func's lowest is power 0\.0% vs amdahl .*, but 3 sizes \(< 4\) are too few to override/);
  });

  it('the pooled error of a model is the fold-weighted mean of the funcs\' own leave-one-size-out errors (second computation)', () => {
    const curves = [...new Set(samples.map((x) => x.func))].map((func) => {
      const xs = samples.filter((x) => x.func === func);
      return relativeCurve({ memoryMb: xs.map((x) => x.memoryMb), inputBytes: xs.map(() => 0), ms: xs.map((x) => x.execMs) });
    });
    const pooled = curves.filter((c) => c.length >= 3);
    const folds = pooled.reduce((n, c) => n + c.length, 0);
    const expected = pooled.reduce((sum, c) => sum + leaveOneSizeOut(c, 'aws', { powerAlpha: 0.3, fitted: {}, criterion: 'curve' }).amdahl * c.length, 0) / folds;
    expect(folds).toBe(39);
    expect(choice('two').reason).toContain(`over 39 sizes of 12 funcs: ${expected.toFixed(1)}%`);
  });

  it('a func overrides only when the pooled model\'s per-size errors exceed its best\'s by more than one standard error (second computation)', () => {
    const random = seededRandom(5);
    const outcomes = new Set<string>();
    for (let k = 0; k < 12; k++) {
      const noise = 0.02 + 0.03 * k;
      const xs = RECORDED.flatMap((m) => {
        const e = 1 + noise * (random() - 0.5);
        return Array.from({ length: 3 }, () => ({ func: 'wobbly', memoryMb: m, execMs: 700 * Math.pow(512 / m, 0.3) * e }));
      });
      const c = fitPredictor([runOf([...family, ...xs])], { sla: 'median', scaling: 'auto', auto: { combine: 'select' } }).funcs.get('wobbly')!.exec.curve.choice!;
      const points = relativeCurve({ memoryMb: xs.map((x) => x.memoryMb), inputBytes: xs.map(() => 0), ms: xs.map((x) => x.execMs) });
      const folds = leaveOneSizeOutFolds(points, 'aws', { powerAlpha: 0.3, fitted: {}, criterion: 'curve' });
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const best = AUTO_CANDIDATES.reduce((a, b) => (mean(folds[b]) < mean(folds[a]) ? b : a));
      const d = folds.amdahl.map((e, j) => e - folds[best][j]!);
      const se = Math.sqrt(d.reduce((a, b) => a + (b - mean(d)) ** 2, 0) / (d.length - 1) / d.length);
      const expected = best !== 'amdahl' && mean(d) > se ? { model: best, source: 'own' } : { model: 'amdahl', source: 'pooled' };
      expect(c).toMatchObject(expected);
      outcomes.add(best === 'amdahl' ? 'same' : expected.source);
    }
    // the noise levels cover both an override and a kept pool against a lower own error
    expect([...outcomes].sort()).toEqual(expect.arrayContaining(['own', 'pooled']));
  });

  it('poolEvidence one-se: the pool leaves the stated prior only when its lowest candidate beats it by more than one standard error (second computation)', () => {
    const random = seededRandom(11);
    const outcomes = new Set<string>();
    for (let k = 0; k < 16; k++) {
      // three funcs between a power law and an Amdahl curve, with noise
      const curves = Array.from({ length: 3 }, () => {
        const w = random();
        const noise = 0.3 * random();
        return [256, 512, 1024, 3008].map((m) => ({ memoryMb: m, r: (w * Math.pow(512 / m, 0.3) + (1 - w) * (0.2 + 0.8 / cpuShare(m) * cpuShare(512))) * (1 + noise * (random() - 0.5)) }));
      });
      const pool = poolChoice(curves.map((points) => ({ points, provider: 'aws' as const })), { poolEvidence: 'one-se', combine: 'select' })!;
      const folds = curves.map((c) => leaveOneSizeOutFolds(c, 'aws', { powerAlpha: 0.3, fitted: {}, criterion: 'curve' }));
      const all = (model: CandidateModelId) => folds.flatMap((f) => f[model]);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const best = AUTO_CANDIDATES.reduce((a, b) => (mean(all(b)) < mean(all(a)) ? b : a));
      const d = all('amdahl').map((e, j) => e - all(best)[j]!);
      const se = Math.sqrt(d.reduce((a, b) => a + (b - mean(d)) ** 2, 0) / (d.length - 1) / d.length);
      const expected = best !== 'amdahl' && mean(d) > se ? best : 'amdahl';
      expect(pool.model).toBe(expected);
      expect(pairedGain(all('amdahl'), all(best)).se).toBeCloseTo(best === 'amdahl' ? 0 : se * 100, 9);
      outcomes.add(best === 'amdahl' ? 'same' : expected === 'amdahl' ? 'kept' : 'left');
      expect(poolChoice(curves.map((points) => ({ points, provider: 'aws' as const })), { combine: 'select' })!.model).toBe(best);
    }
    expect([...outcomes]).toEqual(expect.arrayContaining(['kept', 'left']));
  });

  it('beyond the recorded sizes, the pooled extrapolation model carries the curve on from the end sizes', () => {
    const points = [512, 1024, 2048].map((m) => ({ memoryMb: m, r: 1 + 2 / cpuShare(m) }));
    const errors = { linear: 1, power: 1, fitted: 1, amdahl: 0, 'amdahl-capped': 1 };
    const pool: PooledChoice = { model: 'amdahl', looMapePct: errors, funcs: 5, folds: 15, extrapolation: { model: 'linear', looMapePct: { ...errors, linear: 0 }, folds: 10 } };
    const xs = points.flatMap((p) => [p, p, p]);
    const curve = autoScaling({ pool }).fit({ memoryMb: xs.map((p) => p.memoryMb), inputBytes: xs.map(() => 0), ms: xs.map((p) => 100 * p.r) });
    expect(curve.choice).toMatchObject({ model: 'amdahl', source: 'pooled', extrapolationModel: 'linear' });
    expect(curve.choice!.reason).toMatch(/beyond its recorded sizes linear \(lowest error over the 10 pooled end sizes: 0\.0% vs amdahl 0\.0%\)/);
    const t = (m: number) => 1 + 2 / cpuShare(m);
    for (const m of [512, 700, 1024, 1500, 2048]) expect(curve.factor(m)).toBeCloseTo(t(m) / t(512), 9);
    for (const m of [3008, 10240]) expect(curve.factor(m) / curve.factor(2048)).toBeCloseTo(2048 / m, 9);
    expect(curve.factor(128) / curve.factor(512)).toBeCloseTo(512 / 128, 9);
    expect(autoScaling({ pool, extrapolation: 'same' }).fit({ memoryMb: xs.map((p) => p.memoryMb), inputBytes: xs.map(() => 0), ms: xs.map((p) => 100 * p.r) }).factor(10240)).toBeCloseTo(t(10240) / t(512), 9);
  });

  it('joinBeyond: inside between the ends, the other curve\'s ratio outside, 1 at 512 MB', () => {
    const inside = powerCurve(0.5);
    const beyond = linearScaling.fit({ memoryMb: [], inputBytes: [], ms: [] });
    const f = joinBeyond(inside, beyond, 1024, 4096);
    const g = (m: number) => (m < 1024 ? Math.pow(512 / 1024, 0.5) * (1024 / m) : m > 4096 ? Math.pow(512 / 4096, 0.5) * (4096 / m) : Math.pow(512 / m, 0.5));
    for (const m of [128, 512, 1024, 2000, 4096, 10240]) expect(f(m)).toBeCloseTo(g(m) / g(512), 12);
    expect(f(512)).toBeCloseTo(1, 12);
  });

  it('predict-eval stays nested: each held-out size is scored by a predictor (and a pool) fitted without it', () => {
    const data = [...family.filter((x) => x.func < 'amd3'), ...pow('pow6', RECORDED)];
    const runs = data.map((x, i) => runOf([x], [], [], i));
    const result = evaluatePredictor(runs, { scalings: ['auto'], slas: ['median'], modes: ['held-out-memory'] });
    for (const size of [...new Set(data.map((x) => x.memoryMb))]) {
      const train = fitPredictor([runOf(data.filter((x) => x.memoryMb !== size))], { sla: 'median', scaling: 'auto' });
      const apes: number[] = [];
      for (const func of new Set(data.filter((x) => x.memoryMb === size).map((x) => x.func))) {
        const truth = slaStatistic(data.filter((x) => x.func === func && x.memoryMb === size).map((x) => x.execMs), 'median');
        const p = train.exec(func, 0, size);
        if (p.known && train.funcs.get(func)!.exec.k.length > 0) apes.push(Math.abs(p.value - truth) / truth);
      }
      const rows = result.rows.filter((r) => r.func === ALL_FUNCS && r.memoryMb === size);
      const groups = rows.reduce((n, r) => n + r.groups, 0);
      const mape = rows.reduce((sum, r) => sum + r.mapePct * r.groups, 0) / groups;
      expect(groups).toBe(apes.length);
      expect(mape).toBeCloseTo((100 * apes.reduce((a, b) => a + b, 0)) / apes.length, 9);
    }
  });
});

describe('no prediction is ever negative, NaN or infinite, at any size of the ladder (property)', () => {
  it('every scaling model, random data, every ladder size and quantile', () => {
    const sample = fc.record({
      func: fc.constantFrom('a', 'b'),
      memoryMb: fc.constantFrom(...AWS_LADDER),
      execMs: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e7, noNaN: true })),
      inputBytes: fc.constantFrom(0, 100, 1e5, 1e8),
    });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 80 }), fc.constantFrom<ScalingModelId>(...SCALING_MODEL_IDS), fc.constantFrom<CpuProvider>('aws', 'gcp', 'azure'), fc.constantFrom('median', 'p90', 'mean') as fc.Arbitrary<'median' | 'p90' | 'mean'>, (xs, scaling, provider, sla) => {
        const predictor = fitPredictor([runOf(xs)], { sla, scaling, cpuProvider: provider });
        for (const func of new Set(xs.map((x) => x.func))) {
          for (const m of AWS_LADDER) {
            for (const bytes of [0, 1e5, 1e9]) {
              for (const p of [predictor.exec(func, bytes, m), predictor.execQuantile(func, bytes, m, 0.99), predictor.execQuantile(func, bytes, m, 0.01)]) {
                const v = value(p);
                expect(Number.isFinite(v)).toBe(true);
                expect(v).toBeGreaterThan(0);
              }
            }
          }
        }
      }),
      { numRuns: 250, seed: 10 },
    );
  });
});
