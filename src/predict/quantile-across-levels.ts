/**
 * Quantiles of a per-memory-level distribution at any memory size, with the extra spread
 * of sizes nobody recorded:
 *
 *  - at a recorded level: that level's empirical quantile;
 *  - between two recorded levels a < m < b: the two quantile functions averaged linearly in
 *    memory, Q(q) = Qa(q) + (Qb(q) - Qa(q)) (m - a) / (b - a) (a quantile average, so it
 *    stays non-decreasing in q; its median is the interpolated median, as `level-series.ts`
 *    interpolates statistics);
 *  - outside the recorded range: the nearest level's quantile function (the scaling curve,
 *    applied by the caller, carries it there);
 *  - spread: around the median, in log space, the distribution is widened by
 *    w = 1 + growth * d, with d = |log2(m / nearest recorded size)|:
 *        Q'(q) = median * (Q(q) / median)^w
 *    so the median is unchanged, quantiles stay positive and ordered, and p90/p10 grows as
 *    the size moves away from what was measured (growth 0.5: half as wide again one
 *    doubling away). The growth is a stated assumption, not fitted.
 *
 * O(log levels) per query (a binary search), no allocation.
 */
import type { EmpiricalDistribution } from './empirical-distribution.js';
import type { Level } from './level-series.js';
import type { MemoryPosition } from './types.js';

/** Widening of the log spread per doubling of distance from the nearest recorded size. */
export const DEFAULT_SPREAD_GROWTH = 0.5;

/** Index of the last level with memory <= m (-1 when m is below every level). `levels` sorted, non-empty. */
function floorIndex(levels: readonly Level<unknown>[], memoryMb: number): number {
  if (memoryMb < levels[0]!.memoryMb) return -1;
  let lo = 0;
  let hi = levels.length - 1;
  if (memoryMb >= levels[hi]!.memoryMb) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (levels[mid]!.memoryMb <= memoryMb) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Where `memoryMb` lies relative to the recorded `levels` (sorted, non-empty). */
export function positionAmongLevels(levels: readonly Level<unknown>[], memoryMb: number): MemoryPosition {
  const i = floorIndex(levels, memoryMb);
  const last = levels.length - 1;
  if (i === -1) {
    const nearest = levels[0]!.memoryMb;
    return { kind: 'extrapolation', nearestRecordedMb: nearest, log2Distance: Math.log2(nearest / memoryMb) };
  }
  const a = levels[i]!.memoryMb;
  if (a === memoryMb) return { kind: 'recorded', nearestRecordedMb: a, log2Distance: 0 };
  if (i === last) return { kind: 'extrapolation', nearestRecordedMb: a, log2Distance: Math.log2(memoryMb / a) };
  const b = levels[i + 1]!.memoryMb;
  const da = Math.log2(memoryMb / a);
  const db = Math.log2(b / memoryMb);
  return da <= db ? { kind: 'interpolation', nearestRecordedMb: a, log2Distance: da } : { kind: 'interpolation', nearestRecordedMb: b, log2Distance: db };
}

/** How a level's model answers a quantile and its median (for transfers: scaled by the level's base(bytes)). */
export interface LevelQuantiles<T, A> {
  quantile(model: T, q: number, arg: A): number;
  median(model: T, arg: A): number;
}

/** Levels that hold a distribution directly (exec ratios, worker starts). */
export const DISTRIBUTION_LEVELS: LevelQuantiles<EmpiricalDistribution, unknown> = {
  quantile: (model, q) => model.quantile(q),
  median: (model) => model.median,
};

/** The q-quantile at `memoryMb` as described above; `levels` sorted, non-empty; q in [0, 1]. */
export function quantileAcrossLevels<T, A>(levels: readonly Level<T>[], memoryMb: number, q: number, growth: number, how: LevelQuantiles<T, A>, arg: A): number {
  const i = floorIndex(levels, memoryMb);
  const last = levels.length - 1;
  let value: number;
  let median: number;
  let distance: number;
  if (i === -1 || i === last) {
    const level = levels[i === -1 ? 0 : last]!;
    value = how.quantile(level.model, q, arg);
    if (level.memoryMb === memoryMb) return value;
    median = how.median(level.model, arg);
    distance = Math.abs(Math.log2(memoryMb / level.memoryMb));
  } else {
    const a = levels[i]!;
    if (a.memoryMb === memoryMb) return how.quantile(a.model, q, arg);
    const b = levels[i + 1]!;
    const t = (memoryMb - a.memoryMb) / (b.memoryMb - a.memoryMb);
    const qa = how.quantile(a.model, q, arg);
    value = qa + (how.quantile(b.model, q, arg) - qa) * t;
    const ma = how.median(a.model, arg);
    median = ma + (how.median(b.model, arg) - ma) * t;
    distance = Math.min(Math.log2(memoryMb / a.memoryMb), Math.log2(b.memoryMb / memoryMb));
  }
  if (!(distance > 0) || !(growth > 0) || !(median > 0) || !(value > 0)) return value;
  const widened = median * Math.pow(value / median, 1 + growth * distance);
  // Degenerate samples (denormal times, ratios of 1e300) could overflow: keep the unwidened value.
  return Number.isFinite(widened) && widened > 0 ? widened : value;
}
