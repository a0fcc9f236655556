/**
 * Dataset foundation speed: loading and validating the largest shipped synthetic dataset
 * (random-layered-5000: 5,000 tasks, ~15,000 edges, 2 runs), the structural (zod) half
 * alone, building the graphology graph and the compact form of a 100,000-task chain, and
 * recording one run of a 5,000-task DAG. Printed as a table, written to
 * `results/bench/dataset.json` with the machine description.
 */
import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { datasetSchema } from '../src/dataset/schema.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { recordRuns } from '../src/generate/recorder.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';

interface Row {
  readonly name: string;
  readonly samples: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function longChain(n: number): WorkflowSpec {
  const tasks = Array.from({ length: n }, (_, i) => ({ id: `t${i}`, func: i % 2 ? 'odd' : 'even', inputBytes: 1, outputBytes: 1 }));
  const edges = Array.from({ length: n - 1 }, (_, i) => ({ from: `t${i}`, to: `t${i + 1}`, bytes: 1 }));
  return { name: 'chain-100000', tasks, edges };
}

export async function run(): Promise<void> {
  const file = resolveDataset('random-layered-5000');
  const text = readFileSync(file, 'utf8');
  const chain = longChain(100_000);
  const chainGraph = buildDag(chain);
  const layered = randomLayered({ tasks: 5000, seed: 8 });

  const bench = new Bench({ time: 0, iterations: 10, warmupTime: 0, warmupIterations: 2, throws: true });
  bench
    .add('loadDataset random-layered-5000 (read + parse + full validation)', () => void loadDataset(file))
    .add('JSON.parse + zod structure only, random-layered-5000', () => void datasetSchema.parse(JSON.parse(text)))
    .add('buildDag, 100,000-task chain', () => void buildDag(chain))
    .add('toCompactDag, 100,000-task chain', () => void toCompactDag(chainGraph))
    .add('recordRuns, 1 run of random-layered-5000', () => void recordRuns(layered, { seed: 1, runs: 1 }));
  await bench.run();

  const rows: Row[] = bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    return { name: task.name, samples: r.latency.samplesCount, meanMs: r.latency.mean, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
  });
  const table = new Table({ head: ['case', 'samples', 'mean ms', 'p50 ms', 'p99 ms'], style: { head: [], border: [] } });
  for (const r of rows) table.push([r.name, r.samples, r.meanMs.toFixed(1), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1)]);
  console.log(table.toString());
  writeJsonAtomic('results/bench/dataset.json', { suite: 'dataset', machine: machineDescription(), fileBytes: Buffer.byteLength(text), rows });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
