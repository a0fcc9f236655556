/**
 * `simulate --samples N [--deadline D] --json` prints the Monte Carlo keys; `plan
 * --confidence c --deadline D` meets D with probability >= c by the check or says it cannot
 * (exit 3), and without c checks the aim of a planner that sets its own (printed only); bad Monte Carlo flags are clear errors (exit 1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

describe('slackline simulate --samples', () => {
  it('prints makespanQuantilesMs, meanMakespanMs, deadlineProbability, the cost distribution and criticality', async () => {
    const dir = tempDir('slackline-mc-');
    const planFile = join(dir, 'plan.json');
    expect((await cli('plan', '--dataset', 'fan-out-fan-in-32', '--algorithm', 'best-then-downgrade', '--out', planFile)).code).toBe(0);
    const { code, out } = await cli('simulate', '--dataset', 'fan-out-fan-in-32', '--plan', planFile, '--samples', '400', '--deadline', '1.3x', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.samples).toBe(400);
    const q = r.makespanQuantilesMs;
    expect(q.p50).toBeGreaterThan(0);
    expect(q.p50).toBeLessThanOrEqual(q.p90);
    expect(q.p90).toBeLessThanOrEqual(q.p95);
    expect(q.p95).toBeLessThanOrEqual(q.p99);
    expect(r.deadlineProbability).toBeGreaterThanOrEqual(0);
    expect(r.deadlineProbability).toBeLessThanOrEqual(1);
    expect(r.costDistribution.meanUsd).toBeGreaterThan(0);
    // Every task has a criticality share; the source and the sink are on every critical path.
    expect(Object.keys(r.criticality)).toHaveLength(r.tasks);
    const shares = Object.values(r.criticality) as number[];
    expect(Math.max(...shares)).toBe(1);
    expect(out).not.toMatch(/NaN|Infinity|null/);
    // Same seed, same numbers.
    const again = JSON.parse((await cli('simulate', '--dataset', 'fan-out-fan-in-32', '--plan', planFile, '--samples', '400', '--deadline', '1.3x', '--json')).out);
    expect(again.makespanQuantilesMs).toEqual(q);
  }, 60_000);
  it('reports one deadline: --deadline where given, else the plan file\'s, in the verdict and in P(<= D)', async () => {
    const dir = tempDir('slackline-mc-');
    const planFile = join(dir, 'plan.json');
    expect((await cli('plan', '--dataset', 'chain-10', '--algorithm', 'deadline-downgrade', '--deadline', '1.2x', '--out', planFile)).code).toBe(0);
    const fileDeadline = (JSON.parse(readFileSync(planFile, 'utf8')) as { deadlineMs: number }).deadlineMs;
    const own = JSON.parse((await cli('simulate', '--dataset', 'chain-10', '--plan', planFile, '--samples', '50', '--json')).out);
    expect(own.deadlineMs).toBe(fileDeadline);
    expect(own.monteCarloDeadlineMs).toBe(fileDeadline);
    const asked = JSON.parse((await cli('simulate', '--dataset', 'chain-10', '--plan', planFile, '--samples', '50', '--deadline', '1000ms', '--json')).out);
    expect(asked.deadlineMs).toBe(1000);
    expect(asked.monteCarloDeadlineMs).toBe(1000);
    expect(asked.deadlineMet).toBe(asked.makespanMs <= 1000);
    const text = (await cli('simulate', '--dataset', 'chain-10', '--plan', planFile, '--samples', '50', '--deadline', '1000ms')).out;
    expect(text).toMatch(/^deadline +1000\.0 ms: MISSED/m);
    expect(text).toContain('P(<= 1000.0 ms)');
  }, 60_000);
  it('rejects bad Monte Carlo flags with a clear message', async () => {
    const dir = tempDir('slackline-mc-');
    const planFile = join(dir, 'plan.json');
    await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--out', planFile);
    const bad = await cli('simulate', '--dataset', 'chain-10', '--plan', planFile, '--samples', '0');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--samples must be an integer >= 1/);
    const rho = await cli('simulate', '--dataset', 'chain-10', '--plan', planFile, '--samples', '10', '--correlation', '1.2');
    expect(rho.err).toMatch(/--correlation must be a number in \[0, 1\) or "fitted"/);
    const lonely = await cli('simulate', '--dataset', 'chain-10', '--plan', planFile, '--deadline', '2x');
    expect(lonely.err).toMatch(/add --samples N/);
  }, 60_000);
});

describe('slackline plan --confidence', () => {
  it('meets the deadline with the asked probability by the Monte Carlo check', async () => {
    const { code, out } = await cli('plan', '--dataset', 'fan-out-fan-in-32', '--algorithm', 'deadline-downgrade', '--deadline', '1.5x', '--confidence', '0.9', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.confidence).toBe(0.9);
    expect(r.confidenceMet).toBe(true);
    expect(r.deadlineProbability).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
  it('says it cannot when the deadline is out of reach, with exit code 3', async () => {
    const { code, out } = await cli('plan', '--dataset', 'fan-out-fan-in-32', '--algorithm', 'orion', '--deadline', '0.5x', '--allow-infeasible', '--confidence', '0.95');
    expect(code).toBe(3);
    expect(out).toMatch(/CANNOT meet the deadline with probability 0.95/);
  }, 60_000);
  it("without --confidence, checks a distribution planner's own aim and names what the deadline line judges", async () => {
    const args = ['plan', '--dataset', 'fan-out-fan-in-32', '--algorithm', 'jolteon', '--deadline', '1.2x'];
    const json = JSON.parse((await cli(...args, '--json')).out);
    const { code, out } = await cli(...args);
    expect(code).toBe(0); // a planner's own aim, not asked for with --confidence, does not set the exit code
    const own = json.annotations.jolteon;
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const line = out.split('\n').find((l) => l.startsWith('confidence'));
    expect(line).toBe(`confidence   jolteon aims at P(<= D) >= ${own.confidence}: ${pct(own.meetingScenarios / own.scenarios)} in the scenarios it planned on, ${pct(json.deadlineProbability)} in the check above (fresh scenarios), ${json.deadlineProbability >= own.confidence ? 'met' : 'not met'}`);
    expect(out).toContain(`deadline     ${json.deadlineMs.toFixed(1)} ms: ${json.makespanMs <= json.deadlineMs ? 'met' : 'MISSED'} by the makespan at SLA p90`);
  }, 60_000);
  it('rejects a confidence outside (0, 1)', async () => {
    const bad = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'deadline-downgrade', '--deadline', '1.2x', '--confidence', '1.5');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--confidence must be a probability in \(0, 1\)/);
  });
});
