/**
 * Untimed preparation of the predicted distributions of a planning instance: the quantile
 * grids of every duration at every ladder level (`quantile-grids.ts`) from the instance's
 * predictor (predictor v2 is a `DistributionPredictor`), and the shared per-run slowdown
 * fitted from the same runs (`run-correlation.ts`). With `runs`, a predictor is fitted on
 * those runs instead (held-out evaluation), at the instance's SLA and scaling model.
 */
import type { RecordedRun } from '../dataset/types.js';
import { DEFAULT_GRID_POINTS, quantileGridsInSteps, type QuantileGrids } from '../predict/quantile-grids.js';
import { runSteps, type Steps } from '../util/steps.js';
import { fitPredictor } from '../predict/fit-predictor.js';
import { isDistributionPredictor } from '../predict/predictor-at-quantile.js';
import { SlacklineError } from '../errors.js';
import { fitRunCorrelation } from '../predict/run-correlation.js';
import type { UnknownPolicy } from '../predict/types.js';
import type { GridArrays } from '../predict/quantile-grids-by-rows.js';
import type { PlanningInstance } from './prepare-instance.js';

export interface PlanningDistributions {
  readonly grids: QuantileGrids;
  /** Fitted correlation of the shared per-run slowdown (used only when asked for). */
  readonly fittedCorrelation: number;
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
  /** Where the grid arrays live (e.g. SharedArrayBuffers for worker threads). */
  readonly allocate?: GridArrays['allocate'];
}

export function prepareDistributions(instance: PlanningInstance, options: PrepareDistributionsOptions = {}): PlanningDistributions {
  return runSteps(distributionsInSteps(instance, options));
}

/** `prepareDistributions` in steps (`util/steps.ts`: a few dozen grid rows each). */
export function* distributionsInSteps(instance: PlanningInstance, options: PrepareDistributionsOptions = {}): Steps<PlanningDistributions> {
  const runs = options.runs ?? instance.runs;
  const predictor = options.runs === undefined ? instance.predictor : fitPredictor(runs, { sla: instance.sla, scaling: instance.scaling });
  if (!isDistributionPredictor(predictor)) throw new SlacklineError('planning/prepare-distributions', `the predictor of workflow "${instance.workflow.name}" offers no distributions (execQuantile, transferQuantile, workerStartQuantile)`);
  const { grids, unknowns, fallbacks } = yield* quantileGridsInSteps(instance.dag, predictor, instance.ladderMb, options.unknownPolicy ?? 'fallback', options.points ?? DEFAULT_GRID_POINTS, options.allocate !== undefined ? { allocate: options.allocate } : {});
  return { grids, fittedCorrelation: fitRunCorrelation(runs), unknowns: unknowns.length, fallbacks };
}
