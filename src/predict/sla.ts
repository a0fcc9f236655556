/**
 * The SLA statistic: which summary of the recorded samples a prediction stands for.
 *
 *   mean      arithmetic mean                 (simple-statistics `mean`)
 *   median    50th percentile                 (simple-statistics `median`)
 *   pNN       NN-th percentile, 0 <= NN <= 100, decimals allowed (`p90`, `p99.9`)
 *             (simple-statistics `quantileSorted`, its nearest-rank/interpolation rule)
 *
 * Statistics are computed once, at fit time, on the samples of a key (func, memory
 * level, ...); queries only read the stored number.
 */
import * as ss from 'simple-statistics';
import { SlacklineError } from '../errors.js';
import type { SlaStatistic } from './types.js';

const PERCENTILE = /^p(\d{1,3}(?:\.\d+)?)$/;

/** Parses `mean`, `median` or `pNN` (case-insensitive); throws a SlacklineError naming the bad text. */
export function parseSla(text: string): SlaStatistic {
  const t = text.trim().toLowerCase();
  if (t === 'mean' || t === 'median') return t;
  const match = PERCENTILE.exec(t);
  if (match) {
    const p = Number(match[1]);
    if (p >= 0 && p <= 100) return `p${p}`;
  }
  throw new SlacklineError(
    'predict/sla',
    `bad SLA statistic "${text}": expected mean, median or a percentile p0..p100 (e.g. p90, p99.9)`,
  );
}

/** The percentile of a `pNN` statistic as a fraction in [0, 1]; undefined for mean and median. */
export function slaQuantile(sla: SlaStatistic): number | undefined {
  if (sla === 'mean' || sla === 'median') return undefined;
  return Number(sla.slice(1)) / 100;
}

/** The statistic of `values`, which must be non-empty and sorted ascending (avoids re-sorting per key). */
export function slaOfSorted(sorted: ArrayLike<number>, sla: SlaStatistic): number {
  const values = sorted as number[];
  if (sla === 'mean') return ss.mean(values);
  if (sla === 'median') return ss.medianSorted(values);
  return ss.quantileSorted(values, slaQuantile(sla)!);
}

/** The statistic of `values` (any order, non-empty). */
export function slaStatistic(values: readonly number[], sla: SlaStatistic): number {
  const sorted = Float64Array.from(values).sort();
  return slaOfSorted(sorted, sla);
}
