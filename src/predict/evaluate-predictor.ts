/**
 * Accuracy evaluation of execution-time prediction (`slackline predict-eval`): fit on part
 * of the recorded runs, predict the rest, for every scaling model x SLA statistic.
 *
 * Modes:
 *  - held-out runs: the runs are shuffled with a seeded source and split into k folds
 *    (default 5); each fold is predicted by a predictor fitted on the other folds;
 *  - held-out memory: for each recorded memory size M, the predictor is fitted on every task
 *    record at the other sizes and predicts the records at M (interpolation inside the
 *    recorded range, extrapolation at its ends).
 *
 * Held-out-memory rows are also broken down by held-out size (`memoryMb`) and by `kind`
 * (groups whose func has no other size are counted in the overall rows only, as unknown):
 * a group is `interpolation` when its func has training sizes both below and above the
 * held-out size, `extrapolation` otherwise (judged per func: funcs have different sizes).
 * With `auto` among the models, `choices` holds the model auto picks for every func when
 * fitted on all runs (and why), for each SLA.
 *
 * Error: held-out task records are grouped by (func, memory, input bytes); a group's
 * absolute percentage error is |prediction - s| / s, where s is the SAME SLA statistic of
 * the group's held-out samples (a p90 prediction is judged against the held-out p90).
 * Reported per func and overall: MAPE (mean of the group errors, each group weighted
 * equally) and the p90 of the group errors; for `mean` also the per-sample MAPE (mean of
 * |prediction - t_i| / t_i over held-out samples). Groups whose func has no training
 * records are counted as `unknown`, not scored. Only execution times are evaluated (the
 * single-function sources record no transfers).
 *
 * Coverage (median rows): the share of held-out samples at or below the predicted p90 and
 * p95 (`execQuantile`), %: at held-out sizes it tests the distribution carried by the curve
 * and the spread added away from recorded sizes (`spreadGrowth`); 90 and 95 are calibrated.
 */
import * as ss from 'simple-statistics';
import { fitPredictor } from './fit-predictor.js';
import { slaStatistic } from './sla.js';
import { seededRandom } from '../util/random.js';
import { SCALING_MODEL_IDS, type CandidateModelId, type ScalingModelId, type ScalingOptions } from './scaling/index.js';
import type { CpuProvider } from './cpu-share.js';
import type { RecordedRun, TaskRecord } from '../dataset/types.js';
import type { SlaStatistic } from './types.js';

export type EvalMode = 'held-out-runs' | 'held-out-memory';
export const EVAL_MODES: readonly EvalMode[] = ['held-out-runs', 'held-out-memory'];

export interface EvalOptions {
  /** @default every model: linear, power, fitted, amdahl, amdahl-capped, auto */
  readonly scalings: readonly ScalingModelId[];
  /** @default ['mean', 'median', 'p90'] */
  readonly slas: readonly SlaStatistic[];
  /** @default both */
  readonly modes: readonly EvalMode[];
  /** Folds for held-out runs. @default 5 */
  readonly folds: number;
  /** Seed of the fold shuffle. @default 1 */
  readonly seed: number;
  /** Exponent of the power model. @default 0.3 */
  readonly powerAlpha?: number;
  /** Platform of each func for the Amdahl models' CPU share. @default 'aws' */
  readonly cpuProvider?: CpuProvider | ((func: string) => CpuProvider);
  /** Options of the `auto` model (e.g. `selection: 'per-func'` for the rule before pooling). */
  readonly auto?: ScalingOptions['auto'];
  /** Widening of the predicted distributions away from recorded sizes (`fitPredictor`'s `spreadGrowth`). */
  readonly spreadGrowth?: number;
}

/** Quantiles whose coverage is reported: the share of held-out samples at or below the predicted quantile. */
export const COVERAGE_QUANTILES = [0.9, 0.95] as const;

export type HeldOutKind = 'interpolation' | 'extrapolation';
export const HELD_OUT_KINDS: readonly HeldOutKind[] = ['interpolation', 'extrapolation'];

export const EVAL_DEFAULTS: EvalOptions = { scalings: SCALING_MODEL_IDS, slas: ['mean', 'median', 'p90'], modes: EVAL_MODES, folds: 5, seed: 1 };

/** `(all)` is the overall row. */
export const ALL_FUNCS = '(all)';

export interface EvalRow {
  readonly mode: EvalMode;
  readonly scaling: ScalingModelId;
  readonly sla: SlaStatistic;
  readonly func: string;
  /** Held-out memory rows broken down by size: the held-out size. */
  readonly memoryMb?: number;
  /** Held-out memory rows broken down by kind (see the header). */
  readonly kind?: HeldOutKind;
  /** Held-out groups scored. */
  readonly groups: number;
  /** Held-out groups whose func had no training records. */
  readonly unknown: number;
  /** Mean absolute percentage error over groups, %. */
  readonly mapePct: number;
  /** 90th percentile of the groups' absolute percentage errors, %. */
  readonly p90Pct: number;
  /** Per-sample MAPE, % (mean SLA only). */
  readonly sampleMapePct?: number;
  /**
   * Coverage of the predicted distribution (median SLA rows only): the share of held-out
   * samples at or below the predicted p90 and p95, %; calibrated quantiles give 90 and 95.
   */
  readonly coverP90Pct?: number;
  readonly coverP95Pct?: number;
}

export interface EvalResult {
  readonly runs: number;
  readonly taskRecords: number;
  readonly funcs: number;
  readonly memorySizesMb: readonly number[];
  readonly options: EvalOptions;
  readonly rows: readonly EvalRow[];
  /** With `auto`: the model it picks per func when fitted on all runs, per SLA. */
  readonly choices: readonly AutoChoice[];
  /** Requested modes the runs cannot evaluate (one run, one memory size), with why. */
  readonly skipped: readonly { readonly mode: EvalMode; readonly reason: string }[];
}

export interface AutoChoice {
  readonly sla: SlaStatistic;
  readonly func: string;
  readonly model: CandidateModelId;
  /** The fit's pooled choice, the func's own, or the stated prior. */
  readonly source: 'pooled' | 'own' | 'prior';
  /** The model beyond the func's recorded sizes, when not `model`. */
  readonly extrapolationModel?: CandidateModelId;
  readonly reason: string;
  /** The fitted curve, e.g. `amdahl serial=12.0% at 512MB aws (6 sizes)`. */
  readonly curve: string;
}

interface Group {
  readonly func: string;
  readonly memoryMb: number;
  readonly inputBytes: number;
  readonly values: number[];
}

function groupsOf(records: Iterable<TaskRecord>): Group[] {
  const map = new Map<string, Group>();
  for (const r of records) {
    if (!(r.execMs > 0) || !(r.memoryMb > 0)) continue;
    const key = `${r.func}\u0000${r.memoryMb}\u0000${r.inputBytes}`;
    let g = map.get(key);
    if (!g) map.set(key, (g = { func: r.func, memoryMb: r.memoryMb, inputBytes: r.inputBytes, values: [] }));
    g.values.push(r.execMs);
  }
  return [...map.values()];
}

function* tasksOf(runs: readonly RecordedRun[]): Generator<TaskRecord> {
  for (const run of runs) yield* run.metrics.tasks;
}

class Accumulator {
  readonly apes: number[] = [];
  sampleApeSum = 0;
  sampleCount = 0;
  unknown = 0;
  /** Held-out samples at or below the predicted quantile, one count per COVERAGE_QUANTILES entry. */
  readonly covered = new Float64Array(COVERAGE_QUANTILES.length);
  coverSamples = 0;
}

export function evaluatePredictor(runs: readonly RecordedRun[], options: Partial<EvalOptions> = {}): EvalResult {
  const o: EvalOptions = { ...EVAL_DEFAULTS, ...options };
  const acc = new Map<string, Accumulator>();
  const accOf = (mode: EvalMode, scaling: ScalingModelId, sla: SlaStatistic, func: string, memoryMb = '', kind = '') => {
    const key = `${mode}\u0000${scaling}\u0000${sla}\u0000${func}\u0000${memoryMb}\u0000${kind}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = new Accumulator()));
    return a;
  };

  const fitOptions = { ...(o.powerAlpha !== undefined ? { powerAlpha: o.powerAlpha } : {}), ...(o.cpuProvider !== undefined ? { cpuProvider: o.cpuProvider } : {}), ...(o.auto !== undefined ? { auto: o.auto } : {}), ...(o.spreadGrowth !== undefined ? { spreadGrowth: o.spreadGrowth } : {}) };
  const score = (mode: EvalMode, train: readonly RecordedRun[], test: readonly Group[], kindOf?: (g: Group) => HeldOutKind | undefined) => {
    const actual = new Map<SlaStatistic, Float64Array>();
    for (const sla of o.slas) actual.set(sla, Float64Array.from(test, (g) => slaStatistic(g.values, sla)));
    const kinds = test.map((g) => kindOf?.(g));
    for (const scaling of o.scalings) {
      for (const sla of o.slas) {
        const predictor = fitPredictor(train, { sla, scaling, ...fitOptions });
        const truth = actual.get(sla)!;
        test.forEach((g, i) => {
          const p = predictor.exec(g.func, g.inputBytes, g.memoryMb);
          // The distribution does not depend on the SLA; its coverage is scored once, with the median's curve.
          const bounds = sla === 'median' && p.known ? COVERAGE_QUANTILES.map((q) => predictor.execQuantile(g.func, g.inputBytes, g.memoryMb, q)) : undefined;
          const kind = kinds[i];
          const targets = [accOf(mode, scaling, sla, g.func), accOf(mode, scaling, sla, ALL_FUNCS)];
          if (mode === 'held-out-memory' && kind) {
            targets.push(accOf(mode, scaling, sla, ALL_FUNCS, String(g.memoryMb), kind), accOf(mode, scaling, sla, ALL_FUNCS, '', kind));
          }
          for (const a of targets) {
            if (!p.known) {
              a.unknown++;
              continue;
            }
            const s = truth[i]!;
            if (s > 0) a.apes.push(Math.abs(p.value - s) / s);
            if (sla === 'mean') {
              for (const t of g.values) a.sampleApeSum += Math.abs(p.value - t) / t;
              a.sampleCount += g.values.length;
            }
            if (bounds) {
              bounds.forEach((b, k) => {
                if (b.known) for (const t of g.values) if (t <= b.value) a.covered[k]!++;
              });
              a.coverSamples += g.values.length;
            }
          }
        });
      }
    }
  };

  const skipped: { mode: EvalMode; reason: string }[] = [];
  if (o.modes.includes('held-out-runs') && runs.length < 2) skipped.push({ mode: 'held-out-runs', reason: `needs at least 2 runs, got ${runs.length}` });
  if (o.modes.includes('held-out-runs') && runs.length >= 2) {
    const folds = Math.max(2, Math.min(o.folds, runs.length));
    const order = Array.from(runs.keys());
    const random = seededRandom(o.seed);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const foldOf = new Int32Array(runs.length);
    order.forEach((runIndex, position) => (foldOf[runIndex] = position % folds));
    for (let f = 0; f < folds; f++) {
      const train = runs.filter((_, i) => foldOf[i] !== f);
      const test = groupsOf(tasksOf(runs.filter((_, i) => foldOf[i] === f)));
      score('held-out-runs', train, test);
    }
  }

  const sizes = [...new Set([...tasksOf(runs)].map((t) => t.memoryMb))].sort((a, b) => a - b);
  if (o.modes.includes('held-out-memory') && sizes.length < 2) skipped.push({ mode: 'held-out-memory', reason: `needs task records at 2 or more memory sizes, got ${sizes.length === 0 ? 'none' : `only ${sizes.join(', ')} MB`}` });
  if (o.modes.includes('held-out-memory') && sizes.length >= 2) {
    const funcSizes = new Map<string, number[]>();
    for (const t of tasksOf(runs)) {
      if (!(t.execMs > 0) || !(t.memoryMb > 0)) continue;
      const list = funcSizes.get(t.func);
      if (!list) funcSizes.set(t.func, [t.memoryMb]);
      else if (!list.includes(t.memoryMb)) list.push(t.memoryMb);
    }
    for (const size of sizes) {
      const train = runs.map((run) => ({ ...run, metrics: { ...run.metrics, tasks: run.metrics.tasks.filter((t) => t.memoryMb !== size) } }));
      const test = groupsOf([...tasksOf(runs)].filter((t) => t.memoryMb === size));
      const kindOf = (g: Group): HeldOutKind | undefined => {
        const others = (funcSizes.get(g.func) ?? []).filter((m) => m !== size);
        if (others.length === 0) return undefined;
        return others.some((m) => m < size) && others.some((m) => m > size) ? 'interpolation' : 'extrapolation';
      };
      score('held-out-memory', train, test, kindOf);
    }
  }

  const choices: AutoChoice[] = [];
  if (o.scalings.includes('auto')) {
    for (const sla of o.slas) {
      const predictor = fitPredictor(runs, { sla, scaling: 'auto', ...fitOptions });
      for (const [func, model] of [...predictor.funcs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const choice = model.exec.curve.choice;
        if (choice) choices.push({ sla, func, model: choice.model, source: choice.source, ...(choice.extrapolationModel ? { extrapolationModel: choice.extrapolationModel } : {}), reason: choice.reason, curve: model.exec.curve.describe });
      }
    }
  }

  const rows: EvalRow[] = [];
  for (const [key, a] of acc) {
    const [mode, scaling, sla, func, memoryMb, kind] = key.split('\u0000') as [EvalMode, ScalingModelId, SlaStatistic, string, string, HeldOutKind | ''];
    rows.push({
      mode,
      scaling,
      sla,
      func,
      ...(memoryMb !== '' ? { memoryMb: Number(memoryMb) } : {}),
      ...(kind !== '' ? { kind } : {}),
      groups: a.apes.length,
      unknown: a.unknown,
      mapePct: a.apes.length > 0 ? 100 * ss.mean(a.apes) : Number.NaN,
      p90Pct: a.apes.length > 0 ? 100 * ss.quantile(a.apes, 0.9) : Number.NaN,
      ...(a.sampleCount > 0 ? { sampleMapePct: (100 * a.sampleApeSum) / a.sampleCount } : {}),
      ...(a.coverSamples > 0 ? { coverP90Pct: (100 * a.covered[0]!) / a.coverSamples, coverP95Pct: (100 * a.covered[1]!) / a.coverSamples } : {}),
    });
  }
  const modeRank = (m: EvalMode) => EVAL_MODES.indexOf(m);
  // Overall row, then per kind, then per held-out size (and kind), then per func.
  const part = (r: EvalRow) => (r.func !== ALL_FUNCS ? 3 : r.memoryMb !== undefined ? 2 : r.kind !== undefined ? 1 : 0);
  const kindRank = (r: EvalRow) => (r.kind === undefined ? -1 : HELD_OUT_KINDS.indexOf(r.kind));
  rows.sort((x, y) =>
    modeRank(x.mode) - modeRank(y.mode) ||
    o.scalings.indexOf(x.scaling) - o.scalings.indexOf(y.scaling) ||
    o.slas.indexOf(x.sla) - o.slas.indexOf(y.sla) ||
    part(x) - part(y) ||
    (x.memoryMb ?? 0) - (y.memoryMb ?? 0) ||
    kindRank(x) - kindRank(y) ||
    (x.func < y.func ? -1 : x.func > y.func ? 1 : 0),
  );
  const funcs = new Set([...tasksOf(runs)].map((t) => t.func));
  return { runs: runs.length, taskRecords: [...tasksOf(runs)].length, funcs: funcs.size, memorySizesMb: sizes, options: o, rows, choices, skipped };
}
