/**
 * Quantile grids with a stated spread around a duration table: every duration x uniform
 * on [(1 - s) x, (1 + s) x] (median x). For benchmarks and generated DAGs without recorded
 * runs: the distribution planners then plan with variance, not on zero-variance grids.
 */
import { gridsFromTables, type QuantileGrids } from '../predict/quantile-grids.js';
import type { DurationTable } from './types.js';

export function spreadGrids(table: DurationTable, spread: number): QuantileGrids {
  const scaled = (f: number): DurationTable => {
    const by = (a: Float64Array) => a.map((x) => x * f);
    return { ...table, execMs: by(table.execMs), uploadMs: by(table.uploadMs), downloadMs: by(table.downloadMs), inputDownloadMs: by(table.inputDownloadMs), coldStartMs: by(table.coldStartMs), warmStartMs: by(table.warmStartMs) };
  };
  return gridsFromTables([scaled(1 - spread), scaled(1 + spread)]);
}
