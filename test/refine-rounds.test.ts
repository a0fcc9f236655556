/**
 * deadline-downgrade's refinement is capped on large DAGs (each round is a new engine, a
 * downgrade and a bill): every shipped dataset keeps its 8 rounds, a 100,000-task DAG gets 1,
 * and the cap never raises the parameter nor drops below one round.
 */
import { describe, expect, it } from 'vitest';
import { REFINE_WORK, refineRounds } from '../src/planning/downgrade-planner.js';

describe('refineRounds', () => {
  it('keeps the parameter up to REFINE_WORK / 8 tasks + edges, then REFINE_WORK / (tasks + edges), at least 1', () => {
    expect(refineRounds(8, 19_970)).toBe(8); // random-layered-5000, the largest shipped workflow
    expect(refineRounds(8, REFINE_WORK / 8)).toBe(8);
    expect(refineRounds(8, REFINE_WORK / 8 + 1)).toBe(7);
    expect(refineRounds(8, 404_515)).toBe(1);
    expect(refineRounds(8, 200_000)).toBe(2); // the 100,000-task random layered DAG of the speed-at-scale bench
    expect(refineRounds(8, 50_000_000)).toBe(1);
    expect(refineRounds(0, 10)).toBe(0);
    expect(refineRounds(3, 10)).toBe(3);
  });
});
