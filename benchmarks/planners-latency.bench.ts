/**
 * Planning latency of EVERY registered planner (`algorithms/index.ts`) per DAG size: the
 * time of `plan()` alone (DAG, duration table and planning context are prepared untimed,
 * as `runPlanner` does) on random layered DAGs of 10, 100, 1k and 10k tasks with
 * ground-truth durations on the default 9-size ladder, default parameters, seed 1, and a
 * 1.2x deadline (so `deadline-downgrade`, which needs one, runs; the others get the same
 * context), and durations uniform +-30 % around the ground truth as the distributions
 * (`spreadGrids`) that orion and jolteon simulate. A planner that refuses a size (`exhaustive` above its task or combination
 * limit) gets a "refused" cell with its reason. Every plan is validated by the host's
 * `validatePlan`, so a timed-but-invalid plan cannot slip in.
 *
 * The flagship's full-recompute comparison is `planning.bench.ts`; this suite is the
 * per-planner table. Printed as a table; written to `results/bench/planners-latency.json`
 * with the machine description.
 */
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { planners } from '../algorithms/index.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import type { PlanOutcome } from '../src/planning/types.js';
import { validatePlan } from '../src/planning/validate-plan.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { spreadGrids } from '../src/timing/spread-grids.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';

/** 100k is left to `planning.bench.ts` (flagship only): deadline-downgrade alone takes ~35 s per plan there, over this suite's one-minute budget. */
const SIZES = [10, 100, 1_000, 10_000];
const DEADLINE_FACTOR = 1.2;

interface Cell {
  readonly planner: string;
  readonly tasks: number;
  readonly workers: number;
  readonly status: 'ok' | 'refused';
  readonly meanMs: number | null;
  readonly samples: number;
  readonly reason?: string;
}

/** Samples per cell: enough for a stable mean on small DAGs, few on 10k (each a full plan); 3 for planners that simulate (seconds each, bounded by their work budget). */
function samplesFor(n: number, simulates: boolean): number {
  if (simulates) return 3;
  return n <= 1_000 ? 20 : 5;
}

async function timeIt(fn: () => void, samples: number): Promise<{ meanMs: number; samples: number }> {
  const bench = new Bench({ time: 0, iterations: samples, warmupIterations: 0, warmupTime: 0, throws: true });
  bench.add('plan', fn);
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`planners-latency bench: ${r.state}`);
  return { meanMs: r.latency.mean, samples: r.latency.samplesCount };
}

export async function run(): Promise<void> {
  const cells: Cell[] = [];
  for (const n of SIZES) {
    const dag = compactWorkflow(randomLayered({ tasks: n, seed: n }));
    const durations = groundTruthDurations(dag);
    // Durations uniform +-30 % around the ground truth: the distribution planners (orion, jolteon) plan with variance.
    const grids = spreadGrids(durations, 0.3);
    const probe = createPlanningContext({ dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1 });
    const deadlineMs = DEADLINE_FACTOR * probe.bestMakespanMs;
    for (const planner of planners) {
      // A fresh context per planner: the seeded random source is stateful.
      const context = { ...createPlanningContext({ dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1, grids }), deadlineMs };
      const params = resolveParams(planner);
      if (planner.maxTasks !== undefined && n > planner.maxTasks) {
        cells.push({ planner: planner.id, tasks: n, workers: context.workers.workerCount, status: 'refused', meanMs: null, samples: 0, reason: `above maxTasks=${planner.maxTasks}` });
        continue;
      }
      let outcome: PlanOutcome | undefined;
      try {
        outcome = planner.plan(context, params);
      } catch (error) {
        if (!(error instanceof PlannerRefusal)) throw error;
        cells.push({ planner: planner.id, tasks: n, workers: context.workers.workerCount, status: 'refused', meanMs: null, samples: 0, reason: error.message });
        continue;
      }
      // The untimed first call above is the warm-up and the validated plan.
      validatePlan(planner.id, dag, durations, outcome, deadlineMs);
      const timed = await timeIt(() => void planner.plan(context, params), samplesFor(n, planner.usesDistributions === true));
      cells.push({ planner: planner.id, tasks: n, workers: context.workers.workerCount, status: 'ok', meanMs: timed.meanMs, samples: timed.samples });
    }
  }

  const table = new Table({ head: ['planner', ...SIZES.map((n) => `${n} tasks (ms)`)] });
  for (const planner of planners) {
    table.push([
      planner.id,
      ...SIZES.map((n) => {
        const cell = cells.find((c) => c.planner === planner.id && c.tasks === n)!;
        return cell.meanMs === null ? 'refused' : cell.meanMs < 1 ? cell.meanMs.toFixed(3) : cell.meanMs.toFixed(1);
      }),
    ]);
  }
  console.log(table.toString());
  console.log(`workers per size: ${SIZES.map((n) => `${n}: ${cells.find((c) => c.tasks === n)!.workers}`).join(', ')}; deadline ${DEADLINE_FACTOR}x best makespan; default params`);
  writeJsonAtomic('results/bench/planners-latency.json', { suite: 'planners-latency', machine: machineDescription(), ladderMb: 'default 9 sizes', deadlineFactor: DEADLINE_FACTOR, sizes: SIZES, cells });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
