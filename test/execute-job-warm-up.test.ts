/**
 * The untimed warm-up of a planner's first small job in a thread: it runs once per planner
 * per thread, on the job itself (a warm-up on a smaller DAG leaves the compilation of the
 * paths it never takes to the timed runs: README, "Speed at scale", round 10), never above
 * WARM_UP_MAX_TASKS, and leaves the timed run's plan as a warm thread gives it.
 * The planners record the instance of every `plan()` call; ids are unique per test because
 * the warmed-up set lives as long as the thread.
 */
import { describe, expect, it } from 'vitest';
import { WARM_UP_MAX_TASKS, executeJob } from '../src/bench/execute-job.js';
import type { PlanJob } from '../src/bench/job.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import type { PlannerModule } from '../src/planning/types.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { FAULTY_PLANNERS_URL } from './fixtures/faulty-planners.js';
import { fixture } from './fixtures/planning-dags.js';
import { chain as chainWorkflow } from '../src/generate/chain.js';

interface Call {
  readonly tasks: number;
  readonly deadlineMs: number | undefined;
  readonly seed: number;
}

/** A seeded random level per worker, recording each call. */
function recordingPlanner(id: string, calls: Call[]): PlannerModule {
  return {
    id,
    description: 'test fixture',
    source: 'test',
    params: [],
    plan: (context) => {
      calls.push({ tasks: context.dag.taskCount, deadlineMs: context.deadlineMs, seed: context.seed });
      const levels = Array.from({ length: context.workers.workerCount }, () => Math.floor(context.random() * context.ladderMb.length));
      return { plan: planWithLevels(context.workers, levels) };
    },
  };
}

function jobOn(name: string, plannerId: string, seed: number, deadlineMs?: number): PlanJob {
  const instance = prepareInstance({ dataset: loadDataset(resolveDataset(name)), datasetName: name, sla: 'p90', unknownPolicy: 'fallback' });
  return {
    registry: { moduleUrl: FAULTY_PLANNERS_URL, exportName: 'planners' },
    plannerId,
    params: {},
    seed,
    dag: instance.dag,
    durations: instance.durations,
    cost: AWS_LAMBDA_X86_COST,
    tryBudget: 10,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  };
}

describe('warm-up before the first timed job of a planner in a thread', () => {
  it('the first small job of a planner warms up on itself, with its own seed; later jobs of that planner do not', () => {
    const calls: Call[] = [];
    const planner = recordingPlanner('rec-first', calls);
    const fan = jobOn('fan-out-fan-in-32', 'rec-first', 11, 60_000);
    executeJob(fan, [planner]);
    expect(calls).toEqual([
      { tasks: fan.dag.taskCount, deadlineMs: 60_000, seed: 11 },
      { tasks: fan.dag.taskCount, deadlineMs: 60_000, seed: 11 },
    ]);
    const chain = jobOn('chain-10', 'rec-first', 3);
    executeJob(chain, [planner]);
    expect(calls.map((c) => c.tasks)).toEqual([fan.dag.taskCount, fan.dag.taskCount, chain.dag.taskCount]);
  });

  it('each planner warms up once: another planner in the same thread gets its own warm-up', () => {
    const calls: Call[] = [];
    const job = jobOn('chain-10', 'rec-other', 2);
    executeJob(job, [recordingPlanner('rec-other', calls)]);
    expect(calls).toHaveLength(2);
  });

  it('the timed run after a warm-up gives the plan a warm thread gives (the warm-up has its own random source)', () => {
    const calls: Call[] = [];
    const planner = recordingPlanner('rec-seeded', calls);
    const job = jobOn('fan-out-fan-in-32', 'rec-seeded', 7);
    const first = executeJob(job, [planner]);
    const again = executeJob(job, [planner]);
    expect(calls).toHaveLength(3);
    expect(Array.from(first.plan.levelOf)).toEqual(Array.from(again.plan.levelOf));
    // Not trivially equal: another seed gives another plan.
    const other = executeJob({ ...job, seed: 8 }, [planner]);
    expect(Array.from(other.plan.levelOf)).not.toEqual(Array.from(first.plan.levelOf));
  });

  it('a job above WARM_UP_MAX_TASKS gets no warm-up', () => {
    const calls: Call[] = [];
    const large = fixture(chainWorkflow({ length: WARM_UP_MAX_TASKS + 1, seed: 1 }));
    const job: PlanJob = { ...jobOn('chain-10', 'rec-large', 1), dag: large.dag, durations: large.durations };
    executeJob(job, [recordingPlanner('rec-large', calls)]);
    expect(calls.map((c) => c.tasks)).toEqual([WARM_UP_MAX_TASKS + 1]);
  });
});
