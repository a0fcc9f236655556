/**
 * Monte Carlo speed: 10,000 scenarios of a 1,000-task DAG in one vectorised pass
 * (`runScenarios`: draws from the quantile grids, forward pass, billing, criticality
 * backward pass) against 10,000 deterministic full passes of the same plan
 * (`computeTiming(dag, model.weights(levels))`: weights, forward and backward pass,
 * latest times and a critical path: what a planner pays per full evaluation). The
 * vectorised pass must not be slower. Also the same 10,000 scenarios without criticality,
 * and split over 2 worker threads (the pool's thread start included); each layout (with
 * criticality, with costs only, makespans only) in JavaScript and in the WebAssembly kernel. Random layered DAG
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
import { scenarioKernel } from '../src/timing/scenario-pass-wasm.js';
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
  const layouts = [
    { label: 'with criticality', options: { cost, seed: 1 } },
    { label: 'no criticality', options: { cost, seed: 1, criticality: false } },
    { label: 'makespans only', options: { cost, seed: 1, criticality: false, costs: false } },
  ];
  const rows = [
    await timeIt(`${SCENARIOS} deterministic full passes`, () => {
      let sink = 0;
      for (let i = 0; i < SCENARIOS; i++) sink += computeTiming(dag, model.weights(plan.levelOf)).makespanMs;
      return sink;
    }, 3),
  ];
  const pairs: { label: string; js: number; wasm: number }[] = [];
  for (const { label, options } of layouts) {
    const js = await timeIt(`${SCENARIOS} Monte Carlo scenarios (${label}), JavaScript pass`, () => runScenarios(dag, grids, plan, 0, SCENARIOS, { ...options, kernel: 'js' }), 3);
    const wasm = await timeIt(`${SCENARIOS} Monte Carlo scenarios (${label}), WebAssembly kernel`, () => runScenarios(dag, grids, plan, 0, SCENARIOS, options), 3);
    rows.push(js, wasm);
    pairs.push({ label, js: js.meanMs, wasm: wasm.meanMs });
  }
  rows.push(await timeIt(`${SCENARIOS} Monte Carlo scenarios, 2 worker threads`, () => runScenariosInThreads(dag, grids, plan, SCENARIOS, { cost, seed: 1, threads: 2, force: true }), 3));
  const base = rows[0]!.meanMs;
  const table = new Table({ head: ['what', 'mean ms', 'min ms', 'samples', 'vs full passes'] });
  for (const r of rows) table.push([r.name, r.meanMs.toFixed(0), r.minMs.toFixed(0), String(r.samples), `${(r.meanMs / base).toFixed(2)}x`]);
  console.log(table.toString());
  console.log(`${TASKS} tasks, ${dag.edgeCount} edges, ${plan.workerCount} workers; ratio < 1 means the vectorised pass is faster`);
  const built = scenarioKernel() !== null;
  for (const p of pairs) console.log(`${p.label}: the WebAssembly kernel is ${built ? `${(p.js / p.wasm).toFixed(2)}x faster than the JavaScript pass, the same numbers` : 'not built (npm run build): both rows ran the JavaScript pass'}`);
  writeJsonAtomic('results/bench/monte-carlo.json', { suite: 'monte-carlo', machine: machineDescription(), tasks: TASKS, edges: dag.edgeCount, scenarios: SCENARIOS, rows, ratio: rows[2]!.meanMs / base, wasmSpeedup: built ? Object.fromEntries(pairs.map((p) => [p.label, p.js / p.wasm])) : null });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
