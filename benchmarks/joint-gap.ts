/**
 * The small-DAG optimality study against the joint oracle (issue 11): how far
 * `deadline-downgrade` (with splits and merges, its default, and with `splits=false`) is
 * from the exact optimum over worker assignments x memory levels, on instances whose
 * default assignment has at least `MIN_WORKERS` workers (the polish of issue 9 covers the
 * 4-worker ones; this asks whether the search holds up where assignments matter).
 *
 * Instance i (seed i): a random small workflow of 6 to 8 tasks (fan-out/fan-in, random
 * layered, unequal tree reduction), 3 memory sizes drawn from the AWS ladder, a random
 * ground-truth performance model per func (as `exhaustive-gap.ts`), noise-free; instances
 * whose default assignment has fewer than `MIN_WORKERS` workers are skipped. The joint
 * oracle enumerates every connected worker assignment (`connected-partitions.ts`) x every
 * level combination once per instance (`forEachConnectedPartition`, the same search as
 * `exhaustive assignments=joint`), timing and billing each plan once, and takes the
 * cheapest plan within each deadline. gap = cost(planner) / cost(oracle) - 1.
 *
 *   node --import tsx benchmarks/joint-gap.ts [instances]      (default 40)
 *
 * Prints a table and writes `results/bench/joint-gap.json` with the machine.
 */
import Table from 'cli-table3';
import { getPlanner } from '../algorithms/index.js';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { fanOutFanIn } from '../src/generate/fan-out-fan-in.js';
import { DEFAULT_GROUND_TRUTH, type FuncProfile, type GroundTruthModel } from '../src/generate/ground-truth-model.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { DEFAULT_LADDER_MB } from '../src/generate/recorder.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { forEachConnectedPartition } from '../src/planning/connected-partitions.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { planCost } from '../src/timing/plan-cost.js';
import { TimingModel } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import type { DurationTable } from '../src/timing/types.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';
import { randomInt, seededRandom, type RandomSource } from '../src/util/random.js';

export const JOINT_DEADLINE_FACTORS = [1.1, 1.25, 1.5, 2] as const;
export const MIN_WORKERS = 6;
const LEVELS = 3;

function workflowOf(random: RandomSource): WorkflowSpec {
  const seed = randomInt(random, 1, 1_000_000);
  switch (randomInt(random, 0, 2)) {
    case 0:
      return fanOutFanIn({ width: randomInt(random, 4, 6), seed });
    case 1:
      return randomLayered({ tasks: randomInt(random, 6, 8), seed });
    default:
      return treeReduction({ leaves: 4, unequal: true, seed });
  }
}

function modelOf(workflow: WorkflowSpec, random: RandomSource): GroundTruthModel {
  const funcs: Record<string, FuncProfile> = {};
  for (const t of workflow.tasks) {
    funcs[t.func] ??= { fixedMs: 10 + 190 * random(), msPerMb: 1 + 99 * random(), alpha: 0.1 + 0.9 * random(), saturationMb: random() < 0.7 ? 1769 : 3538, noise: 0 };
  }
  return { ...DEFAULT_GROUND_TRUTH, funcs };
}

export function jointInstance(seed: number) {
  const random = seededRandom(seed);
  const workflow = workflowOf(random);
  const pool = [...DEFAULT_LADDER_MB];
  const ladder: number[] = [];
  while (ladder.length < LEVELS) ladder.push(pool.splice(randomInt(random, 0, pool.length - 1), 1)[0]!);
  ladder.sort((a, b) => a - b);
  const dag = toCompactDag(buildDag(workflow));
  return { workflow, dag, durations: groundTruthDurations(dag, ladder, modelOf(workflow, random)) as DurationTable };
}

/** Every joint plan's (makespan, cost), once per instance. */
function jointFrontier(dag: ReturnType<typeof jointInstance>['dag'], durations: DurationTable): { makespan: Float64Array; cost: Float64Array } {
  const makespans: number[] = [];
  const costs: number[] = [];
  const L = durations.levels;
  forEachConnectedPartition(dag, (workerOf, k) => {
    const plan = planWithLevels({ workerCount: k, workerOf: Int32Array.from(workerOf) }, 0);
    const model = new TimingModel(dag, durations, plan);
    const digits = plan.levelOf;
    for (let c = 0; c < L ** k; c++) {
      const timing = computeTiming(dag, model.weights(digits));
      makespans.push(timing.makespanMs);
      costs.push(planCost(dag, durations, plan, timing, AWS_LAMBDA_X86_COST, model).costUsd);
      for (let w = 0; w < k; w++) {
        if (++digits[w]! < L) break;
        digits[w] = 0;
      }
    }
    return true;
  });
  return { makespan: Float64Array.from(makespans), cost: Float64Array.from(costs) };
}

export async function run(instances = 40) {
  const planner = getPlanner('deadline-downgrade');
  const gaps = { splits: new Map<number, number[]>(), fixed: new Map<number, number[]>() };
  let used = 0;
  let skipped = 0;
  let workers = 0;
  let tasks = 0;
  let plans = 0;
  const started = performance.now();
  for (let seed = 1; used < instances; seed++) {
    const { dag, durations } = jointInstance(seed);
    const base = { dag, durations, cost: AWS_LAMBDA_X86_COST, seed };
    const probe = createPlanningContext(base);
    if (probe.workers.workerCount < MIN_WORKERS) {
      skipped++;
      continue;
    }
    used++;
    workers += probe.workers.workerCount;
    tasks += dag.taskCount;
    const frontier = jointFrontier(dag, durations);
    plans += frontier.cost.length;
    for (const factor of JOINT_DEADLINE_FACTORS) {
      const deadlineMs = probe.bestMakespanMs * factor;
      let optimum = Infinity;
      for (let i = 0; i < frontier.cost.length; i++) if (frontier.makespan[i]! <= deadlineMs + TIME_EPSILON_MS && frontier.cost[i]! < optimum) optimum = frontier.cost[i]!;
      const context = createPlanningContext({ ...base, deadlineMs });
      for (const [mode, params] of [['splits', {}], ['fixed', { splits: false }]] as const) {
        const outcome = planner.plan({ ...context, random: seededRandom(seed) }, resolveParams(planner, params));
        const cost = simulatePlan(dag, durations, outcome.plan, AWS_LAMBDA_X86_COST).costUsd;
        const list = gaps[mode].get(factor) ?? [];
        list.push(cost / optimum - 1);
        gaps[mode].set(factor, list);
      }
    }
  }
  const stats = (list: readonly number[]) => ({ cases: list.length, meanGap: list.reduce((a, b) => a + b, 0) / list.length, worstGap: Math.max(0, ...list), optimalShare: list.filter((g) => g <= 1e-9).length / list.length });
  const rows: Record<string, unknown>[] = [];
  for (const mode of ['splits', 'fixed'] as const) {
    for (const factor of JOINT_DEADLINE_FACTORS) rows.push({ planner: `deadline-downgrade${mode === 'fixed' ? ' splits=false' : ''}`, deadlineFactor: factor, ...stats(gaps[mode].get(factor)!) });
    rows.push({ planner: `deadline-downgrade${mode === 'fixed' ? ' splits=false' : ''}`, deadlineFactor: 'all', ...stats(JOINT_DEADLINE_FACTORS.flatMap((f) => gaps[mode].get(f)!)) });
  }
  const table = new Table({ head: ['planner', 'deadline', 'cases', 'mean gap', 'worst gap', 'optimal'] });
  const pct = (x: unknown) => `${(100 * Number(x)).toFixed(2)}%`;
  for (const r of rows) table.push([String(r.planner), r.deadlineFactor === 'all' ? 'all factors' : `${String(r.deadlineFactor)}x best`, String(r.cases), pct(r.meanGap), pct(r.worstGap), pct(r.optimalShare)]);
  console.log(`${used} instances (6-8 tasks, mean ${(tasks / used).toFixed(1)}; >= ${MIN_WORKERS} default workers, mean ${(workers / used).toFixed(1)}; ${LEVELS} sizes; ${skipped} skipped for fewer workers; ${(plans / used).toFixed(0)} joint plans per instance), ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(table.toString());
  writeJsonAtomic('results/bench/joint-gap.json', { study: 'joint-gap', machine: machineDescription(), instances: used, skipped, meanTasks: tasks / used, meanWorkers: workers / used, minWorkers: MIN_WORKERS, levels: LEVELS, jointPlansPerInstance: plans / used, rows });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = process.argv[2] === undefined ? 40 : Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`slackline/joint-gap: instances must be an integer >= 1, got "${process.argv[2]}"`);
    process.exit(1);
  }
  await run(n);
}
