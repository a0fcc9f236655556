/**
 * Nothing prints Infinity, NaN or null where a number belongs. Finite values absurd for
 * their field (1e308 ms, more than 1 PB, memory outside 1 MB - 1 TB) are validation errors
 * naming the JSON path; values at the bounds give finite reports from plan, simulate,
 * replay and cpm; a bill that overflows (prices) and a run recorded with zero times are
 * named or shown as "-", never as Infinity.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import type { Dataset } from '../src/dataset/types.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { MAX_BYTES, MAX_MEMORY_MB, MAX_TIME_MS } from '../src/util/value-bounds.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('no-infinity');
const chain = loadDataset(resolveDataset('chain-10'));
const NOT_A_NUMBER = /Infinity|NaN|\bnull\b|\bundefined\b/;

function save(name: string, dataset: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(dataset));
  return file;
}

/** chain-10 with `edit` applied to a deep copy. */
function edited(edit: (d: { -readonly [K in keyof Dataset]: any }) => void): unknown {
  const copy = structuredClone(chain) as any;
  edit(copy);
  return copy;
}

describe('absurd finite values are validation errors naming the field', () => {
  const cases: [string, (d: any) => void, string, string][] = [
    ['execMs 1e308', (d) => (d.runs[0].metrics.tasks[0].execMs = 1e308), '$.runs[0].metrics.tasks[0].execMs', 'more than 30 days'],
    ['a transfer of 31 days', (d) => (d.runs[1].metrics.transfers[0].ms = MAX_TIME_MS + 86_400_000), '$.runs[1].metrics.transfers[0].ms', 'more than 30 days'],
    ['a makespan of 1e300', (d) => (d.runs[0].makespanMs = 1e300), '$.runs[0].makespanMs', 'more than 30 days'],
    ['2 PB of output', (d) => (d.workflows[0].tasks[0].outputBytes = 2 * MAX_BYTES), '$.workflows[0].tasks[0].outputBytes', 'more than 1 PB'],
    ['an edge of 1e20 bytes', (d) => (d.workflows[0].edges[0].bytes = 1e20), '$.workflows[0].edges[0].bytes', 'more than 1 PB'],
    ['a 0.5 MB worker', (d) => (d.runs[0].metrics.workerStarts[0].memoryMb = 0.5), '$.runs[0].metrics.workerStarts[0].memoryMb', 'below 1 MB'],
    ['a 2 TB ladder size', (d) => d.memoryLadderMb.push(2 * MAX_MEMORY_MB), `$.memoryLadderMb[${chain.memoryLadderMb.length}]`, 'above 1 TB'],
  ];
  for (const [label, edit, path, reason] of cases) {
    it(`${label}: ${path}`, async () => {
      const value = edited(edit);
      const { errors } = validateDataset(value, 'x.json');
      expect(errors.some((e) => e.startsWith(`x.json: ${path}: ${reason}`)), errors.join('\n')).toBe(true);
      const file = save(`${label.replace(/\W+/g, '-')}.json`, value);
      for (const args of [['plan', '--dataset', file, '--algorithm', 'uniform'], ['replay', file, '--results', join(dir, 'replay')]]) {
        const run = await cli(...args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.err).toContain(`${path}: ${reason}`);
        expect(run.out).toBe('');
      }
    });
  }

  it('cpm: a duration of 1e308 ms is refused naming the task', async () => {
    const file = join(dir, 'cpm-huge.json');
    writeFileSync(file, JSON.stringify({ tasks: [{ id: 'a', durationMs: 1 }, { id: 'b', durationMs: 1e308 }], edges: [{ from: 'a', to: 'b', transferMs: 1e308 }] }));
    const run = await cli('cpm', file, '--json');
    expect(run.code).toBe(1);
    expect(run.err).toContain('$.tasks[1].durationMs: task "b" has durationMs 1e+308; expected a finite number from 0 to 2592000000 (30 days)');
    expect(run.err).toContain('edge a -> b has transferMs 1e+308');
  });
});

describe('values at the bounds give finite reports', () => {
  it('every recorded time at 30 days and every size at 1 PB: plan, simulate, replay print numbers only', async () => {
    const file = save(
      'at-bounds.json',
      edited((d) => {
        for (const t of d.workflows[0].tasks) [t.inputBytes, t.outputBytes] = [MAX_BYTES, MAX_BYTES];
        for (const e of d.workflows[0].edges) e.bytes = MAX_BYTES;
        for (const run of d.runs) {
          run.makespanMs = MAX_TIME_MS;
          for (const t of run.metrics.tasks) [t.execMs, t.execMsNormalized, t.inputBytes, t.outputBytes] = [MAX_TIME_MS, (MAX_TIME_MS * t.memoryMb) / 512, MAX_BYTES, MAX_BYTES];
          for (const x of run.metrics.transfers) [x.ms, x.msNormalized, x.bytes] = [MAX_TIME_MS, (MAX_TIME_MS * x.memoryMb) / 512, MAX_BYTES];
        }
      }),
    );
    const planFile = join(dir, 'at-bounds-plan.json');
    for (const args of [
      ['plan', '--dataset', file, '--algorithm', 'best-then-downgrade', '--deadline', '1.2x', '--out', planFile],
      ['plan', '--dataset', file, '--algorithm', 'deadline-downgrade', '--deadline', '1.5x', '--json'],
      ['simulate', '--dataset', file, '--plan', planFile, '--json'],
      ['simulate', '--dataset', file, '--plan', 'run:0', '--times', 'recorded', '--run', '0'],
      ['replay', file, '--results', join(dir, 'replay-bounds'), '--json'],
    ]) {
      const run = await cli(...args);
      expect(run.code, `${args.join(' ')}\n${run.err}`).toBe(0);
      expect(run.out, args.join(' ')).not.toMatch(NOT_A_NUMBER);
    }
  });

  it('a run recorded with zero times: replay shows "-" for ratios it cannot form, never Infinity', async () => {
    const file = save(
      'zero-times.json',
      edited((d) => {
        for (const run of d.runs) {
          run.makespanMs = 0;
          for (const t of run.metrics.tasks) [t.execMs, t.execMsNormalized, t.startMs] = [0, 0, 0];
          for (const x of [...run.metrics.transfers, ...run.metrics.workerStarts]) [x.ms, x.msNormalized] = [0, 0];
        }
      }),
    );
    const results = join(dir, 'replay-zero');
    const text = await cli('replay', file, '--results', results);
    expect(text.code, text.err).toBe(0);
    expect(text.out).not.toMatch(/Infinity|NaN/);
    const json = await cli('replay', file, '--results', results, '--json');
    expect(json.out).not.toMatch(/Infinity|NaN/);
  });

  it('a bill that overflows (price per GB-s 1e308) is an error naming the prices', async () => {
    const run = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--price-gb-s', '1e308');
    expect(run.code).toBe(1);
    expect(run.err).toContain('slackline/simulate: the simulated costUsd is not finite: every time is finite, so the prices (--price-gb-s, --price-invocation) make the bill overflow');
    expect(run.out).toBe('');
  });
});
