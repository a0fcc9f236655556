/**
 * A `DistributionPredictor` from fits at a ladder of quantiles: the fitted predictor is
 * fitted once per SLA statistic `p0, p1, p2.5, p5, p10, ..., p90, p95, p97.5, p99, p100`
 * on the same runs, and `execQuantile(f, x, m, q)` interpolates linearly between the two
 * fits around q. Each query is O(1) (two O(1) predictions); fitting costs one
 * `fitPredictor` per ladder point (25; about 0.2-1.2 s on the shipped datasets).
 *
 * It carries each statistic along the fitted scaling curve and the input-size model, so
 * unrecorded sizes get the distribution's shape from the recorded ones. It is the stand-in
 * until predictor v2 (issue 10) offers its own `DistributionPredictor`; anything that takes
 * a `DistributionPredictor` works with either. `predictorAtQuantile` turns any of them
 * into a plain `Predictor` at one probability (what the quantile grids are built from).
 */
import type { RecordedRun, StartKind, TransferDirection } from '../dataset/types.js';
import { SlacklineError } from '../errors.js';
import { fitPredictor, hasExecFallback, type FitPredictorOptions, type FittedPredictor } from './fit-predictor.js';
import type { DistributionPredictor, Prediction, Predictor, SlaStatistic } from './types.js';

/** Probabilities of the fits, ascending, 0 and 1 included (denser in the tails). */
export const QUANTILE_FIT_POINTS: readonly number[] = [0, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99, 1];

function checkQ(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new SlacklineError('predict/quantile-predictor', `quantile ${q} is outside [0, 1]`);
}

/** Linear interpolation of two predictions; unknown when either is. */
function mix(a: Prediction, b: Prediction, t: number): Prediction {
  if (!a.known) return a;
  if (!b.known) return b;
  const value = a.value + t * (b.value - a.value);
  const fallback = a.fallback ?? b.fallback;
  return fallback === undefined ? { known: true, value } : { known: true, value, fallback };
}

class QuantileFitsPredictor implements DistributionPredictor {
  readonly sla: SlaStatistic;
  constructor(
    private readonly central: FittedPredictor,
    private readonly fits: readonly FittedPredictor[],
    private readonly points: readonly number[],
  ) {
    this.sla = central.sla;
  }

  private around(q: number, ask: (p: FittedPredictor) => Prediction): Prediction {
    checkQ(q);
    const { points, fits } = this;
    // Points are few and fixed: a linear scan is O(1).
    let k = 0;
    while (k < points.length - 2 && q > points[k + 1]!) k++;
    const lo = points[k]!;
    const hi = points[k + 1]!;
    return mix(ask(fits[k]!), ask(fits[k + 1]!), hi > lo ? (q - lo) / (hi - lo) : 0);
  }

  exec(func: string, inputBytes: number, memoryMb: number): Prediction {
    return this.central.exec(func, inputBytes, memoryMb);
  }
  outputBytes(func: string, inputBytes: number): Prediction {
    return this.central.outputBytes(func, inputBytes);
  }
  transfer(bytes: number, memoryMb: number, direction: TransferDirection): Prediction {
    return this.central.transfer(bytes, memoryMb, direction);
  }
  workerStart(memoryMb: number, kind: StartKind): Prediction {
    return this.central.workerStart(memoryMb, kind);
  }
  execQuantile(func: string, inputBytes: number, memoryMb: number, q: number): Prediction {
    return this.around(q, (p) => p.exec(func, inputBytes, memoryMb));
  }
  transferQuantile(bytes: number, memoryMb: number, direction: TransferDirection, q: number): Prediction {
    return this.around(q, (p) => p.transfer(bytes, memoryMb, direction));
  }
  workerStartQuantile(memoryMb: number, kind: StartKind, q: number): Prediction {
    return this.around(q, (p) => p.workerStart(memoryMb, kind));
  }
  /** Stand-in exec time for funcs without records, at probability q (the fitted predictor's rule per fit). */
  execFallbackQuantile(inputBytes: number, memoryMb: number, q: number): Prediction {
    return this.around(q, (p) => p.execFallback(inputBytes, memoryMb));
  }
}

/** Fits the predictor at every point of `QUANTILE_FIT_POINTS` (plus the central one at `options.sla`). */
export function fitQuantilePredictor(runs: readonly RecordedRun[], options: FitPredictorOptions): DistributionPredictor {
  const central = fitPredictor(runs, options);
  const fits = QUANTILE_FIT_POINTS.map((q) => fitPredictor(runs, { ...options, sla: `p${+(q * 100).toFixed(3)}` }));
  return new QuantileFitsPredictor(central, fits, QUANTILE_FIT_POINTS);
}

/** True for predictors that implement the distribution contract. */
export function isDistributionPredictor(predictor: Predictor): predictor is DistributionPredictor {
  const p = predictor as Partial<DistributionPredictor>;
  return typeof p.execQuantile === 'function' && typeof p.transferQuantile === 'function' && typeof p.workerStartQuantile === 'function';
}

/**
 * A plain predictor answering every duration at probability q (output sizes stay central).
 * Keeps an `execFallback` at q when the distribution predictor has one, so the duration
 * table's fallback policy works as for the fitted predictor.
 */
export function predictorAtQuantile(dist: DistributionPredictor, q: number): Predictor {
  checkQ(q);
  const base: Predictor = {
    sla: `p${+(q * 100).toFixed(6)}`,
    exec: (f, x, m) => dist.execQuantile(f, x, m, q),
    outputBytes: (f, x) => dist.outputBytes(f, x),
    transfer: (b, m, d) => dist.transferQuantile(b, m, d, q),
    workerStart: (m, k) => dist.workerStartQuantile(m, k, q),
  };
  const withFallback = dist as Partial<{ execFallbackQuantile(x: number, m: number, q: number): Prediction }>;
  if (typeof withFallback.execFallbackQuantile === 'function') {
    return { ...base, execFallback: (x: number, m: number) => withFallback.execFallbackQuantile!(x, m, q) } as Predictor;
  }
  if (hasExecFallback(dist)) return { ...base, execFallback: (x: number, m: number) => dist.execFallback(x, m) } as Predictor;
  return base;
}
