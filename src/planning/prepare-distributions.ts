/**
 * Untimed preparation of the predicted distributions of a planning instance: the quantile
 * grids of every duration at every ladder level (`quantile-grids.ts`), from the
 * instance's predictor when it is a `DistributionPredictor` (predictor v2), else from
 * `fitQuantilePredictor` on the instance's runs (fits at a ladder of quantiles), and the
 * shared per-run slowdown fitted from the same runs (`run-correlation.ts`). `runs` fits on
 * other runs instead (held-out evaluation).
 */
import type { RecordedRun } from '../dataset/types.js';
import { buildQuantileGrids, DEFAULT_GRID_POINTS, type QuantileGrids } from '../predict/quantile-grids.js';
import { fitQuantilePredictor, isDistributionPredictor } from '../predict/quantile-predictor.js';
import { fitRunCorrelation } from '../predict/run-correlation.js';
import type { DistributionPredictor, UnknownPolicy } from '../predict/types.js';
import type { PlanningInstance } from './prepare-instance.js';

export interface PlanningDistributions {
  readonly grids: QuantileGrids;
  /** Fitted correlation of the shared per-run slowdown (used only when asked for). */
  readonly fittedCorrelation: number;
  /** Where the distributions come from. */
  readonly source: 'distribution-predictor' | 'quantile-fits';
  readonly unknowns: number;
  readonly fallbacks: number;
}

export interface PrepareDistributionsOptions {
  /** @default 'fallback' */
  readonly unknownPolicy?: UnknownPolicy;
  /** Fit on these runs instead of the instance's (and ignore the instance's predictor). */
  readonly runs?: readonly RecordedRun[];
  /** @default DEFAULT_GRID_POINTS */
  readonly points?: number;
}

export function prepareDistributions(instance: PlanningInstance, options: PrepareDistributionsOptions = {}): PlanningDistributions {
  const runs = options.runs ?? instance.runs;
  const own = options.runs === undefined && isDistributionPredictor(instance.predictor);
  const predictor: DistributionPredictor = own ? (instance.predictor as DistributionPredictor) : fitQuantilePredictor(runs, { sla: instance.sla, scaling: instance.scaling });
  const { grids, unknowns, fallbacks } = buildQuantileGrids(instance.dag, predictor, instance.ladderMb, options.unknownPolicy ?? 'fallback', options.points ?? DEFAULT_GRID_POINTS);
  return { grids, fittedCorrelation: fitRunCorrelation(runs), source: own ? 'distribution-predictor' : 'quantile-fits', unknowns: unknowns.length, fallbacks };
}
