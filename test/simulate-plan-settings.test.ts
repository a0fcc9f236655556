/**
 * `simulate --plan` uses the settings the plan was made with (SLA, scaling, prices,
 * overhead, CPU sharing, unknown policy) unless a flag overrides them, and warns when its
 * figures differ from the file's `predicted` ones, naming why. A user found the same plan
 * "met" D in `plan` and "MISSED" it in `simulate` (p90/auto silently instead of p50/power).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

afterEach(() => {
  process.exitCode = undefined;
});

const DATASET = ['--dataset', 'fan-out-fan-in-32'];

async function planTo(out: string, ...flags: string[]) {
  const planned = await cli('plan', ...DATASET, '--algorithm', 'deadline-downgrade', '--deadline', '1.2x', ...flags, '--json', '--out', out);
  expect(planned.err).toBe('');
  expect(planned.code).toBe(0);
  return JSON.parse(planned.out) as { makespanMs: number; costUsd: number; deadlineMet: boolean };
}

async function simulate(out: string, ...flags: string[]) {
  const run = await cli('simulate', ...DATASET, '--plan', out, ...flags);
  expect(run.code).toBe(0);
  return run;
}

describe('simulate takes the plan file\'s settings', () => {
  it('SLA and scaling: the same makespan, cost and verdict as plan; an explicit flag is named', async () => {
    const out = join(tempDir('plan-settings'), 'p50.json');
    const planned = await planTo(out, '--sla', 'p50', '--scaling', 'power');
    expect(planned.deadlineMet).toBe(true);
    const json = await simulate(out, '--json');
    expect(json.err).toBe('');
    const again = JSON.parse(json.out);
    expect(again).toMatchObject({ sla: 'p50', scaling: 'power', deadlineMet: true });
    expect(again.makespanMs).toBeCloseTo(planned.makespanMs, 9);
    expect(again.costUsd).toBeCloseTo(planned.costUsd, 15);
    expect(again.warnings).toBeUndefined();
    const text = await simulate(out);
    expect(text.out).toContain('SLA p50, scaling power');
    expect(text.out).not.toMatch(/warning|MISSED/);
    // Overridden: the figures differ and the line says which flag and what the plan had.
    const p90 = await simulate(out, '--sla', 'p90');
    expect(p90.out).toMatch(/^warning +simulated .* differ from the plan file's predicted .*: settings differ from the plan's: --sla p90 \(the plan's: p50\)$/m);
    const p90json = JSON.parse((await simulate(out, '--sla', 'p90', '--json')).out);
    expect(p90json.warnings).toEqual([expect.stringContaining("--sla p90 (the plan's: p50)")]);
    // The flag equal to the plan's value is no override.
    expect((await simulate(out, '--sla', 'p50', '--scaling', 'power')).out).not.toContain('warning');
  });

  it('overhead, CPU sharing and prices are recorded and used', async () => {
    const out = join(tempDir('plan-settings'), 'platform.json');
    const planned = await planTo(out, '--overhead', '50,100', '--cpu-sharing', 'none', '--price-gb-s', '0.00002', '--price-invocation', '0.000001');
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file).toMatchObject({
      version: 2,
      prices: { pricePerGbSecond: 0.00002, pricePerInvocation: 0.000001 },
      timingRules: { cpuSharing: 'none', cpuProvider: 'aws', overheadPerTaskMs: 50, overheadPerRunMs: 100 },
      unknown: 'fail',
    });
    const again = JSON.parse((await simulate(out, '--json')).out);
    expect(again.makespanMs).toBeCloseTo(planned.makespanMs, 9);
    expect(again.costUsd).toBeCloseTo(planned.costUsd, 15);
    expect(again.prices).toEqual(file.prices);
    expect(again.timingRules).toEqual(file.timingRules);
    const overridden = await simulate(out, '--overhead', '0', '--cpu-sharing', 'processor-sharing', '--price-gb-s', '0.00001');
    expect(overridden.out).toMatch(/^warning .*--price-gb-s 0\.00001 \(the plan's: 0\.00002\), --overhead 0,0 \(the plan's: 50,100\), --cpu-sharing processor-sharing \(the plan's: none\)$/m);
  });

  it('a version 1 file (no prices or timing rules) still loads; a mismatch says what it lacks, or that the dataset changed', async () => {
    const dir = tempDir('plan-settings');
    const out = join(dir, 'v2.json');
    await planTo(out, '--overhead', '50');
    const { prices: _p, timingRules: _t, unknown: _u, ...rest } = JSON.parse(readFileSync(out, 'utf8'));
    const v1 = join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify({ ...rest, version: 1 }));
    expect((await simulate(v1)).out).toMatch(/^warning .*the plan file \(version 1\) does not record its prices, overhead, CPU sharing/m);
    expect((await simulate(v1, '--overhead', '50')).out).not.toContain('warning');
    const file = JSON.parse(readFileSync(out, 'utf8'));
    const changed = join(dir, 'changed.json');
    writeFileSync(changed, JSON.stringify({ ...file, predicted: { ...file.predicted, makespanMs: file.predicted.makespanMs + 10 } }));
    expect((await simulate(changed)).out).toMatch(/^warning .*the settings match the plan's, so the dataset .* differs/m);
  });
});
