/**
 * Child process of the "writer killed mid-run" test. Commits run 0 of the fixture whole,
 * then writes part of run 1 through a writer flushing every 3 records, waits until those
 * are in Redis, says so on stdout and keeps writing slowly until the parent SIGKILLs it.
 *
 *   node --import tsx test/support/kill-writer-child.ts <url> <namespace>
 */
import { metricsFixture } from './metrics-fixture.js';
import { RedisMetricsWriter } from '../../src/metrics/redis/redis-writer.js';
import { workflowOfRun } from '../../src/dataset/workflow-of-run.js';

const [url, namespace] = process.argv.slice(2);
if (!url || !namespace) throw new Error('usage: kill-writer-child.ts <url> <namespace>');
const dataset = metricsFixture();
const [done, partial] = dataset.runs;
if (!done || !partial) throw new Error('fixture needs two runs');

const writer = await RedisMetricsWriter.open(url, { namespace, flush: { everyRecords: 3 } });
const first = await writer.startRun(done.dagId, workflowOfRun(dataset, done));
for (const r of done.metrics.tasks) first.task(r);
for (const r of done.metrics.transfers) first.transfer(r);
for (const r of done.metrics.workerStarts) first.workerStart(r);
await first.finish({ plan: done.plan, makespanMs: done.makespanMs });
process.stdout.write(`COMMITTED ${done.dagId}\n`);

const second = await writer.startRun(partial.dagId, workflowOfRun(dataset, partial));
const tasks = partial.metrics.tasks;
const half = Math.max(3, Math.floor(tasks.length / 2));
for (const r of tasks.slice(0, half)) second.task(r);
await writer.flush();
process.stdout.write(`FLUSHED ${half}\n`);
let i = half;
setInterval(() => {
  const r = tasks[i++ % tasks.length];
  if (r) second.task(r);
}, 5);
