/**
 * The sweep's summary: one line per (dataset, workflow, planner, parameters, SLA,
 * deadline), metrics averaged over seeds, as a markdown table (printed on the terminal and
 * written to `results/`). The best value of each metric within an instance group is bold.
 */
import { metricsRegistry, isBetter, type MetricDefinition, type RowMetrics } from './metrics-registry.js';
import { sortedParams } from './run-key.js';
import type { RunRow, RunState } from './run-row.js';

export interface SummaryLine {
  readonly dataset: string;
  readonly workflow: string;
  readonly planner: string;
  readonly params: string;
  readonly sla: string;
  readonly deadline: string | null;
  readonly tasks: number;
  readonly seeds: number;
  /** Runs per final state. */
  readonly states: Readonly<Partial<Record<RunState, number>>>;
  /** First error or time-out message, for the table's note. */
  readonly note: string | null;
  /** Mean over seeds of each metric (null when no run has it). */
  readonly means: Readonly<Record<string, number | null>>;
}

/** Columns shown in the table, in order. */
export const TABLE_METRICS = ['makespanMs', 'makespanRatio', 'costUsd', 'costSaving', 'deadlineMet', 'workers', 'coldStarts', 'bytesMoved', 'planningMs'] as const;

export function summarize(metrics: readonly RowMetrics[], registry: readonly MetricDefinition[] = metricsRegistry): SummaryLine[] {
  const groups = new Map<string, RowMetrics[]>();
  for (const m of metrics) {
    const r = m.row;
    const id = [r.dataset, r.workflow, r.sla, r.deadline ?? '', r.planner, sortedParams(r.params)].join('\u0000');
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
      params: sortedParams(first.params),
      sla: first.sla,
      deadline: first.deadline,
      tasks: first.tasks,
      seeds: group.length,
      states,
      note: noteOf(group.map((m) => m.row)),
      means,
    });
  }
  return lines.sort((a, b) => compareText(a.dataset, b.dataset) || compareText(a.workflow, b.workflow) || compareText(a.sla, b.sla) || compareText(a.deadline ?? '', b.deadline ?? '') || compareText(a.planner, b.planner) || compareText(a.params, b.params));
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
  const shown = TABLE_METRICS.map((id) => registry.find((m) => m.id === id)).filter((m): m is MetricDefinition => m !== undefined);
  const multiWorkflow = new Set(lines.map((l) => `${l.dataset}/${l.workflow}`)).size > new Set(lines.map((l) => l.dataset)).size;
  const multiSla = new Set(lines.map((l) => l.sla)).size > 1;
  const header = ['dataset', ...(multiWorkflow ? ['workflow'] : []), 'tasks', ...(multiSla ? ['sla'] : []), 'deadline', 'planner', 'params', 'state', ...shown.map((m) => m.label)];
  const best = bestPerGroup(lines, shown);
  const body = lines.map((line) => {
    const group = groupId(line);
    const state = Object.entries(line.states).map(([s, n]) => (line.seeds > 1 ? `${s} ${n}` : s)).join(', ');
    const cells = shown.map((metric) => {
      const value = line.means[metric.id];
      if (value === null || value === undefined) return '-';
      const text = metric.format(value);
      return best.get(`${group}\u0000${metric.id}`) === value ? `**${text}**` : text;
    });
    return [line.dataset, ...(multiWorkflow ? [line.workflow] : []), String(line.tasks), ...(multiSla ? [line.sla] : []), line.deadline ?? '-', line.planner, line.params || '-', line.note ? `${state}: ${line.note}` : state, ...cells];
  });
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...body.map(row)].join('\n');
}

function groupId(line: SummaryLine): string {
  return [line.dataset, line.workflow, line.sla, line.deadline ?? ''].join('\u0000');
}

/** Best mean of each metric within each instance group (only when the group has >= 2 values). */
function bestPerGroup(lines: readonly SummaryLine[], shown: readonly MetricDefinition[]): Map<string, number> {
  const best = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const metric of shown) {
      const value = line.means[metric.id];
      if (value === null || value === undefined) continue;
      const id = `${groupId(line)}\u0000${metric.id}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      const current = best.get(id);
      if (current === undefined || isBetter(metric, value, current)) best.set(id, value);
    }
  }
  for (const [id, count] of counts) if (count < 2) best.delete(id);
  return best;
}
