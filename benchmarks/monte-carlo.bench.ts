/**
 * Monte Carlo speed: 10,000 scenarios of a 1,000-task DAG in one vectorised pass
 * (`runScenarios`: draws from the quantile grids, forward pass, billing, criticality
 * backward pass) against 10,000 deterministic full passes of the same plan
 * (`computeTiming(dag, model.weights(levels))`: weights, forward and backward pass,
 * latest times and a critical path: what a planner pays per full evaluation). The
 * vectorised pass must not be slower. Also the same 10,000 scenarios without criticality,
 * and split over 2 worker threads (the pool's thread start included); and the makespans-only
 * pass (the sweep's measurement) in JavaScript against the WebAssembly kernel. Random layered DAG
 * (seed 1000), ground-truth durations on the default 9-size ladder, durations uniform
 * +-30 % around them, the fastest plan on the default assignment. Written to
 * `results/bench/monte-carlo.json` with the machine description.
 */
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { runScenariosInThreads } from '../src/bench/monte-carlo-pool.js';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import { defaultAssignment } from '../src/planning/planning-context.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { runScenarios } from '../src/timing/monte-carlo.js';
import { finishesKernel } from '../src/timing/scenario-finishes-wasm.js';
import { spreadGrids } from '../src/timing/spread-grids.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';

const TASKS = 1_000;
const SCENARIOS = 10_000;

async function timeIt(name: string, fn: () => unknown | Promise<unknown>, iterations: number): Promise<{ name: string; meanMs: number; minMs: number; samples: number }> {
  const bench = new Bench({ time: 0, iterations, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`monte-carlo bench: ${r.state}`);
  return { name, meanMs: r.latency.mean, minMs: r.latency.min, samples: r.latency.samplesCount };
}

export async function run(): Promise<void> {
  const dag = toCompactDag(buildDag(randomLayered({ tasks: TASKS, seed: TASKS })));
  const durations = groundTruthDurations(dag);
  const plan = bestPlan(dag, durations, defaultAssignment(dag, durations));
  const grids = spreadGrids(durations, 0.3);
  const model = new TimingModel(dag, durations, plan);
  const cost = AWS_LAMBDA_X86_COST;
  const rows = [
    await timeIt(`${SCENARIOS} deterministic full passes`, () => {
      let sink = 0;
      for (let i = 0; i < SCENARIOS; i++) sink += computeTiming(dag, model.weights(plan.levelOf)).makespanMs;
      return sink;
    }, 3),
    await timeIt(`${SCENARIOS} Monte Carlo scenarios (with criticality)`, () => runScenarios(dag, grids, plan, 0, SCENARIOS, { cost, seed: 1 }), 3),
    await timeIt(`${SCENARIOS} Monte Carlo scenarios (no criticality)`, () => runScenarios(dag, grids, plan, 0, SCENARIOS, { cost, seed: 1, criticality: false }), 3),
    await timeIt(`${SCENARIOS} scenarios, makespans only, JavaScript pass`, () => runScenarios(dag, grids, plan, 0, SCENARIOS, { cost, seed: 1, criticality: false, costs: false, kernel: 'js' }), 3),
    await timeIt(`${SCENARIOS} scenarios, makespans only, WebAssembly kernel`, () => runScenarios(dag, grids, plan, 0, SCENARIOS, { cost, seed: 1, criticality: false, costs: false }), 3),
    await timeIt(`${SCENARIOS} Monte Carlo scenarios, 2 worker threads`, () => runScenariosInThreads(dag, grids, plan, SCENARIOS, { cost, seed: 1, threads: 2, force: true }), 3),
  ];
  const base = rows[0]!.meanMs;
  const table = new Table({ head: ['what', 'mean ms', 'min ms', 'samples', 'vs full passes'] });
  for (const r of rows) table.push([r.name, r.meanMs.toFixed(0), r.minMs.toFixed(0), String(r.samples), `${(r.meanMs / base).toFixed(2)}x`]);
  console.log(table.toString());
  console.log(`${TASKS} tasks, ${dag.edgeCount} edges, ${plan.workerCount} workers; ratio < 1 means the vectorised pass is faster`);
  const js = rows.find((r) => r.name.endsWith('JavaScript pass'))!;
  const wasm = rows.find((r) => r.name.endsWith('WebAssembly kernel'))!;
  const kernel = finishesKernel() === null ? 'not built (npm run build): the row ran the JavaScript pass' : `${(js.meanMs / wasm.meanMs).toFixed(2)}x faster than the JavaScript pass, the same makespans`;
  console.log(`makespans only: the WebAssembly kernel is ${kernel}`);
  writeJsonAtomic('results/bench/monte-carlo.json', { suite: 'monte-carlo', machine: machineDescription(), tasks: TASKS, edges: dag.edgeCount, scenarios: SCENARIOS, rows, ratio: rows[1]!.meanMs / base, wasmSpeedup: finishesKernel() === null ? null : js.meanMs / wasm.meanMs });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
