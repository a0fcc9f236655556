/**
 * The downgrade planners' work caps on large DAGs: the split/merge search's budget is counted
 * on at most SPLIT_MERGE_MAX_ELEMENTS tasks + edges (every shipped workflow is below: their
 * budget is 40 x (tasks + edges), at least 200,000, as before), and deadline-downgrade's
 * refinement runs at most REFINE_WORK / (tasks + edges) rounds (every shipped dataset keeps its
 * 8, a 100,000-task DAG gets 1); neither cap raises the parameter, and a lifted `splitWork`
 * lifts the search's budget at any size (the same-plans test relies on it).
 */
import { describe, expect, it } from 'vitest';
import { REFINE_WORK, refineRounds } from '../src/planning/downgrade-planner.js';
import { SPLIT_MERGE_MAX_ELEMENTS, SPLIT_MERGE_WORK, splitMergeWorkLimit } from '../src/planning/split-merge.js';

describe('splitMergeWorkLimit', () => {
  it('is max(200,000, splitWork x min(tasks + edges, 40,000))', () => {
    expect(splitMergeWorkLimit(40, 1_000)).toBe(SPLIT_MERGE_WORK);
    expect(splitMergeWorkLimit(40, 19_970)).toBe(798_800); // random-layered-5000, the largest shipped workflow
    expect(splitMergeWorkLimit(40, SPLIT_MERGE_MAX_ELEMENTS)).toBe(1_600_000);
    expect(splitMergeWorkLimit(40, 404_515)).toBe(1_600_000); // the 100,000-task DAG of the speed-at-scale bench (was 16,180,600)
    expect(splitMergeWorkLimit(1e9, 404_515)).toBe(4e13);
    expect(splitMergeWorkLimit(0, 404_515)).toBe(SPLIT_MERGE_WORK);
  });
});

describe('refineRounds', () => {
  it('keeps the parameter up to REFINE_WORK / 8 tasks + edges, then REFINE_WORK / (tasks + edges), at least 1', () => {
    expect(refineRounds(8, 19_970)).toBe(8);
    expect(refineRounds(8, REFINE_WORK / 8)).toBe(8);
    expect(refineRounds(8, REFINE_WORK / 8 + 1)).toBe(7);
    expect(refineRounds(8, 200_000)).toBe(2);
    expect(refineRounds(8, 404_515)).toBe(1);
    expect(refineRounds(8, 50_000_000)).toBe(1);
    expect(refineRounds(0, 10)).toBe(0);
    expect(refineRounds(3, 10)).toBe(3);
  });
});
