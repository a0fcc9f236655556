/**
 * Opening metrics sources without a Redis server: dataset files and shipped names through
 * `openMetricsStore`, the `--metrics` URL form, and the fast, clear failure when Redis is
 * unreachable (no endless reconnect loop).
 */
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMetricsStore, splitRedisSpec, isRedisSpec } from '../src/metrics/open-store.js';
import { FileMetricsStore } from '../src/metrics/file-store.js';
import { connectRedis, redactUrl } from '../src/metrics/redis/connect.js';
import { keyLayout } from '../src/metrics/redis/key-layout.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { parseDagId } from '../src/dag/dag-id.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { metricsFixture } from './support/metrics-fixture.js';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('openMetricsStore', () => {
  it('opens a dataset file and filters by signature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slackline-open-store-'));
    try {
      const dataset = metricsFixture();
      const file = join(dir, 'd.json');
      writeJsonAtomic(file, dataset);
      const store = await openMetricsStore(file);
      expect(store).toBeInstanceOf(FileMetricsStore);
      expect(store.describe).toContain(file);
      const signature = dataset.workflows[1]!.signature;
      const one = await store.load(signature);
      expect(one.workflows.map((w) => w.signature)).toEqual([signature]);
      expect(one.runs.length).toBeGreaterThan(0);
      expect(one.runs.every((r) => parseDagId(r.dagId).signature === signature)).toBe(true);
      expect((await store.load()).runs).toHaveLength(dataset.runs.length);
      expect(await store.load('0000000000000000')).toEqual({ workflows: [], runs: [] });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens a shipped dataset by name', async () => {
    const shipped = shippedDatasets()[0];
    if (!shipped) {
      console.warn('skipping: no shipped dataset registered yet');
      return;
    }
    const store = await openMetricsStore(shipped.name);
    expect((await store.load()).workflows.length).toBeGreaterThan(0);
  });

  it('names the source when it is neither a file nor a shipped name', async () => {
    await expect(openMetricsStore('no-such-dataset-xyz')).rejects.toThrow(/no-such-dataset-xyz/);
  });

  it('reads the namespace from a Redis URL and keeps the rest for ioredis', () => {
    expect(isRedisSpec('redis://h:1')).toBe(true);
    expect(isRedisSpec('datasets/x.json')).toBe(false);
    expect(splitRedisSpec('redis://127.0.0.1:6390/2?namespace=lab.a')).toEqual({ url: 'redis://127.0.0.1:6390/2', namespace: 'lab.a' });
    expect(splitRedisSpec('redis://127.0.0.1:6390')).toEqual({ url: 'redis://127.0.0.1:6390' });
    expect(redactUrl('redis://user:secret@h:1/0')).toBe('redis://user:***@h:1/0');
  });

  it('keys of one run share its prefix, and a longer dagId sharing that prefix is not taken for it', () => {
    const layout = keyLayout('lab');
    const sig = '0123456789abcdef';
    const uuid = '12345678-1234-4234-8234-123456789abc';
    const a = `1767225600000_sink_${uuid}_${sig}`;
    const longer = `1767225600000_sink_${uuid}_${sig}:tasks_${uuid}_${sig}`; // a sink id may contain anything
    expect(layout.runList(a, 'tasks').startsWith(layout.runHeader(a))).toBe(true);
    expect(layout.isRunKey(a, layout.runHeader(a))).toBe(true);
    expect(layout.isRunKey(a, layout.runList(a, 'transfers'))).toBe(true);
    expect(layout.isRunKey(a, layout.runHeader(longer))).toBe(false);
    expect(layout.isRunKey(a, layout.runList(longer, 'tasks'))).toBe(false);
    expect(keyLayout('lab').runPattern('1_a*b_x')).toBe('lab:run:1_a\\*b_x*');
  });

  it('rejects a namespace that would break the key layout', () => {
    expect(() => keyLayout('a b')).toThrow(/namespace/);
    expect(() => keyLayout('lab*')).toThrow(/namespace/);
  });
});

describe('unreachable Redis', () => {
  it('fails with an error naming the URL, without retrying forever', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    await expect(connectRedis(url)).rejects.toThrow(`slackline/redis: cannot reach Redis at ${url}`);
    await expect(openMetricsStore(`${url}?namespace=x`)).rejects.toThrow(url);
  }, 10_000);

  it('refuses a URL that is not a Redis URL', async () => {
    await expect(connectRedis('http://127.0.0.1:1')).rejects.toThrow(/not a Redis URL/);
  });
});
