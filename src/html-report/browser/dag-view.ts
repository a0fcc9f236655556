/**
 * The DAG of an instance under one plan: a layered layout (elkjs), tasks coloured by
 * memory level, the critical path in red, the tasks of one worker outlined together (a
 * band along the edges that stay on the worker, so data passes locally), the task's
 * times on hover. Above `AGGREGATE_ABOVE_TASKS` tasks one node stands for all tasks of a
 * func at one topological depth. Wheel zooms, drag pans, double-click fits.
 */
import type { PlanData, WorkflowData } from '../report-data.js';
import { el, mb, ms, svg } from './dom.js';
import { chooseDirection, depths, layout } from './elk-layout.js';
import { taskDetail } from './task-detail.js';
import { hideTooltip, showTooltip } from './tooltip.js';

const CRITICAL = '#d62728';
const OUTLINE = '#6b6b6b';
const BAND = '#ececec';
const LABELLED_MAX_TASKS = 80;

export function memoryColour(colours: readonly string[], level: number, levels: number): string {
  const i = levels <= 1 ? colours.length - 1 : Math.round((level * (colours.length - 1)) / (levels - 1));
  return colours[i]!;
}

interface Drawn {
  readonly root: SVGSVGElement;
  readonly bounds: { width: number; height: number };
}

export class DagView {
  private token = 0;
  private drawn: Drawn | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly legend: HTMLElement,
    private readonly colours: readonly string[],
  ) {}

  async show(workflow: WorkflowData, plan: PlanData): Promise<void> {
    const token = ++this.token;
    this.container.replaceChildren(el('div', { class: 'placeholder' }, `laying out ${workflow.aggregate ? `${workflow.aggregate.groups.length} groups of ${workflow.tasks.toLocaleString('en-US')} tasks` : `${workflow.tasks.toLocaleString('en-US')} tasks`} with elkjs...`));
    const aggregated = workflow.aggregate !== null;
    const labelled = !aggregated && workflow.tasks <= LABELLED_MAX_TASKS;
    const key = `${workflow.dataset}/${workflow.workflow}`;
    const boxAspect = Math.max(1, this.container.clientWidth) / Math.max(1, this.container.clientHeight);
    const input = aggregated
      ? {
          nodes: workflow.aggregate!.groups.map((g, i) => ({ id: `g${i}`, width: Math.min(160, 24 + 6.6 * (g.func.length + String(g.count).length + 2)), height: 28 })),
          edges: workflow.aggregate!.edges.map((e, i) => ({ id: `a${i}`, from: `g${e.from}`, to: `g${e.to}` })),
          direction: chooseDirection(workflow.aggregate!.groups.map((g) => g.depth), { width: 110, height: 28 }, boxAspect),
        }
      : {
          nodes: workflow.taskIds.map((id, i) => ({ id: `t${i}`, width: labelled ? Math.min(130, Math.max(36, 6.6 * id.length + 12)) : 14, height: labelled ? 22 : 14 })),
          edges: workflow.edgeFrom.map((from, e) => ({ id: `e${e}`, from: `t${from}`, to: `t${workflow.edgeTo[e]!}` })),
          direction: chooseDirection(depths(workflow.tasks, workflow.edgeFrom, workflow.edgeTo), labelled ? { width: 80, height: 22 } : { width: 14, height: 14 }, boxAspect),
        };
    let result: ElkNode;
    try {
      result = await layout(key, input);
    } catch (error) {
      if (token === this.token) this.container.replaceChildren(el('div', { class: 'placeholder error' }, `layout failed: ${String(error)}`));
      return;
    }
    if (token !== this.token) return; // a newer request replaced this one
    const drawn = aggregated ? this.drawAggregate(workflow, plan, result) : this.drawTasks(workflow, plan, result, labelled);
    this.container.replaceChildren(drawn.root);
    this.drawn = drawn;
    enablePanZoom(drawn.root, drawn.bounds);
    this.drawLegend(workflow, plan, aggregated);
  }

  private drawTasks(workflow: WorkflowData, plan: PlanData, result: ElkNode, labelled: boolean): Drawn {
    const n = workflow.tasks;
    const L = workflow.ladderMb.length;
    const pos = new Array<ElkNode>(n);
    for (const c of result.children ?? []) pos[Number(c.id.slice(1))] = c;
    const critical = new Set(plan.criticalPath);
    const criticalEdges = new Set<string>();
    for (let i = 1; i < plan.criticalPath.length; i++) criticalEdges.add(`${plan.criticalPath[i - 1]}>${plan.criticalPath[i]}`);
    const tasksOnWorker = new Int32Array(plan.workerCount);
    for (const w of plan.workerOf) tasksOnWorker[w]!++;
    const root = svg('svg', { class: 'dag', role: 'img', 'aria-label': `DAG of ${workflow.workflow}` }) as SVGSVGElement;
    const bandsOuter = svg('g', { class: 'worker-outline' });
    const bandsInner = svg('g');
    const edges = svg('g', { class: 'edges' });
    const criticalEdgeGroup = svg('g', { class: 'edges critical' }); // drawn over the others
    const nodes = svg('g', { class: 'nodes' });
    const pathOf = (e: ElkEdge) => {
      const s = e.sections?.[0];
      if (s === undefined) return '';
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      return `M${pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('L')}`;
    };
    const size = labelled ? 22 : 14;
    for (const e of result.edges ?? []) {
      const index = Number(e.id.slice(1));
      const u = workflow.edgeFrom[index]!;
      const v = workflow.edgeTo[index]!;
      const d = pathOf(e);
      if (plan.workerOf[u] === plan.workerOf[v]) {
        bandsOuter.append(svg('path', { d, stroke: OUTLINE, 'stroke-width': size + 10, fill: 'none', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
        bandsInner.append(svg('path', { d, stroke: BAND, 'stroke-width': size + 7, fill: 'none', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
      }
      const isCritical = criticalEdges.has(`${u}>${v}`);
      (isCritical ? criticalEdgeGroup : edges).append(svg('path', { d, class: isCritical ? 'edge critical' : 'edge', stroke: isCritical ? CRITICAL : '#9a9a9a', 'stroke-width': isCritical ? 2.5 : 1, 'vector-effect': 'non-scaling-stroke', fill: 'none', 'marker-end': isCritical ? 'url(#arrow-critical)' : 'url(#arrow)' }));
    }
    for (let v = 0; v < n; v++) {
      const p = pos[v]!;
      const w = plan.workerOf[v]!;
      const x = p.x ?? 0;
      const y = p.y ?? 0;
      const width = p.width ?? size;
      const height = p.height ?? size;
      if (tasksOnWorker[w]! > 1) {
        bandsOuter.append(svg('rect', { x: x - 5, y: y - 5, width: width + 10, height: height + 10, rx: 8, fill: OUTLINE }));
        bandsInner.append(svg('rect', { x: x - 3.5, y: y - 3.5, width: width + 7, height: height + 7, rx: 7, fill: BAND }));
      }
      const g = svg('g', { class: critical.has(v) ? 'task critical' : 'task', 'data-task': v, 'data-worker': w });
      g.append(
        svg('rect', {
          x,
          y,
          width,
          height,
          rx: labelled ? 4 : 3,
          fill: memoryColour(this.colours, plan.levelOf[w]!, L),
          stroke: critical.has(v) ? CRITICAL : '#333',
          'stroke-width': critical.has(v) ? 2.5 : 0.8,
          'vector-effect': 'non-scaling-stroke',
        }),
      );
      if (labelled) {
        const t = svg('text', { x: x + width / 2, y: y + height / 2 + 4, 'text-anchor': 'middle', class: plan.levelOf[w]! >= L / 2 ? 'on-dark' : '' });
        t.textContent = workflow.taskIds[v]!;
        g.append(t);
      }
      nodes.append(g);
    }
    root.append(arrowDefs(), bandsOuter, bandsInner, edges, criticalEdgeGroup, nodes);
    root.addEventListener('mouseover', (event) => {
      const target = (event.target as Element).closest('[data-task]');
      if (target === null) return;
      const v = Number(target.getAttribute('data-task'));
      const w = target.getAttribute('data-worker');
      root.querySelectorAll('.same-worker').forEach((node) => node.classList.remove('same-worker'));
      root.querySelectorAll(`[data-worker="${w}"]`).forEach((node) => node.classList.add('same-worker'));
      showTooltip(event, taskDetail(workflow, plan, v, critical));
    });
    root.addEventListener('mousemove', (event) => {
      if ((event.target as Element).closest('[data-task]') === null) return;
      const tip = document.getElementById('tooltip');
      if (tip && !tip.hidden && tip.firstElementChild) showTooltip(event, tip.firstElementChild);
    });
    root.addEventListener('mouseout', (event) => {
      if ((event.relatedTarget as Element | null)?.closest?.('[data-task]')) return;
      root.querySelectorAll('.same-worker').forEach((node) => node.classList.remove('same-worker'));
      hideTooltip();
    });
    return { root, bounds: { width: result.width ?? 100, height: result.height ?? 100 } };
  }

  private drawAggregate(workflow: WorkflowData, plan: PlanData, result: ElkNode): Drawn {
    const agg = workflow.aggregate!;
    const L = workflow.ladderMb.length;
    const G = agg.groups.length;
    const levelCount = Array.from({ length: G }, () => new Array<number>(L).fill(0));
    const minSlack = new Array<number>(G).fill(Number.POSITIVE_INFINITY);
    const criticalCount = new Array<number>(G).fill(0);
    const critical = new Set(plan.criticalPath);
    const criticalGroupEdges = new Set<string>();
    for (let i = 1; i < plan.criticalPath.length; i++) criticalGroupEdges.add(`${agg.groupOf[plan.criticalPath[i - 1]!]}>${agg.groupOf[plan.criticalPath[i]!]}`);
    agg.groupOf.forEach((g, v) => {
      levelCount[g]![plan.levelOf[plan.workerOf[v]!]!]!++;
      minSlack[g] = Math.min(minSlack[g]!, plan.slackMs[v]!);
      if (critical.has(v)) criticalCount[g]!++;
    });
    const root = svg('svg', { class: 'dag', role: 'img', 'aria-label': `aggregated DAG of ${workflow.workflow}` }) as SVGSVGElement;
    const edges = svg('g', { class: 'edges' });
    const nodes = svg('g', { class: 'nodes' });
    const maxCount = Math.max(...agg.edges.map((e) => e.count));
    for (const e of result.edges ?? []) {
      const a = agg.edges[Number(e.id.slice(1))]!;
      const s = e.sections?.[0];
      if (s === undefined) continue;
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      const isCritical = criticalGroupEdges.has(`${a.from}>${a.to}`);
      edges.append(svg('path', { d: `M${pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('L')}`, class: isCritical ? 'edge critical' : 'edge', fill: 'none', stroke: isCritical ? CRITICAL : '#9a9a9a', 'stroke-width': 0.8 + 3 * Math.sqrt(a.count / maxCount), 'marker-end': isCritical ? 'url(#arrow-critical)' : 'url(#arrow)' }));
    }
    for (const c of result.children ?? []) {
      const g = Number(c.id.slice(1));
      const group = agg.groups[g]!;
      const counts = levelCount[g]!;
      const majority = counts.indexOf(Math.max(...counts));
      const node = svg('g', { class: criticalCount[g]! > 0 ? 'task group critical' : 'task group', 'data-group': g });
      node.append(svg('rect', { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 40, height: c.height ?? 28, rx: 5, fill: memoryColour(this.colours, majority, L), stroke: criticalCount[g]! > 0 ? CRITICAL : '#333', 'stroke-width': criticalCount[g]! > 0 ? 2.5 : 0.8 }));
      const t = svg('text', { x: (c.x ?? 0) + (c.width ?? 40) / 2, y: (c.y ?? 0) + 18, 'text-anchor': 'middle', class: majority >= L / 2 ? 'on-dark' : '' });
      t.textContent = `${group.func} ×${group.count}`;
      node.append(t);
      nodes.append(node);
    }
    root.append(arrowDefs(), edges, nodes);
    root.addEventListener('mouseover', (event) => {
      const target = (event.target as Element).closest('[data-group]');
      if (target === null) return;
      const g = Number(target.getAttribute('data-group'));
      const group = agg.groups[g]!;
      const table = el('table', { class: 'kv' });
      const rows: [string, string][] = [
        ['func', group.func],
        ['depth', group.depthTo > group.depth ? `${group.depth}-${group.depthTo}` : String(group.depth)],
        ['tasks', group.count.toLocaleString('en-US')],
        ['memory', levelCount[g]!.map((k, l) => (k > 0 ? `${mb(workflow.ladderMb[l]!)} ×${k}` : '')).filter(Boolean).join(', ')],
        ['least slack', ms(minSlack[g]!)],
        ['on the critical path', String(criticalCount[g])],
      ];
      for (const [k, v] of rows) table.append(el('tr', {}, el('th', {}, k), el('td', {}, v)));
      showTooltip(event, el('div', { class: 'task-detail', 'data-group': String(g) }, el('div', { class: 'tip-title' }, `${group.func} at depth ${group.depthTo > group.depth ? `${group.depth}-${group.depthTo}` : group.depth}`), table));
    });
    root.addEventListener('mouseout', (event) => {
      if ((event.relatedTarget as Element | null)?.closest?.('[data-group]')) return;
      hideTooltip();
    });
    return { root, bounds: { width: result.width ?? 100, height: result.height ?? 100 } };
  }

  private drawLegend(workflow: WorkflowData, plan: PlanData, aggregated: boolean): void {
    const used = new Set(plan.levelOf);
    const L = workflow.ladderMb.length;
    const items = workflow.ladderMb.map((size, l) =>
      el('span', { class: used.has(l) ? 'swatch used' : 'swatch' }, el('i', { style: `background:${memoryColour(this.colours, l, L)}` }), mb(size)),
    );
    this.legend.replaceChildren(
      el('span', { class: 'legend-title' }, 'memory:'),
      ...items,
      el('span', { class: 'swatch' }, el('i', { class: 'crit' }), 'critical path'),
      ...(aggregated ? [] : [el('span', { class: 'swatch' }, el('i', { class: 'band' }), 'tasks of one worker')]),
    );
  }

  /** Fits the drawing to the view. */
  fit(): void {
    if (this.drawn) enablePanZoom(this.drawn.root, this.drawn.bounds);
  }
}

function arrowDefs(): SVGElement {
  const defs = svg('defs');
  for (const [id, colour] of [['arrow', '#9a9a9a'], ['arrow-critical', CRITICAL]] as const) {
    const marker = svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' });
    marker.append(svg('path', { d: 'M0,0L10,5L0,10z', fill: colour }));
    defs.append(marker);
  }
  return defs;
}

/** viewBox-based zoom (wheel, around the pointer) and pan (drag); double-click fits. */
function enablePanZoom(root: SVGSVGElement, bounds: { width: number; height: number }): void {
  const pad = 16;
  const fit = () => {
    root.setAttribute('viewBox', `${-pad} ${-pad} ${bounds.width + 2 * pad} ${bounds.height + 2 * pad}`);
  };
  fit();
  if (root.dataset.panZoom === '1') return;
  root.dataset.panZoom = '1';
  const box = () => root.getAttribute('viewBox')!.split(' ').map(Number) as [number, number, number, number];
  root.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const [x, y, w, h] = box();
      const rect = root.getBoundingClientRect();
      const fx = (event.clientX - rect.left) / rect.width;
      const fy = (event.clientY - rect.top) / rect.height;
      const k = event.deltaY > 0 ? 1.15 : 1 / 1.15;
      const nw = w * k;
      const nh = h * k;
      root.setAttribute('viewBox', `${x + (w - nw) * fx} ${y + (h - nh) * fy} ${nw} ${nh}`);
    },
    { passive: false },
  );
  let drag: { x: number; y: number; box: [number, number, number, number] } | undefined;
  root.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, box: box() };
  });
  root.addEventListener('pointermove', (event) => {
    if (drag === undefined || event.buttons !== 1) return;
    const rect = root.getBoundingClientRect();
    const [x, y, w, h] = drag.box;
    const scale = Math.max(w / rect.width, h / rect.height);
    root.setAttribute('viewBox', `${x - (event.clientX - drag.x) * scale} ${y - (event.clientY - drag.y) * scale} ${w} ${h}`);
  });
  root.addEventListener('pointerup', () => (drag = undefined));
  root.addEventListener('dblclick', fit);
}
