/**
 * Property tests of the incremental engine's assignment changes (splits and merges, issue
 * 11) on seeded random DAGs, under random CPU-sharing and overhead rules: after any
 * random sequence of task moves and level changes the maintained times equal a full
 * recompute of the engine's plan, the full pass equals the rule-by-rule oracle, every
 * `whatIfMove` equals moving on a copy and recomputing, and leaves the state untouched;
 * the full-recompute engine gives the same answers.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { FullRecomputeTiming } from '../src/planning/full-recompute-timing.js';
import { slackOf } from '../src/timing/full-pass.js';
import { IncrementalTiming } from '../src/timing/incremental-timing.js';
import { planTiming } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS, timeEqual, timeGreater } from '../src/timing/tolerance.js';
import type { CompactPlan, DurationTable, TimingResult } from '../src/timing/types.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { SHAPES, oracleCompletion, randomPlan, randomShape, randomTable } from './support/timing-fixtures.js';

function sameTimes(a: TimingResult, b: TimingResult): string {
  if (!timeEqual(a.makespanMs, b.makespanMs)) return `makespan ${a.makespanMs} != ${b.makespanMs}`;
  for (const f of ['earliestStart', 'earliestFinish', 'latestStart', 'latestFinish'] as const) {
    for (let v = 0; v < a[f].length; v++) if (!timeEqual(a[f][v]!, b[f][v]!)) return `${f}[${v}] ${a[f][v]} != ${b[f][v]}`;
  }
  return '';
}

/** The plan with `tasks` moved to worker `to` (ids as in the engine: a plan whose workers are numbered like the engine's). */
function moved(plan: CompactPlan, tasks: readonly number[], to: number, level: number): CompactPlan {
  const workerCount = Math.max(plan.workerCount, to + 1);
  const levelOf = new Int32Array(workerCount);
  levelOf.set(plan.levelOf);
  if (to >= plan.workerCount) levelOf[to] = level;
  const prewarm = new Uint8Array(workerCount);
  prewarm.set(plan.prewarm);
  const workerOf = Int32Array.from(plan.workerOf);
  for (const v of tasks) workerOf[v] = to;
  return { workerCount, workerOf, levelOf, prewarm, preload: plan.preload };
}

function randomRules(random: () => number): DurationTable['rules'] {
  return {
    cpuSharing: random() < 0.8 ? 'processor-sharing' : 'none',
    overheadPerTaskMs: random() < 0.5 ? 0 : 20 * random(),
    overheadPerRunMs: random() < 0.5 ? 0 : 100 * random(),
  };
}

describe('incremental timing: splits and merges', () => {
  it('matches a full recompute and the oracle after random moves, and whatIfMove matches move + recompute, on 800 random DAGs', () => {
    const random = seededRandom(1111);
    let moves = 0;
    let whatIfs = 0;
    let lengthening = 0;
    let shared = 0;
    let partials = 0;
    for (let round = 0; round < 100; round++) {
      for (const shape of SHAPES) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const levels = randomInt(random, 2, 5);
        const table: DurationTable = { ...randomTable(dag, levels, random, random() < 0.3), ladderMb: Float64Array.from({ length: levels }, (_, l) => 512 * 2 ** l), rules: randomRules(random) };
        const start = randomPlan(dag, levels, random);
        const engine = new IncrementalTiming(dag, table, start);
        const slow = new FullRecomputeTiming(dag, table, start);
        // Reference plan with the engine's own worker ids (ids up to the task count).
        let reference: CompactPlan = moved(start, [], Math.max(dag.taskCount, start.workerCount) - 1, 0);
        const where = `${shape} #${round}`;
        for (let s = 0; s < randomInt(random, 3, 8); s++) {
          const v = randomInt(random, 0, dag.taskCount - 1);
          const w = engine.workerOfTask(v);
          // A task, or the tail of its worker from it, to a new worker or to a neighbour's.
          const members = engine.tasksOf(w);
          const tasks = random() < 0.5 ? [v] : members.filter((x) => x >= v);
          let to: number;
          let level = randomInt(random, 0, levels - 1);
          const neighbours: number[] = [];
          for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) neighbours.push(engine.workerOfTask(dag.predTask[k]!));
          for (let e = dag.succStart[v]!; e < dag.succStart[v + 1]!; e++) neighbours.push(engine.workerOfTask(dag.edgeTo[e]!));
          if (neighbours.length > 0 && random() < 0.4) {
            to = neighbours[randomInt(random, 0, neighbours.length - 1)]!;
            level = engine.levelOf(to);
          } else {
            to = engine.freeWorker();
            if (to < 0) continue;
            engine.setWorkerLevel(to, level);
            slow.setWorkerLevel(to, level);
            reference.levelOf[to] = level;
          }
          const before = planTiming(dag, table, reference);
          const target = moved(reference, tasks, to, level);
          const after = planTiming(dag, table, target);
          const answer = engine.whatIfMove(tasks, to);
          const slowAnswer = slow.whatIfMove(tasks, to);
          if (!timeEqual(answer.makespanMs, after.makespanMs)) expect.fail(`${where}: whatIfMove makespan ${answer.makespanMs} != ${after.makespanMs}`);
          const lengthens = timeGreater(after.makespanMs, before.makespanMs);
          let creates = lengthens;
          for (let x = 0; x < dag.taskCount; x++) if (slackOf(before, x) > TIME_EPSILON_MS && slackOf(after, x) <= TIME_EPSILON_MS) creates = true;
          expect([answer.lengthensMakespan, answer.createsCriticalPath], where).toEqual([lengthens, creates]);
          expect([slowAnswer.lengthensMakespan, slowAnswer.createsCriticalPath], where).toEqual([lengthens, creates]);
          expect(slowAnswer.makespanMs).toBeCloseTo(answer.makespanMs, 6);
          let over = -Infinity;
          for (const x of tasks) if (reference.workerOf[x] !== to) over = Math.max(over, after.earliestFinish[x]! - before.latestFinish[x]!);
          if (answer.maxFinishOverLatestMs !== over && !timeEqual(answer.maxFinishOverLatestMs, over)) expect.fail(`${where}: over ${answer.maxFinishOverLatestMs} != ${over}`);
          if (sameTimes(engine.result(), before)) expect.fail(`${where}: whatIfMove changed the state: ${sameTimes(engine.result(), before)}`);
          whatIfs++;
          if (lengthens) lengthening++;
          // Bounded queries (the planners' early stop): partial only when the change is sure to
          // fail the planners' rule (makespan above the bound, or with the check a new critical
          // path), otherwise exactly the unbounded answer; the state stays untouched.
          const bound = before.makespanMs * (0.98 + 0.1 * random());
          const stop = random() < 0.5;
          const checkBounded = (got: ReturnType<typeof engine.whatIf>, exact: TimingResult, label: string) => {
            const grows = timeGreater(exact.makespanMs, before.makespanMs);
            let newCritical = grows;
            for (let x = 0; x < dag.taskCount; x++) if (slackOf(before, x) > TIME_EPSILON_MS && slackOf(exact, x) <= TIME_EPSILON_MS) newCritical = true;
            if (got.partial === true) {
              partials++;
              if (!(timeGreater(exact.makespanMs, bound) || (stop && newCritical))) expect.fail(`${where}: ${label} stopped early though it fits (makespan ${exact.makespanMs}, bound ${bound})`);
              expect(got.createsCriticalPath, where).toBe(true);
            } else {
              if (!timeEqual(got.makespanMs, exact.makespanMs)) expect.fail(`${where}: ${label} makespan ${got.makespanMs} != ${exact.makespanMs}`);
              expect([got.lengthensMakespan, got.createsCriticalPath], `${where}: ${label}`).toEqual([grows, stop ? newCritical : label === 'whatIfMove' ? grows : newCritical]);
            }
            if (sameTimes(engine.result(), before)) expect.fail(`${where}: bounded ${label} changed the state`);
          };
          checkBounded(engine.whatIfMove(tasks, to, stop, bound), after, 'whatIfMove');
          const probe = engine.workerOfTask(randomInt(random, 0, dag.taskCount - 1));
          const probeLevel = randomInt(random, 0, levels - 1);
          const leveled: CompactPlan = { ...reference, levelOf: Int32Array.from(reference.levelOf) };
          leveled.levelOf[probe] = probeLevel;
          checkBounded(engine.whatIf(probe, probeLevel, bound, stop), planTiming(dag, table, leveled), 'whatIf');
          if (random() < 0.7) {
            engine.moveTasks(tasks, to);
            slow.moveTasks(tasks, to);
            reference = target;
            moves++;
          } else {
            const worker = engine.workerOfTask(randomInt(random, 0, dag.taskCount - 1));
            const l = randomInt(random, 0, levels - 1);
            engine.setWorkerLevel(worker, l);
            slow.setWorkerLevel(worker, l);
            reference.levelOf[worker] = l;
          }
          const full = planTiming(dag, table, reference);
          const diff = sameTimes(engine.result(), full);
          if (diff) expect.fail(`${where} after ${s + 1} steps: ${diff}`);
          expect(engine.result().criticalPath).toEqual(full.criticalPath);
          const compacted = engine.plan();
          expect(planTiming(dag, table, compacted).makespanMs).toBeCloseTo(full.makespanMs, 6);
          expect(compacted.workerCount).toBe(engine.workerCount);
          expect(slow.plan()).toEqual(compacted);
          const oracle = oracleCompletion(dag, table, compacted);
          for (let x = 0; x < dag.taskCount; x++) if (!timeEqual(oracle[x]!, full.earliestFinish[x]!)) expect.fail(`${where}: oracle ${oracle[x]} != ${full.earliestFinish[x]} at ${x}`);
        }
        for (let x = 0; x < dag.taskCount; x++) if (engine.tasksOf(engine.workerOfTask(x)).length > 1) shared++;
      }
    }
    expect(moves).toBeGreaterThan(1000);
    expect(lengthening).toBeGreaterThan(whatIfs / 20);
    expect(whatIfs - lengthening).toBeGreaterThan(whatIfs / 20);
    expect(shared).toBeGreaterThan(100);
    expect(partials).toBeGreaterThan(whatIfs / 20); // the early stop is exercised
    console.log(`incremental moves property test: ${whatIfs} what-if moves, ${moves} moves applied, ${partials} bounded queries stopped early`);
  });
});
