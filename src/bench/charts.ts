/**
 * SVG charts of a sweep, rendered without a browser (vega-lite spec -> vega view with the
 * `none` renderer -> `toSVG()`); the HTML report draws the same specs in the browser.
 * - cost vs makespan per instance: each plan a point, the Pareto frontier (plans no other
 *   plan beats on both) as a step line and the deadline as a rule, both in the legend;
 *   plans on (nearly) the same spot are drawn as concentric hollow symbols so none hides
 *   another; the axes are padded so every point, and the deadline, lies inside;
 * - planning time vs DAG size (tasks), log-log, with a power-law fit per planner.
 * Every chart takes its planner colours and shapes from `planner-style.ts`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RowMetrics } from './metrics-registry.js';
import { CRITICAL_COLOUR, FRONTIER_COLOUR, plannerScales, plannerStyles, type PlannerStyle } from './planner-style.js';
import { sortedParams } from './run-key.js';
import type { RunRow } from './run-row.js';
import { assignmentOf, settingLabeller } from './summary-table.js';

export interface ChartFile {
  /** File name inside the charts directory. */
  readonly name: string;
  readonly svg: string;
}

export interface Point {
  readonly makespanMs: number;
  readonly costUsd: number;
}

export interface PlannerPoint extends Point {
  readonly planner: string;
}

/** Points not dominated on (makespan, cost), both lower-is-better, sorted by makespan. */
export function paretoFrontier<T extends Point>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.makespanMs - b.makespanMs || a.costUsd - b.costUsd);
  const frontier: T[] = [];
  let bestCost = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (p.costUsd < bestCost) {
      frontier.push(p);
      bestCost = p.costUsd;
    }
  }
  return frontier;
}

/** A vega-lite spec compiled to the vega spec a view (or the HTML report's page) draws; vega-lite loads on the first call. */
export async function compileVegaLite(spec: TopLevelSpec): Promise<unknown> {
  const { compile } = await import('vega-lite');
  return compile(spec).spec;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // vega and vega-lite (0.5 s to import) load only when a chart is drawn.
  const [{ parse, View }, vega] = await Promise.all([import('vega'), compileVegaLite(spec)]);
  const view = new View(parse(vega as Parameters<typeof parse>[0]), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** [min, max] of the values padded by `fraction` of the span on each side (of the value itself when the span is 0). */
export function paddedDomain(values: readonly number[], fraction = 0.06): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * fraction : Math.abs(hi) * fraction || 1;
  return [lo - pad, hi + pad];
}

/** The same in log space (for log axes): every value strictly inside. */
export function paddedLogDomain(values: readonly number[], fraction = 0.06): [number, number] {
  const [lo, hi] = paddedDomain(values.map((v) => Math.log10(v)), fraction);
  return [10 ** lo, 10 ** hi];
}

/**
 * Overlap rank of each point: points closer than `tolerance` of both axis spans form a
 * cluster; within a cluster the first point gets the largest symbol, so all stay visible.
 */
export function overlapRanks(points: readonly Point[], tolerance = 0.015): { rank: number; cluster: number; clusterSize: number }[] {
  const xs = points.map((p) => p.makespanMs);
  const ys = points.map((p) => p.costUsd);
  const dx = (Math.max(...xs) - Math.min(...xs)) * tolerance;
  const dy = (Math.max(...ys) - Math.min(...ys)) * tolerance;
  const out = points.map(() => ({ rank: 0, cluster: -1, clusterSize: 1 }));
  const clusters: number[][] = [];
  points.forEach((p, i) => {
    const found = clusters.findIndex((members) => members.every((j) => Math.abs(points[j]!.makespanMs - p.makespanMs) <= dx && Math.abs(points[j]!.costUsd - p.costUsd) <= dy));
    if (found >= 0) clusters[found]!.push(i);
    else clusters.push([i]);
  });
  clusters.forEach((members, c) => members.forEach((i, r) => (out[i] = { rank: r, cluster: c, clusterSize: members.length })));
  return out;
}

export interface ParetoChartOptions {
  readonly styles: readonly PlannerStyle[];
  /** Deadline of the instance, ms (drawn as a rule); null or absent for none. */
  readonly deadlineMs?: number | null;
  readonly width?: number;
  readonly height?: number;
}

const usd = (v: number) => (v >= 0.01 ? v.toFixed(4) : v.toPrecision(3));

export function paretoSpec(title: string, points: readonly PlannerPoint[], options: ParetoChartOptions): TopLevelSpec {
  const deadline = options.deadlineMs ?? null;
  const frontier = paretoFrontier(points);
  // Plans tied with a frontier plan (same makespan and cost) are on the frontier too.
  const onFrontier = (p: Point) => frontier.some((f) => f.makespanMs === p.makespanMs && f.costUsd === p.costUsd);
  const ranks = overlapRanks(points);
  const values = points.map((p, i) => {
    const { rank, cluster, clusterSize } = ranks[i]!;
    const sharing = points.filter((_, j) => ranks[j]!.cluster === cluster && j !== i).map((q) => q.planner);
    return {
      planner: p.planner,
      makespanMs: p.makespanMs,
      costUsd: p.costUsd,
      // Concentric: the first plan of a cluster largest, each next one smaller.
      size: 70 + 110 * (clusterSize - 1 - rank),
      pareto: onFrontier(p) ? 'yes' : 'no',
      cost: usd(p.costUsd),
      sharedWith: sharing.length === 0 ? '-' : [...new Set(sharing)].join(', '),
    };
  });
  const xDomain = paddedDomain([...points.map((p) => p.makespanMs), ...(deadline === null ? [] : [deadline])]);
  const yDomain = paddedDomain(points.map((p) => p.costUsd));
  const scales = plannerScales(options.styles);
  const series = ['Pareto frontier', ...(deadline === null ? [] : ['deadline'])];
  const lineScale = { domain: series, range: [FRONTIER_COLOUR, CRITICAL_COLOUR] };
  const dashScale = { domain: series, range: [[5, 3], [1, 0]] };
  const lineLegend = { title: 'lines', symbolType: 'stroke', symbolStrokeWidth: 2 };
  const x = { field: 'makespanMs', type: 'quantitative', title: 'makespan (ms)', scale: { domain: xDomain, nice: false, zero: false } };
  const y = { field: 'costUsd', type: 'quantitative', title: 'cost (USD)', scale: { domain: yDomain, nice: false, zero: false } };
  // The frontier as a step line ending at the axes' edges, so a single Pareto point still draws a line.
  const steps = frontier.map((p) => ({ makespanMs: p.makespanMs, costUsd: p.costUsd, series: 'Pareto frontier' }));
  if (steps.length > 0) {
    steps.unshift({ makespanMs: steps[0]!.makespanMs, costUsd: yDomain[1], series: 'Pareto frontier' });
    steps.push({ makespanMs: xDomain[1], costUsd: steps[steps.length - 1]!.costUsd, series: 'Pareto frontier' });
  }
  const layers: unknown[] = [
    {
      data: { values: steps },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: { x, y, stroke: { field: 'series', type: 'nominal', scale: lineScale, legend: lineLegend }, strokeDash: { field: 'series', type: 'nominal', scale: dashScale, legend: lineLegend } },
    },
  ];
  if (deadline !== null) {
    layers.push({
      data: { values: [{ makespanMs: deadline, series: 'deadline' }] },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, stroke: { field: 'series', type: 'nominal', scale: lineScale, legend: lineLegend }, strokeDash: { field: 'series', type: 'nominal', scale: dashScale, legend: lineLegend } },
    });
  }
  layers.push({
    data: { values },
    mark: { type: 'point', filled: false, strokeWidth: 2, opacity: 1 },
    encoding: {
      x,
      y,
      size: { field: 'size', type: 'quantitative', scale: null, legend: null },
      color: { field: 'planner', type: 'nominal', title: 'planner', scale: scales.color, legend: { labelLimit: 400, symbolStrokeWidth: 2 } },
      shape: { field: 'planner', type: 'nominal', title: 'planner', scale: scales.shape, legend: { labelLimit: 400, symbolStrokeWidth: 2 } },
      tooltip: [
        { field: 'planner', title: 'planner' },
        { field: 'makespanMs', title: 'makespan ms', format: ',.1f' },
        { field: 'cost', title: 'cost USD' },
        { field: 'pareto', title: 'on the frontier' },
        { field: 'sharedWith', title: 'same spot as' },
      ],
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 13 },
    width: options.width ?? 420,
    height: options.height ?? 300,
    padding: 8,
    layer: layers,
    config: { legend: { orient: 'right' } },
  } as TopLevelSpec;
}

export interface PlanningTimePoint {
  readonly tasks: number;
  readonly planningMs: number;
  readonly planner: string;
}

/** Planning times are floored at 1 µs so a log axis can show a planner that takes no measurable time. */
export const PLANNING_MS_FLOOR = 0.001;

export function planningTimeSpec(points: readonly PlanningTimePoint[], styles: readonly PlannerStyle[], size: { width?: number; height?: number } = {}): TopLevelSpec {
  // Points, not lines: several datasets of different shapes share a size, so joining
  // them would draw a trend that is not there. A power-law fit per planner (a straight
  // line on log-log axes) shows how planning time scales with DAG size instead.
  const values = points.map((p) => ({ ...p, planningMs: Math.max(p.planningMs, PLANNING_MS_FLOOR) }));
  const scales = plannerScales(styles.filter((s) => values.some((p) => p.planner === s.label)));
  const x = { field: 'tasks', type: 'quantitative', title: 'tasks (log)', scale: { type: 'log', domain: paddedLogDomain(values.map((p) => p.tasks)), nice: false } };
  const y = { field: 'planningMs', type: 'quantitative', title: 'planning time, ms (log)', scale: { type: 'log', domain: paddedLogDomain(values.map((p) => p.planningMs)), nice: false } };
  const color = { field: 'planner', type: 'nominal', title: 'planner', scale: scales.color, legend: { labelLimit: 400, symbolStrokeWidth: 2 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Planning time vs DAG size (points: mean per size; lines: power-law fit per planner)', anchor: 'start', fontSize: 13 },
    width: size.width ?? 420,
    height: size.height ?? 300,
    padding: 8,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: false, strokeWidth: 2, size: 60 },
        encoding: { x, y, color, shape: { field: 'planner', type: 'nominal', title: 'planner', scale: scales.shape, legend: { labelLimit: 400, symbolStrokeWidth: 2 } }, tooltip: [{ field: 'planner' }, { field: 'tasks' }, { field: 'planningMs', title: 'planning ms', format: '.3~g' }] },
      },
      {
        transform: [{ regression: 'planningMs', on: 'tasks', groupby: ['planner'], method: 'pow' }],
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.75, clip: true },
        encoding: { x, y, color },
      },
    ],
  } as TopLevelSpec;
}

export interface SweepChartData {
  readonly styles: readonly PlannerStyle[];
  /** One per instance (dataset, workflow, SLA, deadline), in the rows' order. */
  readonly instances: readonly { id: string; title: string; deadlineMs: number | null; points: PlannerPoint[] }[];
  readonly planningTime: readonly PlanningTimePoint[];
}

/** The id of an instance, as used in chart file names and by the report. */
export function instanceId(row: { dataset: string; workflow: string; sla: string; deadline: string | null }): string {
  return [row.dataset, row.workflow, row.sla, row.deadline ?? 'none'].join('--');
}

/** What the charts show, from the rows (successful runs only): shared by the SVG files and the report. */
export function sweepChartData(metrics: readonly RowMetrics[], plannerOrder: readonly string[] = []): SweepChartData {
  const done = metrics.filter((m) => m.row.state === 'done' && m.row.result !== undefined);
  const label = settingLabeller(metrics.map(({ row }) => ({ planner: row.planner, params: sortedParams(row.params), assignment: assignmentOf(row) })));
  const rowLabel = (row: RunRow) => label({ planner: row.planner, params: sortedParams(row.params), assignment: assignmentOf(row) });
  const styles = plannerStyles(metrics.map(({ row }) => rowLabel(row)), plannerOrder);
  const byInstance = new Map<string, { id: string; title: string; deadlineMs: number | null; points: PlannerPoint[] }>();
  for (const { row } of done) {
    // One chart per dataset/workflow/SLA/deadline; every seed's plan is a point.
    const id = instanceId(row);
    let entry = byInstance.get(id);
    if (entry === undefined) {
      entry = { id, title: `${row.dataset}${row.workflow === row.dataset ? '' : ` / ${row.workflow}`} (sla ${row.sla}, deadline ${row.deadline ?? 'none'})`, deadlineMs: row.deadlineMs, points: [] };
      byInstance.set(id, entry);
    }
    entry.points.push({ makespanMs: row.result!.makespanMs, costUsd: row.result!.costUsd, planner: rowLabel(row) });
  }
  // Planning time: mean per (planner, tasks).
  const timing = new Map<string, { tasks: number; planner: string; sum: number; count: number }>();
  for (const { row } of done) {
    const planner = rowLabel(row);
    const id = `${planner}\u0000${row.tasks}`;
    const entry = timing.get(id) ?? { tasks: row.tasks, planner, sum: 0, count: 0 };
    entry.sum += row.result!.planningMs;
    entry.count++;
    timing.set(id, entry);
  }
  const planningTime = [...timing.values()].map((t) => ({ tasks: t.tasks, planner: t.planner, planningMs: t.sum / t.count })).sort((a, b) => a.tasks - b.tasks);
  return { styles, instances: [...byInstance.values()], planningTime };
}

export const chartFileName = (id: string) => `cost-vs-makespan--${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.svg`;

/** Turns a vega-lite spec into SVG: `renderSvg` here, or a `ChartRenderer` (worker thread, cache). */
export type RenderChart = (spec: TopLevelSpec) => Promise<string>;

/**
 * All SVG charts of a sweep's rows (requested at once: a renderer thread works through them
 * while this one waits); `instancesOnly`: the cost vs makespan charts alone (`bench` draws
 * each instance's as soon as its runs are in, into the renderer's cache).
 */
export async function sweepCharts(metrics: readonly RowMetrics[], plannerOrder: readonly string[] = [], render: RenderChart = renderSvg, options: { readonly instancesOnly?: boolean } = {}): Promise<ChartFile[]> {
  const data = sweepChartData(metrics, plannerOrder);
  const pending: Promise<ChartFile>[] = [];
  for (const entry of data.instances) {
    const name = chartFileName(entry.id);
    pending.push(render(paretoSpec(entry.title, entry.points, { styles: data.styles, deadlineMs: entry.deadlineMs })).then((svg) => ({ name, svg })));
  }
  if (data.planningTime.length > 0 && options.instancesOnly !== true) pending.push(render(planningTimeSpec(data.planningTime, data.styles)).then((svg) => ({ name: 'planning-time-vs-size.svg', svg })));
  return Promise.all(pending);
}
