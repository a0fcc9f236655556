/**
 * The Redis metrics store against a real redis-server (see test/support/redis-server.ts:
 * CI provides one; locally one is started when redis-server is on PATH, else these tests
 * are skipped with a printed reason).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { withRedis, scanNamespace } from './support/redis-server.js';
import { metricsFixture } from './support/metrics-fixture.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { workflowOfRun } from '../src/dataset/workflow-of-run.js';
import { parseDagId } from '../src/dag/dag-id.js';
import type { Dataset, RecordedRun } from '../src/dataset/types.js';
import { closeRedis } from '../src/metrics/redis/connect.js';
import { keyLayout } from '../src/metrics/redis/key-layout.js';
import { writeDataset } from '../src/metrics/redis/write-dataset.js';
import { RedisMetricsStore } from '../src/metrics/redis/redis-store.js';
import { RedisMetricsWriter, type FlushStrategy } from '../src/metrics/redis/redis-writer.js';
import { pruneRun, scanRunKeys } from '../src/metrics/redis/prune.js';
import { exportDataset } from '../src/metrics/redis/export-dataset.js';
import { FileMetricsStore } from '../src/metrics/file-store.js';
import { openMetricsStore } from '../src/metrics/open-store.js';
import { main } from '../src/cli/main.js';

const redis = await withRedis('metrics-redis-store');
const byDagId = (runs: readonly RecordedRun[]) => [...runs].sort((a, b) => (a.dagId < b.dagId ? -1 : 1));

describe.skipIf(!redis)('Redis metrics store (real redis-server)', () => {
  let client: Redis;
  let dir: string;
  let fileName: string;
  let dataset: Dataset;
  let n = 0;
  /** A fresh namespace per test, under the file's own namespace. */
  const ns = () => `${redis!.namespace}:t${++n}`;

  beforeAll(async () => {
    client = await redis!.connect();
    dir = mkdtempSync(join(tmpdir(), 'slackline-redis-test-'));
    fileName = join(dir, 'fixture.json');
    writeJsonAtomic(fileName, metricsFixture());
    dataset = loadDataset(fileName); // the fixture is a valid dataset file
  });
  afterAll(async () => {
    await closeRedis(client);
    await redis!.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a dataset file through Redis: every workflow and run equal to the file', async () => {
    const namespace = ns();
    const result = await writeDataset(client, keyLayout(namespace), dataset, { chunkRecords: 4, batchRecords: 30 });
    expect(result.runs).toBe(dataset.runs.length);
    expect(result.transactions).toBeGreaterThan(2); // several batches were exercised

    const store = await RedisMetricsStore.open(redis!.url, { namespace });
    const file = new FileMetricsStore(fileName);
    try {
      const fromRedis = await store.load();
      const fromFile = await file.load();
      expect(fromRedis.workflows).toEqual([...fromFile.workflows].sort((a, b) => (a.signature < b.signature ? -1 : 1)));
      expect(byDagId(fromRedis.runs)).toEqual(byDagId(fromFile.runs));
      for (const workflow of dataset.workflows) {
        const one = await store.load(workflow.signature);
        expect(one.workflows).toEqual([workflow]);
        expect(byDagId(one.runs)).toEqual(byDagId((await file.load(workflow.signature)).runs));
        // oldest first, by the epoch in the dagId
        const epochs = one.runs.map((r) => parseDagId(r.dagId).epochMs);
        expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
      }
      // Export writes a dataset file that validates and holds the same workflow and runs.
      const signature = dataset.workflows[1]!.signature;
      const exported = await exportDataset(client, keyLayout(namespace), signature, store.describe);
      const out = join(dir, 'exported.json');
      writeJsonAtomic(out, exported);
      const reread = loadDataset(out);
      expect(reread.workflows).toEqual([dataset.workflows[1]]);
      expect(byDagId(reread.runs)).toEqual(byDagId(dataset.runs.filter((r) => parseDagId(r.dagId).signature === signature)));
      expect(reread.memoryLadderMb).toEqual(dataset.memoryLadderMb);
      expect(reread.source).toEqual(dataset.source);
    } finally {
      await store.close();
    }
  });

  it('serves from the cache loaded at open: later writes are not seen by an open store', async () => {
    const namespace = ns();
    const [first, ...rest] = dataset.runs;
    await writeDataset(client, keyLayout(namespace), { ...dataset, runs: [first!] });
    const store = await RedisMetricsStore.open(redis!.url, { namespace, signature: dataset.workflows[0]!.signature });
    try {
      await writeDataset(client, keyLayout(namespace), { ...dataset, runs: rest });
      expect((await store.load(dataset.workflows[0]!.signature)).runs.map((r) => r.dagId)).toEqual([first!.dagId]);
      const fresh = await RedisMetricsStore.open(redis!.url, { namespace });
      expect((await fresh.load()).runs).toHaveLength(dataset.runs.length);
      await fresh.close();
    } finally {
      await store.close();
    }
  });

  const strategies: FlushStrategy[] = ['every-record', { everyRecords: 4 }, { everyMs: 5 }, 'on-close'];
  it.each(strategies.map((s) => [JSON.stringify(s), s] as const))('writer with flush %s: a run is invisible until finish, then whole', async (_name, flush) => {
    const namespace = ns();
    const run = dataset.runs[4]!;
    const writer = RedisMetricsWriter.onClient(client, { namespace, flush, chunkRecords: 2 });
    const w = await writer.startRun(run.dagId, workflowOfRun(dataset, run));
    for (const r of run.metrics.tasks) w.task(r);
    for (const r of run.metrics.transfers) w.transfer(r);
    for (const r of run.metrics.workerStarts) w.workerStart(r);
    await writer.flush();
    const staged = await scanRunKeys(client, keyLayout(namespace), run.dagId);
    expect(staged.length).toBeGreaterThan(0); // records are in Redis...
    const before = await RedisMetricsStore.open(redis!.url, { namespace });
    expect((await before.load()).runs).toEqual([]); // ...but no run is visible
    await before.close();
    await w.finish({ plan: run.plan, makespanMs: run.makespanMs });
    expect((await writer.close()).unfinished).toEqual([]);
    const after = await RedisMetricsStore.open(redis!.url, { namespace });
    expect((await after.load()).runs).toEqual([run]);
    await after.close();
  });

  it('writer flush strategies write when they say: every record, every N records, every T ms', async () => {
    const namespace = ns();
    const layout = keyLayout(namespace);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const until = async (what: () => Promise<boolean>) => {
      for (let i = 0; i < 100; i++) {
        if (await what()) return true;
        await sleep(20);
      }
      return false;
    };
    const [r0, r1, r2] = dataset.runs;
    const tasks = r0!.metrics.tasks;

    const perRecord = RedisMetricsWriter.onClient(client, { namespace, flush: 'every-record' });
    const w0 = await perRecord.startRun(r0!.dagId, workflowOfRun(dataset, r0!));
    for (const t of tasks.slice(0, 3)) w0.task(t);
    expect(await until(async () => (await client.llen(layout.runList(r0!.dagId, 'tasks'))) === 3)).toBe(true); // three chunks of one

    const everyFour = RedisMetricsWriter.onClient(client, { namespace, flush: { everyRecords: 4 } });
    const w1 = await everyFour.startRun(r1!.dagId, workflowOfRun(dataset, r1!));
    for (const t of r1!.metrics.tasks.slice(0, 3)) w1.task(t);
    await sleep(50);
    expect(await client.llen(layout.runList(r1!.dagId, 'tasks'))).toBe(0); // 3 < 4: still buffered
    w1.task(r1!.metrics.tasks[3]!);
    expect(await until(async () => (await client.llen(layout.runList(r1!.dagId, 'tasks'))) === 1)).toBe(true);

    const timed = RedisMetricsWriter.onClient(client, { namespace, flush: { everyMs: 20 } });
    const w2 = await timed.startRun(r2!.dagId, workflowOfRun(dataset, r2!));
    w2.task(r2!.metrics.tasks[0]!);
    expect(await until(async () => (await client.llen(layout.runList(r2!.dagId, 'tasks'))) === 1)).toBe(true);

    for (const w of [perRecord, everyFour, timed]) await w.close();
  });

  it('writer close flushes every buffered record (on-close strategy loses nothing)', async () => {
    const namespace = ns();
    const run = dataset.runs[5]!;
    const writer = RedisMetricsWriter.onClient(client, { namespace, flush: 'on-close', chunkRecords: 1 });
    const w = await writer.startRun(run.dagId, workflowOfRun(dataset, run));
    for (const r of run.metrics.tasks) w.task(r);
    expect(await client.exists(keyLayout(namespace).runList(run.dagId, 'tasks'))).toBe(0); // nothing written yet
    expect((await writer.close()).unfinished).toEqual([run.dagId]);
    expect(await client.llen(keyLayout(namespace).runList(run.dagId, 'tasks'))).toBe(run.metrics.tasks.length);
  });

  it('a writer killed mid-run leaves no half-written run, and prune clears its staging keys', async () => {
    const namespace = ns();
    const [done, partial] = dataset.runs;
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'kill-writer-child.ts'), redis!.url, namespace], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('FLUSHED')) resolve();
      });
      child.on('exit', () => reject(new Error(`child exited before flushing: ${out}${err}`)));
    });
    child.kill('SIGKILL');
    expect(await exit).toBe('SIGKILL');

    const layout = keyLayout(namespace);
    const staged = await scanRunKeys(client, layout, partial!.dagId);
    expect(staged).toContain(layout.runList(partial!.dagId, 'tasks')); // it did write part of the run
    expect(await client.exists(layout.runHeader(partial!.dagId))).toBe(0);
    const store = await RedisMetricsStore.open(redis!.url, { namespace });
    const loaded = await store.load();
    await store.close();
    expect(loaded.runs).toEqual([done]); // the committed run whole, the killed one not at all

    const pruned = await pruneRun(client, layout, partial!.dagId);
    expect(pruned.wasIndexed).toBe(false);
    expect(pruned.keysRemoved).toEqual(staged);
    expect(await scanRunKeys(client, layout, partial!.dagId)).toEqual([]);
  }, 30_000);

  it('prune removes exactly one run\'s keys and index entry, leaving the others whole', async () => {
    const namespace = ns();
    const layout = keyLayout(namespace);
    const [a1, a2] = dataset.runs; // two runs of the chain workflow
    const other = dataset.runs.find((r) => parseDagId(r.dagId).signature === dataset.workflows[1]!.signature)!;
    await writeDataset(client, layout, { ...dataset, runs: [a1!, a2!, other] });
    const before = await scanNamespace(client, namespace);
    const ownKeys = await scanRunKeys(client, layout, a1!.dagId);
    expect(ownKeys).toEqual([layout.runHeader(a1!.dagId), ...(['starts', 'tasks', 'transfers'] as const).map((l) => layout.runList(a1!.dagId, l))].sort());

    const result = await pruneRun(client, layout, a1!.dagId);
    expect(result.wasIndexed).toBe(true);
    const after = await scanNamespace(client, namespace);
    expect(after).toEqual(before.filter((k) => !ownKeys.includes(k)));
    expect(await client.zrange(layout.runIndex(parseDagId(a1!.dagId).signature), 0, '-1')).toEqual([a2!.dagId]);

    const store = await RedisMetricsStore.open(redis!.url, { namespace });
    expect(byDagId((await store.load()).runs)).toEqual(byDagId([a2!, other]));
    await store.close();
  });

  it('refuses to write a run already committed, and a workflow that does not match the dagId', async () => {
    const namespace = ns();
    const run = dataset.runs[0]!;
    await writeDataset(client, keyLayout(namespace), { ...dataset, runs: [run] });
    const writer = RedisMetricsWriter.onClient(client, { namespace });
    await expect(writer.startRun(run.dagId, workflowOfRun(dataset, run))).rejects.toThrow(/already committed/);
    await expect(writer.startRun(run.dagId, dataset.workflows[1]!)).rejects.toThrow(/signature/);
    await writer.close();
  });

  it('a corrupt value gives an error naming its key', async () => {
    const namespace = ns();
    const run = dataset.runs[0]!;
    await writeDataset(client, keyLayout(namespace), { ...dataset, runs: [run] });
    await client.rpush(keyLayout(namespace).runList(run.dagId, 'tasks'), '[["only-two", 1]]');
    await expect(RedisMetricsStore.open(redis!.url, { namespace })).rejects.toThrow(new RegExp(`corrupt value at key "${keyLayout(namespace).runList(run.dagId, 'tasks')}"`));
  });

  it('CLI: redis load, export and prune, and --metrics redis://...?namespace= reads what was loaded', async () => {
    const namespace = ns();
    const common = ['--url', redis!.url, '--namespace', namespace];
    expect(await main(['node', 'slackline', 'redis', 'load', fileName, ...common])).toBe(0);
    const signature = dataset.workflows[0]!.signature;
    const out = join(dir, 'cli-export.json');
    expect(await main(['node', 'slackline', 'redis', 'export', '--signature', signature, '--out', out, ...common])).toBe(0);
    const exported = loadDataset(out);
    const expected = dataset.runs.filter((r) => parseDagId(r.dagId).signature === signature);
    expect(byDagId(exported.runs)).toEqual(byDagId(expected));

    const store = await openMetricsStore(`${redis!.url}?namespace=${namespace}`, { signature });
    expect(byDagId((await store.load(signature)).runs)).toEqual(byDagId(expected));
    await store.close();

    const victim = expected[0]!.dagId;
    expect(await main(['node', 'slackline', 'redis', 'prune', '--dag', victim, ...common])).toBe(0);
    expect(await scanRunKeys(client, keyLayout(namespace), victim)).toEqual([]);
    expect(await main(['node', 'slackline', 'redis', 'export', '--signature', '0123456789abcdef', '--out', out, ...common])).toBe(1);
  });
});
