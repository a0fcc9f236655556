import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { singleFunctionDataset } from '../src/import/single-function-dataset.js';
import * as ss from 'simple-statistics';
import { evaluatePredictor, ALL_FUNCS, type EvalRow } from '../src/predict/evaluate-predictor.js';
import { EVAL_SOURCES } from '../src/predict/eval-sources.js';
import { sharedDataset } from './support/shared-datasets.js';
import { importSebsArtifact } from '../src/import/sebs-artifact.js';
import { importSizeless } from '../src/import/sizeless.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { seededRandom } from '../src/util/random.js';
import { runOf, type TaskSample } from './support/predict-fixtures.js';
import type { RecordedRun } from '../src/dataset/types.js';
import { tempDir } from './support/temp-dir.js';

const SIZES = [128, 256, 512, 1024, 2048, 3008];

/** One run per invocation: 'cpu' scales like (512/m)^0.9 up to 1769 MB, 'io' like (512/m)^0.2 up to 512 MB, 'lonely' runs at 1024 MB only. */
function syntheticRuns(): RecordedRun[] {
  const random = seededRandom(42);
  const runs: RecordedRun[] = [];
  const add = (s: TaskSample) => runs.push(runOf([s], [], [], runs.length));
  for (const m of SIZES) {
    for (let k = 0; k < 20; k++) {
      add({ func: 'cpu', memoryMb: m, execMs: 1000 * Math.pow(512 / Math.min(m, 1769), 0.9) * (1 + 0.05 * (random() - 0.5)) });
      add({ func: 'io', memoryMb: m, execMs: 300 * Math.pow(512 / Math.min(m, 512), 0.2) * (1 + 0.05 * (random() - 0.5)) });
    }
  }
  for (let k = 0; k < 10; k++) add({ func: 'lonely', memoryMb: 1024, execMs: 50 + random() });
  return runs;
}

const overall = (r: EvalRow) => r.memoryMb === undefined && r.kind === undefined;
const row = (rows: readonly EvalRow[], mode: string, scaling: string, sla: string, func = ALL_FUNCS) => {
  const r = rows.find((x) => x.mode === mode && x.scaling === scaling && x.sla === sla && x.func === func && overall(x));
  if (!r) throw new Error(`no row ${mode} ${scaling} ${sla} ${func}`);
  return r;
};

describe('evaluatePredictor on a synthetic dataset with known curves', () => {
  const runs = syntheticRuns();
  const result = evaluatePredictor(runs, { folds: 4, seed: 3 });

  it('reports every mode x scaling x SLA, overall and per func', () => {
    expect(result.rows.filter((r) => r.func === ALL_FUNCS && overall(r))).toHaveLength(2 * 6 * 3);
    for (const func of ['cpu', 'io', 'lonely']) expect(result.rows.some((r) => r.func === func)).toBe(true);
    expect(result.memorySizesMb).toEqual(SIZES);
    expect(result.funcs).toBe(3);
  });

  it('held-out memory rows per held-out size and per kind add up to the overall row', () => {
    for (const scaling of ['linear', 'fitted', 'amdahl', 'auto']) {
      const all = row(result.rows, 'held-out-memory', scaling, 'median');
      const byKind = result.rows.filter((r) => r.mode === 'held-out-memory' && r.scaling === scaling && r.sla === 'median' && r.func === ALL_FUNCS && r.kind !== undefined && r.memoryMb === undefined);
      expect(byKind.map((r) => r.kind)).toEqual(['interpolation', 'extrapolation']);
      expect(byKind.reduce((n, r) => n + r.groups, 0)).toBe(all.groups);
      const weighted = byKind.reduce((sum, r) => sum + r.mapePct * r.groups, 0) / all.groups;
      expect(weighted).toBeCloseTo(all.mapePct, 9);
      const bySize = result.rows.filter((r) => r.mode === 'held-out-memory' && r.scaling === scaling && r.sla === 'median' && r.func === ALL_FUNCS && r.memoryMb !== undefined);
      expect(bySize.reduce((n, r) => n + r.groups, 0)).toBe(all.groups);
      // 'cpu' and 'io' are recorded at every size: the smallest and largest are extrapolation, the others interpolation
      for (const r of bySize) expect(r.kind).toBe(r.memoryMb === SIZES[0] || r.memoryMb === SIZES.at(-1) ? 'extrapolation' : 'interpolation');
      expect(bySize.map((r) => r.memoryMb)).toEqual(SIZES);
    }
    expect(result.rows.some((r) => r.mode === 'held-out-runs' && (r.kind !== undefined || r.memoryMb !== undefined))).toBe(false);
  });

  it('auto: far better than the fixed curves, near the generating family (fitted), and records its choice per func', () => {
    const auto = row(result.rows, 'held-out-memory', 'auto', 'median');
    const fitted = row(result.rows, 'held-out-memory', 'fitted', 'median');
    for (const fixed of ['linear', 'power']) expect(auto.mapePct).toBeLessThan(row(result.rows, 'held-out-memory', fixed, 'median').mapePct / 2);
    expect(auto.mapePct).toBeLessThan(fitted.mapePct + 2);
    const choices = result.choices.filter((c) => c.sla === 'median');
    expect(choices.map((c) => c.func)).toEqual(['cpu', 'io', 'lonely']);
    expect(choices.find((c) => c.func === 'lonely')!.reason).toMatch(/^pooled .*; 1 recorded size/);
    expect(choices.find((c) => c.func === 'lonely')!.source).toBe('pooled');
    expect(choices.find((c) => c.func === 'cpu')!.reason).toMatch(/leave-one-size-out/);
  });

  it('held-out runs: small error at recorded sizes', () => {
    const r = row(result.rows, 'held-out-runs', 'fitted', 'median');
    expect(r.mapePct).toBeLessThan(3);
    expect(r.unknown).toBe(0);
    expect(row(result.rows, 'held-out-runs', 'fitted', 'mean').sampleMapePct).toBeLessThan(3);
  });

  it('held-out memory: the fitted model beats linear and power on curves they do not follow', () => {
    const fitted = row(result.rows, 'held-out-memory', 'fitted', 'median');
    const linear = row(result.rows, 'held-out-memory', 'linear', 'median');
    const power = row(result.rows, 'held-out-memory', 'power', 'median');
    expect(fitted.mapePct).toBeLessThan(linear.mapePct);
    expect(fitted.mapePct).toBeLessThan(power.mapePct);
    expect(fitted.mapePct).toBeLessThan(8);
  });

  it('counts a func recorded at one size only as unknown when that size is held out', () => {
    expect(row(result.rows, 'held-out-memory', 'fitted', 'median', 'lonely').unknown).toBe(1);
    expect(row(result.rows, 'held-out-memory', 'fitted', 'median', 'lonely').groups).toBe(0);
  });

  it('is deterministic for a seed, and the folds depend on it', () => {
    expect(evaluatePredictor(runs, { folds: 4, seed: 3 }).rows).toEqual(result.rows);
    const other = evaluatePredictor(runs, { folds: 4, seed: 4, modes: ['held-out-runs'] });
    expect(row(other.rows, 'held-out-runs', 'fitted', 'mean').mapePct).not.toBe(row(result.rows, 'held-out-runs', 'fitted', 'mean').mapePct);
  });
});

describe('held-out runs and the scaling model (the README: they depend on it only through the input-size regression)', () => {
  /**
   * 'flat' records no input size: predicted by its per-size statistic, whatever the model.
   * 'sized' (as SeBS-Flow's aws/650.vid/analyse): input 0 at 1024 MB, three input sizes at
   * 2048 MB, time growing with input. Its regression on input bytes is fitted on times
   * normalized by the scaling curve, so it differs by model even at recorded sizes.
   */
  function runs(): RecordedRun[] {
    const random = seededRandom(7);
    const out: RecordedRun[] = [];
    const add = (s: TaskSample) => out.push(runOf([s], [], [], out.length));
    for (let k = 0; k < 30; k++) {
      for (const m of [1024, 2048]) add({ func: 'flat', memoryMb: m, execMs: (m === 1024 ? 200 : 120) * (1 + 0.2 * random()) });
      add({ func: 'sized', memoryMb: 1024, inputBytes: 0, execMs: 900 * (1 + 0.2 * random()) });
      for (const x of [0, 1e8, 2e8]) add({ func: 'sized', memoryMb: 2048, inputBytes: x, execMs: (500 + x * 2e-6) * (1 + 0.2 * random()) });
    }
    return out;
  }
  const result = evaluatePredictor(runs(), { modes: ['held-out-runs'], slas: ['median'] });
  const mape = (scaling: string, func: string) => row(result.rows, 'held-out-runs', scaling, 'median', func).mapePct;

  it('gives the same numbers for every model on a func without input sizes, other numbers on one regressed on input bytes', () => {
    const models = ['linear', 'power', 'fitted', 'amdahl', 'amdahl-capped', 'auto'];
    // Same up to rounding (t / factor * factor).
    for (const m of models) expect(mape(m, 'flat')).toBeCloseTo(mape('linear', 'flat'), 9);
    expect(Math.abs(mape('linear', 'sized') - mape('power', 'sized'))).toBeGreaterThan(1);
  });
});

describe('coverage of the predicted p90 / p95 at held-out sizes', () => {
  // t = 1000 * 512/m * exp(0.3 Z): the linear curve is exact and every size has the same
  // normalized distribution, so at a held-out size one doubling from its neighbours the
  // predicted q-quantile is median * exp(z(q) (0.3 + g)) and covers Phi(z(q) (1 + g / 0.3)).
  const random = seededRandom(11);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const samples: TaskSample[] = [];
  for (const m of [128, 256, 512, 1024, 2048]) for (let k = 0; k < 2000; k++) samples.push({ func: 'f', memoryMb: m, execMs: ((1000 * 512) / m) * Math.exp(0.3 * normal()) });
  const coverage = (spreadGrowth: number) => row(evaluatePredictor([runOf(samples)], { scalings: ['linear'], slas: ['median'], modes: ['held-out-memory'], spreadGrowth }).rows, 'held-out-memory', 'linear', 'median');

  it('matches the normal-theory oracle with and without the added spread', () => {
    for (const g of [0, 0.1, 0.25]) {
      const r = coverage(g);
      // z(0.9) = 1.2815515655446004, z(0.95) = 1.6448536269514722 (textbook values)
      expect(r.coverP90Pct!).toBeCloseTo(100 * ss.cumulativeStdNormalProbability(1.2815515655446004 * (1 + g / 0.3)), 0);
      expect(r.coverP95Pct!).toBeCloseTo(100 * ss.cumulativeStdNormalProbability(1.6448536269514722 * (1 + g / 0.3)), 0);
    }
  });

  it('is reported on median rows only', () => {
    const result = evaluatePredictor([runOf(samples)], { scalings: ['linear'], slas: ['mean', 'median'], modes: ['held-out-memory'] });
    expect(row(result.rows, 'held-out-memory', 'linear', 'mean').coverP90Pct).toBeUndefined();
    expect(row(result.rows, 'held-out-memory', 'linear', 'median').coverP95Pct).toBeGreaterThan(0);
  });
});

// The third-party sources live outside the repository (no license stated: never shipped).
for (const source of EVAL_SOURCES) {
  const dir = sharedDataset(source.folder);
  describe.skipIf(!dir)(`shared source ${source.id}${dir ? '' : ' (SKIPPED: ../shared/datasets absent)'}`, () => {
    it('converts, and predicts held-out runs and memory sizes with no unknown funcs in held-out runs', () => {
      const data = source.load(dir!);
      expect(data.runs.length).toBeGreaterThan(1000);
      const result = evaluatePredictor(data.runs, { scalings: ['linear', 'fitted'], slas: ['median'] });
      const runs = row(result.rows, 'held-out-runs', 'fitted', 'median');
      expect(runs.unknown).toBe(0);
      expect(runs.groups).toBeGreaterThan(10);
      const memory = row(result.rows, 'held-out-memory', 'fitted', 'median');
      expect(Number.isFinite(memory.mapePct)).toBe(true);
      expect(memory.groups).toBeGreaterThan(10);
    });
  });
}

const sebsDir = sharedDataset(EVAL_SOURCES[0]!.folder);
const sizelessDir = sharedDataset(EVAL_SOURCES[1]!.folder);
describe('converters keep units and produce valid datasets', () => {
  it.skipIf(!sebsDir)('sebs-artifact: exec_time microseconds -> ms (aws 503 graph-bfs warm median about 866 ms at 128 MB)', () => {
    const { dataset } = importSebsArtifact(sebsDir!);
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
    const at128 = dataset.runs.flatMap((r) => r.metrics.tasks).filter((t) => t.func === 'aws/503.graph-bfs' && t.memoryMb === 128).map((t) => t.execMs);
    expect(ss.median(at128)).toBeGreaterThan(800);
    expect(ss.median(at128)).toBeLessThan(930);
    expect(dataset.workflows.some((w) => w.name.startsWith('azure/'))).toBe(false);
  });
  it.skipIf(!sizelessDir)('sizeless: duration ms (linpack mean about 430 s at 128 MB)', () => {
    const { dataset } = importSizeless(sizelessDir!);
    expect(dataset.runs).toHaveLength(52800);
    expect(dataset.memoryLadderMb).toEqual([128, 256, 512, 1024, 2048, 3008, 4096, 16384]);
    const linpack = dataset.runs.flatMap((r) => r.metrics.tasks).filter((t) => t.func === 'linpack' && t.memoryMb === 128).map((t) => t.execMs);
    expect(ss.mean(linpack) / 1000).toBeGreaterThan(400);
    expect(ss.mean(linpack) / 1000).toBeLessThan(460);
  });
});

describe('slackline predict-eval (CLI)', () => {
  const dataset = singleFunctionDataset(
    { name: 'synthetic-single', description: 'test', source: { kind: 'synthetic', origin: 'predict-eval.test', license: 'MIT' } },
    syntheticRuns().map((r) => ({ func: r.metrics.tasks[0]!.func, memoryMb: r.metrics.tasks[0]!.memoryMb, execMs: r.metrics.tasks[0]!.execMs })),
  );
  const dir = tempDir('predict-eval');
  const file = join(dir, 'synthetic.json');
  writeFileSync(file, JSON.stringify(dataset));

  it('prints the evaluation as JSON and writes --out', async () => {
    const out = join(dir, 'result.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['node', 'slackline', 'predict-eval', file, '--sla', 'median,p95', '--scaling', 'fitted', '--json', '--out', out])).toBe(0);
      const printed = JSON.parse(log.mock.calls.map((c) => String(c[0])).join('\n'));
      expect(printed.rows.filter((r: EvalRow) => r.func === ALL_FUNCS && overall(r)).map((r: EvalRow) => `${r.mode}/${r.sla}`)).toEqual(['held-out-runs/median', 'held-out-runs/p95', 'held-out-memory/median', 'held-out-memory/p95']);
      const sized = printed.rows.filter((r: EvalRow) => r.memoryMb !== undefined);
      expect(sized.length).toBeGreaterThan(0);
      for (const r of sized) expect(['interpolation', 'extrapolation']).toContain(r.kind);
      expect(new Set(sized.map((r: EvalRow) => r.memoryMb))).toEqual(new Set(SIZES));
      expect(JSON.parse(readFileSync(out, 'utf8')).rows).toEqual(printed.rows);
    } finally {
      log.mockRestore();
    }
  });

  it('--per-func prints each func\'s chosen model and why; the table has held-out size and kind columns', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['node', 'slackline', 'predict-eval', file, '--sla', 'median', '--scaling', 'fitted,auto', '--mode', 'memory', '--per-func', '--markdown'])).toBe(0);
      const text = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(text).toMatch(/\| mode \| scaling \| sla \| held-out MB \| kind \|/);
      expect(text).toMatch(/\| held-out-memory \| auto \| median \| 3008 \| extrapolation \|/);
      expect(text).toMatch(/held-out memory by kind/);
      expect(text).toMatch(/auto chose \(median\)/);
      expect(text).toMatch(/\| cpu \| median \| (linear|power|fitted|amdahl|amdahl-capped) \| (pooled|own) \| (pooled stack [0-9.]+ \S+|pooled \S+ \(lowest|own: ).*leave-one-size-out error/);
      expect(text).toMatch(/\| lonely \| .* \| (linear|power|fitted|amdahl|amdahl-capped)(, \S+ beyond)? \(pooled\) \|/);
    } finally {
      log.mockRestore();
    }
  });

  it('--metrics reads the runs from a metrics store: same rows as the dataset argument', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(['node', 'slackline', 'predict-eval', file, '--sla', 'median', '--scaling', 'linear', '--json'])).toBe(0);
      const direct = JSON.parse(String(log.mock.calls.at(-1)?.[0]));
      expect(await main(['node', 'slackline', 'predict-eval', '--metrics', file, '--sla', 'median', '--scaling', 'linear', '--json'])).toBe(0);
      const viaStore = JSON.parse(String(log.mock.calls.at(-1)?.[0]));
      expect(viaStore.rows.length).toBeGreaterThan(0);
      expect(viaStore.rows).toEqual(direct.rows);
      expect(viaStore.input).toContain(file);
      expect(await main(['node', 'slackline', 'predict-eval', file, '--metrics', file])).toBe(1);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/not several/);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });

  it('exits 1 with a clear message on a bad SLA, scaling or mode', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(['node', 'slackline', 'predict-eval', file, '--sla', 'p200'])).toBe(1);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/bad SLA statistic "p200"/);
      expect(await main(['node', 'slackline', 'predict-eval', file, '--scaling', 'cubic'])).toBe(1);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/unknown scaling model "cubic"/);
      expect(await main(['node', 'slackline', 'predict-eval', '--source', 'nope'])).toBe(1);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/unknown source "nope"/);
    } finally {
      error.mockRestore();
    }
  });
});
