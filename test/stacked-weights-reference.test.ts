/**
 * `stackedWeights` (errors by shared partial sums, `blend-errors.ts`) against the plain
 * enumeration it replaced, kept here as the reference: the same weights and the same error,
 * bit for bit, on random fold errors with ties (repeated and zero columns), including
 * infinite and NaN log ratios.
 */
import { describe, expect, it } from 'vitest';
import { AUTO_CANDIDATES } from '../src/predict/scaling/auto.js';
import { GRID_STEPS, stackedWeights } from '../src/predict/scaling/stacked-weights.js';
import { seededRandom } from '../src/util/random.js';
import type { CandidateModelId } from '../src/predict/scaling/types.js';

/** The enumeration before `blend-errors.ts`: every blend summed afresh. */
function referenceWeights(candidates: readonly CandidateModelId[], logRatios: readonly (readonly number[])[]): { weights: Partial<Record<CandidateModelId, number>>; error: number } {
  const n = candidates.length;
  const folds = logRatios[0]?.length ?? 0;
  const columns = logRatios.map((r) => Float64Array.from(r));
  const steps = new Int32Array(n);
  const best = new Int32Array(n);
  let bestError = Infinity;
  let bestComplexity = Infinity;
  const combined = new Float64Array(folds);
  const visit = () => {
    combined.fill(0);
    for (let k = 0; k < n; k++) {
      const w = steps[k]! / GRID_STEPS;
      if (w === 0) continue;
      for (let j = 0; j < folds; j++) combined[j]! += w * columns[k]![j]!;
    }
    let sum = 0;
    for (let j = 0; j < folds; j++) sum += Math.abs(Math.exp(combined[j]!) - 1);
    const error = folds > 0 ? sum / folds : 0;
    let complexity = 0;
    for (let k = 0; k < n; k++) complexity += k * steps[k]!;
    if (error < bestError - 1e-12 || (error <= bestError + 1e-12 && complexity < bestComplexity)) {
      bestError = Math.min(error, bestError);
      bestComplexity = complexity;
      best.set(steps);
    }
  };
  for (;;) {
    let used = 0;
    for (let k = 0; k < n - 1; k++) used += steps[k]!;
    if (used <= GRID_STEPS) {
      steps[n - 1] = GRID_STEPS - used;
      visit();
    }
    let k = 0;
    while (k < n - 1) {
      steps[k]!++;
      let total = 0;
      for (let i = 0; i <= k; i++) total += steps[i]!;
      if (total <= GRID_STEPS) break;
      steps[k] = 0;
      k++;
    }
    if (k === n - 1) break;
  }
  const weights: Partial<Record<CandidateModelId, number>> = {};
  candidates.forEach((c, k) => {
    if (best[k]! > 0) weights[c] = best[k]! / GRID_STEPS;
  });
  return { weights, error: bestError };
}

describe('stackedWeights by shared partial sums', () => {
  it('matches the plain enumeration bit for bit', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + (trial % AUTO_CANDIDATES.length);
      const candidates = AUTO_CANDIDATES.slice(0, n);
      const folds = Math.floor(random() * 40);
      const columns: number[][] = [];
      for (let k = 0; k < n; k++) {
        const kind = random();
        if (k > 0 && kind < 0.2) columns.push([...columns[k - 1]!]);
        else if (kind < 0.3) columns.push(Array.from({ length: folds }, () => 0));
        else if (kind < 0.4) columns.push(Array.from({ length: folds }, () => Math.round((random() - 0.5) * 4) / 4));
        else columns.push(Array.from({ length: folds }, () => (random() - 0.5) * 2));
      }
      if (trial % 50 === 7 && folds > 0) columns[0]![0] = -Infinity;
      if (trial % 50 === 9 && folds > 0) columns[n - 1]![folds - 1] = Number.NaN;
      const got = stackedWeights(candidates, columns);
      const want = referenceWeights(candidates, columns);
      expect(got.weights).toEqual(want.weights);
      expect(Object.is(got.error, want.error)).toBe(true);
    }
  });
});
