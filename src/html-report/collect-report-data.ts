/**
 * Gathers everything the HTML report shows from a results directory: the stored rows and
 * plans of a sweep (`<results>/raw/`, `<results>/plans/`), the machine and provenance of
 * `summary.json`, the datasets the rows name (each instance's DAG and predicted durations
 * are prepared again, exactly as the sweep prepared them: with `--evaluate holdout`, fitted
 * on the same training share of the runs), and the replay of each dataset
 * (`<results>/replay/<dataset>.json`, computed and stored there when missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { machineDescription } from '../util/machine.js';
import { sourceOfDataset, type BenchInstance, type DatasetSource } from '../bench/bench-instance.js';
import { compileVegaLite, instanceId, paretoSpec, planningTimeSpec, sweepChartData } from '../bench/charts.js';
import { SWEEP_DEFAULTS } from '../bench/config.js';
import { computeMetrics, metricsRegistry } from '../bench/metrics-registry.js';
import { replaySnapshot, type ReplayReport } from '../bench/replay.js';
import { ResultsStore } from '../bench/results-store.js';
import { runKey, sortedParams } from '../bench/run-key.js';
import type { RunRow } from '../bench/run-row.js';
import { assignmentOf, plannerOverview, settingLabeller, summarize, TABLE_METRICS } from '../bench/summary-table.js';
import { loadDataset } from '../dataset/load-dataset.js';
import { resolveDataset, shippedDataset } from '../dataset/registry.js';
import type { Dataset } from '../dataset/types.js';
import { planFromFile, type PlanFile } from '../report/plan-file.js';
import { timeGreater } from '../timing/tolerance.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { aggregateDag } from './aggregate-dag.js';
import { planView, round2 } from './plan-view.js';
import { replaySpec } from './replay-spec.js';
import { REPLAY_SLA, replayFile } from './replay-file.js';
import {
  AGGREGATE_ABOVE_TASKS,
  REPORT_DATA_FORMAT,
  REPORT_DATA_VERSION,
  type InstanceData,
  type PlanData,
  type ReplayData,
  type ReplayRunData,
  type ReportData,
  type SummaryRowData,
  type WorkflowData,
} from './report-data.js';

/** Light (small memory) to dark (large memory): ColorBrewer YlGnBu, 9 classes. */
export const MEMORY_COLOURS = ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'];

export interface CollectOptions {
  /** Planner ids in registry order (fixes colours and shapes). */
  readonly plannerOrder?: readonly string[];
  /** Dataset files by the name the rows use, for datasets that are not shipped. */
  readonly datasetFiles?: Readonly<Record<string, string>>;
  /** Compute and store the replay of datasets without a stored one. @default true */
  readonly replay?: boolean;
  /** Draw DAGs above this many tasks aggregated. @default AGGREGATE_ABOVE_TASKS (2,000) */
  readonly aggregateAboveTasks?: number;
  /** Datasets already loaded (the sweep's): their prepared instances are reused. */
  readonly sources?: readonly DatasetSource[];
  /** Plans the sweep has just written, by row file name: used instead of reading them back. */
  readonly plans?: ReadonlyMap<string, PlanFile>;
  /** Replays already computed (at `REPLAY_SLA`, by `bench` between its jobs), by dataset name: stored and used where no replay file exists. */
  readonly replays?: ReadonlyMap<string, ReplayReport>;
  /** Training share of `evaluate: 'holdout'` rows. @default the sweep's, from `summary.json` (`provenance.config.trainShare`), else the config default */
  readonly trainShare?: number;
  /**
   * Compiles a chart's vega-lite spec to the vega spec the page draws. `bench` passes its
   * chart thread's (vega-lite is loaded there already), so this thread never loads it.
   * @default `compileVegaLite` in this thread
   */
  readonly compile?: (spec: TopLevelSpec) => Promise<unknown>;
}

interface LoadedDataset {
  readonly dataset: Dataset;
  readonly source: DatasetSource;
}

function loadedOf(source: DatasetSource): LoadedDataset {
  return { dataset: source.dataset!, source };
}

export async function collectReportData(resultsDir: string, options: CollectOptions = {}): Promise<ReportData> {
  const compile = options.compile ?? compileVegaLite;
  const store = new ResultsStore(resultsDir);
  const rows = store.readAll();
  const metrics = computeMetrics(rows);
  const lines = summarize(metrics);
  const chartData = sweepChartData(metrics, options.plannerOrder ?? []);
  const label = settingLabeller(rows.map((r) => ({ planner: r.planner, params: sortedParams(r.params), assignment: assignmentOf(r) })));
  const labelOf = (r: RunRow) => label({ planner: r.planner, params: sortedParams(r.params), assignment: assignmentOf(r) });
  const summaryJson = readJsonIfAny(join(resultsDir, 'summary.json'));
  const trainShare = options.trainShare ?? sweptTrainShare(summaryJson) ?? SWEEP_DEFAULTS.trainShare;

  const datasets = new Map<string, LoadedDataset | { error: string }>((options.sources ?? []).filter((s) => s.dataset !== undefined).map((source) => [source.name, loadedOf(source)]));
  const datasetOf = (name: string): LoadedDataset | { error: string } => {
    let entry = datasets.get(name);
    if (entry === undefined) {
      try {
        const file = options.datasetFiles?.[name] ?? (shippedDataset(name) !== undefined ? resolveDataset(name) : undefined);
        if (file === undefined) throw new Error(`dataset "${name}" is not shipped; pass its file with --dataset ${name}=<file>`);
        entry = loadedOf(sourceOfDataset(name, loadDataset(file)));
      } catch (error) {
        entry = { error: error instanceof Error ? error.message : String(error) };
      }
      datasets.set(name, entry);
    }
    return entry;
  };

  const workflows: WorkflowData[] = [];
  const workflowIndex = new Map<string, { index: number; instance: BenchInstance } | { error: string }>();
  // Prepared as the row's sweep prepared it: a held-out row's durations come from the training share only.
  const workflowOf = (row: RunRow) => {
    const id = [row.dataset, row.workflow, row.sla, ...(row.evaluate === 'holdout' ? ['holdout'] : [])].join('--');
    let entry = workflowIndex.get(id);
    if (entry === undefined) {
      const loaded = datasetOf(row.dataset);
      if ('error' in loaded) entry = loaded;
      else {
        try {
          const instance = loaded.source.prepare(row.workflow, row.sla, row.evaluate === 'holdout' ? { evaluate: 'holdout', trainShare } : {});
          entry = { index: workflows.length, instance };
          workflows.push(workflowData(id, row, instance, options.aggregateAboveTasks ?? AGGREGATE_ABOVE_TASKS));
        } catch (error) {
          entry = { error: error instanceof Error ? error.message : String(error) };
        }
      }
      workflowIndex.set(id, entry);
    }
    return entry;
  };

  const rowsByInstance = new Map<string, RunRow[]>();
  for (const row of rows) rowsByInstance.set(instanceId(row), [...(rowsByInstance.get(instanceId(row)) ?? []), row]);
  const instances: InstanceData[] = [];
  // Every chart is compiled at once (on the chart thread in `bench`), its spec put in place at the end.
  const paretoSpecs: Promise<unknown>[] = [];
  for (const entry of chartData.instances) {
    const instanceRows = rowsByInstance.get(entry.id)!;
    const first = instanceRows[0]!;
    const workflow = workflowOf(first);
    const plans: PlanData[] = [];
    const withoutPlan: { planner: string; reason: string }[] = [];
    const seen = new Set<string>();
    // One plan per planner setting: the lowest seed's.
    for (const row of [...instanceRows].sort((a, b) => a.seed - b.seed)) {
      const planner = labelOf(row);
      if (seen.has(planner)) continue;
      seen.add(planner);
      if (row.state !== 'done' || row.result === undefined) {
        withoutPlan.push({ planner, reason: `${row.state}${row.error ? `: ${row.error}` : ''}` });
        continue;
      }
      if ('error' in workflow) {
        withoutPlan.push({ planner, reason: workflow.error });
        continue;
      }
      const key = runKey(row, row.inputs);
      const file = options.plans?.get(key.fileName) ?? store.readPlan(key);
      if (file === undefined) {
        withoutPlan.push({ planner, reason: 'no stored plan (a sweep before plans were kept: rerun it with --force)' });
        continue;
      }
      const { instance } = workflow;
      const compact = planFromFile(file, { dag: instance.dag, ladderMb: Array.from(instance.durations.ladderMb), workflow: { name: row.workflow, signature: file.workflowSignature } }, store.planPathOf(key));
      const view = planView(instance.dag, instance.durations, compact);
      if (timeGreater(Math.abs(view.makespanMs - row.result.makespanMs), 1e-3 * Math.max(1, row.result.makespanMs))) {
        withoutPlan.push({ planner, reason: `stored plan gives makespan ${view.makespanMs.toFixed(1)} ms, the row ${row.result.makespanMs.toFixed(1)} ms (dataset changed since the sweep? rerun it with --force)` });
        continue;
      }
      plans.push({
        planner,
        seed: row.seed,
        makespanMs: round2(row.result.makespanMs),
        costUsd: row.result.costUsd,
        deadlineMet: row.result.deadlineMet,
        planningMs: row.result.planningMs,
        workerCount: compact.workerCount,
        workerOf: Array.from(compact.workerOf),
        levelOf: Array.from(compact.levelOf),
        earliestStartMs: view.earliestStartMs,
        slackMs: view.slackMs,
        segmentsMs: view.segmentsMs,
        preload: view.preload,
        criticalPath: view.criticalPath,
        rowOfWorker: view.rowOfWorker,
        lanesOfWorker: view.lanesOfWorker,
        laneOf: view.laneOf,
      });
    }
    const order = chartData.styles.map((s) => s.label);
    plans.sort((a, b) => order.indexOf(a.planner) - order.indexOf(b.planner));
    paretoSpecs.push(compile(paretoSpec(entry.title, entry.points, { styles: chartData.styles, deadlineMs: entry.deadlineMs, width: 380, height: 260 })));
    instances.push({
      id: entry.id,
      title: entry.title,
      workflow: 'error' in workflow ? -1 : workflow.index,
      deadline: first.deadline,
      deadlineMs: first.deadlineMs,
      paretoSpec: null,
      plans,
      defaultPlan: defaultPlan(plans),
      withoutPlan,
    });
  }

  const { spec: replayChart, ...replayRest } = replayData(resultsDir, [...new Set(rows.map((r) => r.dataset))], datasetOf, options.replay ?? true, options.replays);
  const [compiledPareto, replaySpecCompiled, planningTimeCompiled] = await Promise.all([
    Promise.all(paretoSpecs),
    replayChart === null ? null : compile(replayChart),
    chartData.planningTime.length === 0 ? null : compile(planningTimeSpec(chartData.planningTime, chartData.styles, { width: 420, height: 280 })),
  ]);
  const replay: ReplayData = { ...replayRest, spec: replaySpecCompiled };
  return {
    format: REPORT_DATA_FORMAT,
    version: REPORT_DATA_VERSION,
    generatedAt: new Date().toISOString(),
    resultsDir,
    machine: (summaryJson?.machine as Record<string, unknown> | undefined) ?? { ...machineDescription() },
    provenance: (summaryJson?.provenance as Record<string, unknown> | undefined) ?? null,
    planners: chartData.styles,
    metrics: TABLE_METRICS.map((id) => metricsRegistry.find((m) => m.id === id)!).map((m) => ({ id: m.id, label: m.label, direction: m.direction, description: m.description })),
    summary: lines.map(
      (l): SummaryRowData => ({
        instance: instanceId(l),
        dataset: l.dataset,
        workflow: l.workflow,
        sla: l.sla,
        deadline: l.deadline ?? 'none',
        tasks: l.tasks,
        planner: label({ planner: l.planner, params: l.params, assignment: l.assignment }),
        state: Object.entries(l.states).map(([s, k]) => (l.seeds > 1 ? `${s} ${k}` : s)).join(', '),
        note: l.note,
        values: Object.fromEntries(TABLE_METRICS.map((id) => [id, l.means[id] ?? null])),
      }),
    ),
    overview: plannerOverview(lines)
      .map((o) => ({ ...o, planner: o.assignment === null ? o.planner : `${o.planner} [${o.assignment}]` }))
      .sort((a, b) => chartData.styles.findIndex((s) => s.label === a.planner) - chartData.styles.findIndex((s) => s.label === b.planner)),
    workflows,
    instances: instances.map((instance, i) => ({ ...instance, paretoSpec: compiledPareto[i] })),
    planningTimeSpec: planningTimeCompiled,
    replay,
    memoryColours: MEMORY_COLOURS,
  };
}

function workflowData(id: string, row: RunRow, instance: BenchInstance, aggregateAbove: number): WorkflowData {
  const { dag, durations } = instance;
  const aggregated = dag.taskCount > aggregateAbove;
  return {
    id,
    dataset: row.dataset,
    workflow: row.workflow,
    sla: row.sla,
    tasks: dag.taskCount,
    edges: dag.edgeCount,
    ladderMb: Array.from(durations.ladderMb),
    taskIds: dag.taskIds,
    funcNames: dag.funcNames,
    funcOf: Array.from(dag.funcOf),
    edgeFrom: Array.from(dag.edgeFrom),
    edgeTo: Array.from(dag.edgeTo),
    execMs: aggregated ? null : Array.from(durations.execMs, round2),
    pricePerGbSecond: instance.cost.pricePerGbSecond,
    aggregate: aggregated ? aggregateDag(dag) : null,
  };
}

/** The cheapest plan that meets the deadline; without one that does, the cheapest. */
function defaultPlan(plans: readonly PlanData[]): number {
  let best = -1;
  for (const meets of [true, false]) {
    plans.forEach((p, i) => {
      if (meets && p.deadlineMet === false) return;
      if (best < 0 || p.costUsd < plans[best]!.costUsd) best = i;
    });
    if (best >= 0) return best;
  }
  return 0;
}

/** The training share the sweep recorded in its provenance, if any. */
function sweptTrainShare(summaryJson: Record<string, unknown> | undefined): number | undefined {
  const share = (summaryJson?.provenance as { config?: { trainShare?: unknown } } | undefined)?.config?.trainShare;
  return typeof share === 'number' && share > 0 && share < 1 ? share : undefined;
}

function readJsonIfAny(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The replay section, its chart as a vega-lite spec (compiled by the caller). */
function replayData(resultsDir: string, names: readonly string[], datasetOf: (name: string) => LoadedDataset | { error: string }, compute: boolean, computed: ReadonlyMap<string, ReplayReport> | undefined): Omit<ReplayData, 'spec'> & { spec: TopLevelSpec | null } {
  const runs: ReplayRunData[] = [];
  const notes: string[] = [];
  const slas = new Set<string>();
  for (const name of [...names].sort()) {
    const file = replayFile(resultsDir, name);
    let report = readJsonIfAny(file) as (ReplayReport & { runs?: unknown }) | undefined;
    if (report === undefined || !Array.isArray(report.runs)) {
      if (!compute) continue;
      const loaded = datasetOf(name);
      if ('error' in loaded) {
        notes.push(`${name}: ${loaded.error}`);
        continue;
      }
      if (loaded.dataset.runs.length === 0) continue;
      report = computed?.get(name) ?? replaySnapshot(name, loaded.dataset, { sla: REPLAY_SLA });
      writeJsonAtomic(file, { machine: machineDescription(), ...report }); // the same file `slackline replay` writes
    }
    slas.add(report.sla);
    for (const r of report.runs) {
      runs.push({
        dataset: name,
        workflow: r.workflow,
        dagId: r.dagId,
        tasks: r.tasks,
        recordedMakespanMs: round2(r.recordedMakespanMs),
        recordedCriticalPathMs: round2(r.recordedCriticalPathMs),
        predictedMakespanMs: 'unavailable' in r.loo ? null : round2(r.loo.predictedMakespanMs),
        ...(quantilesOf(r) ?? {}),
      });
    }
  }
  return { sla: slas.size === 1 ? [...slas][0]! : slas.size === 0 ? null : [...slas].join(', '), runs, spec: runs.length === 0 ? null : replaySpec(runs), notes };
}

/** A Monte Carlo distribution of the predicted makespan, when the replay carries one (p5/p50/p95 in ms). */
function quantilesOf(run: unknown): { predictedQuantilesMs: { p5: number; p50: number; p95: number } } | undefined {
  const d = (run as { predictedDistribution?: { p5?: unknown; p50?: unknown; p95?: unknown } }).predictedDistribution;
  if (d === undefined || typeof d.p5 !== 'number' || typeof d.p50 !== 'number' || typeof d.p95 !== 'number') return undefined;
  return { predictedQuantilesMs: { p5: round2(d.p5), p50: round2(d.p50), p95: round2(d.p95) } };
}
