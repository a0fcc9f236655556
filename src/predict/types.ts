/**
 * Contracts of the predictor. A prediction with no data behind it is an explicit unknown
 * with a reason, never 0; a caller resolves unknowns with a policy (`fail` lists every task
 * and func lacking data; `fallback` substitutes a stated value and flags it).
 */
import type { StartKind, TransferDirection } from '../dataset/types.js';
import type { ProbabilityGrid } from './quantile-across-levels.js';

/** The SLA statistic predictions are made at: `mean`, `median`, or a percentile `p0`..`p100` (e.g. `p90`, `p99.9`). */
export type SlaStatistic = 'mean' | 'median' | `p${number}`;

/**
 * Where a query's memory size lies relative to the sizes the prediction was fitted on:
 * `recorded` (one of them), `interpolation` (between two), `extrapolation` (outside their
 * range; the value follows the scaling curve, never capped at the largest size).
 * `log2Distance` = |log2(memoryMb / nearestRecordedMb)|: 0 at a recorded size, 1 a
 * doubling away.
 */
export interface MemoryPosition {
  readonly kind: 'recorded' | 'interpolation' | 'extrapolation';
  readonly nearestRecordedMb: number;
  readonly log2Distance: number;
}

export type Prediction =
  | {
      readonly known: true;
      readonly value: number;
      /** set when a fallback produced the value */
      readonly fallback?: string;
      /** set by predictors fitted across memory sizes: how far from the recorded sizes the value is */
      readonly position?: MemoryPosition;
    }
  | { readonly known: false; readonly reason: string };

export interface Predictor {
  readonly sla: SlaStatistic;
  /** Execution time, ms, of `func` on `inputBytes` at `memoryMb`. */
  exec(func: string, inputBytes: number, memoryMb: number): Prediction;
  /** Output size, bytes, of `func` on `inputBytes`. */
  outputBytes(func: string, inputBytes: number): Prediction;
  /** Time, ms, to move `bytes` at `memoryMb` in `direction`. */
  transfer(bytes: number, memoryMb: number, direction: TransferDirection): Prediction;
  /** Worker start, ms, at `memoryMb`. */
  workerStart(memoryMb: number, kind: StartKind): Prediction;
}

export type UnknownPolicy = 'fail' | 'fallback';

/**
 * Predictor v2 (issue 10): the whole predicted distribution, not one statistic. `q` is a
 * probability in [0, 1]; `execQuantile(f, x, m, 0.9)` is the p90 of f's execution time at m.
 * Each call is O(1) after fitting (a look-up in a sorted sample or sketch and an
 * interpolation), so a Monte Carlo sampler (issue 12) draws a scenario value by calling it
 * with a uniform random q. At unrecorded sizes the distribution is carried by the scaling
 * curve, and its spread grows with the distance from recorded sizes.
 */
export interface DistributionPredictor extends Predictor {
  execQuantile(func: string, inputBytes: number, memoryMb: number, q: number): Prediction;
  transferQuantile(bytes: number, memoryMb: number, direction: TransferDirection, q: number): Prediction;
  workerStartQuantile(memoryMb: number, kind: StartKind, q: number): Prediction;
}

/** Whether a row of answers is known (flagged when a fallback gave it), or why not: the same at every probability of the row. */
export type RowStatus = { readonly known: true; readonly fallback?: string } | { readonly known: false; readonly reason: string };

/**
 * A `DistributionPredictor` that answers one question at many probabilities at once (the
 * quantile grids ask every question at 33): `out[offset + k * stride]` gets exactly what
 * the single query at `grid.q[k]` would give, and the status is that query's `known` /
 * `fallback` / `reason`, which do not depend on q. Values are left unwritten when unknown.
 */
export interface QuantileRows {
  execQuantiles(func: string, inputBytes: number, memoryMb: number, grid: ProbabilityGrid, out: Float64Array, offset: number, stride: number): RowStatus;
  transferQuantiles(bytes: number, memoryMb: number, direction: TransferDirection, grid: ProbabilityGrid, out: Float64Array, offset: number, stride: number): RowStatus;
}

/**
 * Optional beside `QuantileRows`: a key of the exec rows of `func` such that two input
 * sizes with the same key get the same answers from `execQuantiles` (values and status) at
 * every memory size and probability (the fitted predictor's base(x): a constant model's 1
 * at every size, a regression's a + b max(x, xmin)); undefined when it cannot tell (the
 * row is then asked as it is).
 */
export interface ExecRowKeys {
  execRowKey(func: string, inputBytes: number): number | undefined;
}
