/**
 * The report page: reads the inline data, draws the overview, the global charts
 * (planning time, replay) and the instance view; the instance select (or a click in an
 * index or the table, or `#instance=<id>` in the address) switches every instance chart,
 * the plan select switches the DAG and Gantt views.
 */
import type { ReportData } from '../report-data.js';
import { DagView } from './dag-view.js';
import { byId, el, ms, usd } from './dom.js';
import { drawGantt } from './gantt-view.js';
import { renderIndexes, renderProvenance, renderSummaryTable } from './overview.js';
import { drawVega } from './vega-chart.js';

const data = JSON.parse(byId('report-data').textContent ?? '{}') as ReportData;
const dag = new DagView(byId('dag'), byId('dag-legend'), data.memoryColours);
const instanceSelect = byId<HTMLSelectElement>('instance-select');
const planSelect = byId<HTMLSelectElement>('plan-select');
let current = 0;

function showPlan(): Promise<void> {
  const inst = data.instances[current]!;
  const wf = data.workflows[inst.workflow];
  const plan = inst.plans[Number(planSelect.value)];
  const missing = inst.withoutPlan.map((w) => `${w.planner}: ${w.reason}`);
  byId('without-plan').replaceChildren(...(missing.length > 0 ? [el('details', {}, el('summary', {}, `${missing.length} planner setting(s) without a drawn plan`), el('ul', {}, ...missing.map((m) => el('li', {}, m))))] : []));
  if (wf === undefined || plan === undefined) {
    const why = el('div', { class: 'placeholder' }, wf === undefined ? 'the dataset of this instance could not be loaded (see above)' : 'no stored plan for this instance');
    byId('dag').replaceChildren(why);
    byId('gantt').replaceChildren(why.cloneNode(true));
    return Promise.resolve();
  }
  byId('plan-facts').textContent = `${plan.planner} (seed ${plan.seed}): makespan ${ms(plan.makespanMs)}, cost ${usd(plan.costUsd)}, ${plan.workerCount} workers${plan.deadlineMet === null ? '' : plan.deadlineMet ? ', deadline met' : ', deadline MISSED'}; planned in ${ms(plan.planningMs)}.`;
  byId('dag-caption-size').textContent = wf.aggregate
    ? `${wf.tasks.toLocaleString('en-US')} tasks, drawn aggregated: one node per func in each band of topological depths (hover: its depths), labelled with its task count and coloured by the memory most of its tasks got; edge width grows with the task edges it stands for. Worker groups are not drawn at this size; the Gantt chart below shows every task.`
    : `${wf.tasks.toLocaleString('en-US')} tasks, ${wf.edges.toLocaleString('en-US')} edges.`;
  drawGantt(byId('gantt'), byId('gantt-legend'), wf, plan, inst.deadlineMs);
  return dag.show(wf, plan);
}

async function showInstance(index: number): Promise<void> {
  current = index;
  const inst = data.instances[index]!;
  instanceSelect.value = String(index);
  planSelect.replaceChildren(...inst.plans.map((p, i) => el('option', { value: String(i) }, `${p.planner}${i === inst.defaultPlan ? ' (cheapest meeting the deadline)' : ''}`)));
  planSelect.value = String(inst.defaultPlan);
  byId('instance-title').textContent = inst.title;
  history.replaceState(null, '', `#instance=${encodeURIComponent(inst.id)}`);
  document.body.dataset.instance = inst.id;
  await Promise.all([drawVega(byId('pareto'), inst.paretoSpec), showPlan()]);
}

function open(id: string): void {
  const index = data.instances.findIndex((i) => i.id === id);
  if (index < 0) return;
  void showInstance(index).then(() => byId('instance').scrollIntoView({ behavior: 'smooth' }));
}

/** Per dataset: runs, mean leave-one-out makespan error, and how much of the recorded makespan the recorded-times critical path misses. */
function replayTable(report: ReportData): HTMLElement {
  const byDataset = new Map<string, ReportData['replay']['runs'][number][]>();
  for (const r of report.replay.runs) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  const pct = (v: number | null) => (v === null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const body = el('tbody');
  for (const [dataset, runs] of byDataset) {
    const loo = mean(runs.filter((r) => r.predictedMakespanMs !== null).map((r) => ((r.predictedMakespanMs! - r.recordedMakespanMs) / r.recordedMakespanMs) * 100));
    const gap = mean(runs.map((r) => ((r.recordedMakespanMs - r.recordedCriticalPathMs) / r.recordedMakespanMs) * 100));
    body.append(el('tr', {}, el('td', {}, dataset), el('td', { class: 'num' }, String(runs.length)), el('td', { class: 'num' }, pct(loo)), el('td', { class: 'num' }, gap === null ? '-' : `${gap.toFixed(1)}%`)));
  }
  const head = el('tr', {}, el('th', {}, 'dataset'), el('th', {}, 'runs'), el('th', { title: 'mean of (prediction - recorded) / recorded over runs with a leave-one-out prediction' }, 'LOO makespan error'), el('th', { title: 'mean of (recorded makespan - recorded-times critical path) / recorded makespan: time the model does not contain' }, 'recorded not on the critical path'));
  return el('table', { class: 'data' }, el('thead', {}, head), body);
}

async function boot(): Promise<void> {
  byId('generated').textContent = `generated ${data.generatedAt.replace('T', ' ').slice(0, 19)} UTC from ${data.resultsDir}`;
  renderProvenance(data);
  renderIndexes(data, open);
  renderSummaryTable(data, open);
  instanceSelect.replaceChildren(...data.instances.map((inst, i) => el('option', { value: String(i) }, inst.title)));
  instanceSelect.addEventListener('change', () => void showInstance(Number(instanceSelect.value)));
  planSelect.addEventListener('change', () => void showPlan());
  byId('dag-fit').addEventListener('click', () => dag.fit());
  const tasks = [
    data.planningTimeSpec ? drawVega(byId('planning-time'), data.planningTimeSpec) : Promise.resolve(),
    data.replay.spec ? drawVega(byId('replay-chart'), data.replay.spec) : Promise.resolve(),
  ];
  byId('replay-notes').replaceChildren(
    el('p', {}, `${data.replay.runs.length} recorded run(s) of ${new Set(data.replay.runs.map((r) => r.dataset)).size} dataset(s); predictions at SLA ${data.replay.sla ?? '-'}.`),
    replayTable(data),
    ...data.replay.notes.map((n) => el('p', { class: 'note' }, n)),
  );
  const wanted = decodeURIComponent(/#instance=([^&]+)/.exec(location.hash)?.[1] ?? '');
  const first = Math.max(0, data.instances.findIndex((i) => i.id === wanted));
  if (data.instances.length > 0) tasks.push(showInstance(first));
  else byId('instance').append(el('p', { class: 'note' }, 'No finished run to show.'));
  await Promise.all(tasks);
  document.body.dataset.ready = 'true';
}

boot().catch((error: unknown) => {
  console.error(error);
  document.body.dataset.ready = 'error';
});
