/**
 * Any `DistributionPredictor` (predictor v2, `fit-predictor.ts`) as a plain `Predictor` at
 * one probability q: what the quantile grids are built from, one duration table per grid
 * point (`quantile-grids.ts`). O(1) per query, as the distribution predictor's.
 */
import { SlacklineError } from '../errors.js';
import { hasExecFallback } from './fit-predictor.js';
import type { DistributionPredictor, Predictor } from './types.js';

/** True for predictors that implement the distribution contract. */
export function isDistributionPredictor(predictor: Predictor): predictor is DistributionPredictor {
  const p = predictor as Partial<DistributionPredictor>;
  return typeof p.execQuantile === 'function' && typeof p.transferQuantile === 'function' && typeof p.workerStartQuantile === 'function';
}

/**
 * A plain predictor answering every duration at probability q (output sizes stay central).
 * Keeps the predictor's `execFallback` (a func without records gets the same stated
 * stand-in at every q: no spread for it), so the duration table's fallback policy works as
 * for the fitted predictor.
 */
export function predictorAtQuantile(dist: DistributionPredictor, q: number): Predictor {
  if (!(q >= 0 && q <= 1)) throw new SlacklineError('predict/predictor-at-quantile', `quantile ${q} is outside [0, 1]`);
  const base: Predictor = {
    sla: `p${+(q * 100).toFixed(6)}`,
    exec: (f, x, m) => dist.execQuantile(f, x, m, q),
    outputBytes: (f, x) => dist.outputBytes(f, x),
    transfer: (b, m, d) => dist.transferQuantile(b, m, d, q),
    workerStart: (m, k) => dist.workerStartQuantile(m, k, q),
  };
  if (hasExecFallback(dist)) return { ...base, execFallback: (x: number, m: number) => dist.execFallback(x, m) } as Predictor;
  return base;
}
