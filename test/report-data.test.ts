/**
 * What the HTML report is built from, checked without a browser: a plan's segments and
 * Gantt lanes against the timing model and a brute-force overlap count, the aggregated DAG
 * against depths from a unit-weight critical-path pass, and the data of a real small
 * sweep (plans, styles, missing plans, provenance) and its self-contained page.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planners } from '../algorithms/index.js';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { sweepProvenance } from '../src/bench/provenance.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runKey } from '../src/bench/run-key.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner } from '../src/bench/worker-pool.js';
import { writeSweepReport } from '../src/bench/write-report.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { buildDag } from '../src/dag/build-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { planTiming } from '../src/timing/timing-model.js';
import type { CompactPlan } from '../src/timing/types.js';
import { aggregateDag } from '../src/html-report/aggregate-dag.js';
import { collectReportData } from '../src/html-report/collect-report-data.js';
import { compile as compileVegaLiteOracle, type TopLevelSpec } from 'vega-lite';
import { ganttLanes, planView } from '../src/html-report/plan-view.js';
import { renderHtml } from '../src/html-report/render-html.js';
import { planningFixtures } from './fixtures/planning-dags.js';
import { tempDir } from './support/temp-dir.js';

const ORDER = planners.map((p) => p.id);

function plansOf(f: { dag: ReturnType<typeof toCompactDag>; durations: ReturnType<typeof groundTruthDurations> }): CompactPlan[] {
  const out: CompactPlan[] = [];
  for (const id of ['uniform', 'wukong', 'best-then-downgrade']) {
    const planner = planners.find((p) => p.id === id)!;
    out.push(planner.plan(createPlanningContext({ dag: f.dag, durations: f.durations, cost: AWS_LAMBDA_X86_COST, seed: 1 }), resolveParams(planner, {})).plan);
  }
  const preloaded = planners.find((p) => p.id === 'best-then-downgrade')!;
  out.push(preloaded.plan(createPlanningContext({ dag: f.dag, durations: f.durations, cost: AWS_LAMBDA_X86_COST, seed: 1 }), resolveParams(preloaded, { preload: true })).plan);
  return out;
}

const big = (() => {
  const dag = toCompactDag(buildDag(randomLayered({ tasks: 300, seed: 11 })));
  return { name: 'random-layered-300', dag, durations: groundTruthDurations(dag, [128, 512, 1024, 1769, 3008]) };
})();

describe('plan view', () => {
  it('splits every task into segments that sum to its finish minus its start under the timing model', () => {
    let checked = 0;
    for (const f of [...planningFixtures(), big]) {
      for (const plan of plansOf(f)) {
        const view = planView(f.dag, f.durations, plan);
        const timing = planTiming(f.dag, f.durations, plan);
        const preload = new Set(view.preload);
        for (let v = 0; v < f.dag.taskCount; v++) {
          const seg = view.segmentsMs.slice(4 * v, 4 * v + 4);
          expect(seg.every((s) => s >= 0)).toBe(true);
          const sum = seg.reduce((a, b) => a + b, 0);
          expect(Math.abs(view.earliestStartMs[v]! + sum - timing.earliestFinish[v]!)).toBeLessThan(0.05); // rounding to 0.01 ms
          if (preload.has(v)) expect(seg[0]! + seg[1]!).toBe(0);
          expect(Math.abs(view.slackMs[v]! - (timing.latestStart[v]! - timing.earliestStart[v]!))).toBeLessThan(0.01);
          checked++;
        }
        for (const v of view.criticalPath) expect(view.slackMs[v]!).toBeLessThan(0.01);
        expect(view.makespanMs).toBe(timing.makespanMs);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('gives a worker as many Gantt lanes as it has tasks running at once, and never overlaps two tasks in a lane', () => {
    for (const f of [...planningFixtures(), big]) {
      for (const plan of plansOf(f)) {
        const timing = planTiming(f.dag, f.durations, plan);
        const { rowOfWorker, lanesOfWorker, laneOf } = ganttLanes(plan, timing.earliestStart, timing.earliestFinish);
        expect([...rowOfWorker].sort((a, b) => a - b)).toEqual(Array.from({ length: plan.workerCount }, (_, i) => i));
        for (let w = 0; w < plan.workerCount; w++) {
          const tasks = Array.from({ length: f.dag.taskCount }, (_, v) => v).filter((v) => plan.workerOf[v] === w);
          const overlap = (a: number, b: number) => timing.earliestStart[a]! < timing.earliestFinish[b]! - 1e-9 && timing.earliestStart[b]! < timing.earliestFinish[a]! - 1e-9;
          for (const a of tasks) for (const b of tasks) if (a < b && laneOf[a] === laneOf[b]) expect(overlap(a, b)).toBe(false);
          // Brute force: the most tasks of w running at one instant (some task's start).
          const most = Math.max(1, ...tasks.map((t) => tasks.filter((u) => timing.earliestStart[u]! <= timing.earliestStart[t]! + 1e-9 && timing.earliestFinish[u]! > timing.earliestStart[t]! + 1e-9).length));
          expect(lanesOfWorker[w]).toBe(most);
        }
        const firstStart = (w: number) => Math.min(...Array.from({ length: f.dag.taskCount }, (_, v) => v).filter((v) => plan.workerOf[v] === w).map((v) => timing.earliestStart[v]!));
        const byRow = Array.from({ length: plan.workerCount }, (_, w) => w).sort((a, b) => rowOfWorker[a]! - rowOfWorker[b]!);
        for (let r = 1; r < byRow.length; r++) expect(firstStart(byRow[r]!)).toBeGreaterThanOrEqual(firstStart(byRow[r - 1]!));
      }
    }
  });
});

describe('aggregated DAG', () => {
  it('puts every task in one group of its func and depth band, depths as a unit-weight longest path gives them', () => {
    const { dag } = big;
    const agg = aggregateDag(dag, 6);
    const unit = computeTiming(dag, { nodeMs: new Float64Array(dag.taskCount).fill(1), edgeMs: new Float64Array(dag.edgeCount) });
    expect(agg.groups.reduce((a, g) => a + g.count, 0)).toBe(dag.taskCount);
    expect(new Set(agg.groups.map((g) => `${g.depth}/${g.func}`)).size).toBe(agg.groups.length);
    for (let v = 0; v < dag.taskCount; v++) {
      const g = agg.groups[agg.groupOf[v]!]!;
      expect(g.func).toBe(dag.funcNames[dag.funcOf[v]!]);
      const depth = unit.earliestStart[v]!; // ES with unit weights = tasks before v on the longest path
      expect(depth).toBeGreaterThanOrEqual(g.depth);
      expect(depth).toBeLessThanOrEqual(g.depthTo);
    }
    expect(new Set(agg.groups.map((g) => g.depth)).size).toBeLessThanOrEqual(6);
    // Every task edge across bands is counted once, in the edge of its two groups.
    let across = 0;
    for (let e = 0; e < dag.edgeCount; e++) if (agg.groups[agg.groupOf[dag.edgeFrom[e]!]!]!.depth !== agg.groups[agg.groupOf[dag.edgeTo[e]!]!]!.depth) across++;
    expect(agg.edges.reduce((a, e) => a + e.count, 0)).toBe(across);
    for (const e of agg.edges) expect(agg.groups[e.from]!.depth).toBeLessThan(agg.groups[e.to]!.depth);
  });
});

describe('report data of a sweep', async () => {
  const dir = tempDir('report-data');
  const registry = defaultPlannerRegistry();
  const config = resolveSweepConfig(undefined, { algorithms: ['uniform', 'best-then-downgrade', 'deadline-downgrade'], deadline: ['none', '1.2x'], workers: 0, results: dir });
  const store = new ResultsStore(dir);
  await runSweep({ config, registry, sources: ['chain-10', 'fan-out-fan-in-32'].map((name) => datasetSource(name)), store, runner: createInlineRunner(registry.planners) });
  await writeSweepReport(dir, store.readAll(), { charts: false, plannerOrder: ORDER });

  it('holds one instance per dataset x deadline, and every done run as a plan whose makespan is the row\'s', async () => {
    const data = await collectReportData(dir, { plannerOrder: ORDER });
    const rows = store.readAll();
    expect(data.instances.map((i) => i.id).sort()).toEqual(['chain-10--chain-10--p90--1.2x', 'chain-10--chain-10--p90--none', 'fan-out-fan-in-32--fan-out-fan-in-32--p90--1.2x', 'fan-out-fan-in-32--fan-out-fan-in-32--p90--none']);
    for (const inst of data.instances) {
      const own = rows.filter((r) => `${r.dataset}--${r.workflow}--${r.sla}--${r.deadline ?? 'none'}` === inst.id);
      const done = own.filter((r) => r.state === 'done');
      expect(inst.plans.map((p) => p.planner).sort()).toEqual(done.map((r) => r.planner).sort());
      for (const p of inst.plans) {
        const row = done.find((r) => r.planner === p.planner)!;
        expect(p.makespanMs).toBeCloseTo(row.result!.makespanMs, 1);
        const wf = data.workflows[inst.workflow]!;
        expect(p.workerOf).toHaveLength(wf.tasks);
        expect(p.segmentsMs).toHaveLength(4 * wf.tasks);
      }
      // Cheapest plan meeting the deadline (oracle: filter, then minimum).
      const meeting = inst.plans.filter((p) => p.deadlineMet !== false);
      const cheapest = Math.min(...(meeting.length > 0 ? meeting : inst.plans).map((p) => p.costUsd));
      expect(inst.plans[inst.defaultPlan]!.costUsd).toBe(cheapest);
    }
  });

  it('compiles every chart through the compile it is given (the chart thread in bench), with the same page data as in this thread', async () => {
    const compiled: unknown[] = [];
    const compile = async (spec: TopLevelSpec) => {
      const vega = compileVegaLiteOracle(spec).spec;
      compiled.push(vega);
      return vega;
    };
    const through = await collectReportData(dir, { plannerOrder: ORDER, compile });
    const here = await collectReportData(dir, { plannerOrder: ORDER });
    const charts = [...through.instances.map((i) => i.paretoSpec), through.planningTimeSpec, through.replay.spec].filter((spec) => spec !== null);
    expect(charts.length).toBe(through.instances.length + 2);
    expect(compiled).toHaveLength(charts.length);
    for (const spec of charts) expect(compiled).toContain(spec);
    const { generatedAt: _a, ...a } = through;
    const { generatedAt: _b, ...b } = here;
    expect(a).toEqual(b);
  });

  it('gives each planner one colour and one shape in every instance chart', async () => {
    const data = await collectReportData(dir, { plannerOrder: ORDER });
    expect(data.planners.map((p) => p.label)).toEqual(['uniform', 'best-then-downgrade', 'deadline-downgrade']);
    expect(new Set(data.planners.map((p) => p.colour)).size).toBe(3);
    expect(new Set(data.planners.map((p) => p.shape)).size).toBe(3);
    for (const inst of data.instances) {
      const scales = (inst.paretoSpec as { scales: { name: string; domain: unknown; range: unknown }[] }).scales;
      expect(scales.find((s) => s.name === 'color')).toMatchObject({ domain: data.planners.map((p) => p.label), range: data.planners.map((p) => p.colour) });
      expect(scales.find((s) => s.name === 'shape')).toMatchObject({ domain: data.planners.map((p) => p.label), range: data.planners.map((p) => p.shape) });
    }
  });

  it('names the plans it cannot draw, and shows the provenance the sweep recorded', async () => {
    const row = store.readAll().find((r) => r.dataset === 'chain-10' && r.planner === 'uniform' && r.deadline === null)!;
    const planFile = store.planPathOf(runKey(row, row.inputs));
    const saved = readFileSync(planFile, 'utf8');
    const summaryFile = join(dir, 'summary.json');
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>;
    rmSync(planFile);
    writeFileSync(summaryFile, JSON.stringify({ ...summary, provenance: { commit: 'abc123', command: 'slackline bench --datasets chain-10' } }));
    try {
      const data = await collectReportData(dir, { plannerOrder: ORDER });
      const inst = data.instances.find((i) => i.id === 'chain-10--chain-10--p90--none')!;
      expect(inst.plans.map((p) => p.planner)).not.toContain('uniform');
      expect(inst.withoutPlan).toContainEqual({ planner: 'uniform', reason: expect.stringContaining('no stored plan') });
      expect(inst.withoutPlan).toContainEqual({ planner: 'deadline-downgrade', reason: expect.stringContaining('refused') });
      expect(data.provenance).toEqual({ commit: 'abc123', command: 'slackline bench --datasets chain-10' });
    } finally {
      writeFileSync(planFile, saved);
      writeFileSync(summaryFile, JSON.stringify(summary));
    }
  });

  it('stores the replay of every dataset with recorded runs, one point per run', async () => {
    const data = await collectReportData(dir, { plannerOrder: ORDER });
    const recorded = ['chain-10', 'fan-out-fan-in-32'].map((name) => JSON.parse(readFileSync(join(dir, 'replay', `${name}.json`), 'utf8')) as { runs: unknown[] });
    expect(data.replay.runs).toHaveLength(recorded.reduce((a, r) => a + r.runs.length, 0));
    expect(data.replay.runs.every((r) => r.recordedMakespanMs > 0 && r.predictedMakespanMs !== null && r.predictedMakespanMs > 0)).toBe(true);
  });

  it('renders a page that loads nothing from outside and embeds exactly the data', async () => {
    const data = await collectReportData(dir, { plannerOrder: ORDER });
    const html = renderHtml(data);
    const tags = html.match(/<(script|link|img|iframe|object|embed)\b[^>]*>/gi) ?? [];
    expect(tags.filter((t) => /^<script/i.test(t))).toHaveLength(5);
    expect(tags.filter((t) => /\ssrc=|\shref=/i.test(t))).toEqual([]);
    expect(tags.filter((t) => !/^<script/i.test(t))).toEqual([]);
    const json = /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
    // JSON would turn NaN and Infinity into null silently: every number of the data is finite.
    const bad: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'number' && !Number.isFinite(value)) bad.push(path);
      else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    };
    walk(data, '$');
    expect(bad).toEqual([]);
  });
});

describe('report data and tables of a sweep over two worker assignments', async () => {
  const dir = tempDir('report-data-assignment');
  const registry = defaultPlannerRegistry();
  const config = resolveSweepConfig(undefined, { algorithms: ['uniform', 'deadline-downgrade'], assignment: ['chain', 'one-per-task'], workers: 0, results: dir });
  const store = new ResultsStore(dir);
  await runSweep({ config, registry, sources: [datasetSource('tree-reduction-unequal-64')], store, runner: createInlineRunner(registry.planners) });
  const report = await writeSweepReport(dir, store.readAll(), { charts: false, plannerOrder: ORDER });

  it('shows an assignment column in both tables, one line per planner and assignment, each saving against its own assignment\'s uniform largest', () => {
    const header = (md: string) => md.split('\n')[0]!.split(' | ');
    expect(header(report.markdown)).toContain('assignment');
    expect(header(report.overviewMarkdown)).toContain('assignment');
    expect(report.lines.map((l) => `${l.planner}/${l.assignment}`).sort()).toEqual(['deadline-downgrade/chain', 'deadline-downgrade/one-per-task', 'uniform/chain', 'uniform/one-per-task']);
    expect(report.overview.map((o) => `${o.planner}/${o.assignment}`).sort()).toEqual(['deadline-downgrade/chain', 'deadline-downgrade/one-per-task', 'uniform/chain', 'uniform/one-per-task']);
    for (const assignment of ['chain', 'one-per-task']) expect(report.lines.find((l) => l.planner === 'uniform' && l.assignment === assignment)!.means.costSaving).toBeCloseTo(0, 9);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('same worker assignment');
  });

  it('keeps every done run as a plan, labelled by its assignment', async () => {
    const data = await collectReportData(dir, { plannerOrder: ORDER });
    const done = store.readAll().filter((r) => r.state === 'done');
    expect(done).toHaveLength(4);
    const [inst] = data.instances;
    expect(data.instances).toHaveLength(1);
    expect(inst!.withoutPlan).toEqual([]);
    expect(inst!.plans.map((p) => p.planner).sort()).toEqual(['deadline-downgrade [chain]', 'deadline-downgrade [one-per-task]', 'uniform [chain]', 'uniform [one-per-task]']);
    expect(data.summary.map((s) => s.planner).sort()).toEqual(inst!.plans.map((p) => p.planner).sort());
    expect(data.planners.map((p) => p.label).sort()).toEqual(inst!.plans.map((p) => p.planner).sort());
  });
});

describe('report data of a held-out sweep', async () => {
  const dir = tempDir('report-data-holdout');
  const registry = defaultPlannerRegistry();
  // A share other than the default: the report takes it from the sweep's provenance.
  const config = resolveSweepConfig(undefined, { algorithms: ['uniform', 'deadline-downgrade'], evaluate: 'holdout', trainShare: 0.5, workers: 0, results: dir });
  const store = new ResultsStore(dir);
  const sources = ['chain-10', 'tree-reduction-unequal-64'].map((name) => datasetSource(name));
  const startedAt = new Date();
  await runSweep({ config, registry, sources, store, runner: createInlineRunner(registry.planners) });
  const provenance = sweepProvenance({ argv: [], config, registry, plannerIds: ['uniform', 'deadline-downgrade'], sources, startedAt, finishedAt: new Date() });
  await writeSweepReport(dir, store.readAll(), { charts: false, plannerOrder: ORDER, provenance });

  it('re-times each stored plan on the training share the row was planned on, and keeps every done run as a plan', async () => {
    const done = store.readAll().filter((r) => r.state === 'done');
    expect(done.length).toBeGreaterThanOrEqual(4);
    expect(done.every((r) => r.evaluate === 'holdout')).toBe(true);
    const data = await collectReportData(dir, { plannerOrder: ORDER, replay: false });
    expect(data.instances.flatMap((i) => i.withoutPlan.filter((w) => !w.reason.startsWith('refused')))).toEqual([]);
    expect(data.instances.reduce((a, i) => a + i.plans.length, 0)).toBe(done.length);
    for (const inst of data.instances) {
      for (const p of inst.plans) {
        const row = done.find((r) => `${r.dataset}--${r.workflow}--${r.sla}--${r.deadline ?? 'none'}` === inst.id && r.planner === p.planner)!;
        expect(p.makespanMs).toBeCloseTo(row.result!.makespanMs, 1);
      }
    }
  });
});
