/**
 * The curve of a func recorded at one memory size, learnt from the other funcs of the fit
 * (an empirical-Bayes prior: the population's scaling stands in for a func that shows none
 * of its own). Candidates: t(m) proportional to cpu(m)^-alpha, alpha in {0, 0.1, ..., 1},
 * with the CPU share of the func's platform (`cpu-share.ts`) either as it is or capped at
 * one vCPU (a single-threaded func). The pooled choice is the candidate with the lowest
 * mean absolute percentage error over every ordered pair of recorded sizes (a -> b) of
 * every func with >= 2 sizes: r(b) predicted as r(a) * f(b) / f(a), which is how the
 * predictor carries a one-size func to any other size. Each pair weighs the same. `auto`
 * pools per platform (the funcs of the same provider; all funcs where a platform has none
 * with 2 sizes) and on the per-size statistic its fit serves (means for a mean fit).
 *
 * Why not the stated (512/min(m,1769))^0.3: on SeBS-Flow, where such funcs decide the
 * held-out-memory error, CPU-bound stages (video encoding) scale nearly as 1/m while
 * others barely scale; which one a source's funcs resemble is a measurement, not a constant.
 */
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import { cpuShare, type CpuProvider } from '../cpu-share.js';
import type { RelativePoint, ScalingCurve } from './types.js';

export const ONE_POINT_ALPHAS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);

export interface OnePointPrior {
  readonly alpha: number;
  /** CPU share capped at one vCPU. */
  readonly capped: boolean;
  /** Mean absolute percentage error over the pooled pairs, %. */
  readonly mapePct: number;
  readonly pairs: number;
  readonly funcs: number;
}

const share = (memoryMb: number, provider: CpuProvider, capped: boolean) => {
  const c = cpuShare(memoryMb, provider);
  return capped ? Math.min(c, 1) : c;
};

/** (cpu(512) / cpu(m))^alpha, CPU share optionally capped at one vCPU; flagged `defaulted` (not fitted on the func). */
export function onePointCurve(prior: Pick<OnePointPrior, 'alpha' | 'capped'>, provider: CpuProvider, why: string): ScalingCurve {
  const base = share(BASELINE_MEMORY_MB, provider, prior.capped);
  return {
    factor: (memoryMb: number) => Math.pow(base / share(memoryMb, provider, prior.capped), prior.alpha),
    describe: `cpu^-${prior.alpha.toFixed(1)}${prior.capped ? ' capped at 1 vCPU' : ''} ${provider} (one memory size; ${why})`,
    defaulted: true,
  };
}

/** The pooled one-size prior of the funcs in `curves` with >= 2 points; undefined when none has. */
export function pooledOnePointPrior(curves: Iterable<{ readonly points: readonly RelativePoint[]; readonly provider: CpuProvider }>): OnePointPrior | undefined {
  const candidates = ONE_POINT_ALPHAS.flatMap((alpha) => [false, true].map((capped) => ({ alpha, capped })));
  const sums = new Float64Array(candidates.length);
  let pairs = 0;
  let funcs = 0;
  for (const { points, provider } of curves) {
    if (points.length < 2) continue;
    funcs++;
    // Each point's share, as it is and capped, once (not once per pair and candidate).
    const plain = points.map((p) => share(p.memoryMb, provider, false));
    const capped = points.map((p) => share(p.memoryMb, provider, true));
    for (let i = 0; i < points.length; i++) {
      const a = points[i]!;
      for (let j = 0; j < points.length; j++) {
        const b = points[j]!;
        if (a === b) continue;
        pairs++;
        const plainRatio = plain[i]! / plain[j]!;
        const cappedRatio = capped[i]! / capped[j]!;
        for (let k = 0; k < candidates.length; k++) {
          const c = candidates[k]!;
          const ratio = Math.pow(c.capped ? cappedRatio : plainRatio, c.alpha);
          sums[k]! += Math.abs((a.r * ratio) / b.r - 1);
        }
      }
    }
  }
  if (pairs === 0) return undefined;
  let best = 0;
  for (let k = 1; k < candidates.length; k++) if (sums[k]! < sums[best]! - 1e-12) best = k;
  return { ...candidates[best]!, mapePct: (100 * sums[best]!) / pairs, pairs, funcs };
}
