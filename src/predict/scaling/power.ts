/**
 * The `power` scaling model: a fixed exponent for every func, as the engine later used.
 *
 *   factor(m) = (512 / m) ^ alpha        alpha = 0.3 by default
 *
 * alpha = 1 is the linear rule, alpha = 0 means memory does not matter. 0.3 is the
 * exponent the engine adopted after the linear rule over-predicted speed-ups; it sits
 * between I/O-bound (0) and CPU-bound (1) work.
 */
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import type { ScalingCurve, ScalingModel } from './types.js';

export const DEFAULT_POWER_ALPHA = 0.3;

export function powerCurve(alpha: number, describe = `power alpha=${alpha}`, defaulted = false): ScalingCurve {
  return {
    factor: (memoryMb: number) => Math.pow(BASELINE_MEMORY_MB / memoryMb, alpha),
    describe,
    defaulted,
  };
}

/** The power model with exponent `alpha` (in [0, 1]; `getScalingModel` checks it). */
export function powerScaling(alpha: number = DEFAULT_POWER_ALPHA): ScalingModel {
  const curve = powerCurve(alpha);
  return {
    id: 'power',
    description: `time proportional to (512/memory)^${alpha}`,
    fit: () => curve,
  };
}
