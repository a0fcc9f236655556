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
 *  - spread: at a size nobody recorded the curve itself is uncertain, so the distribution is
 *    widened by an independent log-normal factor for the curve's error, whose log-sd grows
 *    linearly with d = |log2(m / nearest recorded size)|:
 *        Q'(q) = Q(q) * exp(growth * d * z(q)),   z = the standard normal quantile
 *    (quantiles of the two factors combined comonotonically, the conservative bound of
 *    the sum of two log quantiles; z taken at q clamped to [0.001, 0.999] so the minimum
 *    and maximum stay finite). The median is unchanged, quantiles stay positive and
 *    ordered, and the widening does not depend on the recorded spread: an earlier rule
 *    raised Q(q) / median to the power 1 + growth * d, which turned a bimodal sample
 *    (SeBS-Flow 650.vid summarize: median 0.1 ms, p90 2,000x that) into a p90 of 80
 *    million ms two doublings away. `growth` is the log-sd of the curve's error per
 *    doubling; the default 0.25 lies within the held-out-size log errors of the median
 *    curves measured on the third-party sources (SeBS 0.08-0.17 per doubling, Sizeless
 *    0.26 root mean square, SeBS-Flow 0.45-0.55), and `predict-eval` reports the coverage
 *    it gives (share of held-out samples below the predicted p90 and p95).
 *
 * O(log levels) per query (a binary search), no allocation.
 */
import { probit } from 'simple-statistics';
import type { EmpiricalDistribution } from './empirical-distribution.js';
import type { Level } from './level-series.js';
import type { MemoryPosition } from './types.js';

/** Log-sd of the scaling curve's error per doubling of distance from the nearest recorded size. */
export const DEFAULT_SPREAD_GROWTH = 0.25;

/** Probabilities beyond these are widened as these are (z finite at the minimum and maximum). */
const Z_CLAMP = 0.001;

/** The factor exp(growth * d * z(q)) of the curve's error at log2 distance d (1 at the median, at d = 0 or growth = 0). */
export function curveErrorFactor(q: number, growth: number, distance: number): number {
  if (!(distance > 0) || !(growth > 0) || q === 0.5) return 1; // before the probit: most queries need none
  return errorFactorAt(q, clampedProbit(q), growth, distance);
}

/** The standard normal quantile of q clamped to [Z_CLAMP, 1 - Z_CLAMP]. */
function clampedProbit(q: number): number {
  return probit(Math.min(Math.max(q, Z_CLAMP), 1 - Z_CLAMP));
}

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

/** How a level's model answers a quantile (for transfers: scaled by the level's base(bytes)). */
export interface LevelQuantiles<T, A> {
  quantile(model: T, q: number, arg: A): number;
}

/** Levels that hold a distribution directly (exec ratios, worker starts). */
export const DISTRIBUTION_LEVELS: LevelQuantiles<EmpiricalDistribution, unknown> = {
  quantile: (model, q) => model.quantile(q),
};

/** The q-quantile at `memoryMb` as described above; `levels` sorted, non-empty; q in [0, 1]. */
export function quantileAcrossLevels<T, A>(levels: readonly Level<T>[], memoryMb: number, q: number, growth: number, how: LevelQuantiles<T, A>, arg: A): number {
  const i = floorIndex(levels, memoryMb);
  const last = levels.length - 1;
  let value: number;
  let distance: number;
  if (i === -1 || i === last) {
    const level = levels[i === -1 ? 0 : last]!;
    value = how.quantile(level.model, q, arg);
    if (level.memoryMb === memoryMb) return value;
    distance = Math.abs(Math.log2(memoryMb / level.memoryMb));
  } else {
    const a = levels[i]!;
    if (a.memoryMb === memoryMb) return how.quantile(a.model, q, arg);
    const b = levels[i + 1]!;
    const t = (memoryMb - a.memoryMb) / (b.memoryMb - a.memoryMb);
    const qa = how.quantile(a.model, q, arg);
    value = qa + (how.quantile(b.model, q, arg) - qa) * t;
    distance = Math.min(Math.log2(memoryMb / a.memoryMb), Math.log2(b.memoryMb / memoryMb));
  }
  return value * curveErrorFactor(q, growth, distance);
}

/**
 * Probabilities asked together (a quantile grid's q_k), with what every query at them
 * shares: the clamped standard normal quantile of each, so `quantilesAcrossLevels` computes
 * it once per probability instead of once per query.
 */
export interface ProbabilityGrid {
  readonly q: Float64Array;
  /** probit(q_k clamped to [Z_CLAMP, 1 - Z_CLAMP]), as `curveErrorFactor` takes it. */
  readonly z: Float64Array;
}

export function probabilityGrid(probabilities: ArrayLike<number>): ProbabilityGrid {
  const q = Float64Array.from(probabilities);
  for (const p of q) if (!(p >= 0 && p <= 1)) throw new RangeError(`predict/quantile-across-levels: probability ${p} is outside [0, 1]`);
  return { q, z: q.map(clampedProbit) };
}

/**
 * `quantileAcrossLevels` at every probability of `grid`, into `out[offset + k * stride]`:
 * the same numbers (the same operations in the same order), with the level search, the
 * distance and the normal quantiles done once for the whole row.
 */
export function quantilesAcrossLevels<T, A>(levels: readonly Level<T>[], memoryMb: number, grid: ProbabilityGrid, growth: number, how: LevelQuantiles<T, A>, arg: A, out: Float64Array, offset: number, stride: number): void {
  const { q } = grid;
  const { a, b, t, factors } = levelSpan(levels, memoryMb, grid, growth);
  for (let k = 0; k < q.length; k++) {
    const qa = how.quantile(a, q[k]!, arg);
    const value = b === undefined ? qa : qa + (how.quantile(b, q[k]!, arg) - qa) * t;
    out[offset + k * stride] = factors === undefined ? value : value * factors[k]!;
  }
}

/**
 * Where a memory size lies among `levels` for the rows of one probability grid, as
 * `quantileAcrossLevels` finds it (and `quantilesAcrossLevels` reads it): the level answered at (the one below when
 * interpolating), the level above and the weight of the interpolation, and the curve-error
 * factor at each q_k (undefined at a recorded level: no widening). A row at this size is
 * then, per k, `Qa(q_k) * factors[k]` or `(Qa + (Qb - Qa) * t) * factors[k]`.
 */
export interface LevelSpan<T> {
  readonly a: T;
  /** The level above, when interpolating between two. */
  readonly b: T | undefined;
  readonly t: number;
  readonly factors: Float64Array | undefined;
}

/** The span of `memoryMb` among `levels` (sorted, non-empty) at every probability of `grid`. */
export function levelSpan<T>(levels: readonly Level<T>[], memoryMb: number, grid: ProbabilityGrid, growth: number): LevelSpan<T> {
  const i = floorIndex(levels, memoryMb);
  const last = levels.length - 1;
  if (i === -1 || i === last) {
    const level = levels[i === -1 ? 0 : last]!;
    if (level.memoryMb === memoryMb) return { a: level.model, b: undefined, t: 0, factors: undefined };
    return { a: level.model, b: undefined, t: 0, factors: errorFactors(grid, growth, Math.abs(Math.log2(memoryMb / level.memoryMb))) };
  }
  const a = levels[i]!;
  if (a.memoryMb === memoryMb) return { a: a.model, b: undefined, t: 0, factors: undefined };
  const b = levels[i + 1]!;
  const t = (memoryMb - a.memoryMb) / (b.memoryMb - a.memoryMb);
  const distance = Math.min(Math.log2(memoryMb / a.memoryMb), Math.log2(b.memoryMb / memoryMb));
  return { a: a.model, b: b.model, t, factors: errorFactors(grid, growth, distance) };
}

/** `errorFactorAt` at every probability of `grid`. */
function errorFactors(grid: ProbabilityGrid, growth: number, distance: number): Float64Array {
  const { q, z } = grid;
  const factors = new Float64Array(q.length);
  for (let k = 0; k < q.length; k++) factors[k] = errorFactorAt(q[k]!, z[k]!, growth, distance);
  return factors;
}

/** `curveErrorFactor` with the normal quantile z of q given. */
function errorFactorAt(q: number, z: number, growth: number, distance: number): number {
  if (!(distance > 0) || !(growth > 0) || q === 0.5) return 1;
  const factor = Math.exp(growth * distance * z);
  return Number.isFinite(factor) ? factor : 1;
}
