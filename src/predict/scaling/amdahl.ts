/**
 * The `amdahl` and `amdahl-capped` scaling models: a serial part plus a part that scales
 * with the CPU share that memory buys (Amdahl's law, with the platform's CPU share as the
 * number of processors):
 *
 *   t(m) = s + p / cpu(m)          factor(m) = (s + p / cpu(m)) / (s + p / cpu(512))
 *
 * cpu(m) from `cpu-share.ts` for the func's provider (AWS Lambda m / 1769 vCPU up to 6 at
 * 10,240 MB; GCP and Azure from their tables). `amdahl-capped` uses min(cpu(m), c): a
 * single-threaded func gains nothing past one vCPU, and some saturate earlier.
 *
 * Estimation, on the func's relative curve r(m) (per-size medians with input-size effects
 * removed, `relativeCurve` in `fitted.ts`):
 *  - s, p >= 0 by non-negative least squares of r(m_i) = s + p x_i, x_i = 1 / cpu(m_i),
 *    weighted by 1 / r_i^2 (relative errors: the sizes span two orders of magnitude of
 *    time, and the evaluation scores relative errors). Two unknowns: the unconstrained
 *    solution when both are >= 0, else the better of the two one-sided fits (s = 0, or
 *    p = 0 which is a flat curve);
 *  - cap (capped variant): the candidate with the lowest weighted squared error among
 *    1 vCPU, the CPU shares of the recorded sizes below the largest (a plateau the data
 *    show) and no cap (gains past one vCPU the data show); ties go to the earlier, so two
 *    sizes below one vCPU, which every cap fits exactly, give 1 vCPU (single-threaded
 *    until the data say otherwise);
 *  - fewer than 2 sizes: the project's stated default curve, (512/min(m,1769))^0.3,
 *    flagged `defaulted` (as `fitted` does).
 *
 * Reference: G. M. Amdahl, "Validity of the single processor approach to achieving large
 * scale computing capabilities", AFIPS 1967; the CPU-share reading of memory follows the
 * providers' documentation cited in `cpu-share.ts`. The least squares are Lawson & Hanson's
 * NNLS ("Solving Least Squares Problems", 1974) solved in closed form for two unknowns.
 */
import { cpuShare, type CpuProvider } from '../cpu-share.js';
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import { defaultCurve, relativeCurve, type FittedScalingOptions } from './fitted.js';
import type { RelativePoint, ScalingCurve, ScalingModel } from './types.js';

export interface AmdahlFit {
  /** Serial time (relative units of r). */
  readonly s: number;
  /** Parallel time at one vCPU (relative units of r). */
  readonly p: number;
  /** vCPU cap (Infinity: none). */
  readonly cap: number;
  /** Weighted sum of squared relative residuals. */
  readonly sse: number;
}

/** Weighted NNLS of r = s + p / min(cpu(m), cap), weights 1 / r^2. `points` non-empty with r > 0. */
export function amdahlLeastSquares(points: readonly RelativePoint[], provider: CpuProvider, cap = Infinity): AmdahlFit {
  let sw = 0;
  let swx = 0;
  let swxx = 0;
  let swr = 0;
  let swxr = 0;
  const xs = points.map((p) => 1 / Math.min(cpuShare(p.memoryMb, provider), cap));
  points.forEach((point, i) => {
    const w = 1 / (point.r * point.r);
    const x = xs[i]!;
    sw += w;
    swx += w * x;
    swxx += w * x * x;
    swr += w * point.r;
    swxr += w * x * point.r;
  });
  const sse = (s: number, p: number) => points.reduce((sum, point, i) => sum + ((point.r - s - p * xs[i]!) / point.r) ** 2, 0);
  const det = sw * swxx - swx * swx;
  if (det > 1e-12 * sw * swxx) {
    const s = (swr * swxx - swx * swxr) / det;
    const p = (sw * swxr - swx * swr) / det;
    if (s >= 0 && p >= 0) return { s, p, cap, sse: sse(s, p) };
  }
  // One-sided fits: serial part only (flat), or parallel part only.
  const flat = { s: swr / sw, p: 0, cap, sse: 0 };
  const flatFit = { ...flat, sse: sse(flat.s, 0) };
  const pOnly = swxx > 0 ? swxr / swxx : 0;
  if (pOnly > 0) {
    const parallelFit = { s: 0, p: pOnly, cap, sse: sse(0, pOnly) };
    if (parallelFit.sse < flatFit.sse) return parallelFit;
  }
  return flatFit;
}

/** The curve of a fit: factor(m) = t(m) / t(512). */
export function amdahlCurve(fit: AmdahlFit, provider: CpuProvider, describe: string, defaulted = false): ScalingCurve {
  const t = (m: number) => fit.s + fit.p / Math.min(cpuShare(m, provider), fit.cap);
  const t512 = t(BASELINE_MEMORY_MB);
  return { factor: (memoryMb: number) => t(memoryMb) / t512, describe, defaulted };
}

function describeFit(model: string, fit: AmdahlFit, provider: CpuProvider, sizes: number): string {
  const serialShare = fit.s / (fit.s + fit.p / Math.min(cpuShare(BASELINE_MEMORY_MB, provider), fit.cap));
  const cap = Number.isFinite(fit.cap) ? ` cap=${+fit.cap.toFixed(3)}vCPU` : '';
  return `${model} serial=${(100 * serialShare).toFixed(1)}% at 512MB${cap} ${provider} (${sizes} sizes)`;
}

/** `amdahl` from a relative curve. */
export function fitAmdahlFromPoints(points: readonly RelativePoint[], provider: CpuProvider, fallback: Partial<FittedScalingOptions> = {}): ScalingCurve & { fit?: AmdahlFit } {
  if (points.length < 2) return defaultCurve(fallback, 'amdahl');
  const fit = amdahlLeastSquares(points, provider);
  return { ...amdahlCurve(fit, provider, describeFit('amdahl', fit, provider, points.length)), fit };
}

/** `amdahl-capped` from a relative curve: the cap with the lowest error (see the header). */
export function fitCappedAmdahlFromPoints(points: readonly RelativePoint[], provider: CpuProvider, fallback: Partial<FittedScalingOptions> = {}): ScalingCurve & { fit?: AmdahlFit } {
  if (points.length < 2) return defaultCurve(fallback, 'amdahl-capped');
  const caps = [1];
  for (let i = 0; i < points.length - 1; i++) {
    const c = cpuShare(points[i]!.memoryMb, provider);
    if (!caps.includes(c)) caps.push(c);
  }
  caps.push(Infinity);
  let best = amdahlLeastSquares(points, provider, caps[0]);
  for (const cap of caps.slice(1)) {
    const fit = amdahlLeastSquares(points, provider, cap);
    if (fit.sse < best.sse * (1 - 1e-9)) best = fit;
  }
  return { ...amdahlCurve(best, provider, describeFit('amdahl-capped', best, provider, points.length)), fit: best };
}

export function amdahlScaling(fallback: Partial<FittedScalingOptions> = {}): ScalingModel {
  return {
    id: 'amdahl',
    description: 'per-func s + p / cpu(m), s, p >= 0 by non-negative least squares',
    fit: (samples) => fitAmdahlFromPoints(relativeCurve(samples), samples.provider ?? 'aws', fallback),
  };
}

export function cappedAmdahlScaling(fallback: Partial<FittedScalingOptions> = {}): ScalingModel {
  return {
    id: 'amdahl-capped',
    description: 'per-func s + p / min(cpu(m), cap), cap 1 vCPU unless the data show a plateau or gains past it',
    fit: (samples) => fitCappedAmdahlFromPoints(relativeCurve(samples), samples.provider ?? 'aws', fallback),
  };
}
