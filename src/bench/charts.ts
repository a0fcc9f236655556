/**
 * SVG charts of a sweep, rendered without a browser (vega-lite spec -> vega view with the
 * `none` renderer -> `toSVG()`):
 * - cost vs makespan per instance, each planner a point, the Pareto frontier (plans no
 *   other plan beats on both) drawn as a step line;
 * - planning time vs DAG size (tasks), log-log, one colour per planner.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RowMetrics } from './metrics-registry.js';
import { sortedParams } from './run-key.js';
import { plannerLabeller } from './summary-table.js';

export interface ChartFile {
  /** File name inside the charts directory. */
  readonly name: string;
  readonly svg: string;
}

export interface Point {
  readonly makespanMs: number;
  readonly costUsd: number;
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

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // vega and vega-lite (0.5 s to import) load only when a chart is drawn.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function paretoSpec(title: string, points: readonly (Point & { planner: string })[]): TopLevelSpec {
  const frontier = paretoFrontier(points).map((p) => ({ ...p, frontier: 'Pareto frontier' }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: 300,
    layer: [
      {
        data: { values: frontier },
        mark: { type: 'line', interpolate: 'step-after', color: '#888', strokeDash: [4, 3] },
        encoding: {
          x: { field: 'makespanMs', type: 'quantitative', title: 'makespan (ms)', scale: { zero: false } },
          y: { field: 'costUsd', type: 'quantitative', title: 'cost (USD)', scale: { zero: false } },
        },
      },
      {
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'point', filled: true, size: 80 },
        encoding: {
          x: { field: 'makespanMs', type: 'quantitative' },
          y: { field: 'costUsd', type: 'quantitative' },
          color: { field: 'planner', type: 'nominal', title: 'planner', legend: { labelLimit: 400 } },
          shape: { field: 'planner', type: 'nominal' },
        },
      },
    ],
  } as TopLevelSpec;
}

export function planningTimeSpec(points: readonly { tasks: number; planningMs: number; planner: string }[]): TopLevelSpec {
  // Points, not lines: several datasets of different shapes share a size, so joining
  // them would draw a trend that is not there. A power-law fit per planner (a straight
  // line on log-log axes) shows how planning time scales with DAG size instead.
  const x = { field: 'tasks', type: 'quantitative', title: 'tasks', scale: { type: 'log' } };
  const y = { field: 'planningMs', type: 'quantitative', title: 'planning time (ms)', scale: { type: 'log' } };
  const color = { field: 'planner', type: 'nominal', title: 'planner', legend: { labelLimit: 400 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Planning time vs DAG size (points: runs; lines: power-law fit per planner)',
    width: 420,
    height: 300,
    data: { values: points.map((p) => ({ ...p, planningMs: Math.max(p.planningMs, 0.001) })) },
    layer: [
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
      {
        transform: [{ regression: 'planningMs', on: 'tasks', groupby: ['planner'], method: 'pow' }],
        mark: { type: 'line', strokeWidth: 1.5, opacity: 0.7 },
        encoding: { x, y, color },
      },
    ],
  } as TopLevelSpec;
}

/** All charts of a sweep's rows (successful runs only). */
export async function sweepCharts(metrics: readonly RowMetrics[]): Promise<ChartFile[]> {
  const done = metrics.filter((m) => m.row.state === 'done' && m.row.result !== undefined);
  const label = plannerLabeller(done.map(({ row }) => ({ planner: row.planner, params: sortedParams(row.params) })));
  const plannerLabel = (planner: string, params: string) => label({ planner, params });
  const byInstance = new Map<string, { title: string; points: (Point & { planner: string })[] }>();
  for (const { row } of done) {
    // One chart per dataset/workflow/SLA/deadline; seeds averaged out by taking the first (plans are per seed).
    const id = [row.dataset, row.workflow, row.sla, row.deadline ?? 'none'].join('--');
    let entry = byInstance.get(id);
    if (entry === undefined) {
      entry = { title: `${row.dataset}${row.workflow === row.dataset ? '' : ` / ${row.workflow}`} (sla ${row.sla}, deadline ${row.deadline ?? 'none'})`, points: [] };
      byInstance.set(id, entry);
    }
    entry.points.push({ makespanMs: row.result!.makespanMs, costUsd: row.result!.costUsd, planner: plannerLabel(row.planner, sortedParams(row.params)) });
  }
  const charts: ChartFile[] = [];
  for (const [id, entry] of byInstance) {
    charts.push({ name: `cost-vs-makespan--${id.replace(/[^A-Za-z0-9._-]+/g, '_')}.svg`, svg: await renderSvg(paretoSpec(entry.title, entry.points)) });
  }
  // Planning time: mean per (planner, tasks).
  const timing = new Map<string, { tasks: number; planner: string; sum: number; count: number }>();
  for (const { row } of done) {
    const planner = plannerLabel(row.planner, sortedParams(row.params));
    const id = `${planner}\u0000${row.tasks}`;
    const entry = timing.get(id) ?? { tasks: row.tasks, planner, sum: 0, count: 0 };
    entry.sum += row.result!.planningMs;
    entry.count++;
    timing.set(id, entry);
  }
  const points = [...timing.values()].map((t) => ({ tasks: t.tasks, planner: t.planner, planningMs: t.sum / t.count })).sort((a, b) => a.tasks - b.tasks);
  if (points.length > 0) charts.push({ name: 'planning-time-vs-size.svg', svg: await renderSvg(planningTimeSpec(points)) });
  return charts;
}
