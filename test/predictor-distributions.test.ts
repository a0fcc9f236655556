import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as ss from 'simple-statistics';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { EmpiricalDistribution } from '../src/predict/empirical-distribution.js';
import { DEFAULT_PLATFORM_PROFILE } from '../src/predict/platform-profile.js';
import { seededRandom } from '../src/util/random.js';
import { runOf, startRecord, transferRecord, type TaskSample } from './support/predict-fixtures.js';
import type { Prediction } from '../src/predict/types.js';
import type { TransferRecord, WorkerStartRecord } from '../src/dataset/types.js';

const value = (p: Prediction): number => {
  if (!p.known) throw new Error(`expected a known prediction, got unknown: ${p.reason}`);
  return p.value;
};

/** Log-normal-ish noisy samples of t(m) = 1000 * (512/m)^0.7 at each size; `spread` grows with memory so sizes differ in shape. */
function samplesAt(sizes: readonly number[], perSize: number, seed = 5): TaskSample[] {
  const random = seededRandom(seed);
  const out: TaskSample[] = [];
  for (const m of sizes) {
    const spread = 0.1 + 0.1 * Math.log2(m / 128);
    for (let k = 0; k < perSize; k++) out.push({ func: 'f', memoryMb: m, execMs: 1000 * Math.pow(512 / m, 0.7) * Math.exp(spread * (2 * random() - 1)) });
  }
  return out;
}

const SIZES = [256, 512, 1024, 2048];
const SAMPLES = samplesAt(SIZES, 200);
const atSize = (m: number) => SAMPLES.filter((s) => s.memoryMb === m).map((s) => s.execMs);

describe('EmpiricalDistribution', () => {
  it('answers simple-statistics quantiles exactly up to the size bound', () => {
    const random = seededRandom(1);
    const xs = Array.from({ length: 301 }, () => 10 + 90 * random() * random());
    const d = EmpiricalDistribution.of(xs);
    expect(d.exact).toBe(true);
    for (const q of [0, 0.01, 0.1, 0.25, 0.5, 0.9, 0.99, 1]) expect(d.quantile(q)).toBeCloseTo(ss.quantile(xs, q), 9);
    expect(d.median).toBeCloseTo(ss.median(xs), 9);
  });

  it('keeps a bounded sketch above the bound, within one grid step of the exact quantile', () => {
    const random = seededRandom(2);
    const xs = Array.from({ length: 50_000 }, () => Math.exp(2 * random()));
    const d = EmpiricalDistribution.of(xs, { maxSamples: 1000, sketchPoints: 257 });
    expect(d.exact).toBe(false);
    expect(d.count).toBe(50_000);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0, 0.003, 0.1, 0.5, 0.77, 0.95, 0.999, 1]) {
      const lo = ss.quantileSorted(sorted, Math.max(0, q - 1 / 256));
      const hi = ss.quantileSorted(sorted, Math.min(1, q + 1 / 256));
      const v = d.quantile(q);
      expect(v).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(v).toBeLessThanOrEqual(hi + 1e-12);
    }
  });

  it('is non-decreasing in q (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 2, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, maxSamples, a, b) => {
        const d = EmpiricalDistribution.of(xs, { maxSamples, sketchPoints: 17 });
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(d.quantile(lo)).toBeLessThanOrEqual(d.quantile(hi));
        expect(d.quantile(lo)).toBeGreaterThanOrEqual(d.min);
        expect(d.quantile(hi)).toBeLessThanOrEqual(d.max);
      }),
    );
  });
});

describe('execQuantile', () => {
  const p = fitPredictor([runOf(SAMPLES)], { sla: 'median', scaling: 'fitted' });

  it('at a recorded size: the recorded samples\' quantiles, and the pNN statistic of a pNN predictor', () => {
    for (const m of SIZES) {
      for (const q of [0.05, 0.5, 0.9, 0.99]) {
        expect(value(p.execQuantile('f', 0, m, q))).toBeCloseTo(ss.quantile(atSize(m), q), 6);
        const sla = fitPredictor([runOf(SAMPLES)], { sla: `p${q * 100}`, scaling: 'fitted' });
        expect(value(p.execQuantile('f', 0, m, q))).toBeCloseTo(value(sla.exec('f', 0, m)), 6);
      }
    }
  });

  it('its median is the median prediction at every size, recorded or not', () => {
    for (const m of [128, 256, 384, 700, 1024, 1769, 3008, 10240]) {
      expect(value(p.execQuantile('f', 0, m, 0.5))).toBeCloseTo(value(p.exec('f', 0, m)), 6);
    }
  });

  it('the spread grows with the distance from recorded sizes', () => {
    const ratio = (m: number) => value(p.execQuantile('f', 0, m, 0.9)) / value(p.execQuantile('f', 0, m, 0.1));
    const recorded = ratio(2048);
    expect(ratio(4096)).toBeGreaterThan(recorded);
    expect(ratio(8192)).toBeGreaterThan(ratio(4096));
    // times exp(0.25 * d * z(q)), d = log2 distance, z the normal quantile (z(0.9) = -z(0.1) =
    // 1.2815515655446004, the textbook value): beyond the largest size, two doublings away
    expect(Math.log(ratio(8192))).toBeCloseTo(Math.log(recorded) + 2 * 0.25 * 2 * 1.2815515655446004, 2);
    // between two sizes: wider than the quantile average of its neighbours
    const q90 = (ss.quantile(atSize(512), 0.9) + ss.quantile(atSize(1024), 0.9)) / 2;
    const q10 = (ss.quantile(atSize(512), 0.1) + ss.quantile(atSize(1024), 0.1)) / 2;
    const mid = 768;
    const avgRatio = q90 / q10;
    expect(ratio(mid)).toBeGreaterThan(avgRatio);
    const noGrowth = fitPredictor([runOf(SAMPLES)], { sla: 'median', scaling: 'fitted', spreadGrowth: 0 });
    expect(value(noGrowth.execQuantile('f', 0, 8192, 0.9)) / value(noGrowth.execQuantile('f', 0, 8192, 0.1))).toBeCloseTo(recorded, 6);
  });

  it('a bimodal sample stays bounded away from its sizes: the widening does not grow with its own spread', () => {
    // Regression (SeBS-Flow 650.vid summarize): median 0.1 ms, a fifth of the calls take
    // 200 ms. Raising Q(q) / median to a power grew p90 to 80 million ms two doublings away.
    const random = seededRandom(9);
    const bimodal: TaskSample[] = [];
    for (const m of [1024, 2048]) for (let k = 0; k < 400; k++) bimodal.push({ func: 'f', memoryMb: m, execMs: random() < 0.2 ? 200 + 20 * random() : 0.1 + 0.01 * random() });
    const b = fitPredictor([runOf(bimodal)], { sla: 'median', scaling: 'linear' });
    for (const m of [128, 256, 8192, 10240]) {
      const d = m < 1024 ? Math.log2(1024 / m) : Math.log2(m / 2048);
      const nearest = m < 1024 ? 1024 : 2048;
      const carried = (q: number) => value(b.execQuantile('f', 0, nearest, q)) * (nearest / m); // linear: t ∝ 1/m
      for (const q of [0.9, 0.99, 1]) {
        const z = q === 0.9 ? 1.2815515655446004 : q === 0.99 ? 2.3263478740408408 : 3.090232306167813; // textbook z(0.9), z(0.99); z(0.999), the clamp
        // within 2%: simple-statistics' probit approximates z to about 0.5% in the tails
        expect(Math.abs(value(b.execQuantile('f', 0, m, q)) / (carried(q) * Math.exp(0.25 * d * z)) - 1)).toBeLessThan(0.02);
      }
      expect(value(b.execQuantile('f', 0, m, 0.99))).toBeLessThan(2000 * (2048 / m) * 2);
    }
  });

  it('carries the distribution beyond the recorded sizes by the scaling curve (linear model: halves per doubling)', () => {
    const linear = fitPredictor([runOf(SAMPLES)], { sla: 'median', scaling: 'linear', spreadGrowth: 0 });
    for (const q of [0.1, 0.5, 0.9]) {
      expect(value(linear.execQuantile('f', 0, 4096, q))).toBeCloseTo(value(linear.execQuantile('f', 0, 2048, q)) / 2, 6);
      expect(value(linear.execQuantile('f', 0, 128, q))).toBeCloseTo(value(linear.execQuantile('f', 0, 256, q)) * 2, 6);
    }
  });

  it('reports how far from the recorded sizes each prediction is', () => {
    expect(p.exec('f', 0, 1024)).toMatchObject({ position: { kind: 'recorded', nearestRecordedMb: 1024, log2Distance: 0 } });
    expect(p.execQuantile('f', 0, 8192, 0.3)).toMatchObject({ position: { kind: 'extrapolation', nearestRecordedMb: 2048, log2Distance: 2 } });
    expect(p.exec('f', 0, 64)).toMatchObject({ position: { kind: 'extrapolation', nearestRecordedMb: 256, log2Distance: 2 } });
    const between = p.exec('f', 0, 600);
    expect(between).toMatchObject({ position: { kind: 'interpolation', nearestRecordedMb: 512 } });
    if (between.known) expect(between.position!.log2Distance).toBeCloseTo(Math.log2(600 / 512), 12);
  });

  it('rejects a q outside [0, 1] and unknown funcs with a reason', () => {
    for (const q of [-0.1, 1.5, Number.NaN]) {
      const r = p.execQuantile('f', 0, 512, q);
      expect(r.known).toBe(false);
      if (!r.known) expect(r.reason).toMatch(/not a probability/);
    }
    const ghost = p.execQuantile('ghost', 0, 512, 0.5);
    expect(ghost.known).toBe(false);
  });

  it('follows the input-size regression: time per byte times the ratio distribution', () => {
    const random = seededRandom(9);
    const data: TaskSample[] = [];
    for (const x of [1e4, 1e5, 5e5, 1e6]) for (let k = 0; k < 40; k++) data.push({ func: 'g', memoryMb: 512, inputBytes: x, execMs: (10 + 0.001 * x) * (0.9 + 0.2 * random()) });
    const g = fitPredictor([runOf(data)], { sla: 'median', scaling: 'linear' });
    expect(g.funcs.get('g')!.exec.inputModel).toBe('regression');
    const small = value(g.execQuantile('g', 1e4, 512, 0.9)) / value(g.execQuantile('g', 1e4, 512, 0.5));
    const large = value(g.execQuantile('g', 1e6, 512, 0.9)) / value(g.execQuantile('g', 1e6, 512, 0.5));
    expect(small).toBeCloseTo(large, 9);
    const { intercept, slope } = g.funcs.get('g')!.exec;
    expect(value(g.execQuantile('g', 1e6, 512, 0.5)) / value(g.execQuantile('g', 1e4, 512, 0.5))).toBeCloseTo((intercept + slope * 1e6) / (intercept + slope * 1e4), 9);
    expect((intercept + slope * 1e6) / (intercept + slope * 1e4)).toBeGreaterThan(30);
  });
});

describe('transferQuantile and workerStartQuantile', () => {
  const random = seededRandom(4);
  const transfers: TransferRecord[] = [];
  const uploadMs: number[] = [];
  for (let k = 0; k < 150; k++) {
    for (const bytes of [1e3, 1e5, 1e6]) {
      const ms = (5 + bytes / 1e4) * (0.8 + 0.4 * random());
      transfers.push(transferRecord('upload', bytes, 512, ms));
      transfers.push(transferRecord('upload', bytes, 2048, ms / 2));
    }
  }
  const starts: WorkerStartRecord[] = [];
  for (let k = 0; k < 100; k++) {
    const cold = 200 + 300 * random() * random();
    uploadMs.push(cold);
    starts.push(startRecord('cold', 512, cold));
    starts.push(startRecord('cold', 2048, cold * 0.8));
  }
  const p = fitPredictor([runOf([], transfers, starts)], { sla: 'median', scaling: 'fitted' });

  it('starts: the recorded quantiles at recorded sizes, median = the median statistic', () => {
    for (const q of [0.1, 0.5, 0.95]) expect(value(p.workerStartQuantile(512, 'cold', q))).toBeCloseTo(ss.quantile(uploadMs, q), 6);
    expect(value(p.workerStartQuantile(1280, 'cold', 0.5))).toBeCloseTo(value(p.workerStart(1280, 'cold')), 6);
    expect(p.workerStartQuantile(512, 'warm', 0.5).known).toBe(false);
  });

  it('starts: spread grows beyond the recorded sizes, median held at the nearest size', () => {
    const width = (m: number) => value(p.workerStartQuantile(m, 'cold', 0.9)) / value(p.workerStartQuantile(m, 'cold', 0.1));
    expect(width(8192)).toBeGreaterThan(width(2048));
    expect(value(p.workerStartQuantile(8192, 'cold', 0.5))).toBeCloseTo(value(p.workerStartQuantile(2048, 'cold', 0.5)), 9);
  });

  it('transfers: median = the median prediction; quantiles ordered; p90 above the median', () => {
    for (const m of [512, 1024, 2048, 10240]) {
      for (const bytes of [1e3, 3e5, 1e7]) {
        const med = value(p.transferQuantile(bytes, m, 'upload', 0.5));
        expect(med).toBeCloseTo(value(p.transfer(bytes, m, 'upload')), 6);
        expect(value(p.transferQuantile(bytes, m, 'upload', 0.9))).toBeGreaterThan(med);
        expect(value(p.transferQuantile(bytes, m, 'upload', 0.1))).toBeLessThan(med);
      }
    }
    expect(p.transferQuantile(1e3, 512, 'download', 0.5).known).toBe(false);
  });

  it('falls back to the platform profile (one value, flagged) without records', () => {
    const empty = fitPredictor([], { sla: 'median', scaling: 'linear', profile: DEFAULT_PLATFORM_PROFILE });
    const s = empty.workerStartQuantile(1024, 'cold', 0.99);
    expect(s).toMatchObject({ known: true, value: DEFAULT_PLATFORM_PROFILE.coldStartMs });
    expect(s.known && s.fallback).toMatch(/platform profile/);
    expect(empty.transferQuantile(1e6, 512, 'download', 0.2).known).toBe(true);
  });
});

describe('no quantile is ever negative, NaN or infinite (property)', () => {
  it('over random data, sizes and probabilities', () => {
    const sample = fc.record({
      memoryMb: fc.constantFrom(128, 256, 512, 1024, 1769, 3008),
      execMs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
      inputBytes: fc.constantFrom(0, 10, 1e4, 1e6),
    });
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 60 }), fc.constantFrom('linear', 'power', 'fitted') as fc.Arbitrary<'linear' | 'power' | 'fitted'>, fc.double({ min: 1, max: 20000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, scaling, m, q) => {
        const runs = [runOf(xs.map((x) => ({ func: 'f', ...x })), xs.map((x) => transferRecord('download', x.inputBytes, x.memoryMb, x.execMs / 10)), xs.map((x) => startRecord('cold', x.memoryMb, x.execMs / 100)))];
        const pr = fitPredictor(runs, { sla: 'p90', scaling });
        for (const r of [pr.execQuantile('f', 1e5, m, q), pr.transferQuantile(1e5, m, 'download', q), pr.workerStartQuantile(m, 'cold', q)]) {
          const v = value(r);
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
        expect(value(pr.execQuantile('f', 1e5, m, q))).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
