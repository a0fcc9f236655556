/**
 * The `auto` scaling model (the default): per func, the candidate curve that predicts the
 * func's own recorded sizes best when each is held out.
 *
 * Candidates, simplest first: linear, power, fitted, amdahl, amdahl-capped. On the func's
 * relative curve r(m) (per-size medians, input-size effects removed; `relativeCurve`):
 *
 *  - >= 3 recorded sizes: leave-one-size-out. For each size j, every candidate is fitted on
 *    the other sizes' points and predicts r(m_j) the way the predictor does: between two
 *    training sizes a and b, the level k = r / factor is interpolated linearly in memory
 *    and multiplied by factor(m_j); outside them, the nearest size's r carried by
 *    factor(m_j) / factor(nearest). The candidate with the lowest mean absolute percentage
 *    error over the held-out sizes wins; a simpler candidate within `tiePct` points of the
 *    best is preferred (fewer fitted numbers, same evidence). The winner is then fitted on
 *    all sizes. End sizes count as much as inner ones, so extrapolation is judged too.
 *  - 2 sizes: nothing left to judge a fit on (holding one out leaves one point): the
 *    stated prior `prior` (default `amdahl`: a serial and a CPU-bound part solve the two
 *    points exactly when the speed-up lies between none and linear in CPU share, and it
 *    keeps speeding up past the largest size only as far as the CPU share grows).
 *  - 1 size: the stated default curve (512/min(m,1769))^0.3 (what every candidate falls
 *    back to), flagged `defaulted`. Option `onePointPrior: 'pooled'`: amdahl with the median
 *    serial share (at 512 MB) of the amdahl fits of the other funcs in the same runs that
 *    have >= 2 sizes (an empirical-Bayes prior; measured, not the default: see below).
 *
 * The curve's `choice` records the model, the reason and every candidate's error; there is
 * no cap at the largest recorded size other than what the chosen curve itself says.
 */
import { SlacklineError } from '../../errors.js';
import { amdahlCurve, amdahlLeastSquares, fitAmdahlFromPoints, fitCappedAmdahlFromPoints } from './amdahl.js';
import { cpuShare } from '../cpu-share.js';
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import { fitScalingCurveFromPoints, relativeCurve, type FittedScalingOptions } from './fitted.js';
import { linearScaling } from './linear.js';
import { DEFAULT_POWER_ALPHA, powerCurve } from './power.js';
import type { CpuProvider } from '../cpu-share.js';
import type { CandidateModelId, RelativePoint, ScalingChoice, ScalingCurve, ScalingModel } from './types.js';

export const AUTO_CANDIDATES: readonly CandidateModelId[] = ['linear', 'power', 'fitted', 'amdahl', 'amdahl-capped'];

export interface AutoScalingOptions {
  /** Model for funcs with fewer than 3 recorded sizes. @default 'amdahl' */
  readonly prior: CandidateModelId;
  /** A simpler candidate within this many percentage points of the best error wins. @default 0 */
  readonly tiePct: number;
  /** Exponent of the power candidate. @default 0.3 */
  readonly powerAlpha: number;
  /** Options of the fitted candidate (and the one-size default curve). */
  readonly fitted: Partial<FittedScalingOptions>;
  /** How a held-out size is predicted: by the curve with its level fitted on the other sizes, or as the predictor does (from the neighbours). @default 'curve' */
  readonly criterion: 'curve' | 'predictor';
  /**
   * Pooled prior for a func recorded at one size: the median serial share at 512 MB of the
   * amdahl fits of the other funcs (fitted on the same runs) with >= 2 sizes, and how many
   * there were (`pooledSerialShare` in `fit-predictor.ts`). Without it: the default curve.
   */
  readonly pooled?: { readonly serialShare: number; readonly funcs: number };
  /**
   * Curve of a func recorded at one size: `default`, the stated (512/min(m,1769))^0.3; or
   * `pooled`, amdahl with `pooled`'s serial share (fit-predictor computes it). @default 'default'
   * (on SeBS-Flow, the only source with such funcs, pooling lowered the held-out-memory MAPE
   * of the median from 54.5% to 52.2% but raised those of the mean and p90, 28.3% -> 31.3%
   * and 27.0% -> 32.8%: not adopted; see docs/prediction-accuracy.md).
   */
  readonly onePointPrior: 'default' | 'pooled';
  /**
   * Fewest recorded sizes for leave-one-size-out selection (>= 3); fewer get the prior.
   * @default 3 (with 4, i.e. the prior also for 3 sizes, SeBS went 8.2% -> 7.9% median and
   * the others were unchanged: not adopted, the rule is kept)
   */
  readonly minSizes: number;
  /**
   * `pooled` (default): the pooled choice of the fit (`pool`) is every func's prior, and a
   * func overrides it only on strong evidence of its own (see the header); `per-func`: each
   * func's own leave-one-size-out choice, the stated `prior` below `minSizes` (the rule
   * before pooling, kept to measure against).
   */
  readonly selection: 'pooled' | 'per-func';
  /** The pooled choice of the fit (`poolChoice`; fit-predictor computes it), or `none` when no func had enough sizes. Without one, each func is its own pool. */
  readonly pool?: PooledChoice | 'none';
  /** Fewest recorded sizes for a func to override the pooled choice. @default 4 */
  readonly overrideMinSizes: number;
  /**
   * Beyond a pooled func's recorded sizes: `pooled-ends`, the pooled extrapolation choice
   * (`PooledChoice.extrapolation`) carries the curve on from its end sizes; `same`, the
   * chosen curve itself. @default 'pooled-ends'
   */
  readonly extrapolation: 'pooled-ends' | 'same';
}

/** The model with the lowest leave-one-size-out error over every fold of the funcs of one fit. */
export interface PooledChoice {
  readonly model: CandidateModelId;
  /** Each candidate's mean error over the pooled folds, %. */
  readonly looMapePct: Readonly<Record<CandidateModelId, number>>;
  /** Funcs pooled (those with >= `minSizes` sizes). */
  readonly funcs: number;
  /** Held-out sizes pooled, over all those funcs. */
  readonly folds: number;
  /**
   * The extrapolation choice: the candidate with the lowest mean error over the end folds
   * only (each pooled func's smallest and largest size held out), predicted as the
   * predictor extrapolates (the nearest training size carried by the curve's ratio).
   */
  readonly extrapolation: { readonly model: CandidateModelId; readonly looMapePct: Readonly<Record<CandidateModelId, number>>; readonly folds: number };
}

export const AUTO_DEFAULTS: AutoScalingOptions = { prior: 'amdahl', tiePct: 0, powerAlpha: DEFAULT_POWER_ALPHA, fitted: {}, criterion: 'curve', onePointPrior: 'default', minSizes: 3, selection: 'pooled', overrideMinSizes: 4, extrapolation: 'pooled-ends' };

/** The serial share at 512 MB of an amdahl fit: s / t(512). */
export function serialShareOf(points: readonly RelativePoint[], provider: CpuProvider): number | undefined {
  if (points.length < 2) return undefined;
  const { s, p, cap } = amdahlLeastSquares(points, provider);
  const t512 = s + p / Math.min(cpuShare(BASELINE_MEMORY_MB, provider), cap);
  return t512 > 0 ? s / t512 : undefined;
}

/** The one-size prior curve: amdahl with serial share `share` at 512 MB (s = share, p = (1 - share) * cpu(512)). */
export function pooledPriorCurve(share: number, funcs: number, provider: CpuProvider): ScalingCurve {
  const fit = { s: share, p: (1 - share) * cpuShare(BASELINE_MEMORY_MB, provider), cap: Infinity, sse: 0 };
  return amdahlCurve(fit, provider, `amdahl prior serial=${(100 * share).toFixed(1)}% at 512MB (median of ${funcs} funcs with >= 2 sizes) ${provider} (one memory size)`, true);
}

/** r at `memoryMb` from the curve alone: c * factor(m), c fitted on `train` by least squares of relative errors. */
export function predictByCurve(train: readonly RelativePoint[], curve: ScalingCurve, memoryMb: number): number {
  let num = 0;
  let den = 0;
  for (const p of train) {
    const f = curve.factor(p.memoryMb) / p.r;
    num += f;
    den += f * f;
  }
  return (num / den) * curve.factor(memoryMb);
}

/** One candidate fitted on relative points. */
export function fitCandidate(model: CandidateModelId, points: readonly RelativePoint[], provider: CpuProvider, options: Pick<AutoScalingOptions, 'powerAlpha' | 'fitted'>): ScalingCurve {
  switch (model) {
    case 'linear':
      return linearScaling.fit({ memoryMb: [], inputBytes: [], ms: [] });
    case 'power':
      return powerCurve(options.powerAlpha);
    case 'fitted':
      return fitScalingCurveFromPoints(points, options.fitted);
    case 'amdahl':
      return fitAmdahlFromPoints(points, provider, options.fitted);
    case 'amdahl-capped':
      return fitCappedAmdahlFromPoints(points, provider, options.fitted);
  }
}

/** Predicted r at `memoryMb` from training points under `curve`, as the predictor interpolates and extrapolates. */
export function predictFromPoints(train: readonly RelativePoint[], curve: ScalingCurve, memoryMb: number): number {
  let below: RelativePoint | undefined;
  let above: RelativePoint | undefined;
  for (const p of train) {
    if (p.memoryMb <= memoryMb && (!below || p.memoryMb > below.memoryMb)) below = p;
    if (p.memoryMb >= memoryMb && (!above || p.memoryMb < above.memoryMb)) above = p;
  }
  const f = curve.factor(memoryMb);
  if (below && above) {
    if (below.memoryMb === above.memoryMb) return below.r;
    const ka = below.r / curve.factor(below.memoryMb);
    const kb = above.r / curve.factor(above.memoryMb);
    return (ka + ((kb - ka) * (memoryMb - below.memoryMb)) / (above.memoryMb - below.memoryMb)) * f;
  }
  const nearest = (below ?? above)!;
  return (nearest.r * f) / curve.factor(nearest.memoryMb);
}

/** Leave-one-size-out absolute percentage errors (fractions) of every candidate on `points` (>= 3, ascending), one per held-out size. */
export function leaveOneSizeOutFolds(points: readonly RelativePoint[], provider: CpuProvider, options: Pick<AutoScalingOptions, 'powerAlpha' | 'fitted' | 'criterion'>, candidates: readonly CandidateModelId[] = AUTO_CANDIDATES): Record<CandidateModelId, number[]> {
  const folds = {} as Record<CandidateModelId, number[]>;
  for (const model of candidates) {
    const apes: number[] = [];
    for (let j = 0; j < points.length; j++) {
      const train = points.filter((_, i) => i !== j);
      const curve = fitCandidate(model, train, provider, options);
      const truth = points[j]!;
      const predicted = options.criterion === 'curve' ? predictByCurve(train, curve, truth.memoryMb) : predictFromPoints(train, curve, truth.memoryMb);
      apes.push(Math.abs(predicted - truth.r) / truth.r);
    }
    folds[model] = apes;
  }
  return folds;
}

const meanPct = (apes: readonly number[]) => (100 * apes.reduce((a, b) => a + b, 0)) / apes.length;

/** Leave-one-size-out MAPE (%) of every candidate on `points` (>= 3, ascending). */
export function leaveOneSizeOut(points: readonly RelativePoint[], provider: CpuProvider, options: Pick<AutoScalingOptions, 'powerAlpha' | 'fitted' | 'criterion'>, candidates: readonly CandidateModelId[] = AUTO_CANDIDATES): Record<CandidateModelId, number> {
  const folds = leaveOneSizeOutFolds(points, provider, options, candidates);
  const errors = {} as Record<CandidateModelId, number>;
  for (const model of candidates) errors[model] = meanPct(folds[model]);
  return errors;
}

/** The candidate with the lowest error (the simpler on ties, and within `tiePct` points). */
function lowest(errors: Readonly<Record<CandidateModelId, number>>, tiePct: number): { chosen: CandidateModelId; best: CandidateModelId } {
  let best: CandidateModelId = AUTO_CANDIDATES[0]!;
  for (const model of AUTO_CANDIDATES) if (errors[model] < errors[best]) best = model;
  return { chosen: AUTO_CANDIDATES.find((model) => errors[model] <= errors[best] + tiePct) ?? best, best };
}

/**
 * The pooled choice of one fit: every func with >= `minSizes` recorded sizes runs its
 * leave-one-size-out as in `chooseModel`, and the candidate with the lowest mean error over
 * all those folds together (each held-out size of each func weighs the same, as each
 * held-out group does in the evaluation) wins. Undefined when no func has enough sizes.
 */
export function poolChoice(curves: Iterable<{ readonly points: readonly RelativePoint[]; readonly provider: CpuProvider }>, options: Partial<AutoScalingOptions> = {}): PooledChoice | undefined {
  const o = { ...AUTO_DEFAULTS, ...options };
  const all = {} as Record<CandidateModelId, number[]>;
  const ends = {} as Record<CandidateModelId, number[]>;
  for (const model of AUTO_CANDIDATES) {
    all[model] = [];
    ends[model] = [];
  }
  let funcs = 0;
  for (const { points, provider } of curves) {
    if (points.length < o.minSizes) continue;
    funcs++;
    const folds = leaveOneSizeOutFolds(points, provider, o);
    const extrapolated = leaveOneSizeOutFolds(points, provider, { ...o, criterion: 'predictor' });
    for (const model of AUTO_CANDIDATES) {
      all[model].push(...folds[model]);
      ends[model].push(extrapolated[model][0]!, extrapolated[model][points.length - 1]!);
    }
  }
  if (funcs === 0) return undefined;
  const looMapePct = {} as Record<CandidateModelId, number>;
  const endPct = {} as Record<CandidateModelId, number>;
  for (const model of AUTO_CANDIDATES) {
    looMapePct[model] = meanPct(all[model]);
    endPct[model] = meanPct(ends[model]);
  }
  return {
    model: lowest(looMapePct, o.tiePct).chosen,
    looMapePct,
    funcs,
    folds: all[AUTO_CANDIDATES[0]!].length,
    extrapolation: { model: lowest(endPct, o.tiePct).chosen, looMapePct: endPct, folds: ends[AUTO_CANDIDATES[0]!].length },
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The choice for a func's relative curve (see the header). */
export function chooseModel(points: readonly RelativePoint[], provider: CpuProvider, options: Partial<AutoScalingOptions> = {}, recordedSizes = points.length): ScalingChoice {
  const o = { ...AUTO_DEFAULTS, ...options };
  const pool = o.selection === 'pooled' && o.pool !== 'none' ? o.pool : undefined;
  const poolText = pool ? `pooled ${pool.model} (lowest leave-one-size-out error over ${plural(pool.folds, 'size')} of ${plural(pool.funcs, 'func')}: ${pool.looMapePct[pool.model].toFixed(1)}%)` : '';
  const endModel = pool && o.extrapolation === 'pooled-ends' && pool.extrapolation.model !== pool.model ? pool.extrapolation.model : undefined;
  const ends = endModel ? { extrapolationModel: endModel } : {};
  const endsText = endModel ? `; beyond its recorded sizes ${endModel} (lowest error over the ${pool!.extrapolation.folds} pooled end sizes: ${pool!.extrapolation.looMapePct[endModel].toFixed(1)}% vs ${pool!.model} ${pool!.extrapolation.looMapePct[pool!.model].toFixed(1)}%)` : '';
  if (points.length < o.minSizes) {
    const sizes = Math.max(points.length, recordedSizes);
    const few = `${plural(sizes, 'recorded size')} (< ${o.minSizes}${sizes < 3 ? ', nothing to hold out' : ''})`;
    const model = pool ? pool.model : o.prior;
    const onePoint = points.length < 2 && o.onePointPrior === 'pooled' && o.pooled && model === 'amdahl' ? `, serial share pooled from ${o.pooled.funcs} funcs` : '';
    if (pool) return { model, source: 'pooled', reason: `${poolText}; ${few}${onePoint}${endsText}`, ...ends };
    const noPool = o.selection === 'pooled' && o.pool === 'none' ? `; no func of the fit has >= ${o.minSizes} sizes to pool` : '';
    return { model: o.prior, source: 'prior', reason: `prior: ${few}${onePoint}${noPool}` };
  }
  const folds = leaveOneSizeOutFolds(points, provider, o);
  const errors = {} as Record<CandidateModelId, number>;
  for (const model of AUTO_CANDIDATES) errors[model] = meanPct(folds[model]);
  const { chosen, best } = lowest(errors, o.tiePct);
  const own = `${chosen} ${errors[chosen].toFixed(1)}%`;
  if (!pool) {
    const reason =
      chosen === best
        ? `lowest leave-one-size-out error over ${points.length} sizes (${errors[chosen].toFixed(1)}%)`
        : `simplest within ${o.tiePct} points of the lowest leave-one-size-out error over ${points.length} sizes (${errors[chosen].toFixed(1)}% vs ${best} ${errors[best].toFixed(1)}%)`;
    return { model: chosen, source: 'own', reason, looMapePct: errors };
  }
  const pooledOwn = `${pool.model} ${errors[pool.model].toFixed(1)}%`;
  if (chosen === pool.model) return { model: pool.model, source: 'pooled', reason: `${poolText}; also this func's lowest over its ${points.length} sizes (${own})${endsText}`, looMapePct: errors, ...ends };
  if (points.length < o.overrideMinSizes) {
    return { model: pool.model, source: 'pooled', reason: `${poolText}; this func's lowest is ${own} vs ${pooledOwn}, but ${points.length} sizes (< ${o.overrideMinSizes}) are too few to override${endsText}`, looMapePct: errors, ...ends };
  }
  // One-standard-error rule on the paired per-size differences (see the header).
  const d = folds[pool.model].map((e, j) => 100 * (e - folds[chosen][j]!));
  const gain = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - gain) ** 2, 0) / (d.length - 1));
  const se = sd / Math.sqrt(d.length);
  const test = `gain ${gain.toFixed(1)} points, one standard error ${se.toFixed(1)}`;
  if (gain > se) return { model: chosen, source: 'own', reason: `own: ${own} vs ${pooledOwn} over ${points.length} sizes, more than one standard error below the pooled model (${test}; the fit pooled ${pool.model})`, looMapePct: errors };
  return { model: pool.model, source: 'pooled', reason: `${poolText}; this func's lowest is ${own} vs ${pooledOwn}, not one standard error below (${test})${endsText}`, looMapePct: errors, ...ends };
}

/**
 * `inside` between `lo` and `hi`, carried on by `beyond`'s ratio outside them (continuous at
 * both ends), rescaled so that the factor at 512 MB is 1.
 */
export function joinBeyond(inside: ScalingCurve, beyond: ScalingCurve, lo: number, hi: number): (memoryMb: number) => number {
  const atLo = inside.factor(lo) / beyond.factor(lo);
  const atHi = inside.factor(hi) / beyond.factor(hi);
  const joined = (m: number) => (m < lo ? atLo * beyond.factor(m) : m > hi ? atHi * beyond.factor(m) : inside.factor(m));
  const at512 = joined(BASELINE_MEMORY_MB);
  return (m: number) => joined(m) / at512;
}

export function autoScaling(options: Partial<AutoScalingOptions> = {}): ScalingModel {
  const o = { ...AUTO_DEFAULTS, ...options };
  if (!AUTO_CANDIDATES.includes(o.prior)) throw new SlacklineError('predict/scaling', `bad auto prior "${o.prior}": expected one of ${AUTO_CANDIDATES.join(', ')}`);
  if (!(Number.isInteger(o.minSizes) && o.minSizes >= 3)) throw new SlacklineError('predict/scaling', `bad auto minSizes ${o.minSizes}: expected an integer >= 3`);
  if (!(Number.isInteger(o.overrideMinSizes) && o.overrideMinSizes >= 3)) throw new SlacklineError('predict/scaling', `bad auto overrideMinSizes ${o.overrideMinSizes}: expected an integer >= 3`);
  if (o.extrapolation !== 'pooled-ends' && o.extrapolation !== 'same') throw new SlacklineError('predict/scaling', `bad auto extrapolation "${String(o.extrapolation)}": expected pooled-ends or same`);
  if (o.selection !== 'pooled' && o.selection !== 'per-func') throw new SlacklineError('predict/scaling', `bad auto selection "${String(o.selection)}": expected pooled or per-func`);
  if (!(Number.isFinite(o.tiePct) && o.tiePct >= 0)) throw new SlacklineError('predict/scaling', `bad auto tiePct ${o.tiePct}: expected a finite number >= 0`);
  return {
    id: 'auto',
    description: 'the candidate (linear, power, fitted, amdahl, amdahl-capped) with the lowest leave-one-size-out error over all funcs of the fit, overridden per func on strong evidence of its own',
    fit: (samples) => {
      const provider = samples.provider ?? 'aws';
      const points = relativeCurve(samples);
      const sizes = new Set<number>();
      for (let i = 0; i < samples.ms.length; i++) if (samples.ms[i]! > 0) sizes.add(samples.memoryMb[i]!);
      const choice = chooseModel(points, provider, o, sizes.size);
      const curve = points.length < 2 && o.onePointPrior === 'pooled' && o.pooled && choice.model === 'amdahl' ? pooledPriorCurve(o.pooled.serialShare, o.pooled.funcs, provider) : fitCandidate(choice.model, points, provider, o);
      if (choice.extrapolationModel && points.length > 0) {
        const beyond = fitCandidate(choice.extrapolationModel, points, provider, o);
        const factor = joinBeyond(curve, beyond, points[0]!.memoryMb, points[points.length - 1]!.memoryMb);
        return { factor, describe: `auto -> ${curve.describe}; beyond ${points[0]!.memoryMb}-${points[points.length - 1]!.memoryMb}MB ${beyond.describe}`, defaulted: curve.defaulted, choice };
      }
      return { factor: curve.factor, describe: `auto -> ${curve.describe}`, defaulted: curve.defaulted, choice };
    },
  };
}
