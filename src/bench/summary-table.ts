/**
 * The sweep's summary: one line per (dataset, workflow, planner, parameters, SLA,
 * deadline), metrics averaged over seeds, as a markdown table (printed on the terminal and
 * written to `results/`). The best value of each metric within an instance group is bold,
 * among the lines that meet their deadline only (a plan that misses it is no candidate).
 * One base for both relative figures, stated in the headers: "fastest", the makespan with
 * every worker of the default assignment at its fastest size; a deadline factor (1.2x)
 * multiplies it and "makespan / fastest" divides by it. A sweep over several worker
 * assignments (or a non-default one) gets an `assignment` column, and each line's saving is
 * measured against `uniform largest` of its own assignment when the sweep ran it.
 */
import { metricsRegistry, isBetter, percent, type MetricDefinition, type RowMetrics } from './metrics-registry.js';
import { sortedParams } from './run-key.js';
import type { RunRow, RunState } from './run-row.js';
import { DEFAULT_ASSIGNMENT } from '../planning/assignment/index.js';
import type { ParamValue } from '../planning/types.js';

export interface SummaryLine {
  readonly dataset: string;
  readonly workflow: string;
  readonly planner: string;
  readonly params: string;
  /** Worker-assignment strategy of the runs (`chain` by default). */
  readonly assignment: string;
  readonly sla: string;
  readonly deadline: string | null;
  /** The run's confidence (the sweep's axis), null for none. */
  readonly confidence: number | null;
  readonly tasks: number;
  readonly seeds: number;
  /** Runs per final state. */
  readonly states: Readonly<Partial<Record<RunState, number>>>;
  /** First error or time-out message, for the table's note. */
  readonly note: string | null;
  /** Mean over seeds of each metric (null when no run has it). */
  readonly means: Readonly<Record<string, number | null>>;
  /** The assignment whose `uniform largest` the saving is measured against, when not the line's own; null otherwise. */
  readonly savingAgainst: string | null;
}

/** Columns shown in the table, in order. */
export const TABLE_METRICS = ['makespanMs', 'makespanRatio', 'costUsd', 'costSaving', 'deadlineMet', 'p95MakespanMs', 'deadlineProbability', 'sloMet', 'heldOutAttainment', 'workers', 'coldStarts', 'bytesMoved', 'planningMs'] as const;

/** Columns shown only when some line has a value (distribution metrics of sweeps that measured them). */
const OPTIONAL_METRICS: ReadonlySet<string> = new Set(['p95MakespanMs', 'deadlineProbability', 'sloMet', 'heldOutAttainment']);

export function assignmentOf(r: { readonly assignment?: string }): string {
  return r.assignment ?? DEFAULT_ASSIGNMENT;
}

/** Whether the assignment is shown: the rows have more than one, or a non-default one. */
export function showsAssignment(rows: readonly { readonly assignment?: string }[]): boolean {
  return rows.some((r) => assignmentOf(r) !== DEFAULT_ASSIGNMENT);
}

/**
 * Labels for planner settings and worker assignments, for charts and the HTML report: the
 * `plannerLabeller` label, plus the assignment in brackets when `showsAssignment`
 * (`deadline-downgrade [one-per-task]`), so two assignments of a planner never share a label.
 */
export function settingLabeller(settings: readonly { planner: string; params: string; assignment?: string }[]): (line: { planner: string; params: string; assignment?: string }) => string {
  const label = plannerLabeller(settings);
  const withAssignment = showsAssignment(settings);
  return (line) => (withAssignment ? `${label(line)} [${assignmentOf(line)}]` : label(line));
}

function settingsOf(r: { params: Readonly<Record<string, ParamValue>> }): string {
  return sortedParams(r.params);
}

/** The deadline column states its base: a factor multiplies the fastest makespan. */
export const DEADLINE_HEADER = 'deadline (x fastest, or ms)';

/** The legend printed under the tables: what "fastest" is and what bold means. */
export const TABLE_LEGEND =
  '"fastest" = the makespan with every worker of the default assignment at its fastest memory size: a deadline given as a factor (1.2x) multiplies it, and "makespan / fastest" divides by it (below 1 when a planner\'s own worker assignment beats it). **Bold** = the best value of its instance among the plans that meet their deadline. `infeasible` = a deadline below the fastest makespan.';

/** What the tables add when they show the assignment. */
export const ASSIGNMENT_LEGEND =
  '"saving vs largest" = against `uniform largest` with the same worker assignment; "(vs <assignment>)" after a saving: the line\'s own assignment has no `uniform largest` run, so it is measured against that assignment\'s.';

/** The legend of these lines' tables: `TABLE_LEGEND`, plus `ASSIGNMENT_LEGEND` when they show the assignment. */
export function tableLegend(lines: readonly SummaryLine[]): string {
  return showsAssignment(lines) ? `${TABLE_LEGEND} ${ASSIGNMENT_LEGEND}` : TABLE_LEGEND;
}

export function summarize(metrics: readonly RowMetrics[], registry: readonly MetricDefinition[] = metricsRegistry): SummaryLine[] {
  const groups = new Map<string, RowMetrics[]>();
  for (const m of metrics) {
    const r = m.row;
    const id = [r.dataset, r.workflow, r.sla, r.deadline ?? '', String(r.confidence ?? ''), r.evaluate ?? '', r.planner, settingsOf(r), assignmentOf(r)].join('\u0000');
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [m]);
    else group.push(m);
  }
  const lines: SummaryLine[] = [];
  for (const group of groups.values()) {
    const first = group[0]!.row;
    const states: Partial<Record<RunState, number>> = {};
    for (const m of group) states[m.row.state] = (states[m.row.state] ?? 0) + 1;
    const means: Record<string, number | null> = {};
    for (const metric of registry) {
      const values = group.map((m) => m.values[metric.id]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
      means[metric.id] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    }
    lines.push({
      dataset: first.dataset,
      workflow: first.workflow,
      planner: first.planner,
      params: settingsOf(first),
      assignment: assignmentOf(first),
      sla: first.sla,
      deadline: first.deadline,
      confidence: first.confidence ?? null,
      tasks: first.tasks,
      seeds: group.length,
      states,
      note: noteOf(group.map((m) => m.row)),
      means,
      savingAgainst: group.find((m) => m.savingAgainst !== undefined)?.savingAgainst ?? null,
    });
  }
  return lines.sort((a, b) => compareText(a.dataset, b.dataset) || compareText(a.workflow, b.workflow) || compareText(a.sla, b.sla) || compareText(a.deadline ?? '', b.deadline ?? '') || (a.confidence ?? 0) - (b.confidence ?? 0) || compareText(a.planner, b.planner) || compareText(a.params, b.params) || compareText(a.assignment, b.assignment));
}

function noteOf(rows: readonly RunRow[]): string | null {
  const failed = rows.find((r) => r.state !== 'done');
  if (failed === undefined) return null;
  const text = failed.error ?? failed.state;
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function markdownTable(lines: readonly SummaryLine[], registry: readonly MetricDefinition[] = metricsRegistry): string {
  const shown = TABLE_METRICS.map((id) => registry.find((m) => m.id === id))
    .filter((m): m is MetricDefinition => m !== undefined)
    .filter((m) => !OPTIONAL_METRICS.has(m.id) || lines.some((l) => l.means[m.id] !== null && l.means[m.id] !== undefined));
  const withConfidence = lines.some((l) => l.confidence !== null);
  const multiWorkflow = new Set(lines.map((l) => `${l.dataset}/${l.workflow}`)).size > new Set(lines.map((l) => l.dataset)).size;
  const multiSla = new Set(lines.map((l) => l.sla)).size > 1;
  const withAssignment = showsAssignment(lines);
  const plannerCell = plannerLabeller(lines.map((l) => ({ planner: l.planner, params: l.params })));
  const header = ['dataset', ...(multiWorkflow ? ['workflow'] : []), 'tasks', ...(multiSla ? ['sla'] : []), DEADLINE_HEADER, ...(withConfidence ? ['confidence'] : []), 'planner', ...(withAssignment ? ['assignment'] : []), 'state', ...shown.map((m) => m.label)];
  const best = bestPerGroup(lines, shown);
  const body = lines.map((line) => {
    const group = groupId(line);
    const state = Object.entries(line.states).map(([s, n]) => (line.seeds > 1 ? `${s} ${n}` : s)).join(', ');
    const cells = shown.map((metric) => {
      const value = line.means[metric.id];
      if (value === null || value === undefined) return '-';
      const text = metric.id === 'costSaving' && line.savingAgainst !== null ? `${metric.format(value)} (vs ${line.savingAgainst})` : metric.format(value);
      return meetsDeadline(line) && best.get(`${group}\u0000${metric.id}`) === value ? `**${text}**` : text;
    });
    return [line.dataset, ...(multiWorkflow ? [line.workflow] : []), String(line.tasks), ...(multiSla ? [line.sla] : []), line.deadline ?? '-', ...(withConfidence ? [line.confidence === null ? '-' : String(line.confidence)] : []), plannerCell(line), ...(withAssignment ? [line.assignment] : []), line.note ? `${state}: ${line.note}` : state, ...cells];
  });
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...body.map(row)].join('\n');
}

function groupId(line: SummaryLine): string {
  return [line.dataset, line.workflow, line.sla, line.deadline ?? '', String(line.confidence ?? '')].join('\u0000');
}

/** True when every run of the line met its deadline, or it has none. */
function meetsDeadline(line: SummaryLine): boolean {
  if (line.deadline === null) return true;
  return line.means.deadlineMet === 1;
}

/** Best mean of each metric within each instance group, among lines that meet their deadline; none where every such line has the same value. */
function bestPerGroup(lines: readonly SummaryLine[], shown: readonly MetricDefinition[]): Map<string, number> {
  const best = new Map<string, number>();
  const worst = new Map<string, number>();
  for (const line of lines) {
    if (!meetsDeadline(line)) continue;
    for (const metric of shown) {
      const value = line.means[metric.id];
      if (value === null || value === undefined) continue;
      const id = `${groupId(line)}\u0000${metric.id}`;
      const current = best.get(id);
      if (current === undefined || isBetter(metric, value, current)) best.set(id, value);
      const low = worst.get(id);
      if (low === undefined || isBetter(metric, low, value)) worst.set(id, value);
    }
  }
  for (const [id, value] of best) if (worst.get(id) === value) best.delete(id);
  return best;
}

export interface PlannerOverview {
  readonly planner: string;
  /** The worker assignment, when the lines show it (`showsAssignment`); null otherwise. */
  readonly assignment: string | null;
  readonly instances: number;
  readonly done: number;
  readonly refused: number;
  /** Runs whose deadline is below the fastest makespan. */
  readonly infeasible: number;
  readonly failed: number;
  /** Geometric mean of makespan / fastest over the instances it solved. */
  readonly makespanRatioGeoMean: number | null;
  readonly costSavingMean: number | null;
  readonly deadlineMet: number;
  readonly deadlineRuns: number;
  readonly planningMsMedian: number | null;
  readonly planningMsMax: number | null;
}

/** One line per planner (and parameter setting, and worker assignment when shown) over every instance of the sweep. */
export function plannerOverview(lines: readonly SummaryLine[]): PlannerOverview[] {
  const label = plannerLabeller(lines.map((l) => ({ planner: l.planner, params: l.params })));
  const withAssignment = showsAssignment(lines);
  const groups = new Map<string, SummaryLine[]>();
  for (const l of lines) {
    const id = `${label(l)}\u0000${withAssignment ? l.assignment : ''}`;
    groups.set(id, [...(groups.get(id) ?? []), l]);
  }
  const values = (group: readonly SummaryLine[], id: string) => group.map((l) => l.means[id]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
  const out: PlannerOverview[] = [];
  for (const [id, group] of groups) {
    const ratios = values(group, 'makespanRatio').filter((v) => v > 0);
    const savings = values(group, 'costSaving');
    // Runs, not lines: a line's mean over its seeds times the seeds.
    const withDeadline = group.filter((l) => l.means.deadlineMet !== null && l.means.deadlineMet !== undefined);
    const metRuns = withDeadline.reduce((a, l) => a + Math.round(l.means.deadlineMet! * (l.states.done ?? 0)), 0);
    const deadlineRuns = withDeadline.reduce((a, l) => a + (l.states.done ?? 0), 0);
    const planning = values(group, 'planningMs').sort((a, b) => a - b);
    const count = (state: RunState) => group.reduce((a, l) => a + (l.states[state] ?? 0), 0);
    out.push({
      planner: label(group[0]!),
      assignment: withAssignment ? group[0]!.assignment : null,
      instances: group.reduce((a, l) => a + l.seeds, 0),
      done: count('done'),
      refused: count('refused'),
      infeasible: count('infeasible'),
      failed: count('errored') + count('timed-out'),
      makespanRatioGeoMean: ratios.length === 0 ? null : Math.exp(ratios.reduce((a, v) => a + Math.log(v), 0) / ratios.length),
      costSavingMean: savings.length === 0 ? null : savings.reduce((a, b) => a + b, 0) / savings.length,
      deadlineMet: metRuns,
      deadlineRuns,
      planningMsMedian: planning.length === 0 ? null : planning[Math.floor((planning.length - 1) / 2)]!,
      planningMsMax: planning.length === 0 ? null : planning[planning.length - 1]!,
    });
  }
  return out.sort((a, b) => compareText(a.planner, b.planner) || compareText(a.assignment ?? '', b.assignment ?? ''));
}

export function overviewMarkdown(overview: readonly PlannerOverview[]): string {
  const f = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
  const withAssignment = overview.some((o) => o.assignment !== null);
  const header = ['planner', ...(withAssignment ? ['assignment'] : []), 'runs', 'done', 'refused', 'infeasible', 'errored / timed out', 'makespan / fastest (geo. mean)', 'saving vs largest (mean)', 'deadline met', 'planning ms (median)', 'planning ms (max)'];
  const body = overview.map((o) => [
    o.planner,
    ...(withAssignment ? [o.assignment ?? DEFAULT_ASSIGNMENT] : []),
    String(o.instances),
    String(o.done),
    String(o.refused),
    String(o.infeasible),
    String(o.failed),
    f(o.makespanRatioGeoMean, 3),
    o.costSavingMean === null ? '-' : percent(o.costSavingMean),
    o.deadlineRuns === 0 ? '-' : `${o.deadlineMet}/${o.deadlineRuns}`,
    f(o.planningMsMedian, 2),
    f(o.planningMsMax, 1),
  ]);
  const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...body.map(row)].join('\n');
}

/**
 * Labels for planner settings: the planner's id, plus, when the lines hold several settings
 * of it, the parameters that differ between them (`deadline-downgrade (margin=0.05,order=most-slack)`).
 */
export function plannerLabeller(settings: readonly { planner: string; params: string }[]): (line: { planner: string; params: string }) => string {
  const byPlanner = new Map<string, Set<string>>();
  for (const s of settings) byPlanner.set(s.planner, (byPlanner.get(s.planner) ?? new Set<string>()).add(s.params));
  const varying = new Map<string, Set<string>>();
  for (const [planner, set] of byPlanner) {
    const values = new Map<string, Set<string>>();
    for (const params of set) {
      for (const pair of params.split(',').filter(Boolean)) {
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq);
        values.set(name, (values.get(name) ?? new Set<string>()).add(pair.slice(eq + 1)));
      }
    }
    varying.set(planner, new Set([...values].filter(([, v]) => v.size > 1).map(([name]) => name)));
  }
  return ({ planner, params }) => {
    const names = varying.get(planner);
    if (names === undefined || names.size === 0) return planner;
    const shown = params.split(',').filter((pair) => names.has(pair.slice(0, pair.indexOf('='))));
    return `${planner} (${shown.join(',')})`;
  };
}
