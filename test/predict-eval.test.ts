import { describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { singleFunctionDataset } from '../src/import/single-function-dataset.js';
import * as ss from 'simple-statistics';
import { evaluatePredictor, ALL_FUNCS, type EvalRow } from '../src/predict/evaluate-predictor.js';
import { EVAL_SOURCES, sharedSourceDir, SHARED_DATASETS_DIR } from '../src/predict/eval-sources.js';
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

const row = (rows: readonly EvalRow[], mode: string, scaling: string, sla: string, func = ALL_FUNCS) => {
  const r = rows.find((x) => x.mode === mode && x.scaling === scaling && x.sla === sla && x.func === func);
  if (!r) throw new Error(`no row ${mode} ${scaling} ${sla} ${func}`);
  return r;
};

describe('evaluatePredictor on a synthetic dataset with known curves', () => {
  const runs = syntheticRuns();
  const result = evaluatePredictor(runs, { folds: 4, seed: 3 });

  it('reports every mode x scaling x SLA, overall and per func', () => {
    expect(result.rows.filter((r) => r.func === ALL_FUNCS)).toHaveLength(2 * 3 * 3);
    for (const func of ['cpu', 'io', 'lonely']) expect(result.rows.some((r) => r.func === func)).toBe(true);
    expect(result.memorySizesMb).toEqual(SIZES);
    expect(result.funcs).toBe(3);
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

// The third-party sources live outside the repository (no license stated: never shipped).
for (const source of EVAL_SOURCES) {
  const dir = sharedSourceDir(source);
  if (!dir) console.warn(`predict-eval.test: SKIPPING ${source.id}: ${SHARED_DATASETS_DIR}/${source.folder} is absent`);
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

describe.skipIf(!sharedSourceDir(EVAL_SOURCES[0]!))('converters keep units and produce valid datasets', () => {
  it('sebs-artifact: exec_time microseconds -> ms (aws 503 graph-bfs warm median about 866 ms at 128 MB)', () => {
    const { dataset } = importSebsArtifact(sharedSourceDir(EVAL_SOURCES[0]!)!);
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
    const at128 = dataset.runs.flatMap((r) => r.metrics.tasks).filter((t) => t.func === 'aws/503.graph-bfs' && t.memoryMb === 128).map((t) => t.execMs);
    expect(ss.median(at128)).toBeGreaterThan(800);
    expect(ss.median(at128)).toBeLessThan(930);
    expect(dataset.workflows.some((w) => w.name.startsWith('azure/'))).toBe(false);
  });
  it.skipIf(!sharedSourceDir(EVAL_SOURCES[1]!))('sizeless: duration ms (linpack mean about 430 s at 128 MB)', () => {
    const { dataset } = importSizeless(sharedSourceDir(EVAL_SOURCES[1]!)!);
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
      expect(printed.rows.filter((r: EvalRow) => r.func === ALL_FUNCS).map((r: EvalRow) => `${r.mode}/${r.sla}`)).toEqual(['held-out-runs/median', 'held-out-runs/p95', 'held-out-memory/median', 'held-out-memory/p95']);
      expect(JSON.parse(readFileSync(out, 'utf8')).rows).toEqual(printed.rows);
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
