/**
 * Tables of a predict-eval result: the overall table (one row per mode x scaling x SLA)
 * and the per-func table (one row per func, one column per scaling x SLA: MAPE / p90), as
 * rows of strings, rendered by the CLI as a terminal table or as markdown.
 */
import { ALL_FUNCS, type EvalMode, type EvalResult, type EvalRow } from './evaluate-predictor.js';

export interface TextTable {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const pct = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? v.toFixed(1) : 'n/a');

export function overallTable(result: EvalResult): TextTable {
  const rows = result.rows
    .filter((r) => r.func === ALL_FUNCS)
    .map((r) => [r.mode, r.scaling, r.sla, String(r.groups), String(r.unknown), pct(r.mapePct), pct(r.p90Pct), pct(r.sampleMapePct)]);
  return { title: 'overall (all funcs)', head: ['mode', 'scaling', 'sla', 'groups', 'unknown', 'MAPE %', 'p90 APE %', 'sample MAPE %'], rows };
}

export function perFuncTables(result: EvalResult): TextTable[] {
  const tables: TextTable[] = [];
  const { scalings, slas, modes } = result.options;
  for (const mode of modes) {
    const rows = result.rows.filter((r) => r.mode === mode);
    if (rows.length === 0) continue;
    const byFunc = new Map<string, Map<string, EvalRow>>();
    for (const r of rows) {
      let m = byFunc.get(r.func);
      if (!m) byFunc.set(r.func, (m = new Map()));
      m.set(`${r.scaling}/${r.sla}`, r);
    }
    const columns = scalings.flatMap((s) => slas.map((q) => `${s}/${q}`));
    tables.push({
      title: `${mode as EvalMode}: MAPE % / p90 APE % per func`,
      head: ['func', ...columns],
      rows: [...byFunc].map(([func, m]) => [func, ...columns.map((c) => { const r = m.get(c); return r ? `${pct(r.mapePct)} / ${pct(r.p90Pct)}` : ''; })]),
    });
  }
  return tables;
}

export function markdownTable(table: TextTable): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(table.head), line(table.head.map(() => '---')), ...table.rows.map(line)].join('\n');
}
