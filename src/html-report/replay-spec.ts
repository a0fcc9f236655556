/**
 * The replay chart: for every recorded run, what the model says against what the run took
 * (log-log, the diagonal is "model = recorded"): the leave-one-run-out prediction (fitted
 * on the other runs, the run's own plan simulated) and the critical path of the run's
 * recorded durations (infinite workers). Points below the diagonal: the model is faster
 * than the platform was. When a run carries a predicted makespan distribution
 * (`predictedQuantilesMs`), its 5-95 % interval is drawn as a vertical bar.
 */
import type { TopLevelSpec } from 'vega-lite';
import { paddedLogDomain } from '../bench/charts.js';
import type { ReplayRunData } from './report-data.js';

export const REPLAY_SERIES = ['leave-one-run-out prediction', 'recorded-times critical path'] as const;

export function replaySpec(runs: readonly ReplayRunData[]): TopLevelSpec {
  const points = runs.flatMap((r) => [
    ...(r.predictedMakespanMs === null ? [] : [{ series: REPLAY_SERIES[0], recorded: r.recordedMakespanMs, model: r.predictedMakespanMs, dataset: r.dataset, run: r.dagId, tasks: r.tasks }]),
    { series: REPLAY_SERIES[1], recorded: r.recordedMakespanMs, model: r.recordedCriticalPathMs, dataset: r.dataset, run: r.dagId, tasks: r.tasks },
  ]).filter((p) => p.recorded > 0 && p.model > 0);
  const intervals = runs.filter((r) => r.predictedQuantilesMs !== undefined).map((r) => ({ recorded: r.recordedMakespanMs, p5: r.predictedQuantilesMs!.p5, p95: r.predictedQuantilesMs!.p95, dataset: r.dataset }));
  const all = [...points.flatMap((p) => [p.recorded, p.model]), ...intervals.flatMap((i) => [i.p5, i.p95])].filter((v) => v > 0);
  const domain = paddedLogDomain(all.length > 0 ? all : [1, 10]);
  const x = { field: 'recorded', type: 'quantitative', title: 'recorded makespan, ms (log)', scale: { type: 'log', domain, nice: false } };
  const y = { field: 'model', type: 'quantitative', title: 'model makespan, ms (log)', scale: { type: 'log', domain, nice: false } };
  const layers: unknown[] = [
    { data: { values: [{ recorded: domain[0], model: domain[0] }, { recorded: domain[1], model: domain[1] }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x, y } },
  ];
  if (intervals.length > 0) {
    layers.push({ data: { values: intervals }, mark: { type: 'rule', color: '#4e79a7', strokeWidth: 2, opacity: 0.6 }, encoding: { x, y: { ...y, field: 'p5' }, y2: { field: 'p95' } } });
  }
  layers.push({
    data: { values: points },
    mark: { type: 'point', filled: false, strokeWidth: 2, size: 70 },
    encoding: {
      x,
      y,
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: [...REPLAY_SERIES], range: ['#4e79a7', '#f28e2b'] }, legend: { orient: 'bottom', labelLimit: 300 } },
      shape: { field: 'series', type: 'nominal', title: null, scale: { domain: [...REPLAY_SERIES], range: ['circle', 'square'] }, legend: { orient: 'bottom', labelLimit: 300 } },
      tooltip: [{ field: 'dataset' }, { field: 'run' }, { field: 'tasks' }, { field: 'series' }, { field: 'recorded', title: 'recorded ms', format: ',.0f' }, { field: 'model', title: 'model ms', format: ',.0f' }],
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 380,
    height: 300,
    padding: 8,
    layer: layers,
  } as TopLevelSpec;
}
