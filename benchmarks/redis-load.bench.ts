/**
 * Loading 100,000 task records from Redis: the project's way against the engine's.
 *
 * - project: the signature index (ZRANGE) names the runs, their record lists (compact
 *   tuple chunks, 250 records per element) come in pipelined batches of 100 runs.
 * - engine, KEYS + GET: one key per record (a JSON object), found by KEYS, read by one GET
 *   per key, each awaited: how the engine read metrics when one record was needed at a time.
 * - engine, KEYS + MGET: the same keys read by MGET in batches of 1,000 (what the engine's
 *   planner did: KEYS then MGET of every record).
 * Every way returns the same 100,000 TaskRecord objects (checked), so decoding is timed too.
 *
 * Needs a Redis server: SLACKLINE_TEST_REDIS_URL, else one started when redis-server is on
 * PATH; otherwise the suite is skipped with a printed reason.
 */
import { Bench } from 'tinybench';
import type { Redis } from 'ioredis';
import Table from 'cli-table3';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';
import { chain } from '../src/generate/chain.js';
import { dagSignature, namedSink } from '../src/dag/dag-signature.js';
import { formatDagId, uuidFromRandom } from '../src/dag/dag-id.js';
import { seededRandom } from '../src/util/random.js';
import { normalizeLinear } from '../src/metrics/normalize.js';
import type { Dataset, RecordedRun, TaskRecord } from '../src/dataset/types.js';
import { DATASET_FORMAT, DATASET_VERSION } from '../src/dataset/types.js';
import { closeRedis, connectRedis } from '../src/metrics/redis/connect.js';
import { keyLayout } from '../src/metrics/redis/key-layout.js';
import { writeDataset } from '../src/metrics/redis/write-dataset.js';
import { loadSignatureHistory } from '../src/metrics/redis/load-runs.js';
import { startRedisServer, unlinkNamespace, type StartedServer } from '../src/metrics/redis/throwaway-server.js';

const RUNS = 100;
const TASKS_PER_RUN = 1000;
const RECORDS = RUNS * TASKS_PER_RUN;
const LADDER = [256, 512, 1024, 1769, 3008];

/** 100 runs of a 1,000-task chain, task records only (plans left empty so both layouts hold the same data). */
function benchDataset(): Dataset {
  const workflow = chain({ length: TASKS_PER_RUN, seed: 3 });
  const signature = dagSignature(workflow);
  const sink = namedSink(workflow);
  const random = seededRandom(11);
  const runs: RecordedRun[] = [];
  for (let k = 0; k < RUNS; k++) {
    const memoryMb = LADDER[k % LADDER.length]!;
    const dagId = formatDagId({ epochMs: 1_767_225_600_000 + k * 60_000, sinkTaskId: sink, uuid: uuidFromRandom(random), signature });
    let t = 0;
    const tasks: TaskRecord[] = workflow.tasks.map((task) => {
      const execMs = Math.round((50 + random() * 500) * 1000) / 1000;
      const record = { taskId: task.id, func: task.func, memoryMb, inputBytes: task.inputBytes, outputBytes: task.outputBytes, execMs, execMsNormalized: normalizeLinear(execMs, memoryMb), workerId: 'w0', startMs: t };
      t += execMs;
      return record;
    });
    runs.push({ dagId, plan: {}, makespanMs: t, metrics: { tasks, transfers: [], workerStarts: [] } });
  }
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: 'redis-load-bench',
    description: 'benchmark data',
    source: { kind: 'synthetic', origin: 'benchmarks/redis-load.bench.ts', license: 'CC0-1.0' },
    memoryLadderMb: LADDER,
    workflows: [{ ...workflow, signature }],
    runs,
  };
}

/** The engine's layout: one key per task record, the record as a JSON object. */
async function writeEngineLayout(client: Redis, prefix: string, dataset: Dataset): Promise<void> {
  let pipeline = client.pipeline();
  let queued = 0;
  for (const run of dataset.runs) {
    for (const record of run.metrics.tasks) {
      pipeline.set(`${prefix}:${run.dagId}:task:${record.taskId}`, JSON.stringify(record));
      if (++queued % 5000 === 0) {
        await pipeline.exec();
        pipeline = client.pipeline();
      }
    }
  }
  await pipeline.exec();
}

async function engineKeysGet(client: Redis, prefix: string): Promise<TaskRecord[]> {
  const keys = await client.keys(`${prefix}:*`);
  const out: TaskRecord[] = [];
  for (const key of keys) {
    const value = await client.get(key);
    if (value !== null) out.push(JSON.parse(value) as TaskRecord);
  }
  return out;
}

async function engineKeysMget(client: Redis, prefix: string): Promise<TaskRecord[]> {
  const keys = await client.keys(`${prefix}:*`);
  const out: TaskRecord[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    for (const value of await client.mget(...keys.slice(i, i + 1000))) if (value !== null) out.push(JSON.parse(value) as TaskRecord);
  }
  return out;
}

interface Row {
  readonly way: string;
  readonly iterations: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly recordsPerS: number;
}

async function time(way: string, iterations: number, warmup: boolean, fn: () => Promise<readonly unknown[]>): Promise<Row> {
  const bench = new Bench({ time: 0, iterations, warmup, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add(way, async () => {
    const records = await fn();
    if (records.length !== RECORDS) throw new Error(`${way} returned ${records.length} records, expected ${RECORDS}`);
  });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (!result || result.state !== 'completed') throw new Error(`${way}: benchmark did not complete (${result?.state})`);
  const l = result.latency;
  return { way, iterations: l.samplesCount, meanMs: l.mean, p50Ms: l.p50, minMs: l.min, maxMs: l.max, recordsPerS: RECORDS / (l.mean / 1000) };
}

export async function run(): Promise<void> {
  let server: StartedServer | undefined;
  let url = process.env['SLACKLINE_TEST_REDIS_URL'];
  if (!url) {
    server = await startRedisServer();
    if (!server) {
      console.warn('*** SKIPPING redis-load benchmark: redis-server is not on PATH and SLACKLINE_TEST_REDIS_URL is not set ***');
      return;
    }
    url = server.url;
  }
  const client = await connectRedis(url);
  const namespace = `bench:redis-load:${process.pid}`;
  const layout = keyLayout(namespace);
  const enginePrefix = `${namespace}:engine`;
  try {
    const dataset = benchDataset();
    const signature = dataset.workflows[0]!.signature;
    await writeDataset(client, layout, dataset, { chunkRecords: 250 });
    await writeEngineLayout(client, enginePrefix, dataset);

    const project = await time('project: index + pipelined batches', 10, true, async () => {
      const history = await loadSignatureHistory(client, layout, signature, 100);
      return history!.runs.flatMap((r) => r.metrics.tasks);
    });
    const mget = await time('engine: KEYS + MGET (1,000 per call)', 5, true, () => engineKeysMget(client, enginePrefix));
    const get = await time('engine: KEYS + one GET per key', 2, false, () => engineKeysGet(client, enginePrefix));

    const rows = [project, mget, get];
    const table = new Table({ head: ['way', 'iterations', 'mean ms', 'p50 ms', 'min ms', 'max ms', 'records/s', 'x project'] });
    for (const r of rows) table.push([r.way, r.iterations, r.meanMs.toFixed(1), r.p50Ms.toFixed(1), r.minMs.toFixed(1), r.maxMs.toFixed(1), Math.round(r.recordsPerS).toLocaleString('en-US'), (r.meanMs / project.meanMs).toFixed(1)]);
    console.log(`${RECORDS.toLocaleString('en-US')} task records (${RUNS} runs x ${TASKS_PER_RUN} tasks), server ${server ? 'started by the suite' : url}`);
    console.log(table.toString());
    const ratios = { keysGetOverProject: get.meanMs / project.meanMs, keysMgetOverProject: mget.meanMs / project.meanMs };
    console.log(`ratio KEYS+GET / project = ${ratios.keysGetOverProject.toFixed(1)}x; KEYS+MGET / project = ${ratios.keysMgetOverProject.toFixed(1)}x`);
    const info = await client.info('server');
    const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    writeJsonAtomic('results/bench/redis-load.json', { suite: 'redis-load', machine: machineDescription(), redisVersion, records: RECORDS, runs: RUNS, tasksPerRun: TASKS_PER_RUN, rows, ratios });
  } finally {
    await unlinkNamespace(client, namespace);
    await closeRedis(client);
    await server?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
