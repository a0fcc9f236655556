import { describe, expect, it } from 'vitest';
import { getScalingModel, normalizeWith, denormalizeWith, SCALING_MODEL_IDS, type ScalingSamples } from '../src/predict/scaling/index.js';
import { fitScalingCurve, DEFAULT_SATURATION_MB } from '../src/predict/scaling/fitted.js';
import { normalizeLinear } from '../src/metrics/normalize.js';
import { seededRandom } from '../src/util/random.js';
import { SlacklineError } from '../src/errors.js';

const SIZES = [128, 256, 512, 1024, 1769, 2048, 3008];

/** Samples of t(m) = level * curve(m), `perSize` per size, with multiplicative noise of +-noise. */
function samplesOf(curve: (m: number) => number, sizes: readonly number[], options: { level?: number; perSize?: number; noise?: number; inputBytes?: number; seed?: number } = {}): ScalingSamples & { memoryMb: number[]; inputBytes: number[]; ms: number[] } {
  const random = seededRandom(options.seed ?? 1);
  const out = { memoryMb: [] as number[], inputBytes: [] as number[], ms: [] as number[] };
  for (const m of sizes) {
    for (let k = 0; k < (options.perSize ?? 5); k++) {
      out.memoryMb.push(m);
      out.inputBytes.push(options.inputBytes ?? 0);
      out.ms.push((options.level ?? 1000) * curve(m) * (1 + (options.noise ?? 0) * (2 * random() - 1)));
    }
  }
  return out;
}

const concat = (...parts: ReturnType<typeof samplesOf>[]) => ({
  memoryMb: parts.flatMap((p) => p.memoryMb),
  inputBytes: parts.flatMap((p) => p.inputBytes),
  ms: parts.flatMap((p) => p.ms),
});

describe('normalization round trip (every model)', () => {
  const samples = samplesOf((m) => Math.pow(512 / Math.min(m, 1024), 0.6), SIZES, { noise: 0.03 });
  for (const id of SCALING_MODEL_IDS) {
    it(`${id}: denormalize(normalize(t, m), m) = t and factor(512) = 1`, () => {
      const curve = getScalingModel(id).fit(samples);
      expect(curve.factor(512)).toBeCloseTo(1, 12);
      for (const m of [128, 300, 512, 1000, 1769, 4096, 10240]) {
        for (const t of [0.5, 12, 9876.5]) {
          const n = normalizeWith(curve, t, m);
          expect(denormalizeWith(curve, n, m)).toBeCloseTo(t, 9);
          expect(n).toBeGreaterThan(0);
        }
      }
    });
  }
});

describe('linear model', () => {
  it('is the stored linear rule: normalized = real * m / 512', () => {
    const curve = getScalingModel('linear').fit({ memoryMb: [], inputBytes: [], ms: [] });
    for (const m of [128, 1024, 3008]) expect(normalizeWith(curve, 100, m)).toBeCloseTo(normalizeLinear(100, m), 12);
    expect(denormalizeWith(curve, 100, 1024)).toBeCloseTo(50, 12);
  });
});

describe('power model', () => {
  it('uses its fixed exponent (default 0.3) whatever the data', () => {
    const data = samplesOf((m) => 512 / m, SIZES);
    expect(getScalingModel('power').fit(data).factor(2048)).toBeCloseTo(Math.pow(0.25, 0.3), 12);
    expect(getScalingModel('power', { powerAlpha: 0.8 }).fit(data).factor(128)).toBeCloseTo(Math.pow(4, 0.8), 12);
  });
  it('rejects a bad exponent and an unknown model id', () => {
    expect(() => getScalingModel('power', { powerAlpha: -1 })).toThrow(SlacklineError);
    // Above the linear rule (1) a bigger worker would speed up more than its CPU share grows.
    expect(() => getScalingModel('power', { powerAlpha: 1.01 })).toThrow(/expected a number in \[0, 1\]/);
    expect(getScalingModel('power', { powerAlpha: 1 }).fit(samplesOf((m) => 512 / m, SIZES)).factor(128)).toBeCloseTo(4, 12);
    expect(() => getScalingModel('cubic')).toThrow(/unknown scaling model "cubic"/);
  });
});

describe('fitted model on data with a known curve', () => {
  it('recovers alpha exactly when the func keeps improving (saturation defaults to 1769 MB)', () => {
    const curve = fitScalingCurve(samplesOf((m) => Math.pow(512 / m, 0.7), [128, 256, 512, 1024]));
    expect(curve.alpha).toBeCloseTo(0.7, 9);
    expect(curve.saturationMb).toBe(DEFAULT_SATURATION_MB);
    expect(curve.defaulted).toBe(false);
    expect(curve.factor(256)).toBeCloseTo(Math.pow(2, 0.7), 9);
    expect(curve.factor(4096)).toBeCloseTo(Math.pow(512 / 1769, 0.7), 9);
  });

  it('finds the saturation point and fits alpha below it, with 3% noise', () => {
    const truth = (m: number) => Math.pow(512 / Math.min(m, 1024), 0.8);
    const curve = fitScalingCurve(samplesOf(truth, SIZES, { noise: 0.03, perSize: 15 }));
    expect(curve.saturationMb).toBe(1024);
    expect(curve.alpha).toBeGreaterThan(0.72);
    expect(curve.alpha).toBeLessThan(0.88);
    expect(curve.factor(3008)).toBeCloseTo(curve.factor(1024), 12);
  });

  it('separates input sizes before fitting (fixed effects per input size)', () => {
    const truth = (m: number) => Math.pow(512 / m, 0.5);
    const small = samplesOf(truth, [256, 512, 1024], { level: 10, inputBytes: 1 });
    const large = samplesOf(truth, [512, 1024, 1769], { level: 5000, inputBytes: 1e6 });
    const curve = fitScalingCurve(concat(small, large));
    expect(curve.alpha).toBeCloseTo(0.5, 6);
  });

  it('clamps alpha to [0, 1]', () => {
    expect(fitScalingCurve(samplesOf((m) => Math.pow(512 / m, 1.6), [128, 256, 512])).alpha).toBe(1);
    const slower = fitScalingCurve(samplesOf((m) => m / 512, [128, 256, 512]));
    expect(slower.alpha).toBe(0);
    expect(slower.saturationMb).toBe(128);
  });

  it('falls back to the stated default where a func has runs at one size only', () => {
    const curve = fitScalingCurve(samplesOf(() => 1, [1024]));
    expect(curve.defaulted).toBe(true);
    expect(curve.alpha).toBe(0.3);
    expect(curve.saturationMb).toBe(1769);
    expect(curve.describe).toMatch(/fallback/);
    expect(fitScalingCurve(samplesOf(() => 1, [1024]), { fallbackAlpha: 1 }).alpha).toBe(1);
  });
});
