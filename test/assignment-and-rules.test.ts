/**
 * Issue 11's building blocks on hand-drawn cases, every expected number worked out in the
 * comments: the assignment strategies (one-per-task, origin's K = 3 clustering, wukong),
 * the host's check of a strategy's answer, CPU sharing and orchestration overhead in the
 * timing model, the overhead fit, zero-byte edges under `--unknown fail`, and the bench's
 * assignment axis.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { taskIndexMap, toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { SlacklineError } from '../src/errors.js';
import { fitOverhead } from '../src/bench/replay.js';
import { assignWith, checkAssignment, getAssignmentStrategy, regroupPlan } from '../src/planning/assignment/index.js';
import { originAssignment } from '../src/planning/assignment/origin.js';
import { buildDurationTable } from '../src/predict/duration-table.js';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { planTiming } from '../src/timing/timing-model.js';
import type { CompactPlan, DurationTable } from '../src/timing/types.js';
import { runOf, startRecord } from './support/predict-fixtures.js';
import { compactOf } from './support/timing-fixtures.js';

/**
 *   u -> s1 s2 s3 s4 s5 L1 L2      (s* short: 10 ms, L* long: 100 ms; outputs s1 > s2 > ... > s5)
 */
function fanOut(): WorkflowSpec {
  const short = ['s1', 's2', 's3', 's4', 's5'];
  const tasks = [{ id: 'u', func: 'u', inputBytes: 0, outputBytes: 1 }, ...short.map((id, i) => ({ id, func: 's', inputBytes: 1, outputBytes: 100 - i })), { id: 'L1', func: 'L', inputBytes: 1, outputBytes: 1 }, { id: 'L2', func: 'L', inputBytes: 1, outputBytes: 1 }];
  return { name: 'fan-out', tasks, edges: tasks.slice(1).map((t) => ({ from: 'u', to: t.id, bytes: 1 })) };
}

describe('assignment strategies', () => {
  it('origin (K = 3): three short tasks stay upstream, each long one leads a worker with two short ones', () => {
    const dag = toCompactDag(buildDag(fanOut()));
    const index = taskIndexMap(dag);
    const taskMs = Float64Array.from(dag.taskIds, (id) => (id.startsWith('L') ? 100 : 10));
    const a = originAssignment(dag, taskMs);
    const w = (id: string) => a.workerOf[index.get(id)!]!;
    // Median of [10 x 5, 100 x 2] is 10: s1..s5 are short. s1, s2, s3 (largest outputs) stay on u's worker.
    expect([w('s1'), w('s2'), w('s3')]).toEqual([w('u'), w('u'), w('u')]);
    // L1 leads a new worker with s4 and s5 (K - 1 = 2); L2 gets one alone.
    expect([w('s4'), w('s5')]).toEqual([w('L1'), w('L1')]);
    expect(w('L1')).not.toBe(w('u'));
    expect(new Set([w('u'), w('L1'), w('L2')]).size).toBe(3);
    expect(a.workerCount).toBe(3);
  });

  it('origin: a fan-in goes to the upstream worker sending it the most bytes in total', () => {
    // a -> b, a -> c, a -> d (b, c, d short, so all three stay on a's worker), x -> e; b, c, e -> f.
    const spec: WorkflowSpec = {
      name: 'fan-in',
      tasks: ['a', 'b', 'c', 'd', 'x', 'e', 'f'].map((id) => ({ id, func: id, inputBytes: 1, outputBytes: 1 })),
      edges: [
        { from: 'a', to: 'b', bytes: 1 }, { from: 'a', to: 'c', bytes: 1 }, { from: 'a', to: 'd', bytes: 1 },
        { from: 'x', to: 'e', bytes: 1 },
        // b and c send 30 + 30 = 60 bytes from a's worker; e sends 50 from x's.
        { from: 'b', to: 'f', bytes: 30 }, { from: 'c', to: 'f', bytes: 30 }, { from: 'e', to: 'f', bytes: 50 },
      ],
    };
    const dag = toCompactDag(buildDag(spec));
    const index = taskIndexMap(dag);
    const a = originAssignment(dag, new Float64Array(dag.taskCount).fill(1));
    expect(a.workerOf[index.get('f')!]).toBe(a.workerOf[index.get('a')!]);
  });

  it('one-per-task and wukong; the host names a strategy that returns a bad assignment', () => {
    const dag = compactOf(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]);
    const taskMs = new Float64Array(3).fill(1);
    expect(Array.from(assignWith('one-per-task', dag, taskMs).workerOf)).toEqual([0, 1, 2]);
    expect(Array.from(assignWith('wukong', dag, taskMs).workerOf)).toEqual([0, 0, 0]);
    expect(() => getAssignmentStrategy('nearest')).toThrow(/unknown assignment "nearest"; known: chain, one-per-task, origin, wukong/);
    expect(() => checkAssignment('broken', dag, { workerCount: 3, workerOf: Int32Array.of(0, 0, 2) })).toThrow(/strategy "broken".*worker 1 has no task/);
  });

  it('regroupPlan keeps every task at no less memory than planned', () => {
    const dag = compactOf(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]);
    const plan: CompactPlan = { workerCount: 3, workerOf: Int32Array.of(0, 1, 2), levelOf: Int32Array.of(0, 2, 1), prewarm: new Uint8Array(3), preload: new Uint8Array(3) };
    const regrouped = regroupPlan(dag, plan, 'chain', new Float64Array(3).fill(1));
    expect(regrouped.workerCount).toBe(1);
    expect(Array.from(regrouped.levelOf)).toEqual([2]);
  });
});

/** One level-independent table: exec per task at two levels, no transfers, cold start 0. */
function table(dag: ReturnType<typeof compactOf>, exec: Record<string, [number, number]>, ladderMb: [number, number], rules?: DurationTable['rules']): DurationTable {
  const L = 2;
  const execMs = new Float64Array(dag.taskCount * L);
  dag.taskIds.forEach((id, i) => exec[id]!.forEach((t, l) => (execMs[i * L + l] = t)));
  const zeros = (k: number) => new Float64Array(k * L);
  return { ladderMb: Float64Array.from(ladderMb), levels: L, execMs, uploadMs: zeros(dag.taskCount), downloadMs: zeros(dag.edgeCount), inputDownloadMs: zeros(dag.taskCount), coldStartMs: zeros(1), warmStartMs: zeros(1), ...(rules ? { rules } : {}) };
}

describe('CPU sharing and overhead in the timing model', () => {
  /*
   *   u -> a, u -> b, u -> c, all on one worker: a, b, c continue u's container from u (a fork of 3).
   * Ladder 884.5 MB (0.5 vCPU) and 1769 MB (1 vCPU); a, b, c take 60 ms at 0.5 vCPU, 30 ms at 1.
   * At level 1 (1 vCPU) each sibling gets 1/3 vCPU: 1/cpu = 3, beyond the smallest size
   * (1/cpu = 2), extended along the first segment t = 60 + (60 - 30) / (2 - 1) x (3 - 2) = 90 ms.
   * Makespan: u 10 + 90 = 100 ms; without sharing 10 + 30 = 40 ms.
   */
  it('siblings of a fork share the worker\'s vCPUs (processor sharing), and `none` ignores it', () => {
    const dag = compactOf(['u', 'a', 'b', 'c'], [['u', 'a'], ['u', 'b'], ['u', 'c']]);
    const exec: Record<string, [number, number]> = { u: [10, 10], a: [60, 30], b: [60, 30], c: [60, 30] };
    const plan: CompactPlan = { workerCount: 1, workerOf: new Int32Array(4), levelOf: Int32Array.of(1), prewarm: new Uint8Array(1), preload: new Uint8Array(4) };
    expect(planTiming(dag, table(dag, exec, [884.5, 1769]), plan).makespanMs).toBeCloseTo(100, 9);
    expect(planTiming(dag, table(dag, exec, [884.5, 1769], { cpuSharing: 'none' }), plan).makespanMs).toBeCloseTo(40, 9);
    // On their own workers the three pay no sharing (each its own container).
    const apart: CompactPlan = { workerCount: 4, workerOf: Int32Array.of(0, 1, 2, 3), levelOf: Int32Array.of(1, 1, 1, 1), prewarm: new Uint8Array(4), preload: new Uint8Array(4) };
    expect(planTiming(dag, table(dag, exec, [884.5, 1769]), apart).makespanMs).toBeCloseTo(40, 9);
  });

  /*
   *   a -> b -> c, one worker, exec 10 ms each: makespan 30 ms; with 5 ms per task and 100 ms
   *   per run: 100 + 3 x 5 + 30 = 145 ms.
   */
  it('adds the orchestration overhead per task and per run', () => {
    const dag = compactOf(['a', 'b', 'c'], [['a', 'b'], ['b', 'c']]);
    const exec: Record<string, [number, number]> = { a: [10, 10], b: [10, 10], c: [10, 10] };
    const plan: CompactPlan = { workerCount: 1, workerOf: new Int32Array(3), levelOf: Int32Array.of(0), prewarm: new Uint8Array(1), preload: new Uint8Array(3) };
    expect(planTiming(dag, table(dag, exec, [1024, 2048]), plan).makespanMs).toBeCloseTo(30, 9);
    expect(planTiming(dag, table(dag, exec, [1024, 2048], { overheadPerTaskMs: 5, overheadPerRunMs: 100 }), plan).makespanMs).toBeCloseTo(145, 9);
  });

  it('fits gap = perRun + perTask x depth by least squares, through the origin when every depth is equal', () => {
    const points = [3, 5, 9].map((depth) => ({ gapMs: 200 + 40 * depth, depth, makespanMs: 10_000 }));
    const fit = fitOverhead(points);
    expect(fit.model).toBe('per-run+per-level');
    expect(fit.perRunMs).toBeCloseTo(200, 9);
    expect(fit.perTaskMs).toBeCloseTo(40, 9);
    expect(fit.residualRmsMs).toBeCloseTo(0, 9);
    const same = fitOverhead([{ gapMs: 90, depth: 3, makespanMs: 1000 }, { gapMs: 150, depth: 3, makespanMs: 1000 }]);
    expect(same).toMatchObject({ model: 'per-level', perRunMs: 0 });
    expect(same.perTaskMs).toBeCloseTo(40, 9); // (3 x 90 + 3 x 150) / (9 + 9)
    expect(same.residualRmsMs).toBeCloseTo(30, 9);
  });
});

describe('zero-byte edges', () => {
  it('plan under --unknown fail without any transfer record; a byte-moving edge still fails, naming the gap', () => {
    const spec = (bytes: number): WorkflowSpec => ({
      name: 'zero',
      tasks: [{ id: 'a', func: 'f', inputBytes: 0, outputBytes: 0 }, { id: 'b', func: 'f', inputBytes: 0, outputBytes: 0 }],
      edges: [{ from: 'a', to: 'b', bytes }],
    });
    const runs = [runOf([{ func: 'f', memoryMb: 1024, execMs: 100 }], [], [startRecord('cold', 1024, 200), startRecord('warm', 1024, 5)])];
    const predictor = fitPredictor(runs, { sla: 'median', scaling: 'fitted' });
    const zero = buildDurationTable(toCompactDag(buildDag(spec(0))), predictor, [1024], 'fail');
    expect(zero.unknowns).toHaveLength(0);
    expect(Array.from(zero.table.downloadMs)).toEqual([0]);
    expect(Array.from(zero.table.uploadMs)).toEqual([0, 0]);
    expect(() => buildDurationTable(toCompactDag(buildDag(spec(1000))), predictor, [1024], 'fail')).toThrow(SlacklineError);
    expect(() => buildDurationTable(toCompactDag(buildDag(spec(1000))), predictor, [1024], 'fail')).toThrow(/download: no download transfer records/);
  });
});

describe('the bench assignment axis', () => {
  it('keeps the key of a default-assignment run and gives every other strategy its own', async () => {
    const { runKey } = await import('../src/bench/run-key.js');
    const { parseSweepConfig, resolveSweepConfig } = await import('../src/bench/config.js');
    const spec = { dataset: 'chain-10', workflow: 'chain-10', planner: 'uniform', params: { size: 'largest' }, sla: 'p90', deadline: '1.2x', seed: 1 };
    const inputs = { data: 'd', planner: 'p', project: 'v' };
    expect(runKey({ ...spec, assignment: 'chain' }, inputs).key).toBe(runKey(spec, inputs).key);
    expect(runKey({ ...spec, assignment: 'origin' }, inputs).key).toBe(`${runKey(spec, inputs).key}/assignment=origin`);
    expect(resolveSweepConfig(parseSweepConfig({ assignment: ['chain', 'one-per-task'] }, 'c.json'), {}).assignment).toEqual(['chain', 'one-per-task']);
    expect(() => parseSweepConfig({ assignment: ['nearest'] }, 'c.json')).toThrow(/assignment/);
  });
});
