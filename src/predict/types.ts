/**
 * Contracts of the predictor. A prediction with no data behind it is an explicit unknown
 * with a reason, never 0; a caller resolves unknowns with a policy (`fail` lists every task
 * and func lacking data; `fallback` substitutes a stated value and flags it).
 */
import type { StartKind, TransferDirection } from '../dataset/types.js';

/** The SLA statistic predictions are made at: `mean`, `median`, or a percentile `p0`..`p100` (e.g. `p90`, `p99.9`). */
export type SlaStatistic = 'mean' | 'median' | `p${number}`;

export type Prediction =
  | { readonly known: true; readonly value: number; /** set when a fallback produced the value */ readonly fallback?: string }
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
