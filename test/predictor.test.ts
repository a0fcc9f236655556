import { describe, expect, it } from 'vitest';
import * as ss from 'simple-statistics';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { DEFAULT_PLATFORM_PROFILE } from '../src/predict/platform-profile.js';
import { seededRandom } from '../src/util/random.js';
import { runOf, startRecord, transferRecord, type TaskSample } from './support/predict-fixtures.js';
import type { Prediction } from '../src/predict/types.js';

const value = (p: Prediction): number => {
  if (!p.known) throw new Error(`expected a known prediction, got unknown: ${p.reason}`);
  return p.value;
};

/** `perSize` noisy samples of func at each size with t(m) = level * (512/min(m,sat))^alpha. */
function curveSamples(func: string, alpha: number, sizes: readonly number[], options: { level?: number; sat?: number; noise?: number; perSize?: number; seed?: number; inputBytes?: number } = {}): TaskSample[] {
  const random = seededRandom(options.seed ?? 3);
  const out: TaskSample[] = [];
  const sat = options.sat ?? Infinity;
  for (const m of sizes) {
    for (let k = 0; k < (options.perSize ?? 9); k++) {
      const t = (options.level ?? 800) * Math.pow(Math.min(512, sat) / Math.min(m, sat), alpha) * (1 + (options.noise ?? 0) * (2 * random() - 1));
      out.push({ func, memoryMb: m, execMs: t, inputBytes: options.inputBytes ?? 0 });
    }
  }
  return out;
}

describe('unknown is never 0', () => {
  const predictor = fitPredictor([runOf(curveSamples('known', 0.5, [512]))], { sla: 'median', scaling: 'fitted' });
  it('exec and output of a func never seen are unknown with a reason naming it', () => {
    for (const p of [predictor.exec('ghost', 100, 512), predictor.outputBytes('ghost', 100)]) {
      expect(p.known).toBe(false);
      expect(p).not.toHaveProperty('value');
      if (!p.known) expect(p.reason).toMatch(/no task records of func "ghost"/);
    }
  });
  it('transfers and starts without records are unknown', () => {
    const t = predictor.transfer(1000, 512, 'upload');
    const s = predictor.workerStart(512, 'cold');
    expect(t).toEqual({ known: false, reason: 'no upload transfer records' });
    expect(s).toEqual({ known: false, reason: 'no cold worker-start records' });
  });
  it('bad arguments are unknown, not 0 or NaN', () => {
    for (const p of [predictor.exec('known', 0, 0), predictor.exec('known', -1, 512), predictor.exec('known', 0, Number.NaN), predictor.transfer(Number.NaN, 512, 'download')]) {
      expect(p.known).toBe(false);
    }
  });
  it('a known exec is never 0 even when the records say 0 ms', () => {
    const zero = fitPredictor([runOf([{ func: 'z', memoryMb: 512, execMs: 0 }])], { sla: 'mean', scaling: 'linear' });
    expect(value(zero.exec('z', 0, 1024))).toBeGreaterThan(0);
  });
  it('with a platform profile, transfers and starts lacking records are flagged fallbacks', () => {
    const withProfile = fitPredictor([], { sla: 'median', scaling: 'linear', profile: DEFAULT_PLATFORM_PROFILE });
    const s = withProfile.workerStart(1024, 'cold');
    expect(s).toMatchObject({ known: true, value: DEFAULT_PLATFORM_PROFILE.coldStartMs });
    expect(s.known && s.fallback).toMatch(/platform profile/);
    const t = withProfile.transfer(50e6, 512, 'download');
    expect(t.known && t.value).toBeCloseTo(2 + 50e6 / 50e3, 6);
    expect(withProfile.exec('f', 0, 512).known).toBe(false);
  });
});

describe('exec across memory under each scaling model', () => {
  it('linear on linear data predicts exactly at unseen sizes', () => {
    const p = fitPredictor([runOf(curveSamples('f', 1, [256, 1024]))], { sla: 'median', scaling: 'linear' });
    expect(value(p.exec('f', 0, 512))).toBeCloseTo(800, 9);
    expect(value(p.exec('f', 0, 2048))).toBeCloseTo(200, 9);
  });
  it('power uses its exponent from the real times', () => {
    const p = fitPredictor([runOf(curveSamples('f', 0.3, [1024]))], { sla: 'median', scaling: 'power' });
    expect(value(p.exec('f', 0, 512))).toBeCloseTo(800, 9);
    const p8 = fitPredictor([runOf(curveSamples('f', 0.3, [1024]))], { sla: 'median', scaling: 'power', powerAlpha: 0.8 });
    expect(value(p8.exec('f', 0, 2048))).toBeCloseTo(800 * Math.pow(0.5, 0.3) * Math.pow(0.5, 0.8), 6);
  });
  it('fitted recovers a sub-linear saturating curve; linear mispredicts it', () => {
    const runs = [runOf(curveSamples('io', 0.4, [128, 256, 512, 1024, 2048, 3008], { sat: 1024, noise: 0.02, perSize: 15 }))];
    const fitted = fitPredictor(runs, { sla: 'median', scaling: 'fitted' });
    const linear = fitPredictor(runs, { sla: 'median', scaling: 'linear' });
    const truthAt = (m: number) => 800 * Math.pow(512 / Math.min(m, 1024), 0.4);
    for (const m of [384, 768, 1769, 4096]) {
      expect(Math.abs(value(fitted.exec('io', 0, m)) / truthAt(m) - 1)).toBeLessThan(0.05);
    }
    expect(Math.abs(value(linear.exec('io', 0, 4096)) / truthAt(4096) - 1)).toBeGreaterThan(0.2);
    expect(fitted.funcs.get('io')!.exec.curve.describe).toMatch(/saturation=1024MB/);
  });
});

describe('SLA statistic and input size', () => {
  const random = seededRandom(11);
  const samples: TaskSample[] = Array.from({ length: 200 }, () => ({ func: 'f', memoryMb: 512, execMs: 100 + 50 * random() }));
  const ms = samples.map((s) => s.execMs);
  it.each(['mean', 'median', 'p90', 'p99'] as const)('%s at the recorded size equals simple-statistics on the samples', (sla) => {
    const p = fitPredictor([runOf(samples)], { sla, scaling: 'fitted' });
    const expected = sla === 'mean' ? ss.mean(ms) : sla === 'median' ? ss.median(ms) : ss.quantile(ms, Number(sla.slice(1)) / 100);
    expect(value(p.exec('f', 0, 512))).toBeCloseTo(expected, 9);
  });

  it('applies the statistic per recorded memory size and interpolates between sizes', () => {
    const r = seededRandom(8);
    const narrow = Array.from({ length: 100 }, () => ({ func: 'v', memoryMb: 1024, execMs: 50 + 2 * r() }));
    const wide = Array.from({ length: 100 }, () => ({ func: 'v', memoryMb: 256, execMs: 200 * (1 + 3 * r() * r()) }));
    const p = fitPredictor([runOf([...narrow, ...wide])], { sla: 'p90', scaling: 'fitted' });
    const p90 = (xs: TaskSample[]) => ss.quantile(xs.map((x) => x.execMs), 0.9);
    expect(value(p.exec('v', 0, 1024))).toBeCloseTo(p90(narrow), 9);
    expect(value(p.exec('v', 0, 256))).toBeCloseTo(p90(wide), 9);
    const mid = value(p.exec('v', 0, 512));
    expect(mid).toBeLessThan(p90(wide));
    expect(mid).toBeGreaterThan(p90(narrow));
  });

  it('models time per byte with a regression when input sizes explain the time', () => {
    const data: TaskSample[] = [];
    for (const x of [1e4, 1e5, 5e5, 1e6]) for (let k = 0; k < 5; k++) data.push({ func: 'g', memoryMb: 512, inputBytes: x, execMs: 10 + 0.001 * x });
    const p = fitPredictor([runOf(data)], { sla: 'median', scaling: 'linear' });
    expect(p.funcs.get('g')!.exec.inputModel).toBe('regression');
    expect(value(p.exec('g', 2e6, 512))).toBeCloseTo(2010, 6);
    expect(value(p.exec('g', 2e6, 1024))).toBeCloseTo(1005, 6);
    expect(value(p.exec('g', 0, 512))).toBeCloseTo(20, 6); // held flat below the smallest recorded input
  });

  it('ignores input size when it does not explain the time', () => {
    const r = seededRandom(5);
    const data: TaskSample[] = [];
    for (const x of [1e4, 1e5, 5e5, 1e6]) for (let k = 0; k < 5; k++) data.push({ func: 'h', memoryMb: 512, inputBytes: x, execMs: 100 + 10 * r() });
    const p = fitPredictor([runOf(data)], { sla: 'median', scaling: 'linear' });
    expect(p.funcs.get('h')!.exec.inputModel).toBe('constant');
    expect(value(p.exec('h', 1e9, 512))).toBeCloseTo(ss.median(data.map((d) => d.execMs)), 9);
  });
});

describe('output size, transfers, worker starts', () => {
  it('output size: ratio to input when inputs vary, constant when inputs are 0', () => {
    const p = fitPredictor([runOf([
      { func: 'double', memoryMb: 512, execMs: 1, inputBytes: 100, outputBytes: 200 },
      { func: 'double', memoryMb: 512, execMs: 1, inputBytes: 300, outputBytes: 600 },
      { func: 'src', memoryMb: 512, execMs: 1, inputBytes: 0, outputBytes: 70 },
      { func: 'src', memoryMb: 512, execMs: 1, inputBytes: 0, outputBytes: 90 },
    ])], { sla: 'median', scaling: 'linear' });
    expect(value(p.outputBytes('double', 1000))).toBeCloseTo(2000, 9);
    expect(value(p.outputBytes('src', 1000))).toBeCloseTo(80, 9);
  });

  it('transfers: latency + per-byte per level, interpolated between levels, nearest outside', () => {
    const transfers = [];
    for (const bytes of [1e3, 1e5, 1e6]) {
      transfers.push(transferRecord('download', bytes, 512, 5 + bytes / 1e4));
      transfers.push(transferRecord('download', bytes, 1024, 5 + bytes / 2e4));
    }
    const p = fitPredictor([runOf([], transfers)], { sla: 'median', scaling: 'fitted' });
    expect(value(p.transfer(4e6, 512, 'download'))).toBeCloseTo(405, 6);
    expect(value(p.transfer(4e6, 1024, 'download'))).toBeCloseTo(205, 6);
    expect(value(p.transfer(4e6, 768, 'download'))).toBeCloseTo(305, 6);
    expect(value(p.transfer(4e6, 128, 'download'))).toBeCloseTo(405, 6);
    expect(value(p.transfer(4e6, 10240, 'download'))).toBeCloseTo(205, 6);
    expect(p.transfer(4e6, 512, 'upload').known).toBe(false);
  });

  it('worker starts: statistic per (memory, kind), interpolated', () => {
    const starts = [startRecord('cold', 512, 300), startRecord('cold', 512, 320), startRecord('cold', 512, 310), startRecord('cold', 2048, 200), startRecord('warm', 512, 4)];
    const p = fitPredictor([runOf([], [], starts)], { sla: 'median', scaling: 'linear' });
    expect(value(p.workerStart(512, 'cold'))).toBe(310);
    expect(value(p.workerStart(1280, 'cold'))).toBeCloseTo(255, 9);
    expect(value(p.workerStart(3008, 'warm'))).toBe(4);
  });
});
