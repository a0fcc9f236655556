/**
 * The small-DAG study: how far `deadline-downgrade` (and `best-then-downgrade`, at the
 * best makespan) are from the exact cost optimum `exhaustive` finds, on many seeded
 * instances.
 *
 * Instance i (seed i): a random small workflow (random layered, unequal tree reduction,
 * fan-out/fan-in or chain, 3 to 10 tasks), 4 memory sizes drawn from the AWS ladder, and a
 * random ground-truth performance model per func (alpha in [0.1, 1], saturation at one or
 * two vCPUs), noise-free; instances whose default assignment has more than `MAX_WORKERS`
 * workers are skipped (4^W plans each). For every deadline factor (of the best makespan),
 * gap = cost(planner) / cost(exhaustive) - 1, with the simulator's cost. This study is
 * the fixed-assignment problem (planners with `splits=false`, exhaustive with
 * `assignments=fixed`); `joint-gap.ts` measures the joint one (assignment x levels).
 *
 *   node --import tsx benchmarks/exhaustive-gap.ts [instances]      (default 150)
 *
 * Prints a table and writes `results/bench/exhaustive-gap.json` with the machine.
 */
import Table from 'cli-table3';
import { getPlanner } from '../algorithms/index.js';
import { type CompactDag } from '../src/dag/compact-dag.js';
import type { DurationTable } from '../src/timing/types.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { chain } from '../src/generate/chain.js';
import { fanOutFanIn } from '../src/generate/fan-out-fan-in.js';
import { DEFAULT_GROUND_TRUTH, type FuncProfile, type GroundTruthModel } from '../src/generate/ground-truth-model.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { DEFAULT_LADDER_MB } from '../src/generate/recorder.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { simulatePlan } from '../src/simulate/simulate-plan.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { randomInt, seededRandom, type RandomSource } from '../src/util/random.js';
import { machineDescription } from '../src/util/machine.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';

export const DEADLINE_FACTORS = [1, 1.1, 1.25, 1.5, 2] as const;
export const MAX_WORKERS = 7;
const LEVELS = 4;

function smallWorkflow(random: RandomSource): WorkflowSpec {
  const seed = randomInt(random, 1, 1_000_000);
  switch (randomInt(random, 0, 3)) {
    case 0:
      return randomLayered({ tasks: randomInt(random, 4, 10), seed });
    case 1:
      return treeReduction({ leaves: randomInt(random, 2, 5), unequal: true, seed });
    case 2:
      return fanOutFanIn({ width: randomInt(random, 2, 6), seed });
    default:
      return chain({ length: randomInt(random, 3, 8), seed });
  }
}

function randomModel(workflow: WorkflowSpec, random: RandomSource): GroundTruthModel {
  const funcs: Record<string, FuncProfile> = {};
  for (const t of workflow.tasks) {
    funcs[t.func] ??= { fixedMs: 10 + 190 * random(), msPerMb: 1 + 99 * random(), alpha: 0.1 + 0.9 * random(), saturationMb: random() < 0.7 ? 1769 : 3538, noise: 0 };
  }
  return { ...DEFAULT_GROUND_TRUTH, funcs };
}

function randomLadder(random: RandomSource): number[] {
  const pool = [...DEFAULT_LADDER_MB];
  const picked: number[] = [];
  while (picked.length < LEVELS) picked.push(pool.splice(randomInt(random, 0, pool.length - 1), 1)[0]!);
  return picked.sort((a, b) => a - b);
}

/** Instance `seed` of the study: workflow, compact DAG and ground-truth durations. */
export function gapInstance(seed: number): { workflow: WorkflowSpec; dag: CompactDag; durations: DurationTable } {
  const random = seededRandom(seed);
  const workflow = smallWorkflow(random);
  const ladder = randomLadder(random);
  const dag = compactWorkflow(workflow);
  return { workflow, dag, durations: groundTruthDurations(dag, ladder, randomModel(workflow, random)) };
}

interface GapStats {
  readonly planner: string;
  readonly deadlineFactor: number | null;
  readonly cases: number;
  readonly meanGap: number;
  readonly worstGap: number;
  readonly optimalShare: number;
}

function summarize(planner: string, deadlineFactor: number | null, gaps: readonly number[]): GapStats {
  const cases = gaps.length;
  return {
    planner,
    deadlineFactor,
    cases,
    meanGap: gaps.reduce((a, b) => a + b, 0) / Math.max(cases, 1),
    worstGap: Math.max(0, ...gaps),
    optimalShare: gaps.filter((g) => g <= 1e-9).length / Math.max(cases, 1),
  };
}

export async function run(instances = 150): Promise<GapStats[]> {
  const exhaustive = getPlanner('exhaustive');
  const deadline = getPlanner('deadline-downgrade');
  const flagship = getPlanner('best-then-downgrade');
  const gaps = new Map<string, number[]>();
  const push = (key: string, gap: number) => (gaps.get(key) ?? gaps.set(key, []).get(key)!).push(gap);
  let used = 0;
  let skipped = 0;
  let workerTotal = 0;
  let taskTotal = 0;
  const started = performance.now();
  for (let seed = 1; used < instances; seed++) {
    const { dag, durations } = gapInstance(seed);
    const base = { dag, durations, cost: AWS_LAMBDA_X86_COST, seed };
    const probe = createPlanningContext(base);
    if (probe.workers.workerCount > MAX_WORKERS) {
      skipped++;
      continue;
    }
    used++;
    workerTotal += probe.workers.workerCount;
    taskTotal += dag.taskCount;
    const cost = (outcome: { plan: Parameters<typeof simulatePlan>[2] }) => simulatePlan(dag, durations, outcome.plan, AWS_LAMBDA_X86_COST).costUsd;
    // At the best makespan: best-then-downgrade against the oracle without a deadline.
    const fixed = { assignments: 'fixed' } as const;
    const noSplits = { splits: false } as const;
    const optimumAtBest = cost(exhaustive.plan(probe, resolveParams(exhaustive, fixed)));
    push('best-then-downgrade@best', cost(flagship.plan(probe, resolveParams(flagship, noSplits))) / optimumAtBest - 1);
    for (const factor of DEADLINE_FACTORS) {
      const context = createPlanningContext({ ...base, deadlineMs: probe.bestMakespanMs * factor });
      const optimum = cost(exhaustive.plan(context, resolveParams(exhaustive, fixed)));
      push(`deadline-downgrade@${factor}`, cost(deadline.plan(context, resolveParams(deadline, noSplits))) / optimum - 1);
    }
  }
  const rows: GapStats[] = [summarize('best-then-downgrade', null, gaps.get('best-then-downgrade@best')!)];
  for (const factor of DEADLINE_FACTORS) rows.push(summarize('deadline-downgrade', factor, gaps.get(`deadline-downgrade@${factor}`)!));
  rows.push(summarize('deadline-downgrade', -1, DEADLINE_FACTORS.flatMap((f) => gaps.get(`deadline-downgrade@${f}`)!)));

  const table = new Table({ head: ['planner', 'deadline', 'cases', 'mean gap', 'worst gap', 'optimal'] });
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  for (const r of rows) table.push([r.planner, r.deadlineFactor === null ? 'best makespan' : r.deadlineFactor === -1 ? 'all factors' : `${r.deadlineFactor}x best`, r.cases, pct(r.meanGap), pct(r.worstGap), pct(r.optimalShare)]);
  console.log(`${used} instances (3-10 tasks, mean ${(taskTotal / used).toFixed(1)}; <= ${MAX_WORKERS} workers, mean ${(workerTotal / used).toFixed(1)}; ${LEVELS} sizes; ${skipped} skipped for more workers), ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(table.toString());
  writeJsonAtomic('results/bench/exhaustive-gap.json', { study: 'exhaustive-gap', machine: machineDescription(), instances: used, skipped, meanTasks: taskTotal / used, meanWorkers: workerTotal / used, maxWorkers: MAX_WORKERS, levels: LEVELS, deadlineFactors: DEADLINE_FACTORS, rows });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = process.argv[2] === undefined ? 150 : Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`slackline/exhaustive-gap: instances must be an integer >= 1, got "${process.argv[2]}"`);
    process.exit(1);
  }
  await run(n);
}
