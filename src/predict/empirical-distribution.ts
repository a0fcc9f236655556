/**
 * The empirical distribution of one key's samples (a func's normalized times at one memory
 * size, a transfer level's ratios, a start kind's times at one size), kept at fit time so
 * that any quantile is answered in O(1) afterwards.
 *
 *  - up to `maxSamples` samples (default 2048): the sorted samples themselves, and the
 *    quantile follows simple-statistics `quantileSorted` (the rule `sla.ts` uses), so at a
 *    recorded size `quantile(0.9)` equals the `p90` statistic (type 7: linear between order
 *    statistics, as numpy's default);
 *  - above it: a quantile sketch, the exact quantiles at `sketchPoints` (default 513) equally
 *    spaced probabilities 0, 1/512, ..., 1 computed from the full sorted sample once, and a
 *    query interpolates linearly between the two grid points around q. Memory per key is
 *    then bounded; the answer differs from the exact one by at most the gap between
 *    neighbouring grid quantiles (1/512 in probability).
 *
 * Drawing a scenario sample is `quantile(u)` with u uniform in [0, 1] (inverse transform).
 */
import * as ss from 'simple-statistics';

export interface DistributionOptions {
  /** Largest sample kept whole; above it a quantile sketch. @default 2048 */
  readonly maxSamples: number;
  /** Grid points of the sketch (>= 2). @default 513 */
  readonly sketchPoints: number;
}

export const DISTRIBUTION_DEFAULTS: DistributionOptions = { maxSamples: 2048, sketchPoints: 513 };

export class EmpiricalDistribution {
  private constructor(
    /** Sorted samples (exact) or grid quantiles (sketch), ascending. */
    private readonly values: Float64Array,
    /** True when `values` are the samples themselves. */
    readonly exact: boolean,
    /** Samples behind the distribution. */
    readonly count: number,
    /** quantile(0.5). */
    readonly median: number,
  ) {}

  /** The distribution of `sorted` (non-empty, ascending, finite). The array is kept when small: do not mutate it afterwards. */
  static ofSorted(sorted: Float64Array, options: Partial<DistributionOptions> = {}): EmpiricalDistribution {
    const o = { ...DISTRIBUTION_DEFAULTS, ...options };
    if (sorted.length === 0) throw new Error('predict/empirical-distribution: no samples');
    if (sorted.length <= o.maxSamples) {
      return new EmpiricalDistribution(sorted, true, sorted.length, ss.quantileSorted(sorted as unknown as number[], 0.5));
    }
    const points = Math.max(2, Math.floor(o.sketchPoints));
    const grid = new Float64Array(points);
    for (let i = 0; i < points; i++) grid[i] = ss.quantileSorted(sorted as unknown as number[], i / (points - 1));
    const median = ss.quantileSorted(sorted as unknown as number[], 0.5);
    return new EmpiricalDistribution(grid, false, sorted.length, median);
  }

  /** The distribution of `values` in any order (copied). */
  static of(values: ArrayLike<number>, options: Partial<DistributionOptions> = {}): EmpiricalDistribution {
    return EmpiricalDistribution.ofSorted(Float64Array.from(values).sort(), options);
  }

  /** The q-quantile, q in [0, 1] (clamped). O(1). */
  quantile(q: number): number {
    const p = q <= 0 ? 0 : q >= 1 ? 1 : q;
    const v = this.values;
    if (this.exact) return ss.quantileSorted(v as unknown as number[], p);
    const x = p * (v.length - 1);
    const i = Math.floor(x);
    if (i >= v.length - 1) return v[v.length - 1]!;
    return v[i]! + (v[i + 1]! - v[i]!) * (x - i);
  }

  /** Smallest and largest sample. */
  get min(): number {
    return this.values[0]!;
  }
  get max(): number {
    return this.values[this.values.length - 1]!;
  }
}
