/**
 * The Gantt chart of a plan's simulated run: one row per worker (ordered by first start),
 * tasks of a worker that run at once in separate lanes of its row, each task drawn as its
 * segments (worker start, downloads, execution, upload), critical tasks outlined in red;
 * the makespan and the deadline as vertical lines. Times come from the timing model
 * (infinite parallelism: no queueing).
 */
import type { PlanData, WorkflowData } from '../report-data.js';
import { el, mb, ms, svg } from './dom.js';
import { SEGMENT_COLOURS, SEGMENT_NAMES, taskDetail, taskFinish } from './task-detail.js';
import { hideTooltip, showTooltip } from './tooltip.js';

const CRITICAL = '#d62728';

/** About `count` round tick values from 0 to `max`. */
export function ticks(max: number, count = 8): number[] {
  const raw = max / count;
  const step10 = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 5, 10].map((k) => k * step10).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) out.push(t);
  return out;
}

export function drawGantt(container: HTMLElement, legend: HTMLElement, workflow: WorkflowData, plan: PlanData, deadlineMs: number | null): void {
  const n = workflow.tasks;
  const W = plan.workerCount;
  const rowTop = new Array<number>(W);
  const byRow = Array.from({ length: W }, (_, w) => w).sort((a, b) => plan.rowOfWorker[a]! - plan.rowOfWorker[b]!);
  const totalLanes = plan.lanesOfWorker.reduce((a, b) => a + b, 0);
  const lane = totalLanes <= 40 ? 16 : totalLanes <= 120 ? 9 : totalLanes <= 400 ? 5 : 3;
  const gap = totalLanes <= 120 ? 3 : 1;
  let y = 0;
  for (const w of byRow) {
    rowTop[w] = y;
    y += plan.lanesOfWorker[w]! * lane + gap;
  }
  const plotH = y;
  const width = Math.max(640, container.clientWidth || 1000);
  const m = { l: 118, r: 16, t: 38, b: 34 };
  const end = Math.max(plan.makespanMs, deadlineMs ?? 0) * 1.03 || 1;
  const sx = (t: number) => m.l + (t / end) * (width - m.l - m.r);
  const height = m.t + plotH + m.b;
  const root = svg('svg', { class: 'gantt', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Gantt chart of ${plan.planner}` });
  const axis = svg('g', { class: 'axis' });
  for (const t of ticks(end)) {
    axis.append(svg('line', { x1: sx(t), x2: sx(t), y1: m.t, y2: m.t + plotH, stroke: '#eee' }));
    const label = svg('text', { x: sx(t), y: m.t + plotH + 14, 'text-anchor': 'middle' });
    label.textContent = t >= 10000 ? `${(t / 1000).toLocaleString('en-US')} s` : `${t.toLocaleString('en-US')} ms`;
    axis.append(label);
  }
  const title = svg('text', { x: (m.l + width - m.r) / 2, y: m.t + plotH + 30, 'text-anchor': 'middle', class: 'axis-title' });
  title.textContent = 'time since the run started (simulated)';
  axis.append(title);
  const labels = svg('g', { class: 'row-labels' });
  const showLabels = lane * 1 >= 9 || byRow.every((w) => plan.lanesOfWorker[w]! * lane >= 9);
  for (const w of byRow) {
    const rowH = plan.lanesOfWorker[w]! * lane;
    if (plan.rowOfWorker[w]! % 2 === 0) labels.append(svg('rect', { x: m.l, y: m.t + rowTop[w]!, width: width - m.l - m.r, height: rowH, fill: '#f7f7f7' }));
    if (showLabels) {
      const t = svg('text', { x: m.l - 6, y: m.t + rowTop[w]! + rowH / 2 + 4, 'text-anchor': 'end' });
      t.textContent = `w${w} ${mb(workflow.ladderMb[plan.levelOf[w]!]!)}`;
      labels.append(t);
    }
  }
  if (!showLabels) {
    const t = svg('text', { x: m.l - 6, y: m.t + 12, 'text-anchor': 'end' });
    t.textContent = `${W} workers`;
    labels.append(t);
  }
  const bars = svg('g', { class: 'bars' });
  const critical = new Set(plan.criticalPath);
  for (let v = 0; v < n; v++) {
    const w = plan.workerOf[v]!;
    const top = m.t + rowTop[w]! + plan.laneOf[v]! * lane + 0.5;
    const h = Math.max(1, lane - 1);
    const g = svg('g', { class: critical.has(v) ? 'task critical' : 'task', 'data-task': v });
    let t = plan.earliestStartMs[v]!;
    for (let s = 0; s < 4; s++) {
      const d = plan.segmentsMs[4 * v + s]!;
      if (d > 0) g.append(svg('rect', { x: sx(t), y: top, width: Math.max(0.6, sx(t + d) - sx(t)), height: h, fill: SEGMENT_COLOURS[s]!, class: `seg seg-${s}` }));
      t += d;
    }
    if (critical.has(v)) g.append(svg('rect', { x: sx(plan.earliestStartMs[v]!), y: top, width: Math.max(0.6, sx(taskFinish(plan, v)) - sx(plan.earliestStartMs[v]!)), height: h, fill: 'none', stroke: CRITICAL, 'stroke-width': lane >= 9 ? 1.6 : 1 }));
    bars.append(g);
  }
  const lines = svg('g', { class: 'lines' });
  const vline = (t: number, colour: string, text: string, dash: string, side: string, row: number) => {
    // Labels go to the side away from the other line, but never past the plot's edges.
    const anchor = side === 'start' && sx(t) + 150 > width ? 'end' : side === 'end' && sx(t) - 150 < m.l ? 'start' : side;
    lines.append(svg('line', { x1: sx(t), x2: sx(t), y1: m.t - 17 - 13 * row, y2: m.t + plotH, stroke: colour, 'stroke-width': 1.6, 'stroke-dasharray': dash }));
    const label = svg('text', { x: sx(t) + (anchor === 'end' ? -4 : 4), y: m.t - 8 - 13 * row, fill: colour, 'text-anchor': anchor, class: 'line-label' });
    label.textContent = text;
    lines.append(label);
  };
  const deadlineLater = deadlineMs !== null && deadlineMs > plan.makespanMs;
  vline(plan.makespanMs, '#222', `makespan ${ms(plan.makespanMs)}`, '', deadlineLater ? 'end' : 'start', 0);
  if (deadlineMs !== null) vline(deadlineMs, CRITICAL, `deadline ${ms(deadlineMs)}`, '6 3', deadlineLater ? 'start' : 'end', 1);
  root.append(labels, axis, bars, lines);
  root.addEventListener('mouseover', (event) => {
    const target = (event.target as Element).closest('[data-task]');
    if (target === null) return;
    showTooltip(event, taskDetail(workflow, plan, Number(target.getAttribute('data-task')), critical));
  });
  root.addEventListener('mouseout', (event) => {
    if ((event.relatedTarget as Element | null)?.closest?.('[data-task]')) return;
    hideTooltip();
  });
  container.replaceChildren(root);
  legend.replaceChildren(
    ...SEGMENT_NAMES.map((name, s) => el('span', { class: 'swatch' }, el('i', { style: `background:${SEGMENT_COLOURS[s]}` }), name)),
    el('span', { class: 'swatch' }, el('i', { class: 'crit-outline' }), 'critical path'),
    el('span', { class: 'swatch' }, el('i', { class: 'line-black' }), 'makespan'),
    ...(deadlineMs !== null ? [el('span', { class: 'swatch' }, el('i', { class: 'line-red' }), 'deadline')] : []),
  );
}
