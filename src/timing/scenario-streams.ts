/**
 * The random streams of the Monte Carlo pass (`monte-carlo.ts`), shared with its WebAssembly
 * kernel's host (`scenario-pass-wasm.ts`): each scenario's stream seed, and the test for
 * a cell that needs no draw.
 */

/** fmix32 of MurmurHash3: a scenario's stream seed from (seed, scenario). */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
export function scenarioSeed(seed: number, scenario: number): number {
  return mix32((mix32(seed >>> 0) + Math.imul(scenario + 1, 0x9e3779b9)) >>> 0);
}

/**
 * A cell whose K quantiles are one finite value (no spread: a platform-profile transfer, a
 * zero-byte one): every draw interpolates to that value exactly (lo + t * 0 = lo; -0
 * excluded, as -0 + 0 is +0), so the uniforms need not be computed. The stream position
 * still advances (counter-based streams: skipping a draw changes no other draw).
 */
export function flatCell(grid: Float64Array, base: number, K: number): boolean {
  const lo = grid[base]!;
  if (!Number.isFinite(lo) || Object.is(lo, -0)) return false;
  for (let k = 1; k < K; k++) if (grid[base + k] !== lo) return false;
  return true;
}

