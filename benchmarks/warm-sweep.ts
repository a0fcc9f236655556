/**
 * Child process of the main-job suite: the default sweep (every planner, every shipped
 * dataset, `slackline bench`'s defaults, no charts, no report) run twice on the same pool
 * threads, into two new folders. The first sweep compiles the code in every thread; the
 * second runs what the first compiled (no warm-up runs either: a thread warms a planner up
 * once). The second is the floor a cold `npm start` could reach if the JIT cost nothing.
 * Both sweeps must give the same row for every run (same makespan and bill): otherwise the
 * second did other work and is no floor. Prints one JSON line: each sweep's wall ms, CPU ms
 * of the whole process (all threads, V8's compiler threads included) and rows.
 *
 * Usage: node dist/benchmarks/warm-sweep.js <scratch-dir>
 */
import { join } from 'node:path';
import { fileDatasetSource } from '../src/bench/queue/dataset-blobs.js';
import { defaultPlannerRegistry } from '../src/bench/planner-registry.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createPlanPool } from '../src/bench/worker-pool.js';
import { shippedDatasets } from '../src/dataset/registry.js';

export interface WarmSweepFigure {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rows: number;
}

const scratch = process.argv[2];
if (scratch === undefined) throw new Error('usage: warm-sweep.js <scratch-dir>');

const registry = defaultPlannerRegistry();
const sources = shippedDatasets().map((d) => fileDatasetSource(d.name));
const base = resolveSweepConfig(undefined, {});
const runner = createPlanPool({ threads: base.workers, startNow: registry.ref });
const cpuMs = () => {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
};
const figures: WarmSweepFigure[] = [];
const outcomes: Map<string, string>[] = [];
try {
  for (const name of ['cold', 'warm']) {
    const config = resolveSweepConfig(undefined, { results: join(scratch, name) });
    const store = new ResultsStore(config.results);
    const started = performance.now();
    const cpuBefore = cpuMs();
    const outcome = await runSweep({ config, registry, sources, store, runner });
    figures.push({ wallMs: performance.now() - started, cpuMs: cpuMs() - cpuBefore, rows: outcome.ran });
    const rows = store.readRows(outcome.planned.map((run) => run.key));
    outcomes.push(new Map(rows.map((row) => [row.key, `${row.state} ${row.result?.makespanMs ?? ''} ${row.result?.costUsd ?? ''}`])));
  }
} finally {
  await runner.close();
}
const [cold, warm] = outcomes as [Map<string, string>, Map<string, string>];
for (const [key, value] of cold) {
  if (warm.get(key) !== value) throw new Error(`warm-sweep: run ${key} gave "${value}" in the first sweep and "${warm.get(key)}" in the second`);
}
console.log(JSON.stringify({ cold: figures[0], warm: figures[1] }));
