/**
 * Screenshots of the HTML report's main views for the README (`docs/report-*.png`), taken
 * in headless Chromium (Debian's `chromium`, driven by playwright-core) from a report that
 * exists: run `npm start` first, then `npm run report:screenshots [results-dir]`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const results = process.argv[2] ?? 'results';
const report = join(process.cwd(), results, 'report.html');
if (!existsSync(report)) {
  console.error(`report-screenshots: no ${report}; run \`npm start\` first`);
  process.exit(1);
}
const INSTANCE = 'tree-reduction-unequal-64--tree-reduction-unequal-64--p90--1.2x';
const browser = await chromium.launch({
  executablePath: process.env.SLACKLINE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`file://${report}#instance=${INSTANCE}`);
  await page.waitForFunction('document.body.dataset.ready === "true"', null, { timeout: 120_000 });
  await page.screenshot({ path: 'docs/report-overview.png' });
  await page.locator('#instance').scrollIntoViewIfNeeded();
  // Hover a task of the critical path, in the middle, so the tooltip (times, Power Tuning view) shows.
  const task = await page.evaluate('(() => { const t = [...document.querySelectorAll("#dag .task.critical")]; return t[Math.floor(t.length / 2)].getAttribute("data-task"); })()');
  await page.locator(`#dag [data-task="${String(task)}"]`).hover();
  await page.waitForTimeout(200);
  await page.locator('#instance').screenshot({ path: 'docs/report-instance.png' });
  await page.mouse.move(2, 2);
  await page.locator('#planning').screenshot({ path: 'docs/report-planning.png' });
  await page.locator('#replay').screenshot({ path: 'docs/report-replay.png' });
  console.error('report-screenshots: wrote docs/report-overview.png, docs/report-instance.png, docs/report-planning.png, docs/report-replay.png');
} finally {
  await browser.close();
}
