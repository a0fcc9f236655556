/**
 * Contracts of the memory-scaling models. A model says how a func's time changes with the
 * worker's memory size, relative to the 512 MB baseline:
 *
 *   t(m) = t512 * factor(m),   factor(512) = 1
 *   normalize(t, m)   = t / factor(m)      (real time at m -> time at 512 MB)
 *   denormalize(t, m) = t * factor(m)      (time at 512 MB -> predicted time at m)
 *
 * A model is a family: `fit(samples)` returns the curve of one func (linear and power
 * ignore the samples; `fitted` estimates the curve from them). Curves are a few numbers,
 * so `factor` is O(1).
 *
 * Write your own: export a `ScalingModel` whose `fit` returns a `ScalingCurve` with
 * `factor(512) === 1` and `factor(m) > 0`, and add it to the registry in `index.ts`.
 */
import type { CpuProvider } from '../cpu-share.js';

export type ScalingModelId = 'linear' | 'power' | 'fitted' | 'amdahl' | 'amdahl-capped' | 'auto';

/** The models `auto` chooses among (every id but `auto`). */
export type CandidateModelId = Exclude<ScalingModelId, 'auto'>;

/** Recorded executions of one func for scaling fits, as columns (sample i is index i of each). */
export interface ScalingSamples {
  readonly memoryMb: ArrayLike<number>;
  readonly inputBytes: ArrayLike<number>;
  /** Real time, ms. */
  readonly ms: ArrayLike<number>;
  /** Platform whose CPU share the Amdahl models use. @default 'aws' */
  readonly provider?: CpuProvider;
  /** The samples' relative curve (`relativeCurve`, per-size medians), when the caller has it: `auto` then uses it instead of computing it again. */
  readonly points?: readonly RelativePoint[];
}

/** A point of a func's relative curve: r(m), the per-size time with input-size effects removed (any common scale). */
export interface RelativePoint {
  readonly memoryMb: number;
  readonly r: number;
}

/** What `auto` chose for a func, and why. */
export interface ScalingChoice {
  readonly model: CandidateModelId;
  /** `pooled`: the fit's pooled choice; `own`: the func's own leave-one-size-out choice (strong evidence, or no pool); `prior`: the stated prior (nothing to pool). */
  readonly source: 'pooled' | 'own' | 'prior';
  /** The model that carries the curve beyond the func's recorded sizes, when not `model` (the pooled extrapolation choice). */
  readonly extrapolationModel?: CandidateModelId;
  /** e.g. `lowest leave-one-size-out error over 6 sizes` or `prior: 2 sizes (< 3)`. */
  readonly reason: string;
  /** Stacked (`combine: 'stack'`): the weight of each candidate in the curve's geometric blend, and beyond the recorded sizes. */
  readonly weights?: Readonly<Partial<Record<CandidateModelId, number>>>;
  readonly extrapolationWeights?: Readonly<Partial<Record<CandidateModelId, number>>>;
  /** Leave-one-size-out mean absolute percentage error of each candidate, %, when computed. */
  readonly looMapePct?: Readonly<Partial<Record<CandidateModelId, number>>>;
}

export interface ScalingCurve {
  /** `t(m) / t(512)`; positive, 1 at 512 MB. */
  factor(memoryMb: number): number;
  /** e.g. `power alpha=0.30` or `fitted alpha=0.82 saturation=1769MB (4 sizes)`. */
  readonly describe: string;
  /** True when the curve is a stated default rather than estimated from the func's data. */
  readonly defaulted: boolean;
  /** Set by `auto`: the model it chose and why. */
  readonly choice?: ScalingChoice;
}

export interface ScalingModel {
  readonly id: ScalingModelId;
  readonly description: string;
  /** The curve of one func, from its samples (may be ignored). */
  fit(samples: ScalingSamples): ScalingCurve;
}

export function normalizeWith(curve: ScalingCurve, ms: number, memoryMb: number): number {
  return ms / curve.factor(memoryMb);
}

export function denormalizeWith(curve: ScalingCurve, ms512: number, memoryMb: number): number {
  return ms512 * curve.factor(memoryMb);
}
