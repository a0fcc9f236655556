/**
 * Quantile grids: the predicted distribution of every duration of a DAG at every ladder
 * level, as K quantiles at the evenly spaced probabilities q_k = k / (K - 1), on
 * Float64Arrays. The Monte Carlo pass draws a value by inverse-CDF sampling: for a uniform
 * u, `pos = u (K - 1)`, and linear interpolation between the quantiles either side of
 * `pos` (O(1), two array reads).
 *
 * Layout: item x (task or edge) at level l, quantile k at `(x * levels + l) * points + k`;
 * starts at `l * points + k`. Built once before planning from a `DistributionPredictor`
 * (one duration table per grid point through `buildDurationTable`, so unknowns follow the
 * same policy and every row is non-increasing in memory as in the deterministic table),
 * then made non-decreasing along k (the per-point isotonic fits could cross by rounding).
 * Memory: 8 K (4 V + E) L + 16 K L bytes (33 points, 1,000 tasks, 3,000 edges, 9 levels:
 * 16 MB).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import { SlacklineError } from '../errors.js';
import type { DurationTable } from '../timing/types.js';
import { buildDurationTable, type UnknownPrediction } from './duration-table.js';
import { predictorAtQuantile } from './predictor-at-quantile.js';
import type { DistributionPredictor, UnknownPolicy } from './types.js';
import { runSteps, type Steps } from '../util/steps.js';
import { hasQuantileRows, quantileGridsByRows, type GridArrays } from './quantile-grids-by-rows.js';

export interface QuantileGrids {
  readonly ladderMb: Float64Array;
  readonly levels: number;
  /** K, the quantiles per (item, level); q_k = k / (K - 1). */
  readonly points: number;
  readonly execMs: Float64Array;
  readonly uploadMs: Float64Array;
  readonly downloadMs: Float64Array;
  readonly inputDownloadMs: Float64Array;
  readonly coldStartMs: Float64Array;
  readonly warmStartMs: Float64Array;
  /** Timing rules of the tables the grids came from (CPU sharing, overhead; `timing-rules.ts`). */
  readonly rules?: DurationTable['rules'];
}

export const DEFAULT_GRID_POINTS = 33;

export interface QuantileGridsResult {
  readonly grids: QuantileGrids;
  readonly unknowns: readonly UnknownPrediction[];
  readonly fallbacks: number;
}

const FIELDS = ['execMs', 'uploadMs', 'downloadMs', 'inputDownloadMs', 'coldStartMs', 'warmStartMs'] as const;

/** Interleaves K duration tables (one per grid point) into grids. */
export function gridsFromTables(tables: readonly DurationTable[]): QuantileGrids {
  const K = tables.length;
  if (K < 2) throw new SlacklineError('predict/quantile-grids', `need at least 2 grid points, got ${K}`);
  const first = tables[0]!;
  const out: Record<string, Float64Array> = {};
  for (const field of FIELDS) {
    const cells = first[field].length;
    const grid = new Float64Array(cells * K);
    for (let k = 0; k < K; k++) {
      const source = tables[k]![field];
      for (let c = 0; c < cells; c++) grid[c * K + k] = source[c]!;
    }
    // Quantiles of one cell must not decrease with k.
    for (let c = 0; c < cells; c++) for (let k = 1; k < K; k++) if (grid[c * K + k]! < grid[c * K + k - 1]!) grid[c * K + k] = grid[c * K + k - 1]!;
    out[field] = grid;
  }
  return { ladderMb: Float64Array.from(first.ladderMb), levels: first.levels, points: K, ...(out as Record<(typeof FIELDS)[number], Float64Array>), ...(first.rules !== undefined ? { rules: first.rules } : {}) };
}

/** Grids of a DAG from a distribution predictor, unknowns resolved by `policy` (as `buildDurationTable`). */
export function buildQuantileGrids(dag: CompactDag, predictor: DistributionPredictor, ladderMb: readonly number[], policy: UnknownPolicy, points = DEFAULT_GRID_POINTS, options: GridArrays = {}): QuantileGridsResult {
  return runSteps(quantileGridsInSteps(dag, predictor, ladderMb, policy, points, options));
}

/**
 * `buildQuantileGrids` in steps (`util/steps.ts`): row by row when the predictor answers a
 * question at every grid point at once (`quantile-grids-by-rows.ts`, the same grids),
 * else one duration table per grid point.
 */
export function* quantileGridsInSteps(dag: CompactDag, predictor: DistributionPredictor, ladderMb: readonly number[], policy: UnknownPolicy, points = DEFAULT_GRID_POINTS, options: GridArrays = {}): Steps<QuantileGridsResult> {
  if (!(Number.isInteger(points) && points >= 2)) throw new SlacklineError('predict/quantile-grids', `points must be an integer >= 2, got ${points}`);
  if (hasQuantileRows(predictor)) return yield* quantileGridsByRows(dag, predictor, ladderMb, policy, points, options);
  return yield* quantileGridsByTables(dag, predictor, ladderMb, policy, points);
}

/** The grids from one duration table per grid point, yielding after each (any `DistributionPredictor`; the reference of the row-by-row path). */
export function* quantileGridsByTables(dag: CompactDag, predictor: DistributionPredictor, ladderMb: readonly number[], policy: UnknownPolicy, points = DEFAULT_GRID_POINTS): Steps<QuantileGridsResult> {
  if (!(Number.isInteger(points) && points >= 2)) throw new SlacklineError('predict/quantile-grids', `points must be an integer >= 2, got ${points}`);
  const tables: DurationTable[] = [];
  let unknowns: readonly UnknownPrediction[] = [];
  let fallbacks = 0;
  for (let k = 0; k < points; k++) {
    const result = buildDurationTable(dag, predictorAtQuantile(predictor, k / (points - 1)), ladderMb, policy);
    tables.push(result.table);
    if (k === 0) unknowns = result.unknowns;
    fallbacks = Math.max(fallbacks, result.fallbacks);
    yield;
  }
  return { grids: gridsFromTables(tables), unknowns, fallbacks };
}

/** Zero-variance grids: every quantile equals the table's value (the deterministic plan as a distribution). */
export function degenerateGrids(table: DurationTable): QuantileGrids {
  return gridsFromTables([table, table]);
}

/** The duration table at probability q of every cell (interpolated like the sampler): what the screening engine plans on. */
export function tableAtQuantile(grids: QuantileGrids, q: number): DurationTable {
  if (!(q >= 0 && q <= 1)) throw new SlacklineError('predict/quantile-grids', `quantile ${q} is outside [0, 1]`);
  const K = grids.points;
  const pos = q * (K - 1);
  const k = Math.min(Math.floor(pos), K - 2);
  const t = pos - k;
  const at = (grid: Float64Array) => {
    const cells = grid.length / K;
    const out = new Float64Array(cells);
    for (let c = 0; c < cells; c++) {
      const a = grid[c * K + k]!;
      out[c] = a + t * (grid[c * K + k + 1]! - a);
    }
    return out;
  };
  return {
    ladderMb: grids.ladderMb,
    levels: grids.levels,
    execMs: at(grids.execMs),
    uploadMs: at(grids.uploadMs),
    downloadMs: at(grids.downloadMs),
    inputDownloadMs: at(grids.inputDownloadMs),
    coldStartMs: at(grids.coldStartMs),
    warmStartMs: at(grids.warmStartMs),
  };
}

/** Check that grids fit a DAG (what the Monte Carlo pass indexes). */
export function checkGrids(dag: CompactDag, grids: QuantileGrids): void {
  const K = grids.points;
  const L = grids.levels;
  const problems: string[] = [];
  if (!(K >= 2)) problems.push(`points ${K} < 2`);
  if (grids.execMs.length !== dag.taskCount * L * K) problems.push(`execMs has ${grids.execMs.length} cells for ${dag.taskCount} tasks x ${L} levels x ${K} points`);
  if (grids.downloadMs.length !== dag.edgeCount * L * K) problems.push(`downloadMs has ${grids.downloadMs.length} cells for ${dag.edgeCount} edges x ${L} levels x ${K} points`);
  if (grids.coldStartMs.length !== L * K || grids.warmStartMs.length !== L * K) problems.push('start grids do not match the ladder');
  if (problems.length > 0) throw new SlacklineError('predict/quantile-grids', `grids do not match the DAG: ${problems.join('; ')}`, {}, problems);
}
