/**
 * The registry of memory-scaling models, chosen per run by id. Formulas:
 *
 *   linear          t(m) = t512 * 512/m                          (the engine's original rule)
 *   power           t(m) = t512 * (512/m)^alpha, alpha fixed (default 0.3)
 *   fitted          t(m) = t512 * (min(512,S)/min(m,S))^alpha, alpha and S fitted per func
 *   amdahl          t(m) = s + p / cpu(m), s, p >= 0 fitted per func (NNLS)
 *   amdahl-capped   t(m) = s + p / min(cpu(m), c), c = 1 vCPU or a plateau in the data
 *   auto            a weighted geometric mean of the candidates above, weights with the
 *                   lowest pooled leave-one-size-out error over the funcs of the fit
 *                   (stacking), overridden by a func's own best candidate on strong evidence
 *                   (the default; `combine: 'select'`: one candidate per fit instead)
 *
 * See `types.ts` for the contract and each model's file for its rules and references.
 */
import { SlacklineError } from '../../errors.js';
import { amdahlScaling, cappedAmdahlScaling } from './amdahl.js';
import { autoScaling, type AutoScalingOptions } from './auto.js';
import { fittedScaling, type FittedScalingOptions } from './fitted.js';
import { linearScaling } from './linear.js';
import { DEFAULT_POWER_ALPHA, powerScaling } from './power.js';
import type { ScalingModel, ScalingModelId } from './types.js';

export type { CandidateModelId, RelativePoint, ScalingChoice, ScalingCurve, ScalingModel, ScalingModelId, ScalingSamples } from './types.js';
export { normalizeWith, denormalizeWith } from './types.js';

export const SCALING_MODEL_IDS: readonly ScalingModelId[] = ['linear', 'power', 'fitted', 'amdahl', 'amdahl-capped', 'auto'];

/** The default scaling model of planning, replay and the sweep. */
export const DEFAULT_SCALING: ScalingModelId = 'auto';

export interface ScalingOptions {
  /** Exponent of the `power` model (and of auto's power candidate). @default 0.3 */
  readonly powerAlpha?: number;
  /** Options of the `fitted` model (and the one-size default curve of every model). */
  readonly fitted?: Partial<FittedScalingOptions>;
  /** Options of `auto` (prior, tie tolerance). */
  readonly auto?: Partial<Pick<AutoScalingOptions, 'prior' | 'tiePct' | 'criterion' | 'pooled' | 'onePointPrior' | 'selection' | 'pool' | 'overrideMinSizes' | 'extrapolation' | 'poolEvidence' | 'combine' | 'stackEvidence'>>;
}

const FACTORIES: { readonly [K in ScalingModelId]: (options: ScalingOptions) => ScalingModel } = {
  linear: () => linearScaling,
  power: (options) => powerScaling(options.powerAlpha ?? DEFAULT_POWER_ALPHA),
  fitted: (options) => fittedScaling(options.fitted),
  amdahl: (options) => amdahlScaling(options.fitted),
  'amdahl-capped': (options) => cappedAmdahlScaling(options.fitted),
  auto: (options) => autoScaling({ ...options.auto, powerAlpha: options.powerAlpha ?? DEFAULT_POWER_ALPHA, fitted: options.fitted ?? {} }),
};

export function isScalingModelId(text: string): text is ScalingModelId {
  return (SCALING_MODEL_IDS as readonly string[]).includes(text);
}

/** The largest power exponent: the linear rule (time inversely proportional to memory, as the CPU share). */
export const MAX_POWER_ALPHA = 1;

/** The scaling model `id`; throws a SlacklineError for an unknown id or a bad power exponent. */
export function getScalingModel(id: string, options: ScalingOptions = {}): ScalingModel {
  if (!isScalingModelId(id)) {
    throw new SlacklineError('predict/scaling', `unknown scaling model "${id}": expected one of ${SCALING_MODEL_IDS.join(', ')}`);
  }
  const alpha = options.powerAlpha;
  // Above 1 a bigger worker would be more than proportionally faster than its CPU share grows.
  if (alpha !== undefined && !(Number.isFinite(alpha) && alpha >= 0 && alpha <= MAX_POWER_ALPHA)) {
    throw new SlacklineError('predict/scaling', `bad power exponent ${alpha}: expected a number in [0, ${MAX_POWER_ALPHA}] (0: memory does not matter; 1: the linear rule, time proportional to 512/memory)`);
  }
  return FACTORIES[id](options);
}
