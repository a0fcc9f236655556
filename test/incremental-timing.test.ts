/**
 * Property tests of the incremental engine on thousands of seeded random DAGs of several
 * shapes: after any random sequence of worker memory changes the maintained times equal a
 * full recompute; every what-if answer equals applying the change and recomputing, and
 * leaves the state untouched; the critical path stays a real path of zero slack.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { SlacklineError } from '../src/errors.js';
import { slackOf } from '../src/timing/full-pass.js';
import { IncrementalTiming, type WhatIf } from '../src/timing/incremental-timing.js';
import { planTiming, timingWeights } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS, timeEqual, timeGreater } from '../src/timing/tolerance.js';
import type { CompactPlan, DurationTable, TimingResult } from '../src/timing/types.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { SHAPES, compactOf, randomPlan, randomShape, randomSparse, randomTable, timingViolation } from './support/timing-fixtures.js';

function sameTimes(a: TimingResult, b: TimingResult): string {
  if (!timeEqual(a.makespanMs, b.makespanMs)) return `makespan ${a.makespanMs} != ${b.makespanMs}`;
  const fields = ['earliestStart', 'earliestFinish', 'latestStart', 'latestFinish'] as const;
  for (const f of fields) for (let v = 0; v < a[f].length; v++) if (!timeEqual(a[f][v]!, b[f][v]!)) return `${f}[${v}] ${a[f][v]} != ${b[f][v]}`;
  return '';
}

/** The what-if answer by definition: apply on a copy of the plan and recompute everything. */
function whatIfByRecompute(dag: CompactDag, table: DurationTable, plan: CompactPlan, worker: number, level: number): WhatIf {
  const before = planTiming(dag, table, plan);
  const changed = { ...plan, levelOf: Int32Array.from(plan.levelOf) };
  changed.levelOf[worker] = level;
  const after = planTiming(dag, table, changed);
  const lengthensMakespan = timeGreater(after.makespanMs, before.makespanMs);
  let createsCriticalPath = lengthensMakespan;
  for (let v = 0; v < dag.taskCount; v++) if (slackOf(before, v) > TIME_EPSILON_MS && slackOf(after, v) <= TIME_EPSILON_MS) createsCriticalPath = true;
  let maxFinishOverLatestMs = -Infinity;
  for (let v = 0; v < dag.taskCount; v++) if (plan.workerOf[v] === worker) maxFinishOverLatestMs = Math.max(maxFinishOverLatestMs, after.earliestFinish[v]! - before.latestFinish[v]!);
  return { makespanMs: after.makespanMs, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs };
}

function snapshot(r: TimingResult): number[] {
  return [r.makespanMs, ...r.earliestStart, ...r.earliestFinish, ...r.latestStart, ...r.latestFinish, ...r.criticalPath];
}

describe('incremental timing', () => {
  it('matches a full recompute after random memory changes, and what-ifs match apply + recompute, on 2,400 random DAGs', () => {
    const random = seededRandom(7031);
    let dags = 0;
    let updates = 0;
    let whatIfs = 0;
    let lengthening = 0;
    let creating = 0;
    let fast = 0;
    let applied = 0;
    let cone = 0;
    let full = 0;
    for (let round = 0; round < 300; round++) {
      for (const shape of SHAPES) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const levels = randomInt(random, 2, 5);
        const table = randomTable(dag, levels, random, random() < 0.3);
        const plan = randomPlan(dag, levels, random);
        const engine = new IncrementalTiming(dag, table, plan);
        const where = `${shape} #${round}`;
        const steps = randomInt(random, 3, 10);
        for (let s = 0; s < steps; s++) {
          const worker = randomInt(random, 0, plan.workerCount - 1);
          const level = randomInt(random, 0, levels - 1);
          // What-if first: equal to the definition, and no state change.
          const current = engine.plan();
          const before = snapshot(engine.result());
          const answer = engine.whatIf(worker, level);
          const expected = whatIfByRecompute(dag, table, current, worker, level);
          if (!timeEqual(answer.makespanMs, expected.makespanMs)) expect.fail(`${where}: whatIf makespan ${answer.makespanMs} != ${expected.makespanMs}`);
          if (answer.lengthensMakespan !== expected.lengthensMakespan) expect.fail(`${where}: whatIf lengthens ${answer.lengthensMakespan}`);
          if (answer.createsCriticalPath !== expected.createsCriticalPath) expect.fail(`${where}: whatIf createsCriticalPath ${answer.createsCriticalPath}`);
          if (!timeEqual(answer.maxFinishOverLatestMs, expected.maxFinishOverLatestMs)) expect.fail(`${where}: whatIf over ${answer.maxFinishOverLatestMs} != ${expected.maxFinishOverLatestMs}`);
          expect(snapshot(engine.result())).toEqual(before);
          whatIfs++;
          if (answer.lengthensMakespan) lengthening++;
          if (answer.createsCriticalPath) creating++;

          // Then apply, sometimes the what-if's change, sometimes another one.
          const target = random() < 0.5 ? { worker, level } : { worker: randomInt(random, 0, plan.workerCount - 1), level: randomInt(random, 0, levels - 1) };
          const visits = engine.stats.forwardVisits + engine.stats.backwardVisits;
          engine.setWorkerLevel(target.worker, target.level);
          cone += engine.stats.forwardVisits + engine.stats.backwardVisits - visits;
          full += 2 * dag.taskCount;
          updates++;
          expect(engine.levelOf(target.worker)).toBe(target.level);
          const recomputed = planTiming(dag, table, engine.plan());
          const got = engine.result();
          const diff = sameTimes(got, recomputed);
          if (diff) expect.fail(`${where} after ${s + 1} changes: ${diff}`);
          expect(got.criticalPath).toEqual(recomputed.criticalPath);
          for (let v = 0; v < dag.taskCount; v++) if (!timeEqual(engine.slackMs(v), slackOf(recomputed, v))) expect.fail(`${where}: slack of ${v}`);
          const violation = timingViolation(dag, timingWeights(dag, table, engine.plan()), got);
          if (violation) expect.fail(`${where}: ${violation}`);
        }
        fast += engine.stats.fastWhatIfs;
        applied += engine.stats.appliedWhatIfs;
        dags++;
      }
    }
    expect(dags).toBe(2400);
    // The sample exercises every branch: both answers of both questions, both what-if paths.
    expect(lengthening).toBeGreaterThan(whatIfs / 20);
    expect(creating).toBeGreaterThan(lengthening);
    expect(whatIfs - creating).toBeGreaterThan(whatIfs / 20);
    expect(fast).toBeGreaterThan(whatIfs / 4);
    expect(applied).toBeGreaterThan(whatIfs / 50);
    // Re-propagation stays inside the cone: far fewer visits than two full passes per update.
    expect(cone).toBeLessThan(full);
    console.log(`incremental property test: ${dags} DAGs, ${updates} updates, ${whatIfs} what-ifs (${fast} exact in O(degree), ${applied} by apply+revert), cone visits ${cone} vs ${full} for full passes`);
  });

  it('stays equal to a full recompute on larger DAGs, where cones are large (queue in scan mode)', () => {
    const random = seededRandom(314);
    let bigCones = 0;
    for (let k = 0; k < 15; k++) {
      const tasks = randomInt(random, 300, 1500);
      const spec = k % 3 === 0 ? randomLayered({ tasks, seed: k + 1 }) : k % 3 === 1 ? randomSparse(tasks, random) : treeReduction({ leaves: tasks >> 1, unequal: true, seed: k });
      const dag = toCompactDag(buildDag(spec));
      const levels = 4;
      const table = randomTable(dag, levels, random, k % 2 === 0);
      const plan = randomPlan(dag, levels, random);
      const engine = new IncrementalTiming(dag, table, plan);
      for (let s = 0; s < 20; s++) {
        const worker = randomInt(random, 0, plan.workerCount - 1);
        const level = randomInt(random, 0, levels - 1);
        const answer = engine.whatIf(worker, level);
        const expected = whatIfByRecompute(dag, table, engine.plan(), worker, level);
        expect(answer.makespanMs).toBeCloseTo(expected.makespanMs, 6);
        expect([answer.lengthensMakespan, answer.createsCriticalPath]).toEqual([expected.lengthensMakespan, expected.createsCriticalPath]);
        const visits = engine.stats.forwardVisits;
        engine.setWorkerLevel(worker, level);
        if (engine.stats.forwardVisits - visits > 64) bigCones++;
        const recomputed = planTiming(dag, table, engine.plan());
        const diff = sameTimes(engine.result(), recomputed);
        if (diff) expect.fail(`${spec.name} after ${s + 1} changes: ${diff}`);
        expect(engine.result().criticalPath).toEqual(recomputed.criticalPath);
      }
    }
    expect(bigCones).toBeGreaterThan(20);
  });

  /*
   *   a (w0) --> b (w1) --> d (w2)
   *   a (w0) --> c (w3) --> d (w2)
   * b is critical, c has slack. Slowing c by less than its slack keeps the makespan and
   * the critical path; by more lengthens it; speeding up critical b shrinks it.
   */
  it('answers what-if on a diamond as expected, without changing state', () => {
    const dag = compactOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']]);
    const id = (name: string) => dag.taskIds.indexOf(name);
    const levels = 3;
    const execMs = new Float64Array(4 * levels);
    const set = (task: string, values: number[]) => values.forEach((x, l) => (execMs[id(task) * levels + l] = x));
    set('a', [1, 1, 1]);
    set('b', [10, 5, 2]);
    set('c', [8, 11, 13]);
    set('d', [1, 1, 1]);
    const zeros = (k: number) => new Float64Array(k * levels);
    const table: DurationTable = { ladderMb: Float64Array.of(256, 512, 1024), levels, execMs, uploadMs: zeros(4), downloadMs: zeros(4), inputDownloadMs: zeros(4), coldStartMs: zeros(1), warmStartMs: zeros(1) };
    const workerOf = new Int32Array(4);
    ['a', 'b', 'd', 'c'].forEach((t, w) => (workerOf[id(t)] = w));
    const plan: CompactPlan = { workerCount: 4, workerOf, levelOf: new Int32Array(4), prewarm: new Uint8Array(4), preload: new Uint8Array(4) };
    const engine = new IncrementalTiming(dag, table, plan);
    expect(engine.makespanMs).toBe(12);
    const cWorker = engine.workerOfTask(id('c'));
    const bWorker = engine.workerOfTask(id('b'));
    expect([cWorker, bWorker]).toEqual([3, 1]);
    expect(engine.whatIf(cWorker, 1)).toEqual({ makespanMs: 13, lengthensMakespan: true, createsCriticalPath: true, maxFinishOverLatestMs: 1 });
    expect(engine.whatIf(bWorker, 1)).toEqual({ makespanMs: 10, lengthensMakespan: false, createsCriticalPath: true, maxFinishOverLatestMs: -5 });
    expect(engine.makespanMs).toBe(12);
    engine.setWorkerLevel(bWorker, 2); // b: 2, c: 8 -> c critical, b has slack 6
    expect(engine.makespanMs).toBe(10);
    expect([...engine.result().criticalPath].map((i) => dag.taskIds[i])).toEqual(['a', 'c', 'd']);
    expect(engine.slackMs(id('b'))).toBe(6);
    // Slowing b within its slack: no new critical path; finish 5 vs latest finish 9.
    expect(engine.whatIf(bWorker, 1)).toEqual({ makespanMs: 10, lengthensMakespan: false, createsCriticalPath: false, maxFinishOverLatestMs: -3 });
    expect(() => engine.setWorkerLevel(9, 0)).toThrow(SlacklineError);
  });

  /*
   *   a (w0, exec 5) --download 1--> c (w2, preload, exec 1)
   *   b (w1, exec 3) --download 1 at level 0, 3 at level 1--> c
   * At level 0 c starts at max(5+1, 3+1) = 6 through a; b has slack 2. At level 1 b's
   * input arrives at 3+3 = 6 too: the makespan (7) stays, c stays critical, and b becomes
   * critical: a new critical path that only shows beside an already-critical task.
   */
  it('sees a new critical path through an already-critical task', () => {
    const dag = compactOf(['a', 'b', 'c'], [['a', 'c'], ['b', 'c']]);
    const id = (name: string) => dag.taskIds.indexOf(name);
    const levels = 2;
    const execMs = new Float64Array(3 * levels);
    [['a', 5], ['b', 3], ['c', 1]].forEach(([t, x]) => execMs.fill(x as number, id(t as string) * levels, id(t as string) * levels + levels));
    const downloadMs = new Float64Array(2 * levels);
    for (let e = 0; e < 2; e++) {
      const fromB = dag.edgeFrom[e] === id('b');
      downloadMs[e * levels] = 1;
      downloadMs[e * levels + 1] = fromB ? 3 : 1;
    }
    const zeros = (k: number) => new Float64Array(k);
    const table: DurationTable = { ladderMb: Float64Array.of(512, 1024), levels, execMs, uploadMs: zeros(3 * levels), downloadMs, inputDownloadMs: zeros(3 * levels), coldStartMs: zeros(levels), warmStartMs: zeros(levels) };
    const workerOf = new Int32Array(3);
    ['a', 'b', 'c'].forEach((t, w) => (workerOf[id(t)] = w));
    const preload = new Uint8Array(3);
    preload[id('c')] = 1;
    const engine = new IncrementalTiming(dag, table, { workerCount: 3, workerOf, levelOf: new Int32Array(3), prewarm: new Uint8Array(3), preload });
    expect(engine.makespanMs).toBe(7);
    expect(engine.slackMs(id('b'))).toBe(2);
    expect(engine.whatIf(2, 1)).toEqual({ makespanMs: 7, lengthensMakespan: false, createsCriticalPath: true, maxFinishOverLatestMs: 0 });
    engine.setWorkerLevel(2, 1);
    expect(engine.slackMs(id('b'))).toBe(0);
    expect(() => engine.whatIf(0, 3)).toThrow(/memory level 3 is outside 0..1/);
  });
});
