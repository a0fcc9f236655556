/**
 * The sweep's bookkeeping: finished runs are skipped on a rerun, `--force` redoes them,
 * and a sweep interrupted with Ctrl-C (SIGINT to the real CLI) keeps every finished row
 * whole, exits 130, and a rerun completes the rest without redoing what was kept.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import type { PlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner } from '../src/bench/worker-pool.js';
import { writeSweepReport } from '../src/bench/write-report.js';
import { FAULTY_PLANNERS_URL, planners as fixturePlanners } from './fixtures/faulty-planners.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'slackline-sweep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const registry: PlannerRegistry = { planners: fixturePlanners, ref: { moduleUrl: FAULTY_PLANNERS_URL, exportName: 'planners' } };

describe('resume and --force', () => {
  it('skips finished keys on a rerun, redoes them with force, and writes the report', async () => {
    const store = new ResultsStore(join(tmp, 'resume'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-fastest', 'fixture-random'], params: { 'fixture-random': { skew: [0, 1] } }, seeds: [1, 2], deadline: ['none', '1.5x'], workers: 0, results: store.dir });
    const sources = [datasetSource('chain-10')];
    const runner = createInlineRunner(fixturePlanners);
    const first = await runSweep({ config, registry, sources, store, runner });
    // 1 + 2 parameter settings, x 2 seeds x 2 deadlines.
    expect(first.planned).toHaveLength(12);
    expect([first.ran, first.skipped]).toEqual([12, 0]);
    const before = new Map(store.readAll().map((r) => [r.key, r.finishedAt]));
    expect(before.size).toBe(12);

    const second = await runSweep({ config, registry, sources, store, runner });
    expect([second.ran, second.skipped]).toEqual([0, 12]);
    expect(new Map(store.readAll().map((r) => [r.key, r.finishedAt]))).toEqual(before);

    // A grown grid runs only the new keys.
    const grown = await runSweep({ config: { ...config, seeds: [1, 2, 3] }, registry, sources, store, runner });
    expect([grown.ran, grown.skipped]).toEqual([6, 12]);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const forced = await runSweep({ config, registry, sources, store, runner, force: true });
    expect([forced.ran, forced.skipped]).toEqual([12, 0]);
    const after = store.readAll().filter((r) => before.has(r.key));
    expect(after.every((r) => r.finishedAt !== before.get(r.key))).toBe(true);

    const rows = store.readAll();
    const report = await writeSweepReport(store.dir, rows);
    expect(report.files.some((f) => f.endsWith('summary.md'))).toBe(true);
    expect(report.files.filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(3); // 2 deadlines' Pareto charts + planning time
    expect(report.markdown).toContain('fixture-random (skew=1)');
    const pareto = report.files.find((f) => f.includes('cost-vs-makespan--chain-10') && f.includes('none'))!;
    const svg = readFileSync(pareto, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // 3 planner settings x 3 seeds (the grown grid) = 9 plans drawn, and the frontier line.
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(9);
    expect(svg).toContain('aria-roledescription="line mark"');
  });
});

describe('an interrupted CLI sweep', () => {
  it('keeps every finished row on Ctrl-C, exits 130, and a rerun completes the rest without redoing them', async () => {
    const results = join(tmp, 'interrupted');
    const seeds = Array.from({ length: 30 }, (_, i) => i + 1).join(',');
    const args = ['bin/slackline.js', 'bench', '--datasets', 'random-layered-1000', '--algorithms', 'best-then-downgrade', '--deadline', 'none', '--seeds', seeds, '--workers', '1', '--results', results, '--no-charts'];
    const run = (interrupt: boolean) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        // The interrupted run has --force: the hint must not repeat it (it would redo every kept row).
        const child = spawn(process.execPath, interrupt ? [...args, '--force'] : args, { cwd: ROOT, env: { ...process.env, CI: '1' } });
        let stderr = '';
        let sent = false;
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (interrupt && !sent && /\[2\/30\]/.test(stderr)) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.stdout.resume();
        child.on('close', (code) => resolve({ code, stderr }));
      });

    const first = await run(true);
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toContain('interrupted');
    const hint = /interrupted; the HTML report is not written \(the rerun writes it\); to finish the rest, rerun: (.+)$/m.exec(first.stderr)?.[1];
    expect(hint).toBe(`slackline ${args.slice(1).join(' ')}`);
    expect(existsSync(join(results, 'report.html'))).toBe(false);
    const store = new ResultsStore(results);
    const kept = store.readAll(); // every file parses
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(30);
    expect(kept.every((r) => r.state === 'done' && r.result !== undefined)).toBe(true);
    expect(readdirSync(store.rawDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await run(false);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`${30 - kept.length} ran`);
    expect(second.stderr).toContain(`${kept.length} skipped`);
    expect(existsSync(join(results, 'report.html'))).toBe(true);
    const all = store.readAll();
    expect(all).toHaveLength(30);
    const finishedAt = new Map(all.map((r) => [r.key, r.finishedAt]));
    for (const row of kept) expect(finishedAt.get(row.key)).toBe(row.finishedAt);
  });
});
