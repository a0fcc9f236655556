/**
 * `slackline algorithms`, `plan` and `simulate` end to end (in-process): the plan file
 * round-trips through `simulate` to the same report, and bad input gets exit 1 with a
 * message naming the field, task or planner.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planners } from '../algorithms/index.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

afterEach(() => {
  process.exitCode = undefined;
});

describe('CLI: algorithms, plan, simulate', () => {
  it('algorithms lists every registered planner with its parameters', async () => {
    const json = await cli('algorithms', '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { planners: { id: string; params: { name: string }[] }[]; assignments: { id: string; description: string }[] };
    const list = parsed.planners;
    expect(list.map((p) => p.id)).toEqual(planners.map((p) => p.id));
    expect(list.find((p) => p.id === 'best-then-downgrade')!.params.map((p) => p.name)).toEqual(['order', 'step', 'margin', 'passes', 'tryBudget', 'preload', 'splits', 'splitWork', 'confidence', 'samples', 'checks']);
    expect(list.find((p) => p.id === 'deadline-downgrade')!.params.map((p) => p.name)).toEqual(['order', 'step', 'margin', 'passes', 'tryBudget', 'preload', 'splits', 'splitWork', 'confidence', 'samples', 'checks', 'refine', 'polish']);
    expect(parsed.assignments.map((a) => a.id)).toEqual(['chain', 'one-per-task', 'origin', 'wukong']);
    const text = await cli('algorithms');
    for (const p of planners) expect(text.out).toContain(p.id);
    for (const a of parsed.assignments) expect(text.out).toContain(a.id);
  });

  it('plan --out writes a plan file that simulate reproduces exactly', async () => {
    const dir = tempDir('plan');
    const out = join(dir, 'plan.json');
    const planned = await cli('plan', '--dataset', 'tree-reduction-unequal-64', '--algorithm', 'deadline-downgrade', '--deadline', '1.2x', '--sla', 'p95', '--json', '--out', out);
    expect(planned.err).toBe('');
    expect(planned.code).toBe(0);
    const report = JSON.parse(planned.out);
    expect(report).toMatchObject({ format: 'slackline-report', version: 1, algorithm: 'deadline-downgrade', sla: 'p95', deadlineMet: true, tasks: 127 });
    expect(report.makespanMs).toBeLessThanOrEqual(report.deadlineMs + 1e-6);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file).toMatchObject({ format: 'slackline-plan', version: 2, algorithm: 'deadline-downgrade', dataset: 'tree-reduction-unequal-64', sla: 'p95' });
    expect(Object.keys(file.tasks)).toHaveLength(127);
    expect(new Set(Object.values(file.workers).map((w) => (w as { memoryMb: number }).memoryMb)).size).toBeGreaterThan(1);
    const simulated = await cli('simulate', '--dataset', 'tree-reduction-unequal-64', '--plan', out, '--sla', 'p95', '--json');
    expect(simulated.code).toBe(0);
    const again = JSON.parse(simulated.out);
    expect(again.makespanMs).toBeCloseTo(report.makespanMs, 9);
    expect(again.costUsd).toBeCloseTo(report.costUsd, 15);
    expect(again.criticalPath).toEqual(report.criticalPath);
  });

  it('simulate replays a recorded run with its recorded times', async () => {
    const replay = await cli('simulate', '--dataset', 'chain-10', '--plan', 'run:0', '--times', 'recorded', '--json');
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.out);
    expect(report).toMatchObject({ times: 'recorded', recordedExecShare: 1, algorithm: 'recorded-run' });
    expect(report.makespanMs).toBeCloseTo(report.recordedMakespanMs, 2);
    const missing = await cli('simulate', '--dataset', 'chain-10', '--plan', 'run:42');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no recorded run "42"/);
  });

  it('simulate names the task or field of a plan that does not fit', async () => {
    const dir = tempDir('plan');
    const out = join(dir, 'plan.json');
    expect((await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--param', 'size=1024', '--out', out)).code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const [first] = Object.keys(file.tasks);
    delete file.tasks[first!];
    file.workers.w0.memoryMb = 1000;
    writeFileSync(out, JSON.stringify(file));
    const bad = await cli('simulate', '--dataset', 'chain-10', '--plan', out);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`task "${first}" has no entry`);
    expect(bad.err).toContain('1000 MB is not on the ladder');
    writeFileSync(out, JSON.stringify({ ...file, format: 'other' }));
    expect((await cli('simulate', '--dataset', 'chain-10', '--plan', out)).err).toMatch(/\$\.format: expected "slackline-plan"/);
  });

  it('plan rejects bad input with exit 1 and a clear message', async () => {
    const unknown = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'magic');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown algorithm "magic"/);
    const size = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--param', 'size=999');
    expect(size.err).toMatch(/size=999 on dataset "chain-10": not on the memory ladder/);
    const deadline = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'deadline-downgrade', '--deadline', 'soon');
    expect(deadline.err).toMatch(/bad deadline "soon"/);
    const unknownData = await cli('plan', '--dataset', 'wfcommons-blast-43', '--algorithm', 'uniform');
    expect(unknownData.code).toBe(1);
    const fallback = await cli('plan', '--dataset', 'wfcommons-blast-43', '--algorithm', 'uniform', '--unknown', 'fallback');
    expect(fallback.code).toBe(0);
    expect(fallback.out).toMatch(/WARNING\s+\d+ unknown predictions/);
  });
});
