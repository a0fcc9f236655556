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
export type ScalingModelId = 'linear' | 'power' | 'fitted';

/** Recorded executions of one func for scaling fits, as columns (sample i is index i of each). */
export interface ScalingSamples {
  readonly memoryMb: ArrayLike<number>;
  readonly inputBytes: ArrayLike<number>;
  /** Real time, ms. */
  readonly ms: ArrayLike<number>;
}

export interface ScalingCurve {
  /** `t(m) / t(512)`; positive, 1 at 512 MB. */
  factor(memoryMb: number): number;
  /** e.g. `power alpha=0.30` or `fitted alpha=0.82 saturation=1769MB (4 sizes)`. */
  readonly describe: string;
  /** True when the curve is a stated default rather than estimated from the func's data. */
  readonly defaulted: boolean;
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
