/**
 * The pooled error of every blend on the simplex grid of `stacked-weights.ts`, computed
 * with shared partial sums: the blend's log prediction per fold is the left-to-right sum of
 * w_k * logRatios[k][j] over the candidates with w_k > 0, so blends that agree on their
 * first weights share that part of the sum. Each error is the same floating-point value as
 * summing the whole blend afresh (the same products, added in the same order); only the
 * number of operations drops (one addition per fold and blend for the last two parts, each
 * product w_k * column_k computed once).
 *
 * The result is indexed by the blend's code, sum_k steps[k] (G + 1)^k over the first
 * n - 1 parts (the last is G minus their sum); codes whose parts exceed G hold garbage.
 * It lives in a scratch buffer that the next call overwrites.
 */

let scratch = new Float64Array(0);

/** Mean over folds of |exp(sum_k (steps[k] / gridSteps) * logRatios[k][j]) - 1| of every composition of `gridSteps` into `n` parts, by code. */
export function blendErrors(logRatios: readonly (readonly number[])[], n: number, folds: number, gridSteps: number): Float64Array {
  const radix = gridSteps + 1;
  const size = radix ** Math.max(0, n - 1);
  if (scratch.length < size) scratch = new Float64Array(size);
  const errors = scratch;
  // products[k][s - 1][j] = (s / G) * logRatios[k][j], as the sum takes them.
  const products: Float64Array[][] = [];
  for (let k = 0; k < n; k++) {
    const column = Float64Array.from(logRatios[k]!);
    const rows: Float64Array[] = [];
    for (let s = 1; s <= gridSteps; s++) {
      const w = s / gridSteps;
      const row = new Float64Array(folds);
      for (let j = 0; j < folds; j++) row[j] = w * column[j]!;
      rows.push(row);
    }
    products.push(rows);
  }
  const zeros = new Float64Array(folds);
  // partial[k]: the sum over parts 0..k (the one below when part k is 0: no term added).
  const buffers = Array.from({ length: Math.max(0, n - 1) }, () => new Float64Array(folds));
  const partial: Float64Array[] = buffers.slice();
  const digits = new Int32Array(Math.max(0, n - 1));
  const weight = new Int32Array(Math.max(0, n - 1)); // radix ** k
  for (let k = 0; k < n - 1; k++) weight[k] = radix ** k;
  let from = 0;
  let used = 0;
  let code = 0;
  // Odometer with the LAST of the first n - 1 parts fastest, so that a step recomputes
  // only the partial sums from the part that changed.
  for (;;) {
    for (let k = from; k < n - 1; k++) {
      const below = k === 0 ? zeros : partial[k - 1]!;
      const s = digits[k]!;
      if (s === 0) {
        partial[k] = below;
        continue;
      }
      const out = buffers[k]!;
      const add = products[k]![s - 1]!;
      for (let j = 0; j < folds; j++) out[j] = below[j]! + add[j]!;
      partial[k] = out;
    }
    const top = n >= 2 ? partial[n - 2]! : zeros;
    const last = gridSteps - used;
    let sum = 0;
    if (last > 0 && n >= 1) {
      const add = products[n - 1]![last - 1]!;
      for (let j = 0; j < folds; j++) sum += Math.abs(Math.exp(top[j]! + add[j]!) - 1);
    } else {
      for (let j = 0; j < folds; j++) sum += Math.abs(Math.exp(top[j]!) - 1);
    }
    errors[code] = folds > 0 ? sum / folds : 0;
    let k = n - 2;
    while (k >= 0) {
      if (used < gridSteps) {
        digits[k]!++;
        used++;
        code += weight[k]!;
        break;
      }
      used -= digits[k]!;
      code -= digits[k]! * weight[k]!;
      digits[k] = 0;
      k--;
    }
    if (k < 0) break;
    from = k;
  }
  return errors;
}
