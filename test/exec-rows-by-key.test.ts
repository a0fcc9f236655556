/**
 * `execRowsByKey`: exec rows of one func with the same key share the first one's row; an
 * undefined, -0 or NaN key, or another func, does not share.
 */
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { execRowsByKey, sharedRows } from '../src/predict/shared-rows.js';

describe('execRowsByKey', () => {
  it('shares rows of one func by key, never across funcs or for undefined, -0 and NaN keys', () => {
    const sizes = [10, 20, 10, 30, 40, 50, 60, 70];
    const funcs = ['f', 'f', 'f', 'g', 'f', 'f', 'f', 'f'];
    const spec: WorkflowSpec = { name: 'keys', tasks: sizes.map((x, i) => ({ id: `t${i}`, func: funcs[i]!, inputBytes: x, outputBytes: 1 })), edges: [] };
    const dag = toCompactDag(buildDag(spec));
    const key = new Map<number, number | undefined>([[10, 1], [20, 1], [30, 1], [40, undefined], [50, -0], [60, Number.NaN], [70, 2]]);
    const shared = sharedRows(dag);
    const first = execRowsByKey(dag, shared.exec, (_func, x) => key.get(x));
    const id = (i: number) => dag.taskIds.indexOf(`t${i}`);
    const firstOf = (i: number) => dag.taskIds[first[id(i)]!];
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(firstOf)).toEqual(['t0', 't0', 't0', 't3', 't4', 't5', 't6', 't7']);
  });
});
