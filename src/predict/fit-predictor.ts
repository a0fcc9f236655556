/**
 * Fits a predictor once from recorded runs; every query afterwards is O(1) (a map look-up
 * and a few arithmetic operations; O(log levels) across memory levels), so query time does
 * not grow with the history behind it.
 *
 *  - exec(func, x, m):      per func, `fit-exec.ts` (scaling curve x input-size model x SLA);
 *                           the curve from the chosen model (`scaling/`; `auto` pools its
 *                           choice over all funcs of the fit, lets a func with strong evidence
 *                           override it, and records which and why), the Amdahl models on the CPU share of the
 *                           func's platform (`cpuProvider`, AWS by default)
 *  - outputBytes(func, x):  per func, `fit-output.ts`
 *  - transfer(b, m, dir):   per direction and recorded memory level, `fit-transfer.ts`,
 *                           across levels by `level-series.ts`
 *  - workerStart(m, kind):  per kind and recorded memory level, the SLA statistic of the
 *                           recorded start times, across levels by `level-series.ts`
 *
 * Real times are read (`execMs`, `ms`), never the stored linear-normalized fields: exec
 * samples are normalized to 512 MB under the chosen scaling model. Transfers and starts are
 * kept per recorded memory size instead of being normalized, because bandwidth and start
 * latency do not follow the CPU share.
 *
 * Distributions (`DistributionPredictor`): every key above also keeps its empirical
 * distribution (`empirical-distribution.ts`; exec per func and recorded size, transfers per
 * direction and size, starts per kind and size), and `execQuantile` / `transferQuantile` /
 * `workerStartQuantile` answer any quantile in O(1) (O(log levels)): interpolated between
 * recorded sizes, carried beyond them by the func's scaling curve (exec) or held at the
 * nearest size (transfers, starts), with a spread that grows with the distance from the
 * recorded sizes (`quantile-across-levels.ts`). At a recorded size `execQuantile(f, x, m,
 * 0.9)` equals `exec` under SLA p90; everywhere the 0.5-quantile equals `exec` under SLA
 * median. Every known exec, transfer and start prediction carries its `position` (recorded,
 * interpolation, extrapolation; log2 distance to the nearest recorded size).
 *
 * A query with nothing behind it is `{ known: false, reason }`, never 0. With a
 * `profile`, transfers and starts lacking records get the profile's numbers, flagged in
 * `fallback`. `execFallback` is the stated stand-in for a func with no records (the median
 * of every known func's prediction at the same input size and memory), for callers whose
 * policy is `fallback` (`duration-table.ts`).
 */
import { DEFAULT_PLATFORM_PROFILE, profileExecMs, profileStartMs, profileTransferMs, type PlatformProfile } from './platform-profile.js';
import { execBase, fitExecModel, predictExec, predictExecQuantile, predictExecQuantilesOfRow, type ExecModel, type InputRegressionOptions } from './fit-exec.js';
import { fitOutputModel, predictOutput, type OutputModel } from './fit-output.js';
import { fitTransferModel, predictTransferAtLevel, transferBase, transferQuantilesAtSpan, type TransferModel } from './fit-transfer.js';
import { GridMemo } from './grid-memo.js';
import { predictAcrossLevels, sortLevels, type Level } from './level-series.js';
import { EmpiricalDistribution, type DistributionOptions } from './empirical-distribution.js';
import { DEFAULT_SPREAD_GROWTH, positionAmongLevels, quantileAcrossLevels, type LevelQuantiles, type ProbabilityGrid } from './quantile-across-levels.js';
import { slaOfSorted, slaStatistic } from './sla.js';
import { getScalingModel, type ScalingModelId, type ScalingOptions } from './scaling/index.js';
import type { CpuProvider } from './cpu-share.js';
import { poolChoice, serialShareOf } from './scaling/auto.js';
import { relativeCurve } from './scaling/fitted.js';
import type { FittedScalingOptions } from './scaling/fitted.js';
import { freezeCurve } from './scaling/points-memo.js';
import type { RelativePoint } from './scaling/types.js';
import type { RecordedRun, StartKind, TransferDirection } from '../dataset/types.js';
import { SlacklineError } from '../errors.js';
import type { DistributionPredictor, ExecRowKeys, Prediction, Predictor, QuantileRows, RowStatus, SlaStatistic } from './types.js';

export type { ScalingModelId } from './scaling/index.js';

export interface FitPredictorOptions {
  readonly sla: SlaStatistic;
  readonly scaling: ScalingModelId;
  /** Exponent of the `power` model. @default 0.3 */
  readonly powerAlpha?: number;
  /** Options of the `fitted` model (fallback alpha, default saturation, noise). */
  readonly fitted?: Partial<FittedScalingOptions>;
  /** Options of the `auto` model (pooled or per-func selection, prior, tie tolerance); the pooled choice is computed here from all funcs unless given. */
  readonly auto?: ScalingOptions['auto'];
  /** Platform whose CPU share the Amdahl models use: one for all funcs, or per func. @default 'aws' */
  readonly cpuProvider?: CpuProvider | ((func: string) => CpuProvider);
  /** Input-size regression thresholds. */
  readonly inputRegression?: Partial<InputRegressionOptions>;
  /** Fallback numbers for transfers and starts lacking records (flagged); none by default. */
  readonly profile?: PlatformProfile;
  /** Sample size above which a distribution is kept as a quantile sketch. */
  readonly distribution?: Partial<DistributionOptions>;
  /** Widening of the log spread per doubling away from the recorded sizes. @default 0.5 */
  readonly spreadGrowth?: number;
}

export interface FuncModel {
  readonly exec: ExecModel;
  readonly output: OutputModel;
}

export interface FittedPredictor extends DistributionPredictor, QuantileRows, ExecRowKeys {
  readonly scaling: ScalingModelId;
  readonly funcs: ReadonlyMap<string, FuncModel>;
  /** Flagged stand-in for the exec time of a func with no records. */
  execFallback(inputBytes: number, memoryMb: number): Prediction;
}

interface Columns {
  memoryMb: number[];
  inputBytes: number[];
  outputBytes: number[];
  ms: number[];
}

function push(map: Map<string | number, Columns>, key: string | number, memoryMb: number, inputBytes: number, outputBytes: number, ms: number): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = { memoryMb: [], inputBytes: [], outputBytes: [], ms: [] }));
  c.memoryMb.push(memoryMb);
  c.inputBytes.push(inputBytes);
  c.outputBytes.push(outputBytes);
  c.ms.push(ms);
}

const usable = (ms: number, memoryMb: number) => Number.isFinite(ms) && ms >= 0 && memoryMb > 0 && Number.isFinite(memoryMb);

/** Fits every model from the runs' task, transfer and worker-start records (real times). */
export function fitPredictor(runs: readonly RecordedRun[], options: FitPredictorOptions): FittedPredictor {
  const { sla } = options;
  const providerOf = typeof options.cpuProvider === 'function' ? options.cpuProvider : () => (options.cpuProvider as CpuProvider | undefined) ?? 'aws';

  const byFunc = new Map<string | number, Columns>();
  const byTransfer = { upload: new Map<string | number, Columns>(), download: new Map<string | number, Columns>() };
  const byStart = { cold: new Map<number, number[]>(), warm: new Map<number, number[]>() };
  for (const run of runs) {
    for (const t of run.metrics.tasks) {
      if (usable(t.execMs, t.memoryMb)) push(byFunc, t.func, t.memoryMb, t.inputBytes, t.outputBytes, t.execMs);
    }
    for (const x of run.metrics.transfers) {
      if (usable(x.ms, x.memoryMb) && x.bytes >= 0) push(byTransfer[x.direction], x.memoryMb, x.memoryMb, x.bytes, 0, x.ms);
    }
    for (const s of run.metrics.workerStarts) {
      if (!usable(s.ms, s.memoryMb)) continue;
      const list = byStart[s.kind].get(s.memoryMb);
      if (list) list.push(s.ms);
      else byStart[s.kind].set(s.memoryMb, [s.ms]);
    }
  }
  const pooled = options.scaling === 'auto' && options.auto?.onePointPrior === 'pooled' && !options.auto.pooled ? pooledSerialShare(byFunc, providerOf) : undefined;
  // auto's curves of per-size medians, computed once (frozen: auto keeps their leave-one-size-out folds, `points-memo.ts`).
  const medianCurves = options.scaling === 'auto' ? relativeCurves(byFunc, 'median') : undefined;
  const pool = medianCurves && options.auto?.selection !== 'per-func' && options.auto?.pool === undefined ? (poolChoice(curvesOf(medianCurves, providerOf), { ...options.auto, ...(options.powerAlpha !== undefined ? { powerAlpha: options.powerAlpha } : {}), fitted: options.fitted ?? {} }, curvesOf(sla === 'median' ? medianCurves : relativeCurves(byFunc, sla), providerOf)) ?? ('none' as const)) : undefined;
  const auto = { ...options.auto, ...(pooled ? { pooled } : {}), ...(pool ? { pool } : {}) };
  const scaling = getScalingModel(options.scaling, { ...(options.powerAlpha !== undefined ? { powerAlpha: options.powerAlpha } : {}), ...(options.fitted ? { fitted: options.fitted } : {}), auto });
  const spreadGrowth = options.spreadGrowth ?? DEFAULT_SPREAD_GROWTH;
  if (!(Number.isFinite(spreadGrowth) && spreadGrowth >= 0)) throw new SlacklineError('predict/fit-predictor', `bad spreadGrowth ${spreadGrowth}: expected a finite number >= 0`);
  const dist = options.distribution ?? {};

  const funcs = new Map<string, FuncModel>();
  for (const [func, c] of byFunc) {
    funcs.set(func as string, {
      exec: fitExecModel({ ...c, provider: providerOf(func as string), ...(medianCurves ? { points: medianCurves.get(func)! } : {}) }, scaling, sla, options.inputRegression, dist),
      output: fitOutputModel(c.inputBytes, c.outputBytes, sla),
    });
  }
  const transferLevels = {
    upload: sortLevels([...byTransfer.upload].map(([m, c]) => ({ memoryMb: m as number, model: fitTransferModel(c.inputBytes, c.ms, sla, dist) }))),
    download: sortLevels([...byTransfer.download].map(([m, c]) => ({ memoryMb: m as number, model: fitTransferModel(c.inputBytes, c.ms, sla, dist) }))),
  };
  const startLevelsOf = (byMemory: Map<number, number[]>) =>
    sortLevels(
      [...byMemory].map(([m, list]) => {
        const sorted = Float64Array.from(list).sort();
        return { memoryMb: m, model: { statistic: slaOfSorted(sorted, sla), distribution: EmpiricalDistribution.ofSorted(sorted, dist) } };
      }),
    );
  const startLevels = { cold: startLevelsOf(byStart.cold), warm: startLevelsOf(byStart.warm) };
  return new FittedPredictorImpl(sla, options.scaling, funcs, transferLevels, startLevels, options.profile, spreadGrowth);
}

/** Every func's relative curve (frozen), of per-size medians (auto's pooled choice and fits) or of the `sla` statistic (auto's one-size prior). */
function relativeCurves(byFunc: ReadonlyMap<string | number, Columns>, sla: SlaStatistic): Map<string | number, readonly RelativePoint[]> {
  const statistic = (values: number[]) => slaStatistic(values, sla);
  const curves = new Map<string | number, readonly RelativePoint[]>();
  for (const [func, c] of byFunc) curves.set(func, freezeCurve(sla === 'median' ? relativeCurve(c) : relativeCurve(c, statistic)));
  return curves;
}

function* curvesOf(curves: ReadonlyMap<string | number, readonly RelativePoint[]>, providerOf: (func: string) => CpuProvider) {
  for (const [func, points] of curves) yield { points, provider: providerOf(func as string) };
}

/** Median serial share at 512 MB of the amdahl fits of the funcs with >= 2 sizes (auto's one-size prior); undefined when none has. */
function pooledSerialShare(byFunc: ReadonlyMap<string | number, Columns>, providerOf: (func: string) => CpuProvider): { serialShare: number; funcs: number } | undefined {
  const shares: number[] = [];
  for (const [func, c] of byFunc) {
    const share = serialShareOf(relativeCurve(c), providerOf(func as string));
    if (share !== undefined && Number.isFinite(share)) shares.push(share);
  }
  if (shares.length === 0) return undefined;
  shares.sort((a, b) => a - b);
  const mid = shares.length >> 1;
  return { serialShare: shares.length % 2 === 1 ? shares[mid]! : (shares[mid - 1]! + shares[mid]!) / 2, funcs: shares.length };
}

interface StartLevel {
  readonly statistic: number;
  readonly distribution: EmpiricalDistribution;
}

const TRANSFER_LEVELS: LevelQuantiles<TransferModel, number> = {
  quantile: (model, q, bytes) => transferBase(model, bytes) * model.distribution.quantile(q),
};
const START_LEVELS: LevelQuantiles<StartLevel, unknown> = {
  quantile: (model, q) => model.distribution.quantile(q),
};
const startStatistic = (level: StartLevel) => level.statistic;
const badQuantile = (q: number): Prediction => ({ known: false, reason: `quantile ${q} is not a probability in [0, 1]` });
const validQuantile = (q: number) => q >= 0 && q <= 1;

/** The status of a plain known row (no allocation per row). */
const KNOWN: RowStatus = { known: true };

const badMemory = (memoryMb: number): Prediction => ({ known: false, reason: `memory ${memoryMb} MB is not a positive number` });
const badBytes = (what: string, bytes: number): Prediction => ({ known: false, reason: `${what} ${bytes} is not a number >= 0` });
const validMemory = (memoryMb: number) => memoryMb > 0 && Number.isFinite(memoryMb);
const validBytes = (bytes: number) => bytes >= 0 && Number.isFinite(bytes);

class FittedPredictorImpl implements FittedPredictor {
  constructor(
    readonly sla: SlaStatistic,
    readonly scaling: ScalingModelId,
    readonly funcs: ReadonlyMap<string, FuncModel>,
    private readonly transferLevels: Readonly<Record<TransferDirection, readonly Level<TransferModel>[]>>,
    private readonly startLevels: Readonly<Record<StartKind, readonly Level<StartLevel>[]>>,
    private readonly profile: PlatformProfile | undefined,
    private readonly spreadGrowth: number,
  ) {}

  /** What the rows asked at `grid` share (`grid-memo.ts`), kept while the grid lives; the last one asked at, at hand. */
  private readonly memos = new WeakMap<ProbabilityGrid, GridMemo>();
  private lastMemo: GridMemo | undefined;
  private memoOf(grid: ProbabilityGrid): GridMemo {
    if (this.lastMemo?.grid === grid) return this.lastMemo;
    let memo = this.memos.get(grid);
    if (memo === undefined) this.memos.set(grid, (memo = new GridMemo(grid, this.spreadGrowth)));
    this.lastMemo = memo;
    return memo;
  }

  exec(func: string, inputBytes: number, memoryMb: number): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    if (!validBytes(inputBytes)) return badBytes('input bytes', inputBytes);
    const model = this.funcs.get(func);
    if (!model) return { known: false, reason: `no task records of func "${func}"` };
    return { known: true, value: predictExec(model.exec, inputBytes, memoryMb), position: positionAmongLevels(model.exec.k, memoryMb) };
  }

  execQuantile(func: string, inputBytes: number, memoryMb: number, q: number): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    if (!validBytes(inputBytes)) return badBytes('input bytes', inputBytes);
    if (!validQuantile(q)) return badQuantile(q);
    const model = this.funcs.get(func);
    if (!model) return { known: false, reason: `no task records of func "${func}"` };
    return { known: true, value: predictExecQuantile(model.exec, inputBytes, memoryMb, q, this.spreadGrowth), position: positionAmongLevels(model.exec.k, memoryMb) };
  }

  execQuantiles(func: string, inputBytes: number, memoryMb: number, grid: ProbabilityGrid, out: Float64Array, offset: number, stride: number): RowStatus {
    if (!validMemory(memoryMb)) return badMemory(memoryMb) as RowStatus;
    if (!validBytes(inputBytes)) return badBytes('input bytes', inputBytes) as RowStatus;
    const model = this.funcs.get(func);
    if (!model) return { known: false, reason: `no task records of func "${func}"` };
    predictExecQuantilesOfRow(model.exec, inputBytes, this.memoOf(grid).execRow(model.exec, memoryMb), out, offset, stride);
    return KNOWN;
  }

  execRowKey(func: string, inputBytes: number): number | undefined {
    if (!validBytes(inputBytes)) return undefined;
    const model = this.funcs.get(func);
    return model ? execBase(model.exec, inputBytes) : undefined;
  }

  transferQuantiles(bytes: number, memoryMb: number, direction: TransferDirection, grid: ProbabilityGrid, out: Float64Array, offset: number, stride: number): RowStatus {
    if (!validMemory(memoryMb)) return badMemory(memoryMb) as RowStatus;
    if (!validBytes(bytes)) return badBytes('bytes', bytes) as RowStatus;
    const levels = this.transferLevels[direction];
    const K = grid.q.length;
    if (levels.length > 0) {
      const memo = this.memoOf(grid);
      transferQuantilesAtSpan(memo.span(levels, memoryMb), bytes, memo.quantilesOf, out, offset, stride);
      return KNOWN;
    }
    if (this.profile) {
      const value = profileTransferMs(this.profile, bytes, memoryMb, direction);
      for (let k = 0; k < K; k++) out[offset + k * stride] = value;
      return { known: true, fallback: `no ${direction} records: platform profile ${this.profile.name} (one value, no spread)` };
    }
    return { known: false, reason: `no ${direction} transfer records` };
  }

  outputBytes(func: string, inputBytes: number): Prediction {
    if (!validBytes(inputBytes)) return badBytes('input bytes', inputBytes);
    const model = this.funcs.get(func);
    if (!model) return { known: false, reason: `no task records of func "${func}"` };
    return { known: true, value: predictOutput(model.output, inputBytes) };
  }

  transfer(bytes: number, memoryMb: number, direction: TransferDirection): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    if (!validBytes(bytes)) return badBytes('bytes', bytes);
    const levels = this.transferLevels[direction];
    if (levels.length > 0) return { known: true, value: predictAcrossLevels(levels, memoryMb, predictTransferAtLevel, bytes), position: positionAmongLevels(levels, memoryMb) };
    if (this.profile) {
      return { known: true, value: profileTransferMs(this.profile, bytes, memoryMb, direction), fallback: `no ${direction} records: platform profile ${this.profile.name}` };
    }
    return { known: false, reason: `no ${direction} transfer records` };
  }

  transferQuantile(bytes: number, memoryMb: number, direction: TransferDirection, q: number): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    if (!validBytes(bytes)) return badBytes('bytes', bytes);
    if (!validQuantile(q)) return badQuantile(q);
    const levels = this.transferLevels[direction];
    if (levels.length > 0) return { known: true, value: Math.max(0, quantileAcrossLevels(levels, memoryMb, q, this.spreadGrowth, TRANSFER_LEVELS, bytes)), position: positionAmongLevels(levels, memoryMb) };
    if (this.profile) {
      return { known: true, value: profileTransferMs(this.profile, bytes, memoryMb, direction), fallback: `no ${direction} records: platform profile ${this.profile.name} (one value, no spread)` };
    }
    return { known: false, reason: `no ${direction} transfer records` };
  }

  workerStart(memoryMb: number, kind: StartKind): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    const levels = this.startLevels[kind];
    if (levels.length > 0) return { known: true, value: predictAcrossLevels(levels, memoryMb, startStatistic, 0), position: positionAmongLevels(levels, memoryMb) };
    if (this.profile) {
      return { known: true, value: profileStartMs(this.profile, kind), fallback: `no ${kind}-start records: platform profile ${this.profile.name}` };
    }
    return { known: false, reason: `no ${kind} worker-start records` };
  }

  workerStartQuantile(memoryMb: number, kind: StartKind, q: number): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    if (!validQuantile(q)) return badQuantile(q);
    const levels = this.startLevels[kind];
    if (levels.length > 0) return { known: true, value: Math.max(0, quantileAcrossLevels(levels, memoryMb, q, this.spreadGrowth, START_LEVELS, undefined)), position: positionAmongLevels(levels, memoryMb) };
    if (this.profile) {
      return { known: true, value: profileStartMs(this.profile, kind), fallback: `no ${kind}-start records: platform profile ${this.profile.name} (one value, no spread)` };
    }
    return { known: false, reason: `no ${kind} worker-start records` };
  }

  execFallback(inputBytes: number, memoryMb: number): Prediction {
    if (!validMemory(memoryMb)) return badMemory(memoryMb);
    if (!validBytes(inputBytes)) return badBytes('input bytes', inputBytes);
    if (this.funcs.size === 0) {
      const profile = this.profile ?? DEFAULT_PLATFORM_PROFILE;
      return { known: true, value: profileExecMs(profile, memoryMb), fallback: `no func has records: platform profile ${profile.name}` };
    }
    const values = [...this.funcs.values()].map((m) => predictExec(m.exec, inputBytes, memoryMb)).sort((a, b) => a - b);
    const mid = values.length >> 1;
    const median = values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
    return { known: true, value: median, fallback: `median of the ${values.length} known funcs' predictions` };
  }
}

/** Type guard for predictors that offer `execFallback` (the fitted one does). */
export function hasExecFallback(predictor: Predictor): predictor is Predictor & Pick<FittedPredictor, 'execFallback'> {
  return typeof (predictor as Partial<FittedPredictor>).execFallback === 'function';
}

