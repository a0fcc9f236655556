/**
 * The `fitted` scaling model: per func, a power curve with a saturation point, estimated
 * from the func's runs at two or more memory sizes.
 *
 *   factor(m) = ( min(512, S) / min(m, S) ) ^ alpha
 *
 * so t(m) = t512 * (512/m)^alpha up to the saturation size S, and constant beyond it
 * (more memory stops helping: single-threaded work has a whole vCPU at about 1769 MB on
 * AWS Lambda, I/O-bound work saturates much earlier).
 *
 * Estimation (deterministic, on summaries):
 *  1. cell medians: median real time per (input bytes, memory size);
 *  2. relative curve: over the input sizes seen at >= 2 memory sizes, fit the additive
 *     model ln(cell median) = g(input size) + h(memory) by backfitting (alternating means),
 *     which removes the input-size effect even when input sizes were run at different
 *     memory sizes (assumes those sets overlap) -> points (m, r(m) = exp h(m));
 *  3. saturation S: the smallest recorded size m_i after which no larger recorded size is
 *     more than `noise` (5%) faster: min over m_j > m_i of r(m_j) >= r(m_i) * (1 - noise).
 *     When the func still improves at its largest recorded size, S = max(largest, 1769 MB);
 *  4. alpha: minus the slope of the log-log linear regression (simple-statistics
 *     `linearRegression`) of r(m) on m over the points with m <= S, clamped to [0, 1];
 *     alpha = 0 when only one point is at or below S (flat from the smallest size).
 *
 * Fallback: a func with runs at one memory size only (or none with a positive time) gets
 * alpha = 0.3 (the `power` model's default, the engine's own later choice: between
 * I/O-bound 0 and CPU-bound 1) and S = 1769 MB, marked `defaulted`.
 *
 * Reference for the log-log fit and the vCPU cap: AWS Lambda allocates CPU in proportion
 * to memory, one full vCPU at 1,769 MB (AWS Lambda docs, "Memory and computing power").
 */
import * as ss from 'simple-statistics';
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import { DEFAULT_POWER_ALPHA } from './power.js';
import type { RelativePoint, ScalingCurve, ScalingModel, ScalingSamples } from './types.js';

/** One full vCPU on AWS Lambda. */
export const DEFAULT_SATURATION_MB = 1769;

export interface FittedScalingOptions {
  /** Exponent for funcs recorded at one memory size only. @default 0.3 */
  readonly fallbackAlpha: number;
  /** Saturation when the data shows no plateau, and for the fallback. @default 1769 */
  readonly defaultSaturationMb: number;
  /** Relative improvement below which a larger size counts as "no faster". @default 0.05 */
  readonly noise: number;
}

export const FITTED_DEFAULTS: FittedScalingOptions = {
  fallbackAlpha: DEFAULT_POWER_ALPHA,
  defaultSaturationMb: DEFAULT_SATURATION_MB,
  noise: 0.05,
};

/** The saturated power curve `(min(512,S)/min(m,S))^alpha`. */
export function saturatedPowerCurve(alpha: number, saturationMb: number, describe: string, defaulted: boolean): ScalingCurve {
  const base = Math.min(BASELINE_MEMORY_MB, saturationMb);
  return {
    factor: (memoryMb: number) => Math.pow(base / Math.min(memoryMb, saturationMb), alpha),
    describe,
    defaulted,
  };
}

/** The relative curve r(m) of step 2, ascending by memory; empty when no input size has >= 2 sizes. */
export function relativeCurve(samples: ScalingSamples, statistic: (values: number[]) => number = ss.median): RelativePoint[] {
  const cells = new Map<number, Map<number, number[]>>();
  const count = samples.ms.length;
  for (let i = 0; i < count; i++) {
    const ms = samples.ms[i]!;
    const memoryMb = samples.memoryMb[i]!;
    if (!(ms > 0) || !(memoryMb > 0)) continue;
    const inputBytes = samples.inputBytes[i]!;
    let byMemory = cells.get(inputBytes);
    if (!byMemory) cells.set(inputBytes, (byMemory = new Map()));
    const list = byMemory.get(memoryMb);
    if (list) list.push(ms);
    else byMemory.set(memoryMb, [ms]);
  }
  // Two-way additive model on log cell medians, ln t = g(input) + h(memory), fitted by
  // backfitting (alternating means); exact for balanced or unbalanced connected designs.
  const memories: number[] = [];
  const memoryIndex = new Map<number, number>();
  const cellGroup: number[] = [];
  const cellMemory: number[] = [];
  const cellY: number[] = [];
  let groups = 0;
  for (const byMemory of cells.values()) {
    if (byMemory.size < 2) continue;
    for (const [m, list] of byMemory) {
      let mi = memoryIndex.get(m);
      if (mi === undefined) {
        mi = memories.length;
        memories.push(m);
        memoryIndex.set(m, mi);
      }
      cellGroup.push(groups);
      cellMemory.push(mi);
      cellY.push(Math.log(statistic(list)));
    }
    groups++;
  }
  if (groups === 0) return [];
  const g = new Float64Array(groups);
  const h = new Float64Array(memories.length);
  const sumG = new Float64Array(groups);
  const countG = new Float64Array(groups);
  const sumH = new Float64Array(memories.length);
  const countH = new Float64Array(memories.length);
  const cellCount = cellY.length;
  const group = Int32Array.from(cellGroup);
  const memory = Int32Array.from(cellMemory);
  const y = Float64Array.from(cellY);
  // The cell counts are the same every iteration.
  for (let c = 0; c < cellCount; c++) {
    countG[group[c]!]!++;
    countH[memory[c]!]!++;
  }
  for (let iteration = 0; iteration < 200; iteration++) {
    sumG.fill(0);
    for (let c = 0; c < cellCount; c++) sumG[group[c]!]! += y[c]! - h[memory[c]!]!;
    for (let k = 0; k < groups; k++) g[k] = sumG[k]! / countG[k]!;
    sumH.fill(0);
    for (let c = 0; c < cellCount; c++) sumH[memory[c]!]! += y[c]! - g[group[c]!]!;
    let change = 0;
    for (let k = 0; k < memories.length; k++) {
      const next = sumH[k]! / countH[k]!;
      change = Math.max(change, Math.abs(next - h[k]!));
      h[k] = next;
    }
    if (change < 1e-12) break;
  }
  return memories
    .map((memoryMb, k) => ({ memoryMb, r: Math.exp(h[k]!) }))
    .sort((a, b) => a.memoryMb - b.memoryMb);
}

/** Fits one func's curve (steps 1-4 above). */
export function fitScalingCurve(samples: ScalingSamples, options: Partial<FittedScalingOptions> = {}): ScalingCurve & { alpha: number; saturationMb: number } {
  return fitScalingCurveFromPoints(relativeCurve(samples), options);
}

/** The stated default curve for a func with fewer than 2 usable sizes: (512/min(m,1769))^0.3, flagged `defaulted`. */
export function defaultCurve(options: Partial<FittedScalingOptions> = {}, model = 'fitted'): ScalingCurve & { alpha: number; saturationMb: number } {
  const o = { ...FITTED_DEFAULTS, ...options };
  const alpha = o.fallbackAlpha;
  const saturationMb = o.defaultSaturationMb;
  return { ...saturatedPowerCurve(alpha, saturationMb, `${model} fallback alpha=${alpha} saturation=${saturationMb}MB (one memory size)`, true), alpha, saturationMb };
}

/** Steps 3-4 on a relative curve (ascending by memory). */
export function fitScalingCurveFromPoints(curve: readonly RelativePoint[], options: Partial<FittedScalingOptions> = {}): ScalingCurve & { alpha: number; saturationMb: number } {
  const o = { ...FITTED_DEFAULTS, ...options };
  if (curve.length < 2) {
    return defaultCurve(o);
  }
  const k = curve.length;
  let satIndex = k - 1;
  for (let i = 0; i < k - 1; i++) {
    let minAfter = Infinity;
    for (let j = i + 1; j < k; j++) minAfter = Math.min(minAfter, curve[j]!.r);
    if (minAfter >= curve[i]!.r * (1 - o.noise)) {
      satIndex = i;
      break;
    }
  }
  const largest = curve[k - 1]!.memoryMb;
  const saturationMb = satIndex === k - 1 ? Math.max(largest, o.defaultSaturationMb) : curve[satIndex]!.memoryMb;
  const points = curve.filter((p) => p.memoryMb <= saturationMb).map((p) => [Math.log(p.memoryMb), Math.log(p.r)]);
  let alpha = 0;
  if (points.length >= 2) {
    const slope = ss.linearRegression(points).m;
    alpha = Math.min(1, Math.max(0, -slope));
  }
  const describe = `fitted alpha=${alpha.toFixed(3)} saturation=${saturationMb}MB (${k} sizes)`;
  return { ...saturatedPowerCurve(alpha, saturationMb, describe, false), alpha, saturationMb };
}

export function fittedScaling(options: Partial<FittedScalingOptions> = {}): ScalingModel {
  return {
    id: 'fitted',
    description: 'per-func (512/m)^alpha up to a saturation size, fitted log-log',
    fit: (samples) => fitScalingCurve(samples, options),
  };
}
