import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../src/dag/compact-dag.js';
import { buildDurationTable } from '../src/predict/duration-table.js';
import { fitPredictor } from '../src/predict/fit-predictor.js';
import { DEFAULT_PLATFORM_PROFILE, profileTransferMs } from '../src/predict/platform-profile.js';
import { SlacklineError } from '../src/errors.js';
import { runOf, startRecord, transferRecord } from './support/predict-fixtures.js';
import type { WorkflowSpec } from '../src/dag/types.js';

/**
 *      a
 *     / \
 *    b   c      a: split, b/c: work, d: join
 *     \ /
 *      d
 */
function diamond(funcOfC = 'work'): CompactDag {
  const workflow: WorkflowSpec = {
    name: 'diamond',
    tasks: [
      { id: 'a', func: 'split', inputBytes: 1e6, outputBytes: 2e6 },
      { id: 'b', func: 'work', inputBytes: 1e6, outputBytes: 1e5 },
      { id: 'c', func: funcOfC, inputBytes: 1e6, outputBytes: 1e5 },
      { id: 'd', func: 'join', inputBytes: 2e5, outputBytes: 1e3 },
    ],
    edges: [
      { from: 'a', to: 'b', bytes: 1e6 },
      { from: 'a', to: 'c', bytes: 1e6 },
      { from: 'b', to: 'd', bytes: 1e5 },
      { from: 'c', to: 'd', bytes: 1e5 },
    ],
  };
  return toCompactDag(buildDag(workflow));
}

const LADDER = [256, 512, 1024];

function fullRuns() {
  const tasks = [];
  for (const m of [256, 1024]) {
    tasks.push({ func: 'split', memoryMb: m, execMs: 100 * (512 / m) });
    tasks.push({ func: 'work', memoryMb: m, execMs: 400 * (512 / m) });
    tasks.push({ func: 'join', memoryMb: m, execMs: 50 * (512 / m) });
  }
  const transfers = [];
  for (const bytes of [1e3, 1e5, 1e6]) {
    transfers.push(transferRecord('upload', bytes, 512, 3 + bytes / 4e4));
    transfers.push(transferRecord('download', bytes, 512, 2 + bytes / 5e4));
  }
  const starts = [startRecord('cold', 512, 300), startRecord('warm', 512, 6)];
  return [runOf(tasks, transfers, starts)];
}

describe('buildDurationTable', () => {
  it('fills every cell from the predictor, at the right sizes and levels', () => {
    const dag = diamond();
    const predictor = fitPredictor(fullRuns(), { sla: 'median', scaling: 'linear' });
    const { table, unknowns, fallbacks } = buildDurationTable(dag, predictor, LADDER, 'fail');
    expect(unknowns).toEqual([]);
    expect(fallbacks).toBe(0);
    expect(table.levels).toBe(3);
    expect([...table.ladderMb]).toEqual(LADDER);
    const L = 3;
    for (let i = 0; i < dag.taskCount; i++) {
      const func = dag.funcNames[dag.funcOf[i]!]!;
      for (let l = 0; l < L; l++) {
        const p = predictor.exec(func, dag.inputBytes[i]!, LADDER[l]!);
        expect(p.known && table.execMs[i * L + l]).toBeCloseTo(p.known ? p.value : NaN, 9);
        const up = predictor.transfer(dag.outputBytes[i]!, LADDER[l]!, 'upload');
        expect(table.uploadMs[i * L + l]).toBeCloseTo(up.known ? up.value : NaN, 9);
      }
    }
    const a = dag.taskIds.indexOf('a');
    const d = dag.taskIds.indexOf('d');
    expect(table.execMs[a * L + 1]).toBeCloseTo(100, 9);
    expect(table.execMs[d * L + 2]).toBeCloseTo(25, 9);
    expect(table.inputDownloadMs[a * L + 0]).toBeCloseTo(2 + 1e6 / 5e4, 9);
    expect(table.inputDownloadMs[d * L + 0]).toBe(0);
    for (let e = 0; e < dag.edgeCount; e++) expect(table.downloadMs[e * L]).toBeCloseTo(2 + dag.edgeBytes[e]! / 5e4, 9);
    expect([...table.coldStartMs]).toEqual([300, 300, 300]);
    expect([...table.warmStartMs]).toEqual([6, 6, 6]);
  });

  it("policy 'fail' throws a SlacklineError listing the tasks and funcs lacking data", () => {
    const dag = diamond('mystery');
    const predictor = fitPredictor(fullRuns(), { sla: 'p90', scaling: 'fitted' });
    let error: unknown;
    try {
      buildDurationTable(dag, predictor, LADDER, 'fail');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SlacklineError);
    const err = error as SlacklineError;
    expect(err.message).toMatch(/funcs lacking records: mystery/);
    expect(err.message).toMatch(/tasks: c/);
    expect(err.location.tasks).toEqual(['c']);
    expect(err.details.some((d) => d.includes('no task records of func "mystery"'))).toBe(true);
  });

  it("policy 'fallback' fills unknowns with flagged stand-ins: never 0, never NaN", () => {
    const dag = diamond('mystery');
    const runs = fullRuns().map((r) => ({ ...r, metrics: { ...r.metrics, transfers: [], workerStarts: [] } }));
    const predictor = fitPredictor(runs, { sla: 'median', scaling: 'linear' });
    const { table, unknowns, fallbacks } = buildDurationTable(dag, predictor, LADDER, 'fallback');
    const L = 3;
    const c = dag.taskIds.indexOf('c');
    // exec of the unknown func: median of the known funcs' predictions at the same input and size
    const known = ['split', 'work', 'join'].map((f) => { const p = predictor.exec(f, 1e6, 512); return p.known ? p.value : NaN; }).sort((x, y) => x - y);
    expect(table.execMs[c * L + 1]).toBeCloseTo(known[1]!, 9);
    expect(unknowns.some((u) => u.what === 'exec' && u.taskId === 'c' && u.func === 'mystery')).toBe(true);
    expect(unknowns.some((u) => u.what === 'upload')).toBe(true);
    expect(unknowns.some((u) => u.what === 'start')).toBe(true);
    // transfers and starts from the platform profile
    expect(table.coldStartMs[0]).toBe(DEFAULT_PLATFORM_PROFILE.coldStartMs);
    expect(table.uploadMs[c * L + 2]).toBeCloseTo(profileTransferMs(DEFAULT_PLATFORM_PROFILE, 1e5, 1024, 'upload'), 9);
    // every exec cell of c, every transfer and start cell came from a fallback
    const expected = L /* exec c */ + 4 * L /* uploads */ + 1 * L /* input of a */ + 4 * L /* edges */ + 2 * L /* starts */;
    expect(fallbacks).toBe(expected);
    for (const arr of [table.execMs, table.uploadMs, table.downloadMs, table.coldStartMs, table.warmStartMs]) {
      for (const v of arr) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThan(0);
      }
    }
  });

  it('rejects a bad ladder', () => {
    const predictor = fitPredictor(fullRuns(), { sla: 'median', scaling: 'linear' });
    expect(() => buildDurationTable(diamond(), predictor, [], 'fail')).toThrow(/empty memory ladder/);
    expect(() => buildDurationTable(diamond(), predictor, [512, 256], 'fail')).toThrow(/strictly ascending/);
  });
});
