/**
 * Writes docs/prediction-accuracy-tables.md: the accuracy tables of every scaling model x
 * SLA on each third-party source found under ../shared/datasets (or
 * SLACKLINE_SHARED_DATASETS), from `evaluatePredictor` as `slackline predict-eval` runs it.
 * `npm run docs:accuracy`; the machine and the time per source go into the file.
 */
import { cpus, loadavg } from 'node:os';
import { EVAL_SOURCES, sharedSourceDir } from '../src/predict/eval-sources.js';
import { ALL_FUNCS, evaluatePredictor, type EvalResult, type EvalRow } from '../src/predict/evaluate-predictor.js';
import { markdownTable, type TextTable } from '../src/predict/format-eval.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';

const OUT = process.argv[2] ?? 'docs/prediction-accuracy-tables.md';
const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : v.toFixed(1));

function memoryTable(r: EvalResult): TextTable {
  const rows: string[][] = [];
  for (const scaling of r.options.scalings) {
    for (const sla of r.options.slas) {
      const of = (kind?: string) => r.rows.find((x) => x.mode === 'held-out-memory' && x.scaling === scaling && x.sla === sla && x.func === ALL_FUNCS && x.memoryMb === undefined && x.kind === kind);
      const all = of();
      if (!all) continue;
      const cell = (x: EvalRow | undefined) => (x ? `${pct(x.mapePct)} (${x.groups})` : '');
      rows.push([scaling === 'auto' ? '**auto**' : scaling, sla, `${pct(all.mapePct)} / ${pct(all.p90Pct)} (${all.groups})`, cell(of('interpolation')), cell(of('extrapolation')), pct(all.sampleMapePct), all.coverP90Pct === undefined ? '' : `${pct(all.coverP90Pct)} / ${pct(all.coverP95Pct)}`]);
    }
  }
  return { title: '', head: ['scaling', 'sla', 'all (MAPE / p90 APE)', 'interpolation', 'extrapolation', 'sample MAPE % (mean)', 'held-out samples <= predicted p90 / p95 %'], rows };
}

function runsTable(r: EvalResult): TextTable {
  const scaling = r.options.scalings[r.options.scalings.length - 1]!;
  const rows = r.options.slas.flatMap((sla) => {
    const x = r.rows.find((y) => y.mode === 'held-out-runs' && y.scaling === scaling && y.sla === sla && y.func === ALL_FUNCS && y.memoryMb === undefined && y.kind === undefined);
    return x ? [[sla, String(x.groups), String(x.unknown), pct(x.mapePct), pct(x.p90Pct), pct(x.sampleMapePct), x.coverP90Pct === undefined ? '' : `${pct(x.coverP90Pct)} / ${pct(x.coverP95Pct)}`]] : [];
  });
  return { title: '', head: ['sla', 'groups', 'unknown', 'MAPE %', 'p90 APE %', 'sample MAPE %', '<= p90 / p95 %'], rows };
}

function perSizeTable(r: EvalResult, sla: string): TextTable {
  const keys = [...new Set(r.rows.filter((x) => x.mode === 'held-out-memory' && x.func === ALL_FUNCS && x.memoryMb !== undefined).map((x) => `${x.memoryMb}|${x.kind}`))];
  const rows = keys.map((key) => {
    const [mb, kind] = key.split('|');
    const of = (scaling: string) => r.rows.find((x) => x.mode === 'held-out-memory' && x.scaling === scaling && x.sla === sla && x.func === ALL_FUNCS && String(x.memoryMb) === mb && x.kind === kind);
    return [mb!, kind!, String(of(r.options.scalings[0]!)?.groups ?? ''), ...r.options.scalings.map((s) => pct(of(s)?.mapePct))];
  });
  return { title: '', head: ['held-out MB', 'kind', 'groups', ...r.options.scalings], rows };
}

function perFuncTable(r: EvalResult, sla: string): TextTable {
  const funcs = [...new Set(r.rows.filter((x) => x.mode === 'held-out-memory' && x.memoryMb === undefined && x.kind === undefined).map((x) => x.func))];
  const rows = funcs.map((func) => {
    const of = (scaling: string) => r.rows.find((x) => x.mode === 'held-out-memory' && x.scaling === scaling && x.sla === sla && x.func === func && x.memoryMb === undefined && x.kind === undefined);
    const choice = r.choices.find((c) => c.func === func && c.sla === sla);
    return [func, ...r.options.scalings.map((s) => (of(s) ? `${pct(of(s)!.mapePct)} / ${pct(of(s)!.p90Pct)}` : '')), choice ? `${choice.model} (${choice.source})` : ''];
  });
  return { title: '', head: ['func', ...r.options.scalings, 'auto (heaviest candidate, source)'], rows };
}

function choicesTable(r: EvalResult, sla: string): TextTable {
  return { title: '', head: ['func', 'model', 'source', 'reason', 'curve'], rows: r.choices.filter((c) => c.sla === sla).map((c) => [c.func, c.model, c.source, c.reason.replaceAll('|', '/'), c.curve.replaceAll('|', '/')]) };
}

const details = (summary: string, table: TextTable) => `<details><summary>${summary}</summary>\n\n${markdownTable(table)}\n\n</details>`;

const sections: string[] = [];
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the start`;
for (const source of EVAL_SOURCES) {
  const dir = sharedSourceDir(source);
  if (!dir) {
    console.error(`prediction-accuracy-doc: ${source.id}: ../shared/datasets/${source.folder} not found, skipped`);
    continue;
  }
  const started = performance.now();
  const data = source.load(dir);
  const r = evaluatePredictor(data.runs, { cpuProvider: source.cpuProvider });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(`prediction-accuracy-doc: ${source.id}: ${seconds} s`);
  sections.push(
    [
      `## ${source.id}`,
      `${data.description}: ${r.runs} runs, ${r.taskRecords} task records, ${r.funcs} funcs, memory sizes ${r.memorySizesMb.join(', ')} MB (${seconds} s).`,
      'Held-out memory, MAPE % over (func, memory, input) groups (groups in brackets; p90 APE % of all groups after the slash; coverage on median rows):',
      markdownTable(memoryTable(r)),
      `Held-out runs, ${r.options.scalings[r.options.scalings.length - 1]} (every size recorded: the per-size statistic is used as is, so the scaling models differ only where a func is regressed on input bytes, fitted on normalized times; see the README):`,
      markdownTable(runsTable(r)),
      details('Per held-out size, median (MAPE %; kind per func: inside or at the end of its training sizes)', perSizeTable(r, 'median')),
      details('Per func, held-out memory, median (MAPE % / p90 APE %), and what auto chose on all runs', perFuncTable(r, 'median')),
      details("auto's choice per func (median, fitted on all runs): source, reason and curve", choicesTable(r, 'median')),
    ].join('\n\n'),
  );
}
if (sections.length === 0) {
  console.error('prediction-accuracy-doc: no source found; nothing written');
  process.exit(1);
}
const text = [
  '# Prediction accuracy: the tables',
  `Generated by \`npm run docs:accuracy\` (\`benchmarks/prediction-accuracy-doc.ts\`, every scaling model x SLA, both modes, as \`slackline predict-eval --source <name>\`) on ${machine}. The sources are third-party measurements read from \`../shared/datasets\` and never shipped (no license stated). The reading and the rules are in [prediction-accuracy.md](prediction-accuracy.md).`,
  ...sections,
].join('\n\n');
writeFileAtomic(OUT, `${text}\n`);
console.error(`prediction-accuracy-doc: wrote ${OUT}`);
