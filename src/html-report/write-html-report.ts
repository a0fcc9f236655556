/**
 * `slackline report` and the end of `npm start`: builds `<results>/report.html` from a
 * results directory (see `collect-report-data.ts` for what it reads), written atomically.
 * Returns the file, its size and how long each stage took.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { SlacklineError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { collectReportData, type CollectOptions } from './collect-report-data.js';
import { renderHtml } from './render-html.js';

export interface HtmlReport {
  readonly file: string;
  readonly bytes: number;
  readonly instances: number;
  readonly plans: number;
  readonly collectMs: number;
  readonly renderMs: number;
  /** CPU time of this process while building (user + system), ms: less sensitive to a shared machine than wall time. */
  readonly cpuMs: number;
}

export async function writeHtmlReport(resultsDir: string, options: CollectOptions = {}): Promise<HtmlReport> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const data = await collectReportData(resultsDir, options);
  if (data.summary.length === 0) throw new SlacklineError('report', `no stored runs under ${join(resultsDir, 'raw')}: run \`slackline bench --results ${resultsDir}\` first`, { file: resultsDir });
  const collected = performance.now();
  const html = renderHtml(data);
  const file = join(resultsDir, 'report.html');
  writeFileAtomic(file, html);
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000, file, bytes: statSync(file).size, instances: data.instances.length, plans: data.instances.reduce((a, i) => a + i.plans.length, 0), collectMs: collected - started, renderMs: done - collected };
}
