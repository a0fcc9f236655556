/**
 * `plan` / `simulate --metrics <store>`: the predictor is fitted on the store's runs of the
 * workflow's signature while the DAG comes from `--dataset`. Against a real redis-server
 * (`withRedis`): a dataset loaded into Redis with the project's writer gives the same plan
 * and report as the dataset file itself; a store without runs of the signature fails with
 * exit 1 naming the signature and the store (Redis and file).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import type { Dataset } from '../src/dataset/types.js';
import { closeRedis } from '../src/metrics/redis/connect.js';
import { keyLayout } from '../src/metrics/redis/key-layout.js';
import { writeDataset } from '../src/metrics/redis/write-dataset.js';
import { withRedis } from './support/redis-server.js';
import { cli } from './support/run-cli.js';

const DATASET = 'tree-reduction-unequal-64';

let dir: string;
let dataset: Dataset;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'slackline-cli-metrics-'));
  dataset = loadDataset(resolveDataset(DATASET));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Plans with best-then-downgrade, returns the plan file's assignment and the report. */
async function planWith(label: string, ...metrics: string[]) {
  const out = join(dir, `${label}.json`);
  const run = await cli('plan', '--dataset', DATASET, '--algorithm', 'best-then-downgrade', '--sla', 'p90', '--json', '--out', out, ...metrics);
  expect(run.err, label).toBe('');
  expect(run.code, label).toBe(0);
  const report = JSON.parse(run.out) as { makespanMs: number; costUsd: number };
  const file = JSON.parse(readFileSync(out, 'utf8')) as { tasks: unknown; workers: Record<string, { memoryMb: number }> };
  return { out, report, tasks: file.tasks, workers: file.workers };
}

describe('--metrics with a dataset file', () => {
  it('a file store without runs of the workflow\'s signature fails naming the signature and the store', async () => {
    const other = resolveDataset('chain-10');
    const run = await cli('plan', '--dataset', DATASET, '--algorithm', 'uniform', '--metrics', other);
    expect(run.code).toBe(1);
    expect(run.err).toContain(dataset.workflows[0]!.signature);
    expect(run.err).toContain(other);
    expect(run.err).toMatch(/has no runs of workflow/);
  });
});

const redis = await withRedis('cli-metrics-store');

describe.skipIf(!redis)('--metrics redis://... (real redis-server)', () => {
  let client: Redis;
  let namespace: string;
  beforeAll(async () => {
    client = await redis!.connect();
    namespace = `${redis!.namespace}:loaded`;
    const written = await writeDataset(client, keyLayout(namespace), dataset);
    expect(written.runs).toBe(dataset.runs.length);
  });
  afterAll(async () => {
    await closeRedis(client);
    await redis!.stop();
  });

  it('plan and simulate fitted on the Redis runs equal those fitted on the dataset file', async () => {
    const url = `${redis!.url}/?namespace=${encodeURIComponent(namespace)}`;
    const fromFile = await planWith('file', '--metrics', resolveDataset(DATASET));
    const fromRedis = await planWith('redis', '--metrics', url);
    expect(fromRedis.tasks).toEqual(fromFile.tasks);
    expect(fromRedis.workers).toEqual(fromFile.workers);
    expect(new Set(Object.values(fromRedis.workers).map((w) => w.memoryMb)).size).toBeGreaterThan(1); // a real, mixed plan
    expect(fromRedis.report.makespanMs).toBeCloseTo(fromFile.report.makespanMs, 6);
    expect(fromRedis.report.costUsd).toBeCloseTo(fromFile.report.costUsd, 12);

    const simulated = await cli('simulate', '--dataset', DATASET, '--plan', fromFile.out, '--sla', 'p90', '--json', '--metrics', url);
    expect(simulated.code).toBe(0);
    expect((JSON.parse(simulated.out) as { makespanMs: number }).makespanMs).toBeCloseTo(fromFile.report.makespanMs, 6);
  });

  it('an empty namespace fails with exit 1 naming the signature and the store', async () => {
    const empty = `${redis!.namespace}:empty`;
    const run = await cli('plan', '--dataset', DATASET, '--algorithm', 'uniform', '--metrics', `${redis!.url}/?namespace=${encodeURIComponent(empty)}`);
    expect(run.code).toBe(1);
    expect(run.err).toContain(dataset.workflows[0]!.signature);
    expect(run.err).toContain(`ns=${empty}`);
    expect(run.err).toMatch(/has no runs of workflow/);
  });
});
