/** Block buffers reused across calls (a table makes one call per row; the function does not re-enter); a const holder, not module `let`s (no hole check per access). */
const scratch = { sums: new Float64Array(16), counts: new Int32Array(16), means: new Float64Array(16) };

/**
 * Makes a row of predictions across the memory ladder non-increasing: the same work never
 * takes longer on a larger worker (more memory buys more CPU share and more network
 * bandwidth on FaaS platforms). Fitted statistics can break that by noise: a p90 from a few
 * runs at one size, or an interpolation between two noisy sizes, may predict a 10 GB worker
 * slower than a 4 GB one, and a planner would then avoid a size for no physical reason.
 *
 * Pool-adjacent-violators (isotonic regression, equal weights, least squares): the closest
 * non-increasing sequence to the input; a row that already is one is returned unchanged.
 * O(length), in place. Reference: Barlow et al., "Statistical inference under order
 * restrictions" (1972); de Leeuw, Hornik & Mair, J. Stat. Softw. 32(5), 2009.
 */
export function makeNonIncreasing(values: Float64Array, offset: number, length: number): void {
  makeNonIncreasingStrided(values, offset, 1, length);
}

/** `makeNonIncreasing` on the `length` values at `offset`, `offset + stride`, ... (a column of a row-major block). */
export function makeNonIncreasingStrided(values: Float64Array, offset: number, stride: number, length: number): void {
  if (length < 2) return;
  const end = offset + length * stride;
  // Most rows already comply: PAVA would merge nothing and rewrite each value as itself.
  let first = offset + stride;
  while (first < end && !(values[first]! > values[first - stride]!)) first += stride;
  if (first >= end) return;
  // Blocks as (sum, count, mean = sum / count); a block's mean must not exceed the previous block's mean.
  if (scratch.sums.length < length) {
    scratch.sums = new Float64Array(length);
    scratch.counts = new Int32Array(length);
    scratch.means = new Float64Array(length);
  }
  const { sums, counts, means } = scratch;
  let blocks = 0;
  // Before the first increase each value is its own block: nothing to merge, no comparison needed.
  for (let k = offset; k < first; k += stride) {
    sums[blocks] = means[blocks] = values[k]!;
    counts[blocks] = 1;
    blocks++;
  }
  for (let k = first; k < end; k += stride) {
    // The newest block is kept in locals until no merge is left.
    let sum = values[k]!;
    let count = 1;
    let mean = sum / count;
    while (blocks > 0 && mean > means[blocks - 1]!) {
      blocks--;
      sum = sums[blocks]! + sum;
      count = counts[blocks]! + count;
      mean = sum / count;
    }
    sums[blocks] = sum;
    counts[blocks] = count;
    means[blocks] = mean;
    blocks++;
  }
  let k = offset;
  for (let b = 0; b < blocks; b++) {
    const mean = means[b]!;
    const count = counts[b]!;
    for (let c = 0; c < count; c++, k += stride) values[k] = mean;
  }
}
