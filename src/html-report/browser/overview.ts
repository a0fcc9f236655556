/**
 * The sweep overview: the provenance of the results, the two indexes of ann-benchmarks'
 * site (by planner, by instance: a click opens the instance), and the summary table of
 * every (instance, planner) line, sortable by any column and filterable by text.
 */
import type { ReportData, SummaryRowData } from '../report-data.js';
import { byId, el, formatMetric } from './dom.js';

export function renderProvenance(data: ReportData): void {
  const box = byId('provenance');
  const list = el('dl', { class: 'provenance' });
  const add = (k: string, v: unknown) => {
    const text = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v, null, 1);
    const value = text.length > 160 ? el('details', {}, el('summary', {}, `${text.slice(0, 80).replace(/\s+/g, ' ')}...`), el('pre', {}, text)) : el('span', {}, text);
    list.append(el('dt', {}, k), el('dd', {}, value));
  };
  if (data.provenance !== null) for (const [k, v] of Object.entries(data.provenance)) add(k, v);
  else box.append(el('p', { class: 'note' }, 'This sweep recorded no provenance (summary.json has no "provenance" key); the machine the report was built on:'));
  if (data.machine !== null && data.provenance === null) for (const [k, v] of Object.entries(data.machine)) add(k, v);
  add('results', data.resultsDir);
  add('report generated', data.generatedAt);
  box.append(list);
}

export function renderIndexes(data: ReportData, open: (instanceId: string) => void): void {
  const planners = byId('planner-index');
  const head = ['planner', 'runs', 'done', 'refused', 'errored / timed out', 'makespan / fastest (geo. mean)', 'saving vs largest (mean)', 'deadline met', 'planning ms (median)'];
  const table = el('table', { class: 'data' }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))));
  const body = el('tbody');
  const style = new Map(data.planners.map((p) => [p.label, p]));
  for (const o of data.overview) {
    const s = style.get(String(o.planner));
    const f = (v: unknown, d: number) => (typeof v === 'number' ? v.toFixed(d) : '-');
    body.append(
      el(
        'tr',
        {},
        el('td', {}, el('i', { class: 'dot', style: `background:${s?.colour ?? '#999'}` }), String(o.planner)),
        el('td', {}, String(o.instances)),
        el('td', {}, String(o.done)),
        el('td', {}, String(o.refused)),
        el('td', {}, String(o.failed)),
        el('td', {}, f(o.makespanRatioGeoMean, 3)),
        el('td', {}, typeof o.costSavingMean === 'number' ? `${(o.costSavingMean * 100).toFixed(1)}%` : '-'),
        el('td', {}, o.deadlineRuns === 0 ? '-' : `${o.deadlineMet}/${o.deadlineRuns}`),
        el('td', {}, f(o.planningMsMedian, 2)),
      ),
    );
  }
  table.append(body);
  planners.replaceChildren(table);

  const instances = byId('instance-index');
  const list = el('div', { class: 'cards' });
  for (const inst of data.instances) {
    const wf = data.workflows[inst.workflow];
    const cheapest = inst.plans[inst.defaultPlan];
    const card = el(
      'a',
      { class: 'card', href: `#instance=${encodeURIComponent(inst.id)}`, 'data-instance': inst.id },
      el('b', {}, inst.title),
      el('span', {}, `${wf ? `${wf.tasks.toLocaleString('en-US')} tasks` : 'dataset not found'}, ${inst.plans.length} plan(s)`),
      el('span', {}, cheapest ? `cheapest${cheapest.deadlineMet === false ? '' : ' meeting the deadline'}: ${cheapest.planner}` : 'no plan drawn'),
    );
    card.addEventListener('click', (event) => {
      event.preventDefault();
      open(inst.id);
    });
    list.append(card);
  }
  instances.replaceChildren(list);
}

export function renderSummaryTable(data: ReportData, open: (instanceId: string) => void): void {
  const columns: { id: string; label: string; title: string; value: (r: SummaryRowData) => string | number | null; text: (r: SummaryRowData) => string }[] = [
    { id: 'dataset', label: 'dataset', title: 'dataset / workflow', value: (r) => r.dataset, text: (r) => (r.workflow === r.dataset ? r.dataset : `${r.dataset} / ${r.workflow}`) },
    { id: 'tasks', label: 'tasks', title: 'tasks of the workflow', value: (r) => r.tasks, text: (r) => r.tasks.toLocaleString('en-US') },
    { id: 'sla', label: 'sla', title: 'SLA statistic of the predictions', value: (r) => r.sla, text: (r) => r.sla },
    { id: 'deadline', label: 'deadline', title: 'deadline (factor of the best makespan, or ms)', value: (r) => r.deadline, text: (r) => r.deadline },
    { id: 'planner', label: 'planner', title: 'planner setting', value: (r) => r.planner, text: (r) => r.planner },
    { id: 'state', label: 'state', title: 'how the runs ended', value: (r) => r.state, text: (r) => (r.note ? `${r.state}: ${r.note}` : r.state) },
    ...data.metrics.map((m) => ({ id: m.id, label: m.label, title: `${m.description} (${m.direction} is better)`, value: (r: SummaryRowData) => r.values[m.id] ?? null, text: (r: SummaryRowData) => formatMetric(m.id, r.values[m.id] ?? null) })),
  ];
  const style = new Map(data.planners.map((p) => [p.label, p.colour]));
  let sortBy = -1;
  let ascending = true;
  const table = byId<HTMLTableElement>('summary-table');
  const filter = byId<HTMLInputElement>('summary-filter');
  const headRow = el('tr');
  columns.forEach((c, i) => {
    const th = el('th', { title: c.title, 'data-column': c.id }, c.label);
    th.addEventListener('click', () => {
      ascending = sortBy === i ? !ascending : true;
      sortBy = i;
      draw();
    });
    headRow.append(th);
  });
  table.replaceChildren(el('thead', {}, headRow), el('tbody'));
  const draw = () => {
    const needle = filter.value.trim().toLowerCase();
    let rows = data.summary.filter((r) => needle === '' || columns.some((c) => c.text(r).toLowerCase().includes(needle)));
    if (sortBy >= 0) {
      const c = columns[sortBy]!;
      rows = [...rows].sort((a, b) => {
        const x = c.value(a);
        const y = c.value(b);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // missing values last either way
        const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return ascending ? cmp : -cmp;
      });
    }
    headRow.querySelectorAll('th').forEach((th, i) => th.setAttribute('aria-sort', i === sortBy ? (ascending ? 'ascending' : 'descending') : 'none'));
    const body = el('tbody');
    for (const r of rows) {
      const tr = el('tr', { 'data-instance': r.instance });
      for (const c of columns) {
        const td = el('td', {}, c.text(r));
        if (c.id === 'planner') td.prepend(el('i', { class: 'dot', style: `background:${style.get(r.planner) ?? '#999'}` }));
        if (typeof c.value(r) === 'number' && c.id !== 'tasks') td.className = 'num';
        tr.append(td);
      }
      tr.addEventListener('click', () => open(r.instance));
      body.append(tr);
    }
    table.tBodies[0]!.replaceWith(body);
    byId('summary-count').textContent = `${rows.length} of ${data.summary.length} lines`;
  };
  filter.addEventListener('input', draw);
  draw();
}
