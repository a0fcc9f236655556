/**
 * The benchmark's derived metrics on a hand-made set of rows: directions, ratio to the
 * best planner of the same instance, saving against `uniform largest`, deadline met,
 * grouping by instance, the summary table; plus run keys and the sweep config format.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics, getMetric, instanceKey, isBetter, metricsRegistry } from '../src/bench/metrics-registry.js';
import { markdownTable, summarize } from '../src/bench/summary-table.js';
import { runKey } from '../src/bench/run-key.js';
import { RUN_ROW_VERSION, type RunRow, type RunResult } from '../src/bench/run-row.js';
import { expandParamGrid, parseSweepConfig, readSweepConfig, resolveSweepConfig, SWEEP_DEFAULTS } from '../src/bench/config.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { expandSweep } from '../src/bench/sweep.js';
import type { DatasetSource } from '../src/bench/bench-instance.js';
import { paretoFrontier } from '../src/bench/charts.js';
import { SlacklineError } from '../src/errors.js';

const INPUTS = { data: 'data-hash', planner: 'planner-version', project: '0.0.0+engine.x' };

function result(makespanMs: number, costUsd: number, extra: Partial<RunResult> = {}): RunResult {
  return { makespanMs, costUsd, gbSeconds: costUsd * 1000, workers: 3, coldStarts: 2, warmStarts: 1, bytesMoved: 2048, planningMs: 1.5, claimsDeadline: false, deadlineMet: null, stats: {}, ...extra };
}

function row(planner: string, params: Record<string, string | number>, res: RunResult | undefined, over: Partial<RunRow> = {}): RunRow {
  const spec = { dataset: 'd1', workflow: 'w', planner, params, sla: 'p90', deadline: null as string | null, seed: 1, ...over };
  const key = runKey(spec, INPUTS);
  return {
    ...spec,
    version: RUN_ROW_VERSION,
    key: key.key,
    hash: key.hash,
    inputs: key.inputs,
    fingerprint: key.fingerprint,
    tasks: 10,
    edges: 9,
    deadlineMs: null,
    fastestMakespanMs: 100,
    state: res ? 'done' : 'errored',
    ...(res ? { result: res } : { error: 'boom' }),
    wallMs: 3,
    threads: 2,
    finishedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

describe('metrics registry', () => {
  it('every metric has a direction, and isBetter follows it', () => {
    for (const m of metricsRegistry) expect(['lower', 'higher']).toContain(m.direction);
    expect(isBetter(getMetric('makespanMs'), 100, 200)).toBe(true);
    expect(isBetter(getMetric('costSaving'), 0.3, 0.1)).toBe(true);
    expect(isBetter(getMetric('costSaving'), 0.1, 0.3)).toBe(false);
    expect(getMetric('deadlineMet').direction).toBe('higher');
  });

  it('computes the ratio to the fastest makespan (the deadline base) and the saving vs uniform largest within an instance', () => {
    const rows = [
      row('uniform', { size: 'largest' }, result(1000, 0.004), { fastestMakespanMs: 1000 }),
      row('uniform', { size: '512' }, result(2500, 0.002), { fastestMakespanMs: 1000 }),
      row('best-then-downgrade', {}, result(1000, 0.001), { fastestMakespanMs: 1000 }),
      row('exhaustive', {}, undefined, { fastestMakespanMs: 1000 }),
      // Same planners on another dataset: must not mix with d1.
      row('uniform', { size: 'largest' }, result(10, 1), { dataset: 'd2', fastestMakespanMs: 5 }),
      row('best-then-downgrade', {}, result(5, 0.5), { dataset: 'd2', fastestMakespanMs: 5 }),
    ];
    const m = computeMetrics(rows);
    const byPlanner = (dataset: string, planner: string, size?: string) => m.find((x) => x.row.dataset === dataset && x.row.planner === planner && (size === undefined || x.row.params.size === size))!.values;
    expect(byPlanner('d1', 'uniform', 'largest').makespanRatio).toBeCloseTo(1, 12);
    expect(byPlanner('d1', 'uniform', '512').makespanRatio).toBeCloseTo(2.5, 12);
    expect(byPlanner('d1', 'uniform', 'largest').costSaving).toBeCloseTo(0, 12);
    expect(byPlanner('d1', 'uniform', '512').costSaving).toBeCloseTo(0.5, 12);
    expect(byPlanner('d1', 'best-then-downgrade').costSaving).toBeCloseTo(0.75, 12);
    expect(byPlanner('d1', 'exhaustive').makespanRatio).toBeNull();
    expect(byPlanner('d1', 'exhaustive').costSaving).toBeNull();
    expect(byPlanner('d2', 'uniform').makespanRatio).toBeCloseTo(2, 12);
    expect(byPlanner('d2', 'best-then-downgrade').costSaving).toBeCloseTo(0.5, 12);
    expect(instanceKey(rows[0]!)).not.toBe(instanceKey(rows[4]!));
  });

  it('has no saving without a baseline row, and deadline met is 1/0/null', () => {
    const rows = [
      row('a', {}, result(100, 1, { deadlineMet: true }), { deadline: '1.2x', deadlineMs: 120 }),
      row('b', {}, result(200, 1, { deadlineMet: false }), { deadline: '1.2x', deadlineMs: 120 }),
      row('c', {}, result(100, 1)),
    ];
    const m = computeMetrics(rows);
    expect(m.map((x) => x.values.deadlineMet)).toEqual([1, 0, null]);
    expect(m.every((x) => x.values.costSaving === null)).toBe(true);
    // The ratio's base is the row's own fastest makespan (100 here), the base of its deadline too.
    expect(m.map((x) => x.values.makespanRatio)).toEqual([1, 2, 1]);
    // A plan with its own worker assignment may beat it: the ratio then is below 1, never hidden.
    expect(computeMetrics([row('w', {}, result(80, 1))])[0]!.values.makespanRatio).toBeCloseTo(0.8, 12);
  });

  it('summarizes over seeds and bolds the best value of each group', () => {
    const rows = [
      row('uniform', { size: 'largest' }, result(1000, 0.004), { seed: 1 }),
      row('uniform', { size: 'largest' }, result(1000, 0.004), { seed: 2 }),
      row('random-search', {}, result(900, 0.003), { seed: 1 }),
      row('random-search', {}, result(1100, 0.001), { seed: 2 }),
      row('exhaustive', {}, undefined, { seed: 1, state: 'refused', error: 'too many tasks' }),
    ];
    const lines = summarize(computeMetrics(rows));
    const rs = lines.find((l) => l.planner === 'random-search')!;
    expect(rs.seeds).toBe(2);
    expect(rs.means.makespanMs).toBeCloseTo(1000, 9);
    expect(rs.means.costUsd).toBeCloseTo(0.002, 12);
    const table = markdownTable(lines);
    const lineOf = (planner: string) => table.split('\n').find((l) => l.includes(`| ${planner} |`))!;
    expect(lineOf('random-search')).toContain('**2.000e-3**');
    expect(lineOf('uniform')).not.toContain('**2.000e-3**');
    expect(lineOf('exhaustive')).toContain('refused: too many tasks');
    expect(table.split('\n')[1]).toMatch(/^\| ---/);
  });

  it('finds the Pareto frontier on (makespan, cost)', () => {
    const points = [
      { makespanMs: 1, costUsd: 10 },
      { makespanMs: 2, costUsd: 5 },
      { makespanMs: 3, costUsd: 7 }, // dominated by (2, 5)
      { makespanMs: 4, costUsd: 1 },
    ];
    expect(paretoFrontier(points)).toEqual([points[0], points[1], points[3]]);
  });
});

describe('run keys and config', () => {
  it('a key does not depend on parameter order; any field changes it', () => {
    const spec = { dataset: 'd', workflow: 'w', planner: 'p', params: { b: 2, a: 'x' }, sla: 'p90', deadline: '1.2x', seed: 1 };
    const k = runKey(spec, INPUTS);
    expect(runKey({ ...spec, params: { a: 'x', b: 2 } }, INPUTS)).toEqual(k);
    expect(k.key).toBe('d/w/p/a=x,b=2/sla=p90/deadline=1.2x/seed=1');
    expect(k.hash).toMatch(/^[0-9a-f]{12}$/);
    for (const change of [{ seed: 2 }, { sla: 'mean' }, { deadline: null }, { params: { a: 'y', b: 2 } }, { dataset: 'e' }]) {
      expect(runKey({ ...spec, ...change }, INPUTS).hash).not.toBe(k.hash);
    }
    // Inputs do not move the row's file (it is replaced in place) but change its fingerprint.
    for (const change of [{ data: 'other' }, { planner: 'edited' }, { project: '0.0.1+engine.x' }]) {
      const other = runKey(spec, { ...INPUTS, ...change });
      expect([other.key, other.fileName]).toEqual([k.key, k.fileName]);
      expect(other.fingerprint).not.toBe(k.fingerprint);
    }
  });

  it('expands a parameter grid as a cartesian product', () => {
    expect(expandParamGrid({ b: [1, 2], a: ['x', 'y'] })).toEqual([
      { a: 'x', b: 1 },
      { a: 'x', b: 2 },
      { a: 'y', b: 1 },
      { a: 'y', b: 2 },
    ]);
    expect(expandParamGrid({})).toEqual([{}]);
  });

  it('validates a config file with errors naming the file and JSON path; flags win over the file', () => {
    expect(() => parseSweepConfig({ workers: -1 }, 'cfg.json')).toThrow(/cfg\.json.*\$\.workers/);
    expect(() => parseSweepConfig({ datasets: 'x' }, 'cfg.json')).toThrow(SlacklineError);
    expect(() => parseSweepConfig({ unknownField: 1 }, 'cfg.json')).toThrow(/cfg\.json/);
    const file = parseSweepConfig({ datasets: ['a'], workers: 1, params: { uniform: { size: ['largest', 512] } } }, 'cfg.json');
    const config = resolveSweepConfig(file, { workers: 2 });
    expect(config.workers).toBe(2);
    expect(config.datasets).toEqual(['a']);
    expect(config.params).toEqual({ uniform: { size: ['largest', 512] } });
    expect(config.sla).toEqual(SWEEP_DEFAULTS.sla);
  });

  it('the shipped example config is valid for the registered planners, and unknown parameters are refused', () => {
    const file = readSweepConfig(new URL('../benchmarks/sweep-config.example.json', import.meta.url).pathname);
    const config = resolveSweepConfig(file, {});
    // Sources stand in for the datasets (no loading): one workflow each.
    const sources: DatasetSource[] = config.datasets.map((name) => ({ name, ladderMb: [128, 512, 1024, 10240], workflows: [{ name, signature: 's', tasks: 10, edges: 9, dataHash: 'h' }], prepare: () => { throw new Error('not prepared in this test'); } }));
    const runs = expandSweep(config, defaultPlannerRegistry(), sources);
    // uniform x 2 sizes, deadline-downgrade x 4, two more planners x 1; x 4 datasets x 2 SLAs x 2 deadlines x 2 seeds.
    expect(runs).toHaveLength((2 + 4 + 1 + 1) * 4 * 2 * 2 * 2);
    expect(new Set(runs.map((r) => r.key.key)).size).toBe(runs.length);
    expect(() => expandSweep({ ...config, params: { uniform: { nope: [1] } } }, defaultPlannerRegistry(), sources)).toThrow(/nope/);
    expect(() => expandSweep({ ...config, algorithms: ['no-such-planner'] }, defaultPlannerRegistry(), sources)).toThrow(/no-such-planner/);
    expect(() => expandSweep({ ...config, deadline: ['soon'] }, defaultPlannerRegistry(), sources)).toThrow(/bad deadline "soon"/);
    expect(() => expandSweep({ ...config, sla: ['p200'] }, defaultPlannerRegistry(), sources)).toThrow(/p200/);
  });
});
