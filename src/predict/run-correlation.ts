/**
 * The shared per-run slowdown, fitted from recorded runs: how much of the spread of
 * execution times is common to all tasks of one run (a slow machine, a noisy neighbour, a
 * cold region) rather than independent per task. Measured on log execution times as the
 * intra-class correlation of a one-way random-effects ANOVA with runs as groups:
 *
 *   residual r = log(execMs) - mean log(execMs) of its cell (func, memory, input size),
 *   rho = (MSB - MSW) / (MSB + (k0 - 1) MSW), clamped to [0, 0.95],
 *
 * k0 the ANOVA's adjusted group size (Shrout & Fleiss 1979, ICC(1); Donner 1986 for
 * unequal groups). A lognormal model with a run effect of variance sb^2 and a task effect
 * of variance sw^2 gives rho = sb^2 / (sb^2 + sw^2), which is the Gaussian-copula
 * correlation the Monte Carlo pass applies. Fewer than two runs with two records: 0.
 * O(records).
 */
import type { RecordedRun } from '../dataset/types.js';

export const MAX_RUN_CORRELATION = 0.95;

export function fitRunCorrelation(runs: readonly RecordedRun[]): number {
  // Cell means of log exec time.
  const cells = new Map<string, { sum: number; count: number }>();
  const key = (func: string, memoryMb: number, inputBytes: number) => `${func}\u0000${memoryMb}\u0000${inputBytes}`;
  for (const run of runs) {
    for (const t of run.metrics.tasks) {
      if (!(t.execMs > 0)) continue;
      const k = key(t.func, t.memoryMb, t.inputBytes);
      const cell = cells.get(k) ?? { sum: 0, count: 0 };
      cell.sum += Math.log(t.execMs);
      cell.count++;
      cells.set(k, cell);
    }
  }
  // Residuals per run (only cells seen more than once carry information).
  const groups: number[][] = [];
  for (const run of runs) {
    const residuals: number[] = [];
    for (const t of run.metrics.tasks) {
      if (!(t.execMs > 0)) continue;
      const cell = cells.get(key(t.func, t.memoryMb, t.inputBytes))!;
      if (cell.count < 2) continue;
      residuals.push(Math.log(t.execMs) - cell.sum / cell.count);
    }
    if (residuals.length >= 1) groups.push(residuals);
  }
  const a = groups.length;
  const N = groups.reduce((s, g) => s + g.length, 0);
  if (a < 2 || N - a < 1) return 0;
  const grand = groups.reduce((s, g) => s + g.reduce((x, y) => x + y, 0), 0) / N;
  let ssb = 0;
  let ssw = 0;
  for (const g of groups) {
    const mean = g.reduce((x, y) => x + y, 0) / g.length;
    ssb += g.length * (mean - grand) ** 2;
    for (const r of g) ssw += (r - mean) ** 2;
  }
  const msb = ssb / (a - 1);
  const msw = ssw / (N - a);
  const k0 = (N - groups.reduce((s, g) => s + g.length * g.length, 0) / N) / (a - 1);
  const denominator = msb + (k0 - 1) * msw;
  if (!(denominator > 0)) return 0;
  const rho = (msb - msw) / denominator;
  return Math.min(MAX_RUN_CORRELATION, Math.max(0, rho));
}
