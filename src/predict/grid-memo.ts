/**
 * What the rows asked at one probability grid share, kept by a predictor per grid so that
 * each is computed once instead of once per row (`execQuantiles`, `transferQuantiles`):
 *
 *  - a recorded level's distribution at every q_k (a transfer row at any byte count reads
 *    its levels' quantiles and scales them);
 *  - where a memory size lies among a series of levels, with the curve-error factor at
 *    every q_k (`levelSpan`);
 *  - a func's exec row at a memory size (quantiles across levels and scaling factor: the
 *    input size only scales it, `execRowAt`).
 *
 * The numbers are the ones each row would compute itself, by the same operations; a grid's
 * probabilities must not change once asked at. Memory: O(distinct (model, memory size)) rows
 * of K numbers.
 */
import type { EmpiricalDistribution } from './empirical-distribution.js';
import { execRowAt, type ExecModel, type ExecRow } from './fit-exec.js';
import type { Level } from './level-series.js';
import { levelSpan, type LevelSpan, type ProbabilityGrid } from './quantile-across-levels.js';

export class GridMemo {
  private readonly quantileRows = new Map<EmpiricalDistribution, Float64Array>();
  private readonly spans = new Map<readonly Level<unknown>[], Map<number, LevelSpan<unknown>>>();
  private readonly execRows = new Map<ExecModel, Map<number, ExecRow>>();

  constructor(
    readonly grid: ProbabilityGrid,
    private readonly growth: number,
  ) {}

  /** `distribution.quantile(q_k)` at every k. */
  readonly quantilesOf = (distribution: EmpiricalDistribution): Float64Array => {
    let row = this.quantileRows.get(distribution);
    if (row === undefined) {
      const { q } = this.grid;
      row = new Float64Array(q.length);
      for (let k = 0; k < q.length; k++) row[k] = distribution.quantile(q[k]!);
      this.quantileRows.set(distribution, row);
    }
    return row;
  };

  /** `levelSpan(levels, memoryMb)` at this grid. */
  span<T>(levels: readonly Level<T>[], memoryMb: number): LevelSpan<T> {
    let byMemory = this.spans.get(levels);
    if (byMemory === undefined) this.spans.set(levels, (byMemory = new Map()));
    let span = byMemory.get(memoryMb);
    if (span === undefined) byMemory.set(memoryMb, (span = levelSpan(levels, memoryMb, this.grid, this.growth)));
    return span as LevelSpan<T>;
  }

  /** `execRowAt(model, memoryMb)` at this grid. */
  execRow(model: ExecModel, memoryMb: number): ExecRow {
    let byMemory = this.execRows.get(model);
    if (byMemory === undefined) this.execRows.set(model, (byMemory = new Map()));
    let row = byMemory.get(memoryMb);
    if (row === undefined) byMemory.set(memoryMb, (row = execRowAt(model, memoryMb, this.grid, this.growth)));
    return row;
  }
}
