/**
 * Transfer-time model of one direction (upload or download), fitted once per recorded
 * memory level from the transfer records at that level:
 *
 *   ms(bytes) = base(bytes) * k
 *
 * - latency + per-byte: base = latency + bytes * msPerByte from the linear regression
 *   (simple-statistics) of the per-size median time on bytes, when the level has >= 2
 *   distinct sizes and the slope is positive (latency clamped at >= 0);
 * - per-byte: base = bytes * (sum of ms / sum of bytes), when every transfer moved > 0 bytes;
 * - constant: base = 1, otherwise;
 * and k = the SLA statistic of ms_i / base(bytes_i) (of ms_i for the constant model); the
 * empirical distribution of the same values is kept for quantile queries.
 * Across memory sizes: `level-series.ts` (interpolate between levels, nearest outside).
 */
import * as ss from 'simple-statistics';
import { slaOfSorted } from './sla.js';
import { EmpiricalDistribution, type DistributionOptions } from './empirical-distribution.js';
import type { LevelSpan } from './quantile-across-levels.js';
import type { SlaStatistic } from './types.js';

export interface TransferModel {
  readonly kind: 'latency+per-byte' | 'per-byte' | 'constant';
  readonly latencyMs: number;
  readonly msPerByte: number;
  readonly k: number;
  /** Distribution of the values k summarizes (ratios, or ms for the constant model). */
  readonly distribution: EmpiricalDistribution;
  readonly samples: number;
}

export function fitTransferModel(bytes: readonly number[], ms: readonly number[], sla: SlaStatistic, distribution: Partial<DistributionOptions> = {}): TransferModel {
  const count = ms.length;
  const bySize = new Map<number, number[]>();
  let sumBytes = 0;
  let sumMs = 0;
  let allPositive = true;
  for (let i = 0; i < count; i++) {
    const b = bytes[i]!;
    sumBytes += b;
    sumMs += ms[i]!;
    if (!(b > 0)) allPositive = false;
    const list = bySize.get(b);
    if (list) list.push(ms[i]!);
    else bySize.set(b, [ms[i]!]);
  }
  let kind: TransferModel['kind'] = 'constant';
  let latencyMs = 0;
  let msPerByte = 0;
  if (bySize.size >= 2) {
    const line = ss.linearRegression([...bySize].map(([b, list]) => [b, ss.median(list)]));
    if (line.m > 0) {
      kind = 'latency+per-byte';
      latencyMs = Math.max(0, line.b);
      msPerByte = line.m;
    }
  }
  if (kind === 'constant' && allPositive && sumBytes > 0 && sumMs > 0) {
    kind = 'per-byte';
    msPerByte = sumMs / sumBytes;
  }
  const ratios = new Float64Array(count);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    if (kind === 'constant') ratios[kept++] = ms[i]!;
    else {
      const base = latencyMs + bytes[i]! * msPerByte;
      if (base > 0) ratios[kept++] = ms[i]! / base;
    }
  }
  if (kept === 0) {
    const sorted = Float64Array.from(ms).sort();
    return { kind: 'constant', latencyMs: 0, msPerByte: 0, k: slaOfSorted(sorted, sla), distribution: EmpiricalDistribution.ofSorted(sorted, distribution), samples: count };
  }
  const sorted = (kept === count ? ratios : ratios.slice(0, kept)).sort();
  return { kind, latencyMs, msPerByte, k: slaOfSorted(sorted, sla), distribution: EmpiricalDistribution.ofSorted(sorted, distribution), samples: count };
}

export function predictTransferAtLevel(model: TransferModel, bytes: number): number {
  return model.kind === 'constant' ? model.k : (model.latencyMs + bytes * model.msPerByte) * model.k;
}

/** base(bytes): what the level's distribution is multiplied by (1 for the constant model). */
export function transferBase(model: TransferModel, bytes: number): number {
  return model.kind === 'constant' ? 1 : model.latencyMs + bytes * model.msPerByte;
}

/**
 * The quantiles of moving `bytes` at the span of one memory size (`levelSpan`), at least 0,
 * into `out[offset + k * stride]`: what `quantilesAcrossLevels` with the levels' base(bytes)
 * times their distribution's quantile gives, then clamped, by the same operations;
 * `quantilesOf` gives a distribution's quantile at each q_k.
 */
export function transferQuantilesAtSpan(span: LevelSpan<TransferModel>, bytes: number, quantilesOf: (distribution: EmpiricalDistribution) => Float64Array, out: Float64Array, offset: number, stride: number): void {
  const { a, b, t, factors } = span;
  const baseA = transferBase(a, bytes);
  const qa = quantilesOf(a.distribution);
  const K = qa.length;
  if (b === undefined) {
    if (factors === undefined) for (let k = 0; k < K; k++) out[offset + k * stride] = Math.max(0, baseA * qa[k]!);
    else for (let k = 0; k < K; k++) out[offset + k * stride] = Math.max(0, baseA * qa[k]! * factors[k]!);
    return;
  }
  const baseB = transferBase(b, bytes);
  const qb = quantilesOf(b.distribution);
  const f = factors!;
  for (let k = 0; k < K; k++) {
    const va = baseA * qa[k]!;
    out[offset + k * stride] = Math.max(0, (va + (baseB * qb[k]! - va) * t) * f[k]!);
  }
}
