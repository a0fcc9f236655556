/**
 * Tables of a predict-eval result, as rows of strings, rendered by the CLI as a terminal
 * table or as markdown:
 *  - overall: one row per mode x scaling x SLA, then (held-out memory) per kind and per
 *    held-out size;
 *  - by kind: held-out memory, one row per scaling x SLA, MAPE overall / interpolation /
 *    extrapolation side by side;
 *  - per func: one row per func, one column per scaling x SLA (MAPE / p90), and the model
 *    `auto` chose for the func (fitted on all runs) per SLA.
 */
import { ALL_FUNCS, HELD_OUT_KINDS, type EvalMode, type EvalResult, type EvalRow } from './evaluate-predictor.js';

export interface TextTable {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const pct = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? v.toFixed(1) : 'n/a');

export function overallTable(result: EvalResult): TextTable {
  const rows = result.rows
    .filter((r) => r.func === ALL_FUNCS)
    .map((r) => [r.mode, r.scaling, r.sla, r.memoryMb === undefined ? '(all)' : String(r.memoryMb), r.kind ?? (r.memoryMb === undefined ? '(all)' : ''), String(r.groups), String(r.unknown), pct(r.mapePct), pct(r.p90Pct), pct(r.sampleMapePct), pct(r.coverP90Pct), pct(r.coverP95Pct)]);
  return { title: 'overall (all funcs; held-out memory also per kind and per held-out size; coverage: held-out samples at or below the predicted p90 / p95, median rows)', head: ['mode', 'scaling', 'sla', 'held-out MB', 'kind', 'groups', 'unknown', 'MAPE %', 'p90 APE %', 'sample MAPE %', '<= p90 %', '<= p95 %'], rows };
}

/** Held-out memory MAPE per scaling x SLA: all groups, interpolation, extrapolation (groups in brackets). */
export function kindTable(result: EvalResult): TextTable | undefined {
  const memory = result.rows.filter((r) => r.mode === 'held-out-memory' && r.func === ALL_FUNCS && r.memoryMb === undefined);
  if (memory.length === 0) return undefined;
  const cell = (r: EvalRow | undefined) => (r ? `${pct(r.mapePct)} (${r.groups})` : '');
  const rows: string[][] = [];
  for (const scaling of result.options.scalings) {
    for (const sla of result.options.slas) {
      const of = (kind?: string) => memory.find((r) => r.scaling === scaling && r.sla === sla && r.kind === kind);
      if (!of()) continue;
      rows.push([scaling, sla, cell(of()), ...HELD_OUT_KINDS.map((k) => cell(of(k)))]);
    }
  }
  return { title: 'held-out memory by kind: MAPE % (groups)', head: ['scaling', 'sla', 'all', ...HELD_OUT_KINDS], rows };
}

export function perFuncTables(result: EvalResult): TextTable[] {
  const tables: TextTable[] = [];
  const { scalings, slas, modes } = result.options;
  const choiceSlas = slas.filter((sla) => result.choices.some((c) => c.sla === sla));
  for (const mode of modes) {
    const rows = result.rows.filter((r) => r.mode === mode && r.memoryMb === undefined && r.kind === undefined);
    if (rows.length === 0) continue;
    const byFunc = new Map<string, Map<string, EvalRow>>();
    for (const r of rows) {
      let m = byFunc.get(r.func);
      if (!m) byFunc.set(r.func, (m = new Map()));
      m.set(`${r.scaling}/${r.sla}`, r);
    }
    const columns = scalings.flatMap((s) => slas.map((q) => `${s}/${q}`));
    const chosen = (func: string, sla: string) => {
      const c = result.choices.find((x) => x.func === func && x.sla === sla);
      return c ? `${c.model}${c.extrapolationModel ? `, ${c.extrapolationModel} beyond` : ''} (${c.source})` : '';
    };
    tables.push({
      title: `${mode as EvalMode}: MAPE % / p90 APE % per func${choiceSlas.length > 0 ? '; the model auto chose (fitted on all runs)' : ''}`,
      head: ['func', ...columns, ...choiceSlas.map((q) => `auto chose (${q})`)],
      rows: [...byFunc].map(([func, m]) => [
        func,
        ...columns.map((c) => {
          const r = m.get(c);
          return r ? `${pct(r.mapePct)} / ${pct(r.p90Pct)}` : '';
        }),
        ...choiceSlas.map((q) => (func === ALL_FUNCS ? '' : chosen(func, q))),
      ]),
    });
  }
  return tables;
}

/** Why auto chose each func's model (fitted on all runs), one row per func x SLA. */
export function choicesTable(result: EvalResult): TextTable | undefined {
  if (result.choices.length === 0) return undefined;
  return { title: 'auto: chosen model per func (fitted on all runs)', head: ['func', 'sla', 'model', 'source', 'reason', 'curve'], rows: result.choices.map((c) => [c.func, c.sla, c.model, c.source, c.reason, c.curve]) };
}

export function markdownTable(table: TextTable): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(table.head), line(table.head.map(() => '---')), ...table.rows.map(line)].join('\n');
}
