/**
 * Stochastic planning fixtures: every duration x of a fixture's table made uniform on
 * [0.61 x, 1.39 x] (median x), as quantile grids; and a test fake `DistributionPredictor`
 * with known quantile functions (the oracle of the grid builder).
 */
import { gridsFromTables, type QuantileGrids } from '../../src/predict/quantile-grids.js';
import type { DistributionPredictor, Prediction } from '../../src/predict/types.js';
import type { DurationTable } from '../../src/timing/types.js';

const LOW = 0.7;
const HIGH = 1.6;

function scaled(table: DurationTable, factor: number): DurationTable {
  const by = (a: Float64Array) => a.map((x) => x * factor);
  return { ...table, execMs: by(table.execMs), uploadMs: by(table.uploadMs), downloadMs: by(table.downloadMs), inputDownloadMs: by(table.inputDownloadMs), coldStartMs: by(table.coldStartMs), warmStartMs: by(table.warmStartMs) };
}

/** Every duration x of the table uniform on [0.7 x, 1.6 x] / 1.15 = [0.61 x, 1.39 x] (median x). */
export function uniformGrids(table: DurationTable): QuantileGrids {
  const mid = (LOW + HIGH) / 2;
  return gridsFromTables([scaled(table, LOW / mid), scaled(table, HIGH / mid)]);
}

const known = (value: number): Prediction => ({ known: true, value });

/**
 * exec(f, x, m, q) = (100 + x / 1000) x (512 / m)^0.5 x (0.5 + q) (uniform on [0.5, 1.5] x median),
 * transfer = 5 + bytes / 1e6 x (1 + q), cold start = 200 + 100 q, warm = 10 q.
 */
export const fakeDistributionPredictor: DistributionPredictor = {
  sla: 'median',
  execQuantile: (_f, x, m, q) => known((100 + x / 1000) * Math.sqrt(512 / m) * (0.5 + q)),
  transferQuantile: (bytes, _m, _d, q) => known(5 + (bytes / 1e6) * (1 + q)),
  workerStartQuantile: (_m, kind, q) => known(kind === 'cold' ? 200 + 100 * q : 10 * q),
  exec: (_f, x, m) => known((100 + x / 1000) * Math.sqrt(512 / m)),
  outputBytes: (_f, x) => known(x),
  transfer: (bytes) => known(5 + (bytes / 1e6) * 1.5),
  workerStart: (_m, kind) => known(kind === 'cold' ? 250 : 5),
};
