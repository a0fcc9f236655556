/**
 * Execution-time model of one func, fitted once from its task records:
 *
 *   exec(x, m) = base(x) * k(m) * factor(m)
 *
 * - factor(m): the func's memory-scaling curve (`scaling/`); every real sample t_i at m_i is
 *   normalized to 512 MB as n_i = t_i / factor(m_i) (real values are never overwritten).
 * - input-size dependence: when the func has >= 3 distinct input sizes and the ordinary
 *   least-squares regression of n on input bytes over all samples (one pass of sums) has a
 *   positive slope, explains r^2 >= 0.8 of the variance, and is positive at the smallest
 *   recorded size, then
 *   base(x) = a + b * max(x, xmin) (fixed overhead + time per byte; below the smallest
 *   recorded size it is held flat rather than extrapolated towards 0) and k = the SLA
 *   statistic of the ratios n_i / base(x_i). Otherwise base(x) = 1 and k = the SLA
 *   statistic of the n_i (the input size is not used).
 * - k per memory level: k is computed separately over the samples of each recorded memory
 *   size (spread and skew differ by size: a small worker is noisier), and a query between
 *   two recorded sizes interpolates k linearly in memory; outside the recorded range it
 *   takes the nearest size's k (`level-series.ts`). So at a recorded size the prediction
 *   is that size's own statistic, and the scaling curve carries it to other sizes.
 * - distribution per memory level: beside k, the empirical distribution of the same values
 *   (ratios or normalized times) at each recorded size (`empirical-distribution.ts`), so
 *   the q-quantile is base(x) * Q_m(q) * factor(m), with Q_m from
 *   `quantile-across-levels.ts` (interpolated between sizes, widened away from them).
 * - floor: predictions are at least 0.001 ms (a recorded 0 ms is a timer-resolution artefact;
 *   a known prediction is never 0).
 *
 * Everything is reduced to a few numbers per func (and per recorded size), so a query is
 * O(1) in the history (O(log sizes)).
 */
import { slaOfSorted } from './sla.js';
import { predictAcrossLevels, sortLevels, type Level } from './level-series.js';
import { EmpiricalDistribution, type DistributionOptions } from './empirical-distribution.js';
import { DISTRIBUTION_LEVELS, quantileAcrossLevels, quantilesAcrossLevels, type ProbabilityGrid } from './quantile-across-levels.js';
import type { RelativePoint, ScalingCurve, ScalingModel } from './scaling/index.js';
import type { SlaStatistic } from './types.js';
import type { CpuProvider } from './cpu-share.js';

export const MIN_PREDICTED_MS = 0.001;

export interface InputRegressionOptions {
  /** Distinct input sizes needed to try a regression. @default 3 */
  readonly minInputSizes: number;
  /** r^2 of the regression needed to use it. @default 0.8 */
  readonly minR2: number;
}

export const INPUT_REGRESSION_DEFAULTS: InputRegressionOptions = { minInputSizes: 3, minR2: 0.8 };

export interface ExecColumns {
  readonly memoryMb: number[];
  readonly inputBytes: number[];
  readonly ms: number[];
  /** Platform of the func (CPU share of the Amdahl models). @default 'aws' */
  readonly provider?: CpuProvider;
  /** The samples' relative curve, when the caller has it (`ScalingSamples.points`). */
  readonly points?: readonly RelativePoint[];
}

export interface ExecModel {
  readonly curve: ScalingCurve;
  readonly inputModel: 'regression' | 'constant';
  /** base(x) = intercept + slope * max(x, minInputBytes); 1 for the constant model. */
  readonly intercept: number;
  readonly slope: number;
  readonly minInputBytes: number;
  /** Per recorded memory size: the SLA statistic of the ratios (regression) or of the normalized times (constant). */
  readonly k: readonly Level<number>[];
  /** Per recorded memory size: the empirical distribution of the same values as k. */
  readonly distributions: readonly Level<EmpiricalDistribution>[];
  readonly samples: number;
  readonly r2: number;
}

/** Ordinary least squares y = intercept + slope * x over all samples, in one pass of sums. */
export function leastSquares(x: ArrayLike<number>, y: ArrayLike<number>): { intercept: number; slope: number; r2: number } {
  const n = y.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0)) return { intercept: my, slope: 0, r2: 0 };
  const slope = sxy / sxx;
  const r2 = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1;
  return { intercept: my - slope * mx, slope, r2 };
}

export function fitExecModel(columns: ExecColumns, scaling: ScalingModel, sla: SlaStatistic, options: Partial<InputRegressionOptions> = {}, distribution: Partial<DistributionOptions> = {}): ExecModel {
  return fitExecModelWithCurve(columns, scaling.fit(columns), sla, options, distribution);
}

/** As `fitExecModel`, with the scaling curve already fitted (model selection fits it itself). */
export function fitExecModelWithCurve(columns: ExecColumns, curve: ScalingCurve, sla: SlaStatistic, options: Partial<InputRegressionOptions> = {}, distribution: Partial<DistributionOptions> = {}): ExecModel {
  const o = { ...INPUT_REGRESSION_DEFAULTS, ...options };
  const count = columns.ms.length;
  const normalized = new Float64Array(count);
  const byInput = new Map<number, number>();
  // The curve's factor once per recorded size (a blend costs a log and a power per candidate).
  const factors = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const m = columns.memoryMb[i]!;
    let factor = factors.get(m);
    if (factor === undefined) factors.set(m, (factor = curve.factor(m)));
    const n = columns.ms[i]! / factor;
    normalized[i] = n;
    const x = columns.inputBytes[i]!;
    byInput.set(x, (byInput.get(x) ?? 0) + 1);
  }
  if (byInput.size >= o.minInputSizes) {
    const line = leastSquares(columns.inputBytes, normalized);
    let minInputBytes = Infinity;
    for (const x of byInput.keys()) minInputBytes = Math.min(minInputBytes, x);
    if (line.slope > 0 && line.r2 >= o.minR2 && line.intercept + line.slope * minInputBytes > 0) {
      const ratios = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        ratios[i] = normalized[i]! / (line.intercept + line.slope * Math.max(columns.inputBytes[i]!, minInputBytes));
      }
      return { curve, inputModel: 'regression', intercept: line.intercept, slope: line.slope, minInputBytes, ...perLevel(columns.memoryMb, ratios, sla, distribution), samples: count, r2: line.r2 };
    }
  }
  return { curve, inputModel: 'constant', intercept: 1, slope: 0, minInputBytes: 0, ...perLevel(columns.memoryMb, normalized, sla, distribution), samples: count, r2: Number.NaN };
}

/** The SLA statistic and the empirical distribution of `values` per memory size, ascending by memory. */
function perLevel(memoryMb: readonly number[], values: Float64Array, sla: SlaStatistic, options: Partial<DistributionOptions>): { k: readonly Level<number>[]; distributions: readonly Level<EmpiricalDistribution>[] } {
  const byLevel = new Map<number, number[]>();
  for (let i = 0; i < values.length; i++) {
    const list = byLevel.get(memoryMb[i]!);
    if (list) list.push(values[i]!);
    else byLevel.set(memoryMb[i]!, [values[i]!]);
  }
  const k: Level<number>[] = [];
  const distributions: Level<EmpiricalDistribution>[] = [];
  for (const [m, list] of byLevel) {
    const sorted = Float64Array.from(list).sort();
    k.push({ memoryMb: m, model: slaOfSorted(sorted, sla) });
    distributions.push({ memoryMb: m, model: EmpiricalDistribution.ofSorted(sorted, options) });
  }
  return { k: sortLevels(k), distributions: sortLevels(distributions) };
}

const identity = (value: number) => value;

/** Predicted execution time, ms (>= MIN_PREDICTED_MS). */
export function predictExec(model: ExecModel, inputBytes: number, memoryMb: number): number {
  const base = execBase(model, inputBytes);
  const value = base * predictAcrossLevels(model.k, memoryMb, identity, 0) * model.curve.factor(memoryMb);
  return value > MIN_PREDICTED_MS ? value : MIN_PREDICTED_MS;
}

/** Predicted q-quantile of the execution time, ms (>= MIN_PREDICTED_MS); q in [0, 1]. */
export function predictExecQuantile(model: ExecModel, inputBytes: number, memoryMb: number, q: number, spreadGrowth: number): number {
  const base = execBase(model, inputBytes);
  const value = base * quantileAcrossLevels(model.distributions, memoryMb, q, spreadGrowth, DISTRIBUTION_LEVELS, undefined) * model.curve.factor(memoryMb);
  return value > MIN_PREDICTED_MS ? value : MIN_PREDICTED_MS;
}

/** What every exec row of a func at one memory size shares, whatever the input size: its quantiles across levels at each q_k and its scaling factor. */
export interface ExecRow {
  readonly quantiles: Float64Array;
  readonly factor: number;
}

/** The exec row of `model` at `memoryMb` for the probabilities of `grid` (`predictExecQuantile` at each of its probabilities, without the input size). */
export function execRowAt(model: ExecModel, memoryMb: number, grid: ProbabilityGrid, spreadGrowth: number): ExecRow {
  const quantiles = new Float64Array(grid.q.length);
  quantilesAcrossLevels(model.distributions, memoryMb, grid, spreadGrowth, DISTRIBUTION_LEVELS, undefined, quantiles, 0, 1);
  return { quantiles, factor: model.curve.factor(memoryMb) };
}

/** base(x): what the model's quantiles at any memory size are multiplied by for input size x (1 for the constant model). */
export function execBase(model: ExecModel, inputBytes: number): number {
  return model.intercept + model.slope * Math.max(inputBytes, model.minInputBytes);
}

/** `predictExecQuantile` at every probability of the row's grid, into `out[offset + k * stride]`, from the row of the same model and memory size (the same numbers, the same operations). */
export function predictExecQuantilesOfRow(model: ExecModel, inputBytes: number, row: ExecRow, out: Float64Array, offset: number, stride: number): void {
  const base = execBase(model, inputBytes);
  const { quantiles, factor } = row;
  for (let k = 0; k < quantiles.length; k++) {
    const value = base * quantiles[k]! * factor;
    out[offset + k * stride] = value > MIN_PREDICTED_MS ? value : MIN_PREDICTED_MS;
  }
}
