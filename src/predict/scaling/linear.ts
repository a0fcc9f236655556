/**
 * The `linear` scaling model: the engine's original rule, speed proportional to memory
 * (CPU share grows linearly with memory on AWS Lambda).
 *
 *   factor(m) = 512 / m          t(m) = t512 * 512 / m
 *
 * Same as `src/metrics/normalize.ts` (the normalized fields stored in datasets). Under it,
 * GB-seconds are equal at every size, so it over-predicts the speed-up of I/O-bound work
 * and of single-threaded work past one vCPU (about 1769 MB).
 */
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import type { ScalingCurve, ScalingModel } from './types.js';

const LINEAR_CURVE: ScalingCurve = {
  factor: (memoryMb: number) => BASELINE_MEMORY_MB / memoryMb,
  describe: 'linear',
  defaulted: false,
};

export const linearScaling: ScalingModel = {
  id: 'linear',
  description: 'time proportional to 512/memory (the engine\'s original rule)',
  fit: () => LINEAR_CURVE,
};
