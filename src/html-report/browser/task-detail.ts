/**
 * What the tooltip shows of one task under one plan: its worker and memory, earliest
 * start and finish, slack, the segments of its time, and, in the manner of AWS Lambda
 * Power Tuning, its predicted execution time and compute cost at every memory level of
 * the ladder with the level the plan chose marked.
 */
import type { PlanData, WorkflowData } from '../report-data.js';
import { el, mb, ms, svg, usd } from './dom.js';

export const SEGMENT_NAMES = ['worker start', 'downloads', 'execution', 'upload'] as const;
export const SEGMENT_COLOURS = ['#bdbdbd', '#74c476', '#6b6ecf', '#fd8d3c'] as const;

export function taskFinish(plan: PlanData, v: number): number {
  let t = plan.earliestStartMs[v]!;
  for (let s = 0; s < 4; s++) t += plan.segmentsMs[4 * v + s]!;
  return t;
}

export function taskDetail(workflow: WorkflowData, plan: PlanData, v: number, critical: ReadonlySet<number>): HTMLElement {
  const w = plan.workerOf[v]!;
  const level = plan.levelOf[w]!;
  const tasksOnWorker = plan.workerOf.reduce((a, x) => a + (x === w ? 1 : 0), 0);
  const start = plan.earliestStartMs[v]!;
  const rows: [string, string][] = [
    ['func', workflow.funcNames[workflow.funcOf[v]!]!],
    ['worker', `w${w} (${tasksOnWorker} task${tasksOnWorker === 1 ? '' : 's'}), ${mb(workflow.ladderMb[level]!)}`],
    ['earliest start', ms(start)],
    ['earliest finish', ms(taskFinish(plan, v))],
    ['slack', ms(plan.slackMs[v]!)],
    ['critical path', critical.has(v) ? 'yes' : 'no'],
  ];
  SEGMENT_NAMES.forEach((name, s) => rows.push([name, ms(plan.segmentsMs[4 * v + s]!)]));
  if (plan.preload.includes(v)) rows.push(['preload', 'inputs fetched as each producer completes (start and downloads overlap them)']);
  const table = el('table', { class: 'kv' });
  for (const [k, value] of rows) table.append(el('tr', {}, el('th', {}, k), el('td', {}, value)));
  const box = el('div', { class: 'task-detail', 'data-task': String(v) }, el('div', { class: 'tip-title' }, workflow.taskIds[v]!), table);
  if (workflow.execMs !== null) box.append(powerTuning(workflow, v, level));
  return box;
}

/** Execution time (left axis) and compute cost (right axis) by memory level; the chosen level marked. */
function powerTuning(workflow: WorkflowData, v: number, chosen: number): HTMLElement {
  const L = workflow.ladderMb.length;
  const time = Array.from({ length: L }, (_, l) => workflow.execMs![v * L + l]!);
  const cost = time.map((t, l) => (workflow.ladderMb[l]! / 1024) * (t / 1000) * workflow.pricePerGbSecond);
  const W = 300;
  const H = 130;
  const m = { l: 58, r: 58, t: 12, b: 30 };
  const x = (l: number) => m.l + (L === 1 ? (W - m.l - m.r) / 2 : (l / (L - 1)) * (W - m.l - m.r));
  const scale = (values: number[]) => {
    const hi = Math.max(...values) * 1.08 || 1;
    return (value: number) => H - m.b - (value / hi) * (H - m.t - m.b);
  };
  const yt = scale(time);
  const yc = scale(cost);
  const chart = svg('svg', { width: W, height: H, class: 'power-tuning', viewBox: `0 0 ${W} ${H}` });
  chart.append(svg('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, stroke: '#999' }));
  chart.append(svg('rect', { x: x(chosen) - 9, y: m.t, width: 18, height: H - m.t - m.b, fill: '#fde68a', opacity: 0.6 }));
  const line = (ys: number[], colour: string) => {
    chart.append(svg('polyline', { points: ys.map((yv, l) => `${x(l)},${yv}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }));
    ys.forEach((yv, l) => chart.append(svg('circle', { cx: x(l), cy: yv, r: l === chosen ? 4.5 : 2.5, fill: colour })));
  };
  line(time.map(yt), '#4e79a7');
  line(cost.map(yc), '#f28e2b');
  workflow.ladderMb.forEach((size, l) => {
    if (L > 6 && l % 2 === 1 && l !== chosen) return;
    const t = svg('text', { x: x(l), y: H - m.b + 12, 'text-anchor': 'middle', class: l === chosen ? 'chosen' : '' });
    t.textContent = size >= 1024 ? `${(size / 1024).toFixed(size % 1024 === 0 ? 0 : 1)}G` : String(size);
    chart.append(t);
  });
  const label = (text: string, xPos: number, yPos: number, colour: string, anchor: string) => {
    const t = svg('text', { x: xPos, y: yPos, fill: colour, 'text-anchor': anchor });
    t.textContent = text;
    chart.append(t);
  };
  label(ms(Math.max(...time)), m.l - 3, m.t + 8, '#4e79a7', 'end');
  label(usd(Math.max(...cost)), W - m.r + 3, m.t + 8, '#f28e2b', 'start');
  label('memory (MB)', W / 2, H - 2, '#555', 'middle');
  return el(
    'div',
    { class: 'pt' },
    el('div', { class: 'pt-title' }, 'By memory level (Power Tuning view): ', el('span', { style: 'color:#4e79a7' }, 'execution time'), ' and ', el('span', { style: 'color:#f28e2b' }, 'compute cost'), `; chosen ${mb(workflow.ladderMb[chosen]!)} shaded`),
    chart,
  );
}
