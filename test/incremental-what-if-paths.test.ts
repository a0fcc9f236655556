/**
 * Property tests of the what-if paths added for speed at scale (issue 14), each against an
 * independent oracle (a full recompute of a copy of the plan):
 * - a what-if that shrinks the makespan on a worker whose tasks are not closed (it applies
 *   and rolls back, and compares only the tasks critical after the change, found by
 *   `CriticalTasks` from the sinks' max-tree, not all n);
 * - `CriticalTasks.collect` against a scan of every task's slack;
 * - bounded trials on a large worker (its new weights written only where the forward pass
 *   reaches): answers, rollback, and later updates equal the recompute;
 * - a lengthening trial within a finite bound (deadline mode) that is then applied: replayed
 *   from the journal, not propagated again, with the times of a full recompute.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { CriticalTasks } from '../src/timing/critical-tasks.js';
import { slackOf } from '../src/timing/full-pass.js';
import { IncrementalPropagation } from '../src/timing/incremental-propagation.js';
import { IncrementalTiming, type WhatIf } from '../src/timing/incremental-timing.js';
import { planTiming } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS, timeEqual, timeGreater } from '../src/timing/tolerance.js';
import type { CompactPlan, DurationTable, TimingResult } from '../src/timing/types.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { SHAPES, randomPlan, randomShape, randomTable, scatteredPlan } from './support/timing-fixtures.js';

function withLevel(plan: CompactPlan, worker: number, level: number): CompactPlan {
  const levelOf = Int32Array.from(plan.levelOf);
  levelOf[worker] = level;
  return { ...plan, levelOf };
}

/** The what-if answer by definition: apply on a copy of the plan and recompute everything. */
function byRecompute(dag: CompactDag, table: DurationTable, plan: CompactPlan, worker: number, level: number): WhatIf {
  const before = planTiming(dag, table, plan);
  const after = planTiming(dag, table, withLevel(plan, worker, level));
  const lengthensMakespan = timeGreater(after.makespanMs, before.makespanMs);
  let createsCriticalPath = lengthensMakespan;
  for (let v = 0; v < dag.taskCount; v++) if (slackOf(before, v) > TIME_EPSILON_MS && slackOf(after, v) <= TIME_EPSILON_MS) createsCriticalPath = true;
  let maxFinishOverLatestMs = -Infinity;
  for (let v = 0; v < dag.taskCount; v++) if (plan.workerOf[v] === worker) maxFinishOverLatestMs = Math.max(maxFinishOverLatestMs, after.earliestFinish[v]! - before.latestFinish[v]!);
  return { makespanMs: after.makespanMs, lengthensMakespan, createsCriticalPath, maxFinishOverLatestMs };
}

function sameTimes(a: TimingResult, b: TimingResult): string {
  if (!timeEqual(a.makespanMs, b.makespanMs)) return `makespan ${a.makespanMs} != ${b.makespanMs}`;
  for (const f of ['earliestStart', 'earliestFinish', 'latestStart', 'latestFinish'] as const) {
    for (let v = 0; v < a[f].length; v++) if (!timeEqual(a[f][v]!, b[f][v]!)) return `${f}[${v}] ${a[f][v]} != ${b[f][v]}`;
  }
  return '';
}

function snapshot(engine: IncrementalTiming): number[] {
  const r = engine.result();
  return [r.makespanMs, ...r.earliestStart, ...r.earliestFinish, ...r.latestStart, ...r.latestFinish];
}

/** Plans where a few workers share many tasks: most workers' tasks are not closed. */
function fewWorkers(dag: CompactDag, levels: number, random: () => number): CompactPlan {
  return scatteredPlan(dag, levels, random, Math.min(dag.taskCount, randomInt(random, 2, 4)));
}

describe('incremental what-if paths', () => {
  it('shrinking-makespan what-ifs on workers with non-closed tasks equal apply + recompute, on 1,600 random DAGs', () => {
    const random = seededRandom(9041);
    let shrinking = 0;
    let shrinkingCreates = 0;
    let whatIfs = 0;
    for (let round = 0; round < 200; round++) {
      for (const shape of SHAPES) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const levels = randomInt(random, 2, 5);
        const table = randomTable(dag, levels, random, random() < 0.3);
        const plan = round % 2 === 0 ? fewWorkers(dag, levels, random) : randomPlan(dag, levels, random);
        const engine = new IncrementalTiming(dag, table, plan);
        const where = `${shape} #${round}`;
        for (let s = 0; s < 8; s++) {
          const worker = randomInt(random, 0, plan.workerCount - 1);
          const level = randomInt(random, 0, levels - 1);
          const current = engine.plan();
          const before = snapshot(engine);
          const M = engine.makespanMs;
          const applied = engine.stats.appliedWhatIfs;
          // Half bounded as the planners ask (a target above the makespan, the new-critical check), half unbounded.
          const bounded = random() < 0.5;
          const answer = bounded ? engine.whatIf(worker, level, M * (1 + random()), true) : engine.whatIf(worker, level);
          const expected = byRecompute(dag, table, current, worker, level);
          whatIfs++;
          expect(snapshot(engine)).toEqual(before);
          if (answer.partial === true) {
            // A bounded trial stops only on a change sure to fail: it creates a critical path.
            if (!expected.createsCriticalPath) expect.fail(`${where}: partial answer for a change that creates no critical path`);
          } else {
            if (!timeEqual(answer.makespanMs, expected.makespanMs)) expect.fail(`${where}: makespan ${answer.makespanMs} != ${expected.makespanMs}`);
            if (answer.lengthensMakespan !== expected.lengthensMakespan) expect.fail(`${where}: lengthens ${answer.lengthensMakespan}`);
            if (answer.createsCriticalPath !== expected.createsCriticalPath) expect.fail(`${where}: createsCriticalPath ${answer.createsCriticalPath}, recompute ${expected.createsCriticalPath}`);
            if (!timeEqual(answer.maxFinishOverLatestMs, expected.maxFinishOverLatestMs)) expect.fail(`${where}: over ${answer.maxFinishOverLatestMs} != ${expected.maxFinishOverLatestMs}`);
            if (engine.stats.appliedWhatIfs > applied && expected.makespanMs < M - TIME_EPSILON_MS) {
              shrinking++;
              if (expected.createsCriticalPath) shrinkingCreates++;
            }
          }
          if (random() < 0.5) {
            engine.setWorkerLevel(worker, level);
            const diff = sameTimes(engine.result(), planTiming(dag, table, engine.plan()));
            if (diff) expect.fail(`${where} after a change: ${diff}`);
          }
        }
      }
    }
    // Both answers of the shrinking, applied path are exercised.
    expect(shrinking).toBeGreaterThan(whatIfs / 50);
    expect(shrinkingCreates).toBeGreaterThan(shrinking / 20);
    expect(shrinking - shrinkingCreates).toBeGreaterThan(shrinking / 20);
    console.log(`what-if paths: ${whatIfs} what-ifs, ${shrinking} shrinking ones by apply + roll back (${shrinkingCreates} creating a critical path)`);
  });

  it('CriticalTasks finds exactly the tasks with slack within the tolerance, on random DAGs and plans', () => {
    const random = seededRandom(5150);
    let found = 0;
    for (let round = 0; round < 150; round++) {
      for (const shape of SHAPES) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const levels = randomInt(random, 2, 4);
        const table = randomTable(dag, levels, random, random() < 0.3);
        const plan = randomPlan(dag, levels, random);
        const state = new IncrementalPropagation(dag, table, plan);
        const critical = new CriticalTasks(state);
        for (let s = 0; s < 3; s++) {
          const out: number[] = [];
          critical.collect(out);
          const expected: number[] = [];
          for (let v = 0; v < dag.taskCount; v++) if (state.slackMs(v) <= TIME_EPSILON_MS) expected.push(v);
          expect([...out].sort((a, b) => a - b)).toEqual(expected);
          found += out.length;
          state.setWorkerLevel(randomInt(random, 0, plan.workerCount - 1), randomInt(random, 0, levels - 1));
        }
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('bounded trials on a large worker stop early, roll back exactly, and later updates equal a recompute', () => {
    const random = seededRandom(77);
    let stopped = 0;
    for (let k = 0; k < 6; k++) {
      const dag = toCompactDag(buildDag(randomLayered({ tasks: 600, seed: k + 1 })));
      const levels = 4;
      const table = randomTable(dag, levels, random, k % 2 === 1);
      // Worker 0 holds half of the tasks, spread over the whole index range.
      const workerCount = 6;
      const workerOf = Int32Array.from({ length: dag.taskCount }, (_, v) => (v % 2 === 0 ? 0 : 1 + (v % 5)));
      const plan: CompactPlan = { workerCount, workerOf, levelOf: new Int32Array(workerCount).fill(levels - 1), prewarm: new Uint8Array(workerCount), preload: new Uint8Array(dag.taskCount).fill(k % 2) };
      const engine = new IncrementalTiming(dag, table, plan);
      for (let s = 0; s < 12; s++) {
        const worker = s % 3 === 0 ? 0 : randomInt(random, 0, workerCount - 1);
        const level = randomInt(random, 0, levels - 1);
        const before = snapshot(engine);
        const current = engine.plan();
        const answer = engine.whatIf(worker, level, engine.makespanMs, true);
        expect(snapshot(engine)).toEqual(before);
        const expected = byRecompute(dag, table, current, worker, level);
        if (answer.partial === true) {
          stopped++;
          expect(expected.lengthensMakespan || expected.createsCriticalPath).toBe(true);
        } else {
          expect(answer.makespanMs).toBeCloseTo(expected.makespanMs, 6);
          expect(answer.createsCriticalPath).toBe(expected.createsCriticalPath);
        }
        // Apply something (often another worker): no weight a stopped trial left pending may leak into it.
        engine.setWorkerLevel(random() < 0.5 ? worker : randomInt(random, 0, workerCount - 1), randomInt(random, 0, levels - 1));
        const diff = sameTimes(engine.result(), planTiming(dag, table, engine.plan()));
        if (diff) expect.fail(`DAG ${k} step ${s}: ${diff}`);
      }
    }
    expect(stopped).toBeGreaterThan(3);
  });

  it('an accepted lengthening trial within a finite bound is replayed, not propagated again, and equals a recompute', () => {
    const random = seededRandom(4242);
    let replayed = 0;
    for (let k = 0; k < 10; k++) {
      const dag = toCompactDag(buildDag(randomLayered({ tasks: 300, seed: 50 + k })));
      const levels = 4;
      const table = randomTable(dag, levels, random, k % 2 === 0);
      const plan = fewWorkers(dag, levels, random);
      const engine = new IncrementalTiming(dag, table, plan);
      const state = (engine as unknown as { state: IncrementalPropagation }).state;
      const propagate = vi.spyOn(state, 'setWorkerLevel');
      for (let s = 0; s < 10; s++) {
        const worker = randomInt(random, 0, plan.workerCount - 1);
        const level = randomInt(random, 0, levels - 1);
        if (level === engine.levelOf(worker)) continue;
        const current = engine.plan();
        const answer = engine.whatIf(worker, level, engine.makespanMs * 3); // a deadline far above: lengthening changes complete
        const expected = byRecompute(dag, table, current, worker, level);
        expect(answer.makespanMs).toBeCloseTo(expected.makespanMs, 6);
        const calls = propagate.mock.calls.length;
        engine.setWorkerLevel(worker, level);
        if (answer.lengthensMakespan && engine.stats.fastWhatIfs === 0) {
          // Not answered in O(degree) on these plans (few workers: never closed), so the trial applied: a replay.
          expect(propagate.mock.calls.length).toBe(calls);
          replayed++;
        }
        const diff = sameTimes(engine.result(), planTiming(dag, table, engine.plan()));
        if (diff) expect.fail(`DAG ${k} step ${s}: ${diff}`);
      }
      propagate.mockRestore();
    }
    expect(replayed).toBeGreaterThan(5);
  });
});
