/**
 * Turns stored rows into the sweep's outputs, all written atomically under the results
 * directory: `summary.md` (provenance, then the markdown tables the terminal shows: per
 * planner over every instance, then per instance, and their legend), `summary.json`
 * (`provenance`, machine, metric definitions, both summaries, every row with its metrics)
 * and `charts/*.svg`. Provenance (`provenance.ts`) says what produced the numbers.
 */
import { join } from 'node:path';
import { machineDescription } from '../util/machine.js';
import { writeFileAtomic, writeFileAtomicAsync, writeJsonAtomic } from '../util/atomic-write.js';
import { sweepCharts, type RenderChart } from './charts.js';
import { computeMetrics, metricsRegistry } from './metrics-registry.js';
import { provenanceMarkdown, type Provenance } from './provenance.js';
import type { RunRow } from './run-row.js';
import { markdownTable, overviewMarkdown, plannerOverview, summarize, tableLegend, type PlannerOverview, type SummaryLine } from './summary-table.js';

export interface SweepReport {
  /** One line per (instance, planner). */
  readonly markdown: string;
  /** One line per planner over all instances. */
  readonly overviewMarkdown: string;
  readonly lines: readonly SummaryLine[];
  readonly overview: readonly PlannerOverview[];
  /** Files written, absolute or relative to the working directory as given. */
  readonly files: readonly string[];
}

export interface WriteReportOptions {
  /** Skip the SVG charts (tests that only need the table). @default true */
  readonly charts?: boolean;
  /** How charts are drawn (a `ChartRenderer`: worker thread and cache). @default renderSvg, in this thread */
  readonly render?: RenderChart;
  /** What produced the rows: written at the top of summary.md and under `provenance` in summary.json. */
  readonly provenance?: Provenance;
  /** Planner ids in registry order: fixes each planner's colour and shape in the charts. */
  readonly plannerOrder?: readonly string[];
}

export async function writeSweepReport(dir: string, rows: readonly RunRow[], options: WriteReportOptions = {}): Promise<SweepReport> {
  const metrics = computeMetrics(rows);
  const lines = summarize(metrics);
  const markdown = markdownTable(lines);
  const overview = plannerOverview(lines);
  const overviewMd = overviewMarkdown(overview);
  const machine = machineDescription();
  const files: string[] = [];
  const md = join(dir, 'summary.md');
  const head = options.provenance ? `## Provenance\n\n${provenanceMarkdown(options.provenance)}` : `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (${machine.date}).`;
  writeFileAtomic(md, `# Benchmark sweep\n\n${head}\n\n## Per planner, over every instance\n\n${overviewMd}\n\n## Per instance\n\n${markdown}\n\n${tableLegend(lines)}\n`);
  files.push(md);
  const json = join(dir, 'summary.json');
  writeJsonAtomic(json, {
    ...(options.provenance ? { provenance: options.provenance } : {}),
    machine,
    metrics: metricsRegistry.map((m) => ({ id: m.id, label: m.label, direction: m.direction, description: m.description })),
    overview,
    summary: lines,
    runs: metrics.map((m) => ({ ...m.row, metrics: m.values })),
  });
  files.push(json);
  if (options.charts ?? true) {
    const charts = await sweepCharts(metrics, options.plannerOrder, options.render);
    const chartFiles = charts.map((chart) => join(dir, 'charts', chart.name));
    await Promise.all(charts.map((chart, i) => writeFileAtomicAsync(chartFiles[i]!, chart.svg)));
    files.push(...chartFiles);
  }
  return { markdown, overviewMarkdown: overviewMd, lines, overview, files };
}
