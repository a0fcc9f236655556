/**
 * The `auto` scaling model (the default): the candidates pooled over all funcs of a fit,
 * which a func overrides only on strong evidence of its own (shrinkage of per-func model
 * selection towards the pool, an empirical-Bayes reading of it: with 3-8 noisy sizes per
 * func, the per-func winner is often noise, and lost to the one model that suits a source).
 *
 * `combine: 'stack'` (the default): the pool is not one candidate but a weighted geometric
 * mean of all of them, the weights those with the lowest pooled leave-one-size-out error
 * (stacking, Breiman 1996; `stacked-weights.ts`), and beyond the recorded sizes the blend
 * fitted on the end folds; a func with >= 4 sizes takes its own best single candidate
 * when that candidate's per-size errors lie more than one standard error below the blend's
 * (`stackOrOwn`). Funcs recorded at one size: the stated default curve, or with
 * `onePointPrior: 'cv'` (the default) the pooled prior of `one-point-prior.ts`. On the
 * three third-party sources the two lowered held-out-size MAPE on all 9 (source, SLA) rows
 * against one pooled candidate per fit, and `auto` is at least as good as the best single
 * model, and better on extrapolation, on 7 of them (2 before; docs/prediction-accuracy.md).
 * `combine: 'select'` keeps the rule below (one candidate per fit), which the rest of this
 * header describes.
 *
 * Candidates, simplest first: linear, power, fitted, amdahl, amdahl-capped. On the func's
 * relative curve r(m) (per-size medians, input-size effects removed; `relativeCurve`):
 *
 *  - leave-one-size-out (a func with >= 3 recorded sizes): for each size j, every candidate
 *    is fitted on the other sizes' points with its level set by least squares of relative
 *    errors, and predicts r(m_j) (`criterion: 'predictor'`: from the neighbouring sizes, as
 *    the predictor interpolates); the absolute percentage error per held-out size is kept.
 *  - pooled choice (`poolChoice`, computed by fit-predictor over every func of the fit): the
 *    candidate with the lowest mean error over all held-out sizes of all funcs with >= 3
 *    sizes together (each held-out size of each func weighs the same, as each held-out group
 *    does in the evaluation). It is every func's prior: funcs with < 3 sizes take it (fitted
 *    on their 1-2 points; at 1 point the fitted models fall back to the stated default curve
 *    (512/min(m,1769))^0.3). With no func of >= 3 sizes, the stated prior `prior` (amdahl).
 *  - override: a func with >= `overrideMinSizes` (4) sizes, whose own lowest-error candidate
 *    differs from the pooled one, takes its own when the pooled model's per-size errors
 *    exceed its own best's by more than one standard error of the paired differences (mean
 *    d > sd(d) / sqrt(n)): the one-standard-error rule of cross-validation (Breiman et al.,
 *    "Classification and Regression Trees", 1984; Hastie, Tibshirani, Friedman, "The
 *    Elements of Statistical Learning", 2nd ed., sec. 7.10), applied between the pool and the
 *    func's best; 4 sizes so that each of its fits has more points than an Amdahl or power
 *    fit has numbers (with 3, every 2-point fit is exact and 3 folds give no usable spread).
 *  - extrapolation (`extrapolation: 'pooled-ends'`): beyond a pooled func's recorded sizes the
 *    curve is carried on, from its end sizes, by the pooled extrapolation choice: the
 *    candidate with the lowest mean error over the end folds only (each pooled func's
 *    smallest and largest size held out, predicted the way the predictor extrapolates: the
 *    nearest training size times the curve's ratio). A func that overrides keeps its own
 *    curve outside too.
 *  - `selection: 'per-func'`: the rule before pooling (each func's own lowest error, the
 *    stated `prior` below 3 sizes), kept to measure against.
 *
 * Departures from textbook empirical Bayes: the pool is a hard choice among five curves, not
 * a posterior over their parameters; the override is a test, not a weighted average.
 *
 * The curve's `choice` records the model, its `source` (pooled, own, prior), the reason and
 * every candidate's error; there is no cap at the largest recorded size other than what the
 * chosen curves themselves say. predict-eval stays nested: it fits the predictor, pool
 * included, on the sizes it does not hold out.
 */
import { SlacklineError } from '../../errors.js';
import { amdahlCurve, amdahlLeastSquares, fitAmdahlFromPoints, fitCappedAmdahlFromPoints } from './amdahl.js';
import { cpuShare } from '../cpu-share.js';
import { BASELINE_MEMORY_MB } from '../../metrics/normalize.js';
import { FITTED_DEFAULTS, fitScalingCurveFromPoints, relativeCurve, type FittedScalingOptions } from './fitted.js';
import { isFrozenCurve, memoOnPoints } from './points-memo.js';
import { linearScaling } from './linear.js';
import { DEFAULT_POWER_ALPHA, powerCurve } from './power.js';
import { onePointCurve, pooledOnePointPrior, type OnePointPrior } from './one-point-prior.js';
import { blendCurves, describeWeights, heaviest, stackedWeights, type CandidateWeights } from './stacked-weights.js';
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
   * and 27.0% -> 32.8%: not adopted; see docs/prediction-accuracy.md); or `cv` (the
   * default), the cpu(m)^-alpha curve with the lowest error over the size pairs of the fit's
   * other funcs on the same platform, judged on the per-size statistic the fit serves
   * (`one-point-prior.ts`; on SeBS-Flow with the stack: median 54.4% -> 52.5%, mean 28.2% ->
   * 24.8%, p90 26.8% -> 27.1%). Pooled over all platforms' medians instead, it was median
   * 49.7%, mean 32.6%, p90 34.1%: GCP's excamera stages barely speed up between 256 and
   * 512 MB where AWS's halve, and the medians' steep curves do not carry the means and tails.
   * Needs the fit's pool (a func with >= `minSizes` sizes); without one, the default curve.
   */
  readonly onePointPrior: 'default' | 'pooled' | 'cv';
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
  /**
   * `one-se`: the pool takes its lowest-error candidate only when that beats the stated
   * `prior` by more than one standard error of the paired per-size differences, and its
   * extrapolation model likewise against the pool's model (else the one above is kept);
   * `lowest`: the lowest error wins outright. @default 'lowest' (`one-se` was measured
   * after the default had been fixed, and was worse or equal on every source: see
   * docs/prediction-accuracy.md)
   */
  readonly poolEvidence: 'one-se' | 'lowest';
  /**
   * `stack`: every func's curve is the pooled stacked blend of all candidates (weights from
   * the pooled leave-one-size-out predictions, `stacked-weights.ts`; beyond the recorded
   * sizes the blend fitted on the end folds), with no per-func override; `select`: one
   * candidate per func, as described in the header. @default 'stack'
   */
  readonly combine: 'stack' | 'select';
  /**
   * `one-se`: the blend is used only where it beats the best single candidate on the pooled
   * folds by more than one standard error of the paired differences (else that candidate
   * alone); `none`: the blend with the lowest error always. @default 'none' (`one-se` kept
   * the single candidate on SeBS, whose blend gains 0.1-0.3 points, less than one standard
   * error, and lost the bar there; against the generator's ground truth on the shipped
   * synthetic datasets the blend extrapolated with 13.9% error, one-se 14.1%, one pooled
   * candidate 14.1%, `amdahl-capped` 16.2%, `fitted`, the generating family, 10.0%)
   */
  readonly stackEvidence: 'one-se' | 'none';
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
  readonly extrapolation: { readonly model: CandidateModelId; readonly looMapePct: Readonly<Record<CandidateModelId, number>>; readonly folds: number; readonly stack?: StackedBlend };
  /** With `onePointPrior: 'cv'`: the curve of funcs recorded at one size (`one-point-prior.ts`), per platform. */
  readonly onePoint?: Readonly<Partial<Record<CpuProvider, OnePointPrior>>>;
  /** With `combine: 'stack'`: the blend of the candidates and its pooled error. */
  readonly stack?: StackedBlend;
}

/** Stacking weights of the candidates and the combined prediction's pooled error, %. */
export interface StackedBlend {
  readonly weights: CandidateWeights;
  readonly looMapePct: number;
}

export const AUTO_DEFAULTS: AutoScalingOptions = { prior: 'amdahl', tiePct: 0, powerAlpha: DEFAULT_POWER_ALPHA, fitted: {}, criterion: 'curve', onePointPrior: 'cv', minSizes: 3, selection: 'pooled', overrideMinSizes: 4, extrapolation: 'pooled-ends', poolEvidence: 'lowest', combine: 'stack', stackEvidence: 'none' };

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

/** Leave-one-size-out log(prediction / truth) of every candidate on `points` (>= 3, ascending), one per held-out size. */
export function leaveOneSizeOutLogRatios(points: readonly RelativePoint[], provider: CpuProvider, options: Pick<AutoScalingOptions, 'powerAlpha' | 'fitted' | 'criterion'>, candidates: readonly CandidateModelId[] = AUTO_CANDIDATES): Record<CandidateModelId, number[]> {
  if (candidates === AUTO_CANDIDATES && isFrozenCurve(points)) {
    // Kept with the frozen curve; copies, since the caller may change them.
    const kept = leaveOneSizeOutLogRatioPair(points, provider, options)[options.criterion];
    const copy = {} as Record<CandidateModelId, number[]>;
    for (const model of candidates) copy[model] = kept[model].slice();
    return copy;
  }
  const folds = {} as Record<CandidateModelId, number[]>;
  for (const model of candidates) {
    const logs: number[] = [];
    for (let j = 0; j < points.length; j++) {
      const train = points.filter((_, i) => i !== j);
      const curve = fitCandidate(model, train, provider, options);
      const truth = points[j]!;
      const predicted = options.criterion === 'curve' ? predictByCurve(train, curve, truth.memoryMb) : predictFromPoints(train, curve, truth.memoryMb);
      logs.push(Math.log(predicted / truth.r));
    }
    folds[model] = logs;
  }
  return folds;
}

/** `leaveOneSizeOutLogRatios` under both criteria, each candidate fitted once per fold; kept with a frozen `points` (`points-memo.ts`). */
export function leaveOneSizeOutLogRatioPair(points: readonly RelativePoint[], provider: CpuProvider, options: Pick<AutoScalingOptions, 'powerAlpha' | 'fitted'>, candidates: readonly CandidateModelId[] = AUTO_CANDIDATES): Readonly<Record<AutoScalingOptions['criterion'], Readonly<Record<CandidateModelId, readonly number[]>>>> {
  const compute = () => {
    const curve = {} as Record<CandidateModelId, readonly number[]>;
    const predictor = {} as Record<CandidateModelId, readonly number[]>;
    for (const model of candidates) {
      const byCurve: number[] = [];
      const byPredictor: number[] = [];
      for (let j = 0; j < points.length; j++) {
        const train = points.filter((_, i) => i !== j);
        const fit = fitCandidate(model, train, provider, options);
        const truth = points[j]!;
        byCurve.push(Math.log(predictByCurve(train, fit, truth.memoryMb) / truth.r));
        byPredictor.push(Math.log(predictFromPoints(train, fit, truth.memoryMb) / truth.r));
      }
      curve[model] = Object.freeze(byCurve);
      predictor[model] = Object.freeze(byPredictor);
    }
    return { curve, predictor };
  };
  if (candidates !== AUTO_CANDIDATES) return compute();
  // What the folds depend on besides the points: the fitted options are read resolved (undefined stays undefined).
  const f = { ...FITTED_DEFAULTS, ...options.fitted };
  return memoOnPoints(points, `loso|${provider}|${String(options.powerAlpha)}|${String(f.fallbackAlpha)}|${String(f.defaultSaturationMb)}|${String(f.noise)}`, compute);
}

/** Leave-one-size-out absolute percentage errors (fractions) of every candidate on `points` (>= 3, ascending), one per held-out size. */
export function leaveOneSizeOutFolds(points: readonly RelativePoint[], provider: CpuProvider, options: Pick<AutoScalingOptions, 'powerAlpha' | 'fitted' | 'criterion'>, candidates: readonly CandidateModelId[] = AUTO_CANDIDATES): Record<CandidateModelId, number[]> {
  const logs = leaveOneSizeOutLogRatios(points, provider, options, candidates);
  const folds = {} as Record<CandidateModelId, number[]>;
  for (const model of candidates) folds[model] = logs[model].map((l) => Math.abs(Math.exp(l) - 1));
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
export function poolChoice(curves: Iterable<{ readonly points: readonly RelativePoint[]; readonly provider: CpuProvider }>, options: Partial<AutoScalingOptions> = {}, slaCurves?: Iterable<{ readonly points: readonly RelativePoint[]; readonly provider: CpuProvider }>): PooledChoice | undefined {
  const o = { ...AUTO_DEFAULTS, ...options };
  const all = {} as Record<CandidateModelId, number[]>;
  const ends = {} as Record<CandidateModelId, number[]>;
  for (const model of AUTO_CANDIDATES) {
    all[model] = [];
    ends[model] = [];
  }
  const allLogs = AUTO_CANDIDATES.map(() => [] as number[]);
  const endLogs = AUTO_CANDIDATES.map(() => [] as number[]);
  let funcs = 0;
  const list = [...curves];
  const onePoint = o.onePointPrior === 'cv' ? onePointPriors(slaCurves ? [...slaCurves] : list) : undefined;
  for (const { points, provider } of list) {
    if (points.length < o.minSizes) continue;
    funcs++;
    // One fit per candidate and fold serves both criteria.
    const pair = leaveOneSizeOutLogRatioPair(points, provider, o);
    const logs = pair[o.criterion];
    const extrapolated = pair.predictor;
    AUTO_CANDIDATES.forEach((model, k) => {
      const first = extrapolated[model][0]!;
      const last = extrapolated[model][points.length - 1]!;
      for (const l of logs[model]) {
        allLogs[k]!.push(l);
        all[model].push(Math.abs(Math.exp(l) - 1));
      }
      endLogs[k]!.push(first, last);
      ends[model].push(Math.abs(Math.exp(first) - 1), Math.abs(Math.exp(last) - 1));
    });
  }
  if (funcs === 0) return undefined;
  const looMapePct = {} as Record<CandidateModelId, number>;
  const endPct = {} as Record<CandidateModelId, number>;
  for (const model of AUTO_CANDIDATES) {
    looMapePct[model] = meanPct(all[model]);
    endPct[model] = meanPct(ends[model]);
  }
  // Each level departs from the one above only on evidence (the one-standard-error rule):
  // the pool from the stated prior, its extrapolation model from the pool's own model.
  const model = o.poolEvidence === 'one-se' ? beatsByOneSe(all, lowest(looMapePct, o.tiePct).chosen, o.prior) : lowest(looMapePct, o.tiePct).chosen;
  const beyond = o.poolEvidence === 'one-se' ? beatsByOneSe(ends, lowest(endPct, o.tiePct).chosen, model) : lowest(endPct, o.tiePct).chosen;
  // A blend departs from the best single candidate only on evidence (the one-standard-error
  // rule again): with 10-40 pooled folds a blend can win by fitting their noise.
  // `apes` (the errors of `logs`, per candidate) and `means` (their means) are computed above.
  const blend = (logs: readonly number[][], apes: Readonly<Record<CandidateModelId, readonly number[]>>, means: Readonly<Record<CandidateModelId, number>>): StackedBlend => {
    const { weights, error } = stackedWeights(AUTO_CANDIDATES, logs);
    let single = 0;
    for (let k = 1; k < AUTO_CANDIDATES.length; k++) if (means[AUTO_CANDIDATES[k]!] < means[AUTO_CANDIDATES[single]!] - 1e-12) single = k;
    if (o.stackEvidence !== 'one-se') return { weights, looMapePct: 100 * error };
    const blended = logs[0]!.map((_, j) => Math.abs(Math.exp(AUTO_CANDIDATES.reduce((sum, c, k) => sum + (weights[c] ?? 0) * logs[k]![j]!, 0)) - 1));
    const { gain, se } = pairedGain(apes[AUTO_CANDIDATES[single]!], blended);
    if (!(gain > se)) return { weights: { [AUTO_CANDIDATES[single]!]: 1 }, looMapePct: means[AUTO_CANDIDATES[single]!] };
    return { weights, looMapePct: 100 * error };
  };
  const stacked = o.combine === 'stack' ? { inside: blend(allLogs, all, looMapePct), beyond: blend(endLogs, ends, endPct) } : undefined;
  return {
    model: stacked ? heaviest(stacked.inside.weights, AUTO_CANDIDATES) : model,
    looMapePct,
    funcs,
    folds: all[AUTO_CANDIDATES[0]!].length,
    extrapolation: { model: stacked ? heaviest(stacked.beyond.weights, AUTO_CANDIDATES) : beyond, looMapePct: endPct, folds: ends[AUTO_CANDIDATES[0]!].length, ...(stacked ? { stack: stacked.beyond } : {}) },
    ...(stacked ? { stack: stacked.inside } : {}),
    ...(onePoint ? { onePoint } : {}),
  };
}

/** Gain (percentage points) of `challenger` over `incumbent` on paired per-size errors, and one standard error of it. */
export function pairedGain(incumbent: readonly number[], challenger: readonly number[]): { gain: number; se: number } {
  const d = incumbent.map((e, j) => 100 * (e - challenger[j]!));
  const gain = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = d.length > 1 ? Math.sqrt(d.reduce((a, b) => a + (b - gain) ** 2, 0) / (d.length - 1)) : Infinity;
  return { gain, se: sd / Math.sqrt(d.length) };
}

/** `challenger` when its errors lie below `incumbent`'s by more than one standard error of the paired differences, else `incumbent`. */
function beatsByOneSe(folds: Readonly<Record<CandidateModelId, readonly number[]>>, challenger: CandidateModelId, incumbent: CandidateModelId): CandidateModelId {
  if (challenger === incumbent) return incumbent;
  const { gain, se } = pairedGain(folds[incumbent], folds[challenger]);
  return gain > se ? challenger : incumbent;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The choice for a func's relative curve (see the header). */
export function chooseModel(points: readonly RelativePoint[], provider: CpuProvider, options: Partial<AutoScalingOptions> = {}, recordedSizes = points.length): ScalingChoice {
  const o = { ...AUTO_DEFAULTS, ...options };
  const pool = o.selection === 'pooled' && o.pool !== 'none' ? o.pool : undefined;
  const poolLowest = pool ? lowest(pool.looMapePct, o.tiePct).chosen : undefined;
  const over = pool ? `over ${plural(pool.folds, 'size')} of ${plural(pool.funcs, 'func')}` : '';
  const poolText = !pool
    ? ''
    : poolLowest === pool.model
      ? `pooled ${pool.model} (lowest leave-one-size-out error ${over}: ${pool.looMapePct[pool.model].toFixed(1)}%)`
      : `pooled ${pool.model} (the stated prior: the lowest leave-one-size-out error ${over}, ${poolLowest} ${pool.looMapePct[poolLowest!].toFixed(1)}%, is not one standard error below its ${pool.looMapePct[pool.model].toFixed(1)}%)`;
  if (pool?.stack && o.combine === 'stack') return stackOrOwn(points, provider, pool, o, recordedSizes, over);
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
  const { gain, se } = pairedGain(folds[pool.model], folds[chosen]);
  const test = `gain ${gain.toFixed(1)} points, one standard error ${se.toFixed(1)}`;
  if (gain > se) return { model: chosen, source: 'own', reason: `own: ${own} vs ${pooledOwn} over ${points.length} sizes, more than one standard error below the pooled model (${test}; the fit pooled ${pool.model})`, looMapePct: errors };
  return { model: pool.model, source: 'pooled', reason: `${poolText}; this func's lowest is ${own} vs ${pooledOwn}, not one standard error below (${test})${endsText}`, looMapePct: errors, ...ends };
}

/**
 * The pooled blend, unless the func (>= `overrideMinSizes` sizes) has strong evidence for its
 * own best single candidate: its leave-one-size-out errors below the blend's (the pooled
 * weights applied to its own fold predictions) by more than one standard error, the same
 * test as between a pooled and an own choice (see the header).
 */
function stackOrOwn(points: readonly RelativePoint[], provider: CpuProvider, pool: PooledChoice, o: AutoScalingOptions, recordedSizes: number, over: string): ScalingChoice {
  const pooled = stackedChoice(pool, o, points.length, recordedSizes, over);
  if (points.length < Math.max(o.minSizes, o.overrideMinSizes)) return pooled;
  const logs = leaveOneSizeOutLogRatios(points, provider, o);
  const weights = pool.stack!.weights;
  const blended = points.map((_, j) => Math.abs(Math.exp(AUTO_CANDIDATES.reduce((sum, c) => sum + (weights[c] ?? 0) * logs[c][j]!, 0)) - 1));
  const errors = {} as Record<CandidateModelId, number>;
  for (const model of AUTO_CANDIDATES) errors[model] = meanPct(logs[model].map((l) => Math.abs(Math.exp(l) - 1)));
  const { chosen } = lowest(errors, o.tiePct);
  const { gain, se } = pairedGain(blended, logs[chosen].map((l) => Math.abs(Math.exp(l) - 1)));
  const test = `${chosen} ${errors[chosen].toFixed(1)}% vs the blend ${meanPct(blended).toFixed(1)}% over ${points.length} sizes (gain ${gain.toFixed(1)} points, one standard error ${se.toFixed(1)})`;
  if (gain > se) return { model: chosen, source: 'own', reason: `own: ${test}, more than one standard error below the pooled blend`, looMapePct: errors };
  return { ...pooled, reason: `${pooled.reason}; this func's best single is ${test}, not one standard error below`, looMapePct: errors };
}

/** The one-size prior of each platform, pooled over that platform's funcs (all funcs where it has none with 2 sizes). */
function onePointPriors(curves: readonly { readonly points: readonly RelativePoint[]; readonly provider: CpuProvider }[]): Partial<Record<CpuProvider, OnePointPrior>> {
  const all = pooledOnePointPrior(curves);
  const out: Partial<Record<CpuProvider, OnePointPrior>> = {};
  for (const provider of new Set(curves.map((c) => c.provider))) {
    const own = curves.filter((c) => c.provider === provider);
    // A platform with every func pools what `all` pooled (the same curves in the same order).
    const prior = (own.length === curves.length ? all : pooledOnePointPrior(own)) ?? all;
    if (prior) out[provider] = prior;
  }
  return out;
}

/** The pooled stacked blend for a func. */
function stackedChoice(pool: PooledChoice, o: AutoScalingOptions, points: number, recordedSizes: number, over: string): ScalingChoice {
  const inside = pool.stack!;
  const single = lowest(pool.looMapePct, o.tiePct).chosen;
  const beyond = o.extrapolation === 'pooled-ends' ? pool.extrapolation.stack : undefined;
  const sizes = Math.max(points, recordedSizes);
  const reason =
    `pooled stack ${describeWeights(inside.weights, AUTO_CANDIDATES)} (leave-one-size-out error ${over}: ${inside.looMapePct.toFixed(1)}%, best single ${single} ${pool.looMapePct[single].toFixed(1)}%)` +
    (beyond ? `; beyond its recorded sizes ${describeWeights(beyond.weights, AUTO_CANDIDATES)} (${pool.extrapolation.folds} pooled end sizes: ${beyond.looMapePct.toFixed(1)}%)` : '') +
    `; ${plural(sizes, 'recorded size')}`;
  return { model: pool.model, source: 'pooled', reason, weights: inside.weights, ...(beyond ? { extrapolationModel: pool.extrapolation.model, extrapolationWeights: beyond.weights } : {}) };
}

/** The geometric blend of the candidates in `weights`, each fitted on `points`, as a curve. */
function blendedCurve(weights: CandidateWeights, points: readonly RelativePoint[], provider: CpuProvider, o: AutoScalingOptions, fits: Map<CandidateModelId, ScalingCurve>): ScalingCurve {
  const fitted = (c: CandidateModelId) => {
    let curve = fits.get(c);
    if (!curve) fits.set(c, (curve = fitCandidate(c, points, provider, o)));
    return curve;
  };
  const parts = AUTO_CANDIDATES.filter((c) => (weights[c] ?? 0) > 0).map((c) => ({ curve: fitted(c), weight: weights[c]! }));
  const factor = blendCurves(parts);
  return { factor, describe: parts.map((p) => `${p.weight.toFixed(1)} x ${p.curve.describe}`).join(' * '), defaulted: parts.every((p) => p.curve.defaulted) };
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
  if (o.poolEvidence !== 'one-se' && o.poolEvidence !== 'lowest') throw new SlacklineError('predict/scaling', `bad auto poolEvidence "${String(o.poolEvidence)}": expected one-se or lowest`);
  if (o.extrapolation !== 'pooled-ends' && o.extrapolation !== 'same') throw new SlacklineError('predict/scaling', `bad auto extrapolation "${String(o.extrapolation)}": expected pooled-ends or same`);
  if (o.onePointPrior !== 'default' && o.onePointPrior !== 'pooled' && o.onePointPrior !== 'cv') throw new SlacklineError('predict/scaling', `bad auto onePointPrior "${String(o.onePointPrior)}": expected default, pooled or cv`);
  if (o.stackEvidence !== 'one-se' && o.stackEvidence !== 'none') throw new SlacklineError('predict/scaling', `bad auto stackEvidence "${String(o.stackEvidence)}": expected one-se or none`);
  if (o.combine !== 'stack' && o.combine !== 'select') throw new SlacklineError('predict/scaling', `bad auto combine "${String(o.combine)}": expected stack or select`);
  if (o.selection !== 'pooled' && o.selection !== 'per-func') throw new SlacklineError('predict/scaling', `bad auto selection "${String(o.selection)}": expected pooled or per-func`);
  if (!(Number.isFinite(o.tiePct) && o.tiePct >= 0)) throw new SlacklineError('predict/scaling', `bad auto tiePct ${o.tiePct}: expected a finite number >= 0`);
  return {
    id: 'auto',
    description: 'a weighted geometric mean of the candidates (linear, power, fitted, amdahl, amdahl-capped), weights with the lowest leave-one-size-out error over all funcs of the fit, overridden per func on strong evidence of its own',
    fit: (samples) => {
      const provider = samples.provider ?? 'aws';
      const points = samples.points ?? relativeCurve(samples);
      const sizes = new Set<number>();
      for (let i = 0; i < samples.ms.length; i++) if (samples.ms[i]! > 0) sizes.add(samples.memoryMb[i]!);
      const choice = chooseModel(points, provider, o, sizes.size);
      const prior = o.pool !== 'none' ? o.pool?.onePoint?.[provider] : undefined;
      if (points.length < 2 && prior) {
        const why = `pooled over ${prior.pairs} size pairs of ${prior.funcs} funcs: ${prior.mapePct.toFixed(1)}%`;
        const curve = onePointCurve(prior, provider, why);
        return { factor: curve.factor, describe: `auto -> ${curve.describe}`, defaulted: true, choice: { ...choice, reason: `${choice.reason}; one usable size: ${curve.describe}` } };
      }
      if (choice.weights) {
        // Both blends fit their candidates on the same points: each candidate once.
        const fits = new Map<CandidateModelId, ScalingCurve>();
        const curve = blendedCurve(choice.weights, points, provider, o, fits);
        if (choice.extrapolationWeights && points.length > 0) {
          const beyond = blendedCurve(choice.extrapolationWeights, points, provider, o, fits);
          const factor = joinBeyond(curve, beyond, points[0]!.memoryMb, points[points.length - 1]!.memoryMb);
          return { factor, describe: `auto -> stack ${curve.describe}; beyond ${points[0]!.memoryMb}-${points[points.length - 1]!.memoryMb}MB ${beyond.describe}`, defaulted: curve.defaulted, choice };
        }
        return { factor: curve.factor, describe: `auto -> stack ${curve.describe}`, defaulted: curve.defaulted, choice };
      }
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
