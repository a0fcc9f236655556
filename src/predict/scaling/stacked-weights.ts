/**
 * Stacking of the scaling candidates (Breiman, "Stacked Regressions", Machine Learning 24,
 * 1996; Wolpert, "Stacked Generalization", Neural Networks 5, 1992): instead of one model
 * per fit, a weighted geometric mean of every candidate's curve,
 *
 *   factor(m) = prod_k factor_k(m)^w_k,   w_k >= 0, sum w_k = 1,
 *
 * with the weights chosen on the fit's pooled leave-one-size-out predictions (each held-out
 * size of each func with enough sizes weighs the same): the weights with the lowest mean
 * absolute percentage error of the combined prediction prod_k p_k^w_k. A geometric mean
 * keeps factor(512) = 1 and positivity, and for predictions carried from a neighbouring
 * size (r_near * f(m) / f(m_near)) it is exactly the prediction of the combined curve.
 *
 * Departures from Breiman: the weights minimise absolute percentage error (the evaluation's
 * measure), not squared error, over a grid of the simplex in steps of 1/`GRID_STEPS`
 * (a coarse grid regularises: with 40-100 folds, finer weights would fit noise); the
 * combination is geometric, not arithmetic (times scale multiplicatively). Ties (within
 * 1e-12) go to the simpler blend, the one whose weight sits on earlier candidates (the
 * candidates come simplest first), so the result is deterministic.
 */
import { blendErrors } from './blend-errors.js';
import type { CandidateModelId, ScalingCurve } from './types.js';

/** Weights are multiples of 1 / GRID_STEPS. */
export const GRID_STEPS = 10;

export type CandidateWeights = Readonly<Partial<Record<CandidateModelId, number>>>;

/**
 * The simplex weights (multiples of 1 / GRID_STEPS) minimising the mean of
 * |prod_k ratio_k^w_k - 1| over folds, where `logRatios[k][j]` is log(prediction / truth)
 * of candidate `candidates[k]` on fold j. Also returns that mean error (a fraction).
 */
export function stackedWeights(candidates: readonly CandidateModelId[], logRatios: readonly (readonly number[])[]): { weights: CandidateWeights; error: number } {
  const n = candidates.length;
  const folds = logRatios[0]?.length ?? 0;
  const errors = blendErrors(logRatios, n, folds, GRID_STEPS);
  const steps = new Int32Array(n);
  const best = new Int32Array(n);
  let bestError = Infinity;
  let bestComplexity = Infinity;
  let code = 0;
  let used = 0;
  // Enumerate compositions of GRID_STEPS into n parts without recursion: an odometer over the
  // first n - 1 parts, the first fastest, stepping over those whose parts exceed GRID_STEPS
  // (`code` counts up in base GRID_STEPS + 1, skipping those).
  for (;;) {
    steps[n - 1] = GRID_STEPS - used;
    const error = errors[code]!;
    // On a tie (e.g. noise-free data two candidates fit exactly) the simpler blend wins: the
    // candidates come simplest first, so the weight's mean position is its complexity.
    let complexity = 0;
    for (let k = 0; k < n; k++) complexity += k * steps[k]!;
    if (error < bestError - 1e-12 || (error <= bestError + 1e-12 && complexity < bestComplexity)) {
      bestError = Math.min(error, bestError);
      bestComplexity = complexity;
      best.set(steps);
    }
    let k = 0;
    let weight = 1; // (GRID_STEPS + 1) ** k
    while (k < n - 1) {
      if (used < GRID_STEPS) {
        steps[k]!++;
        used++;
        code += weight;
        break;
      }
      used -= steps[k]!;
      code -= steps[k]! * weight;
      steps[k] = 0;
      weight *= GRID_STEPS + 1;
      k++;
    }
    if (k >= n - 1) break;
  }
  const weights: Partial<Record<CandidateModelId, number>> = {};
  candidates.forEach((c, k) => {
    if (best[k]! > 0) weights[c] = best[k]! / GRID_STEPS;
  });
  return { weights, error: bestError };
}

/** The candidate with the largest weight (the first on ties, in `order`). */
export function heaviest(weights: CandidateWeights, order: readonly CandidateModelId[]): CandidateModelId {
  let top = order[0]!;
  for (const c of order) if ((weights[c] ?? 0) > (weights[top] ?? 0)) top = c;
  return top;
}

/** e.g. `0.6 amdahl-capped + 0.4 linear`, heaviest first. */
export function describeWeights(weights: CandidateWeights, order: readonly CandidateModelId[]): string {
  return order
    .filter((c) => (weights[c] ?? 0) > 0)
    .sort((a, b) => weights[b]! - weights[a]! || order.indexOf(a) - order.indexOf(b))
    .map((c) => `${weights[c]!.toFixed(1)} ${c}`)
    .join(' + ');
}

/** The geometric blend prod_k curve_k.factor(m)^w_k of fitted candidate curves. */
export function blendCurves(parts: readonly { readonly curve: ScalingCurve; readonly weight: number }[]): (memoryMb: number) => number {
  const used = parts.filter((p) => p.weight > 0);
  // One candidate with all the weight (the common case): its own factor, no log and exp per query.
  if (used.length === 1 && used[0]!.weight === 1) return (memoryMb: number) => used[0]!.curve.factor(memoryMb);
  return (memoryMb: number) => {
    let log = 0;
    for (const p of used) log += p.weight * Math.log(p.curve.factor(memoryMb));
    return Math.exp(log);
  };
}
