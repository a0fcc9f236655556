/**
 * The HTML report in a real headless Chromium (Debian's, driven by playwright-core; see
 * `support/chromium.ts` for when these tests skip and when they must run). A small real
 * sweep (two shipped datasets, four planners, deadline 1.2x) is reported with the
 * aggregation threshold lowered so both DAG views are drawn: the page must load with no
 * console error, draw marks in every chart, show a task's times on hover (checked against
 * the embedded data), switch every instance chart with the instance, sort its table, and
 * give a screenshot.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planners } from '../algorithms/index.js';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner } from '../src/bench/worker-pool.js';
import { writeSweepReport } from '../src/bench/write-report.js';
import type { ReportData } from '../src/html-report/report-data.js';
import { writeHtmlReport } from '../src/html-report/write-html-report.js';
import { chromiumMissing, launchChromium } from './support/chromium.js';
import { tempDir } from './support/temp-dir.js';

const missing = chromiumMissing();
const ORDER = planners.map((p) => p.id);

/** The number after `label` in a tooltip's text ("1,203 ms" -> 1203). */
function numberAfter(text: string, label: string): number {
  const match = new RegExp(`${label}\\s+([-\\d.,]+) ms`).exec(text);
  if (match === null) throw new Error(`no "${label}" in tooltip: ${text}`);
  return Number(match[1]!.replace(/,/g, ''));
}

describe.skipIf(missing !== undefined)('the HTML report in headless Chromium', () => {
  const dir = tempDir('report-browser');
  let browser: Browser;
  let page: Page;
  let data: ReportData;
  const errors: string[] = [];

  beforeAll(async () => {
    const registry = defaultPlannerRegistry();
    const config = resolveSweepConfig(undefined, { algorithms: ['uniform', 'wukong', 'best-then-downgrade', 'deadline-downgrade'], deadline: ['1.2x'], workers: 0, results: dir });
    const store = new ResultsStore(dir);
    await runSweep({ config, registry, sources: ['chain-10', 'fan-out-fan-in-32'].map((name) => datasetSource(name)), store, runner: createInlineRunner(registry.planners) });
    await writeSweepReport(dir, store.readAll(), { charts: false, plannerOrder: ORDER });
    // 34-task fan-out-fan-in drawn aggregated, 10-task chain task by task.
    const report = await writeHtmlReport(dir, { plannerOrder: ORDER, aggregateAboveTasks: 30 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`file://${report.file}`);
    await page.waitForFunction('document.body.dataset.ready !== undefined', null, { timeout: 45_000 }); // (page-side code as text: the test's TypeScript has no DOM types)
    data = JSON.parse(readFileSync(report.file, 'utf8').match(/<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/)![1]!) as ReportData;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads from the file system with no console error', async () => {
    expect(await page.evaluate('document.body.dataset.ready')).toBe('true');
    expect(errors).toEqual([]);
    expect(data.instances.map((i) => i.id)).toEqual(['chain-10--chain-10--p90--1.2x', 'fan-out-fan-in-32--fan-out-fan-in-32--p90--1.2x']);
  });

  it('draws marks in every chart', async () => {
    const first = data.instances[0]!;
    const wf = data.workflows[first.workflow]!;
    const plan = first.plans[first.defaultPlan]!;
    expect(await page.locator('#pareto path[aria-roledescription="point"]').count()).toBe(first.plans.length);
    expect(await page.locator('#pareto line[aria-roledescription="rule mark"]').count()).toBe(1); // the deadline
    expect(await page.locator('#planning-time path[aria-roledescription="point"]').count()).toBeGreaterThanOrEqual(data.planners.length);
    expect(await page.locator('#planning-time [aria-roledescription="line mark"]').count()).toBeGreaterThan(0); // the fits
    expect(await page.locator('#replay-chart path[aria-roledescription="point"]').count()).toBe(data.replay.runs.length + data.replay.runs.filter((r) => r.predictedMakespanMs !== null).length);
    expect(await page.locator('#dag [data-task]').count()).toBe(wf.tasks);
    expect(await page.locator('#dag path.edge').count()).toBe(wf.edges);
    expect(await page.locator('#dag path.edge.critical').count()).toBe(plan.criticalPath.length - 1);
    const executing = Array.from({ length: wf.tasks }, (_, v) => plan.segmentsMs[4 * v + 2]!).filter((x) => x > 0).length;
    expect(await page.locator('#gantt rect.seg-2').count()).toBe(executing);
    expect(await page.locator('#summary-table tbody tr').count()).toBe(data.summary.length);
  });

  it("shows a task's predicted times and slack on hover, in the DAG and in the Gantt chart", async () => {
    const first = data.instances[0]!;
    const wf = data.workflows[first.workflow]!;
    const plan = first.plans[first.defaultPlan]!;
    const v = plan.criticalPath[Math.floor(plan.criticalPath.length / 2)]!;
    await page.locator(`#dag [data-task="${v}"]`).hover();
    const tip = page.locator('#tooltip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.innerText();
    expect(text).toContain(wf.taskIds[v]!);
    expect(numberAfter(text, 'earliest start')).toBeCloseTo(plan.earliestStartMs[v]!, -0.5);
    expect(numberAfter(text, 'slack')).toBeCloseTo(plan.slackMs[v]!, 1);
    expect(numberAfter(text, 'execution')).toBeCloseTo(plan.segmentsMs[4 * v + 2]!, -0.5);
    expect(text).toMatch(/critical path\s+yes/);
    // The Power Tuning view: time and cost at every level, the chosen one marked larger.
    const L = wf.ladderMb.length;
    expect(await tip.locator('svg.power-tuning circle').count()).toBe(2 * L);
    expect(await tip.locator('svg.power-tuning circle[r="4.5"]').count()).toBe(2);
    await page.mouse.move(5, 5);
    await expect.poll(() => tip.isVisible()).toBe(false);
    await page.locator(`#gantt [data-task="${v}"] rect.seg-2`).hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toContain(wf.taskIds[v]!);
  });

  it('switches every instance chart when the instance changes', async () => {
    const second = data.instances[1]!;
    const wf = data.workflows[second.workflow]!;
    const plan = second.plans[second.defaultPlan]!;
    const before = await page.locator('#pareto').innerHTML();
    await page.selectOption('#instance-select', '1');
    await page.locator('#dag [data-group]').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#instance-title').innerText()).toBe(second.title);
    await expect.poll(() => page.locator('#pareto').innerHTML()).not.toBe(before);
    expect(await page.locator('#pareto').innerText()).toContain(second.title);
    expect(await page.locator('#pareto path[aria-roledescription="point"]').count()).toBe(second.plans.length);
    expect(await page.locator('#dag [data-group]').count()).toBe(wf.aggregate!.groups.length);
    expect(await page.locator('#dag [data-task]').count()).toBe(0); // groups, not the 34 tasks
    expect(await page.locator('#gantt rect.seg-2').count()).toBe(Array.from({ length: wf.tasks }, (_, v) => plan.segmentsMs[4 * v + 2]!).filter((x) => x > 0).length);
    expect(page.url()).toContain(`#instance=${encodeURIComponent(second.id)}`);
    // Another plan of the same instance recolours the DAG without a new layout.
    const other = second.plans.findIndex((_, i) => i !== second.defaultPlan);
    await page.selectOption('#plan-select', String(other));
    await expect.poll(() => page.locator('#plan-facts').innerText()).toContain(second.plans[other]!.planner);
  });

  it('sorts the summary table by a metric column, missing values last', async () => {
    await page.locator('#summary-table th[data-column="makespanMs"]').click();
    const cells = await page.locator('#summary-table tbody tr td:nth-child(7)').allInnerTexts();
    const values = cells.map((c) => (c === '-' ? null : Number(c.replace(/,/g, ''))));
    const known = values.filter((v): v is number => v !== null);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(values.slice(known.length).every((v) => v === null)).toBe(true);
    expect(values).toHaveLength(data.summary.length);
  });

  it('takes a screenshot of the instance view', async () => {
    const file = join(dir, 'report-instance.png');
    await page.locator('#instance').screenshot({ path: file });
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(file).size).toBeGreaterThan(20_000);
  });
});
