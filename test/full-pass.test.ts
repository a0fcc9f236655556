/**
 * Property tests of the full critical-path pass on thousands of seeded random DAGs of
 * several shapes, with random duration tables and plans: times agree with an oracle of
 * the timing model, latest times satisfy their textbook definition, and the critical path
 * is a real source-to-sink path whose length is the makespan, with zero slack throughout.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { computeTiming, slackOf } from '../src/timing/full-pass.js';
import { timingWeights } from '../src/timing/timing-model.js';
import { timeEqual } from '../src/timing/tolerance.js';
import { randomInt, seededRandom } from '../src/util/random.js';
import { SHAPES, oracleCompletion, randomPlan, randomShape, randomTable, timingViolation } from './support/timing-fixtures.js';

describe('full pass', () => {
  it('agrees with the timing-model oracle and keeps every invariant on 2,400 random DAGs', () => {
    const random = seededRandom(20261125);
    let checked = 0;
    let tasks = 0;
    for (let round = 0; round < 300; round++) {
      for (const shape of SHAPES) {
        const dag = toCompactDag(buildDag(randomShape(shape, random)));
        const levels = randomInt(random, 1, 4);
        const table = randomTable(dag, levels, random, random() < 0.3);
        const plan = randomPlan(dag, levels, random);
        const weights = timingWeights(dag, table, plan);
        const result = computeTiming(dag, weights);
        const oracle = oracleCompletion(dag, table, plan);
        for (let v = 0; v < dag.taskCount; v++) {
          if (!timeEqual(oracle[v]!, result.earliestFinish[v]!)) expect.fail(`${shape} #${round}: completion of ${dag.taskIds[v]} ${result.earliestFinish[v]} != oracle ${oracle[v]}`);
        }
        const violation = timingViolation(dag, weights, result);
        if (violation) expect.fail(`${shape} #${round}: ${violation}`);
        // Deterministic: the same input gives the same path.
        expect(computeTiming(dag, weights).criticalPath).toEqual(result.criticalPath);
        checked++;
        tasks += dag.taskCount;
      }
    }
    expect(checked).toBe(2400);
    expect(tasks).toBeGreaterThan(2400 * 5);
  });

  it('handles several sources and sinks, and ties by the lowest index', () => {
    // Two disjoint chains of equal length: the path ends at the lower-index sink.
    const dag = toCompactDag(buildDag({ name: 't', tasks: ['a', 'b', 'c', 'd'].map((id) => ({ id, func: 'f', inputBytes: 0, outputBytes: 0 })), edges: [{ from: 'a', to: 'b', bytes: 0 }, { from: 'c', to: 'd', bytes: 0 }] }));
    const nodeMs = Float64Array.of(1, 1, 1, 1);
    const result = computeTiming(dag, { nodeMs, edgeMs: new Float64Array(2) });
    expect(result.makespanMs).toBe(2);
    const path = [...result.criticalPath].map((i) => dag.taskIds[i]);
    const sinks = [...result.criticalPath].filter((i) => dag.succStart[i] === dag.succStart[i + 1]);
    expect(sinks).toHaveLength(1);
    const lowestSink = Math.min(...[0, 1, 2, 3].filter((i) => dag.succStart[i] === dag.succStart[i + 1]));
    expect(sinks[0]).toBe(lowestSink);
    expect(path).toHaveLength(2);
    for (let v = 0; v < 4; v++) expect(slackOf(result, v)).toBe(0);
  });

  it('gives an empty path and zero makespan for an empty DAG', () => {
    const dag = toCompactDag(buildDag({ name: 'empty', tasks: [], edges: [] }));
    const result = computeTiming(dag, { nodeMs: new Float64Array(0), edgeMs: new Float64Array(0) });
    expect(result.makespanMs).toBe(0);
    expect(result.criticalPath).toHaveLength(0);
  });

  it('rejects weights of the wrong size', () => {
    const dag = toCompactDag(buildDag({ name: 'one', tasks: [{ id: 'a', func: 'f', inputBytes: 0, outputBytes: 0 }], edges: [] }));
    expect(() => computeTiming(dag, { nodeMs: new Float64Array(2), edgeMs: new Float64Array(0) })).toThrow(/slackline\/timing: weights have 2 tasks/);
  });
});
