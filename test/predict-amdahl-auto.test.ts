import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { cpuShare, type CpuProvider } from '../src/predict/cpu-share.js';
import { amdahlLeastSquares } from '../src/predict/scaling/amdahl.js';
import { chooseModel } from '../src/predict/scaling/auto.js';
import { relativeCurve } from '../src/predict/scaling/fitted.js';
import { SCALING_MODEL_IDS, type ScalingModelId } from '../src/predict/scaling/index.js';
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
  const predictor = fitPredictor(runs, { sla: 'median', scaling: 'auto' });
  const pooledPredictor = fitPredictor(runs, { sla: 'median', scaling: 'auto', auto: { onePointPrior: 'pooled' } });
  const choice = (func: string) => predictor.funcs.get(func)!.exec.curve.choice!;

  it('picks amdahl on noise-free (and mildly noisy) Amdahl data, and power on power-law data', () => {
    expect(choice('amd').model).toBe('amdahl');
    expect(choice('noisy').model).toMatch(/^amdahl/);
    expect(choice('pow').model).toBe('power');
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
    expect(c).toEqual({ model: 'amdahl', reason: 'prior: 1 recorded size (< 3, nothing to hold out)' });
    const points = RECORDED.map((m) => ({ memoryMb: m, r: 512 / m }));
    const linear = chooseModel(points, 'aws');
    expect(linear.model).toBe('linear');
    expect(Object.keys(linear.looMapePct!)).toEqual(['linear', 'power', 'fitted', 'amdahl', 'amdahl-capped']);
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
