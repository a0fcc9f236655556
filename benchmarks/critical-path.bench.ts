/**
 * Critical path engine speed and memory:
 * - full pass (`computeTiming`: forward, backward, critical path) on random layered DAGs of
 *   1k, 10k and 100k tasks: ms, and ns per (task + edge);
 * - on a 10k-task DAG under the timing model (5 memory levels, tasks grouped on workers,
 *   random preload/prewarm): one incremental `setWorkerLevel` (random worker, random level)
 *   against one full recompute of the same plan (`planTiming`: weights + pass), as a ratio;
 *   one `whatIf`;
 * - memory per task of the compact DAG form (typed arrays' byte lengths, exact), and of
 *   the incremental engine's state.
 * Printed as a table; written to `results/bench/critical-path.json` with the machine.
 */
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { IncrementalTiming } from '../src/timing/incremental-timing.js';
import { planTiming } from '../src/timing/timing-model.js';
import type { CompactPlan, TimingWeights } from '../src/timing/types.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { randomInt, seededRandom, type RandomSource } from '../src/util/random.js';
import { randomTable } from '../src/timing/random-duration-table.js';
import { machineDescription } from '../src/util/machine.js';

const LEVELS = 5;

function randomWeights(dag: CompactDag, random: RandomSource): TimingWeights {
  return { nodeMs: Float64Array.from({ length: dag.taskCount }, () => 1 + 99 * random()), edgeMs: Float64Array.from({ length: dag.edgeCount }, () => 20 * random()) };
}

/** Half the tasks continue on their first predecessor's worker; the rest start a new one. */
function groupedPlan(dag: CompactDag, random: RandomSource): CompactPlan {
  const workerOf = new Int32Array(dag.taskCount);
  let workers = 0;
  for (let v = 0; v < dag.taskCount; v++) {
    const first = dag.predStart[v]!;
    workerOf[v] = first < dag.predStart[v + 1]! && random() < 0.5 ? workerOf[dag.predTask[first]!]! : workers++;
  }
  return {
    workerCount: workers,
    workerOf,
    levelOf: Int32Array.from({ length: workers }, () => randomInt(random, 0, LEVELS - 1)),
    prewarm: Uint8Array.from({ length: workers }, () => (random() < 0.3 ? 1 : 0)),
    preload: Uint8Array.from({ length: dag.taskCount }, () => (random() < 0.5 ? 1 : 0)),
  };
}

function compactBytes(dag: CompactDag): number {
  const arrays = [dag.funcOf, dag.inputBytes, dag.outputBytes, dag.succStart, dag.predStart, dag.predTask, dag.predEdge, dag.edgeFrom, dag.edgeTo, dag.edgeBytes];
  return arrays.reduce((sum, a) => sum + a.byteLength, 0);
}

interface Row {
  readonly name: string;
  readonly tasks: number;
  readonly edges: number;
  readonly samples: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Only for whole-DAG passes (null for one update or one what-if). */
  readonly nsPerElement: number | null;
}

export async function run(): Promise<void> {
  const random = seededRandom(424242);
  const dags = new Map<number, CompactDag>();
  for (const n of [1_000, 10_000, 100_000]) dags.set(n, toCompactDag(buildDag(randomLayered({ tasks: n, seed: n }))));

  const bench = new Bench({ time: 1000, warmupTime: 200, throws: true });
  const sizes = new Map<string, CompactDag>();
  for (const [n, dag] of dags) {
    const weights = randomWeights(dag, random);
    const name = `full pass, ${n / 1000}k tasks`;
    sizes.set(name, dag);
    bench.add(name, () => void computeTiming(dag, weights));
  }

  // Incremental vs full recompute under the timing model, 10k tasks.
  const dag10k = dags.get(10_000)!;
  const table = randomTable(dag10k, LEVELS, random);
  const plan = groupedPlan(dag10k, random);
  const engine = new IncrementalTiming(dag10k, table, plan);
  // Every move changes its worker's level (offset 1..LEVELS-1 from the current one): no free no-ops.
  const moves = Array.from({ length: 4096 }, () => [randomInt(random, 0, plan.workerCount - 1), randomInt(random, 1, LEVELS - 1)] as const);
  let k = 0;
  let w = 0;
  const fullName = 'full recompute of a plan (weights + pass), 10k tasks';
  const updateName = 'incremental setWorkerLevel, 10k tasks';
  const whatIfName = 'whatIf (state unchanged), 10k tasks';
  sizes.set(fullName, dag10k).set(updateName, dag10k).set(whatIfName, dag10k);
  bench.add(fullName, () => void planTiming(dag10k, table, engine.plan()));
  bench.add(updateName, () => {
    const [worker, offset] = moves[k++ & 4095]!;
    engine.setWorkerLevel(worker, (engine.levelOf(worker) + offset) % LEVELS);
  });
  bench.add(whatIfName, () => {
    const [worker, offset] = moves[w++ & 4095]!;
    engine.whatIf(worker, (engine.levelOf(worker) + offset) % LEVELS);
  });
  const statsBefore = { ...engine.stats };
  await bench.run();

  const rows: Row[] = bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    const dag = sizes.get(task.name)!;
    return { name: task.name, tasks: dag.taskCount, edges: dag.edgeCount, samples: r.latency.samplesCount, meanMs: r.latency.mean, p50Ms: r.latency.p50, p99Ms: r.latency.p99, nsPerElement: task.name === updateName || task.name === whatIfName ? null : (r.latency.mean * 1e6) / (dag.taskCount + dag.edgeCount) };
  });
  const mean = (name: string) => rows.find((r) => r.name === name)!.meanMs;
  const median = (name: string) => rows.find((r) => r.name === name)!.p50Ms;
  const updates = engine.stats.updates - statsBefore.updates;
  const visits = engine.stats.forwardVisits + engine.stats.backwardVisits - statsBefore.forwardVisits - statsBefore.backwardVisits;
  const whatIfs = engine.stats.fastWhatIfs + engine.stats.appliedWhatIfs - statsBefore.fastWhatIfs - statsBefore.appliedWhatIfs;
  const incremental = {
    tasks: dag10k.taskCount,
    edges: dag10k.edgeCount,
    workers: plan.workerCount,
    updateMeanMs: mean(updateName),
    fullRecomputeMeanMs: mean(fullName),
    fullOverIncremental: mean(fullName) / mean(updateName),
    fullOverIncrementalMedians: median(fullName) / median(updateName),
    fullPassOnlyMeanMs: mean('full pass, 10k tasks'),
    fullPassOnlyOverIncremental: mean('full pass, 10k tasks') / mean(updateName),
    meanTasksVisitedPerUpdate: visits / Math.max(updates, 1),
    whatIfMeanMs: mean(whatIfName),
    whatIfExactShare: (engine.stats.fastWhatIfs - statsBefore.fastWhatIfs) / Math.max(whatIfs, 1),
  };
  const memory = [...dags].map(([n, dag]) => ({ tasks: n, edges: dag.edgeCount, compactBytes: compactBytes(dag), bytesPerTask: compactBytes(dag) / n, bytesPerTaskPlusEdge: compactBytes(dag) / (n + dag.edgeCount) }));

  const out = new Table({ head: ['case', 'tasks', 'edges', 'samples', 'mean ms', 'p50 ms', 'p99 ms', 'ns/(task+edge)'] });
  for (const r of rows) out.push([r.name, r.tasks, r.edges, r.samples, r.meanMs.toFixed(4), r.p50Ms.toFixed(4), r.p99Ms.toFixed(4), r.nsPerElement === null ? '-' : r.nsPerElement.toFixed(1)]);
  console.log(out.toString());
  console.log(`incremental update vs full recompute (10k tasks, ${plan.workerCount} workers): ${incremental.fullOverIncremental.toFixed(0)}x faster by means, ${incremental.fullOverIncrementalMedians.toFixed(0)}x by medians (${incremental.fullPassOnlyOverIncremental.toFixed(0)}x vs the pass alone, means); ${incremental.meanTasksVisitedPerUpdate.toFixed(1)} task visits per update; what-if exact in O(degree) ${(100 * incremental.whatIfExactShare).toFixed(0)}% of the time`);
  for (const m of memory) console.log(`compact form, ${m.tasks} tasks / ${m.edges} edges: ${(m.compactBytes / 2 ** 20).toFixed(2)} MiB = ${m.bytesPerTask.toFixed(1)} bytes per task (${m.bytesPerTaskPlusEdge.toFixed(1)} per task+edge)`);
  writeJsonAtomic('results/bench/critical-path.json', { suite: 'critical-path', machine: machineDescription(), rows, incremental, memory });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
