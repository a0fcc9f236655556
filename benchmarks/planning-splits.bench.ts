/**
 * Planning time with the worker assignment inside the search (issue 11) beside the time
 * without: `best-then-downgrade` and `deadline-downgrade` (1.2x the best makespan) with
 * `splits=false` (levels over the fixed chain assignment) and with their default
 * (`splits=true`: split/merge search, a second downgrade, the cheaper bill kept), on
 * random layered DAGs of 1k, 10k and 100k tasks with ground-truth durations on the default
 * 9-size ladder. Only `plan()` is timed (the context is prepared untimed). The cost of each
 * plan is printed beside its time, so the price of the search and what it buys sit in one
 * row. Written to `results/bench/planning-splits.json` with the machine description.
 */
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { bestThenDowngrade } from '../algorithms/best-then-downgrade.js';
import { deadlineDowngrade } from '../algorithms/deadline-downgrade.js';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import type { PlannerModule, PlanOutcome } from '../src/planning/types.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';

const SIZES = [1_000, 10_000, 100_000];

async function timeIt(fn: () => void, samples: number): Promise<{ meanMs: number; samples: number }> {
  const bench = new Bench({ time: 0, iterations: samples, warmupIterations: samples > 1 ? 1 : 0, warmupTime: 0, throws: true });
  bench.add('plan', fn);
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`planning-splits bench: ${r.state}`);
  return { meanMs: r.latency.mean, samples: r.latency.samplesCount };
}

export async function run(): Promise<void> {
  const rows: Record<string, number | string>[] = [];
  for (const n of SIZES) {
    const dag = toCompactDag(buildDag(randomLayered({ tasks: n, seed: n })));
    const durations = groundTruthDurations(dag);
    const base = { dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1 };
    const probe = createPlanningContext(base);
    const samples = n <= 1_000 ? 3 : 1;
    for (const [planner, deadline] of [[bestThenDowngrade, undefined], [deadlineDowngrade, 1.2]] as [PlannerModule, number | undefined][]) {
      const context = deadline === undefined ? probe : createPlanningContext({ ...base, deadlineMs: probe.bestMakespanMs * deadline });
      const result: Record<string, { meanMs: number; samples: number; costUsd: number; workers: number }> = {};
      for (const splits of [false, true]) {
        let outcome: PlanOutcome | undefined;
        const timed = await timeIt(() => void (outcome = planner.plan(context, resolveParams(planner, { splits }))), samples);
        const report = simulatePlan(dag, durations, outcome!.plan, AWS_LAMBDA_X86_COST);
        result[String(splits)] = { ...timed, costUsd: report.costUsd, workers: report.workers };
      }
      const off = result['false']!;
      const on = result['true']!;
      const row = { tasks: n, edges: dag.edgeCount, planner: planner.id, deadline: deadline === undefined ? 'best' : `${deadline}x`, fixedMs: off.meanMs, splitsMs: on.meanMs, timeRatio: on.meanMs / off.meanMs, fixedUsd: off.costUsd, splitsUsd: on.costUsd, savingPct: (1 - on.costUsd / off.costUsd) * 100, fixedWorkers: off.workers, splitsWorkers: on.workers, samples: off.samples };
      rows.push(row);
      // One line as each row completes: the 100k rows take minutes on a shared machine.
      console.log(`${n} tasks, ${planner.id} ${row.deadline}: fixed ${off.meanMs.toFixed(0)} ms, splits ${on.meanMs.toFixed(0)} ms (${row.timeRatio.toFixed(1)}x), cost ${off.costUsd.toPrecision(4)} -> ${on.costUsd.toPrecision(4)} USD (${row.savingPct.toFixed(2)} %), ${samples} sample(s)`);
    }
  }
  const table = new Table({ head: ['tasks', 'edges', 'planner', 'deadline', 'fixed ms', 'splits ms', 'time ratio', 'fixed USD', 'splits USD', 'saving %', 'workers fixed / splits'] });
  for (const r of rows) table.push([r.tasks, r.edges, r.planner, r.deadline, Number(r.fixedMs).toFixed(0), Number(r.splitsMs).toFixed(0), `${Number(r.timeRatio).toFixed(1)}x`, Number(r.fixedUsd).toPrecision(4), Number(r.splitsUsd).toPrecision(4), Number(r.savingPct).toFixed(2), `${r.fixedWorkers} / ${r.splitsWorkers}`]);
  console.log(table.toString());
  writeJsonAtomic('results/bench/planning-splits.json', { suite: 'planning-splits', machine: machineDescription(), ladderMb: 'default 9 sizes', rows });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
