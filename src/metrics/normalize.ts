/**
 * Normalization to the 512 MB baseline: the linear rule of the engine this workbench
 * serves, in which CPU share (and so speed) is proportional to memory.
 *
 *   normalized = real * memoryMb / 512        prediction(m) = normalized * 512 / m
 *
 * Every time stored in a dataset keeps its real value and carries this normalized value
 * beside it. Prediction uses a pluggable scaling model (`src/predict/scaling/`), whose
 * `linear` model is exactly this rule.
 */
export const BASELINE_MEMORY_MB = 512;

export function normalizeLinear(realMs: number, memoryMb: number): number {
  return (realMs * memoryMb) / BASELINE_MEMORY_MB;
}

export function denormalizeLinear(normalizedMs: number, memoryMb: number): number {
  return (normalizedMs * BASELINE_MEMORY_MB) / memoryMb;
}
