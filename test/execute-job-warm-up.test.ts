/**
 * The untimed warm-up of a planner's first small job in a thread: it runs once per planner
 * per thread, on the job itself (a warm-up on a smaller DAG leaves the compilation of the
 * paths it never takes to the timed runs: README, "Speed at scale", round 10), never above
 * WARM_UP_MAX_TASKS, and leaves the timed run's plan as a warm thread gives it.
 * The planners record the instance of every `plan()` call; ids are unique per test because
 * the warmed-up set lives as long as the thread.
 */
import { describe, expect, it } from 'vitest';
import { datasetSource, type BenchInstance } from '../src/bench/bench-instance.js';
import { WARM_UP_MAX_TASKS, executeJob, findPlanner } from '../src/bench/execute-job.js';
import type { PlanJob } from '../src/bench/job.js';
import { chain as chainWorkflow } from '../src/generate/chain.js';
import type { PlannerModule } from '../src/planning/types.js';
import { FAULTY_PLANNERS_URL, planners as fixturePlanners } from './fixtures/faulty-planners.js';
import { fixture } from './fixtures/planning-dags.js';

interface Call {
  readonly tasks: number;
  readonly deadlineMs: number | undefined;
  readonly seed: number;
}

/** The fixture's seeded random planner under another id, recording each call. */
function recordingPlanner(id: string, calls: Call[]): PlannerModule {
  const seededRandom = findPlanner(fixturePlanners, 'fixture-random');
  return {
    ...seededRandom,
    id,
    plan: (context, params) => {
      calls.push({ tasks: context.dag.taskCount, deadlineMs: context.deadlineMs, seed: context.seed });
      return seededRandom.plan(context, params);
    },
  };
}

const instances = new Map<string, BenchInstance>();
function jobOn(name: string, plannerId: string, seed: number, deadlineMs?: number): PlanJob {
  let instance = instances.get(name);
  if (instance === undefined) {
    const source = datasetSource(name);
    instance = source.prepare(source.workflows[0]!.name, 'p90');
    instances.set(name, instance);
  }
  return {
    registry: { moduleUrl: FAULTY_PLANNERS_URL, exportName: 'planners' },
    plannerId,
    params: { skew: 0 },
    seed,
    dag: instance.dag,
    durations: instance.durations,
    cost: instance.cost,
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
