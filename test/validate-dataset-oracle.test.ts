/**
 * `validateDataset` against its own earlier text (`support/validate-dataset-oracle.ts`):
 * the same error lines, word for word and in order, on shipped datasets whose runs are
 * mutated at random where the run checks look: record task ids (unknown, repeated, another
 * task's, Object.prototype names), funcs, workers, memory, normalized times, transfer peers
 * and directions, worker starts, and plan entries (removed, added under unknown or
 * prototype names such as "__proto__", other memory or worker). Half the cases carry a
 * `platform` field, so the schema (not the fast structural check) hands over the dataset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { validateDataset as oracle } from './support/validate-dataset-oracle.js';

type Obj = Record<string, unknown>;
const texts = ['chain-10', 'fan-out-fan-in-32', 'tree-reduction-unequal-64'].map((name) => JSON.stringify(loadDataset(resolveDataset(name))));
const names = fc.constantFrom('ghost', '__proto__', 'constructor', 'toString', 'hasOwnProperty');

const mutation = fc.record({ kind: fc.integer({ min: 0, max: 19 }), at: fc.nat(), other: fc.nat(), name: names });

/** Sets an own enumerable property, even "__proto__" (as JSON.parse would). */
function put(o: Obj, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Renames a task everywhere (workflow, plan keys in place, records): a valid dataset but for its signature. */
function rename(d: Obj, from: string, to: string): void {
  const workflow = (d['workflows'] as Obj[])[0]!;
  for (const t of workflow['tasks'] as Obj[]) if (t['id'] === from) t['id'] = to;
  for (const e of workflow['edges'] as Obj[]) for (const end of ['from', 'to']) if (e[end] === from) e[end] = to;
  const run = (d['runs'] as Obj[])[0]!;
  const plan = run['plan'] as Obj;
  const renamed: Obj = {};
  for (const key of Object.keys(plan)) put(renamed, key === from ? to : key, plan[key]);
  run['plan'] = renamed;
  const metrics = run['metrics'] as Record<string, Obj[]>;
  for (const list of Object.values(metrics)) for (const r of list) for (const end of ['taskId', 'peerTaskId']) if (r[end] === from) r[end] = to;
}

function mutated(text: string, mutations: readonly { kind: number; at: number; other: number; name: string }[], platform: boolean): string {
  const d = JSON.parse(text) as Obj;
  if (platform) d['platform'] = { cpuSharing: 'none' };
  const run = (d['runs'] as Obj[])[0]!;
  let plan = run['plan'] as Obj;
  const metrics = run['metrics'] as { tasks: Obj[]; transfers: Obj[]; workerStarts: Obj[] };
  const tasks = (d['workflows'] as Obj[])[0]!['tasks'] as Obj[];
  const ids = tasks.map((t) => t['id'] as string);
  const ladder = d['memoryLadderMb'] as number[];
  const pick = <T>(list: readonly T[], k: number): T | undefined => (list.length > 0 ? list[k % list.length] : undefined);
  for (const { kind, at, other, name } of mutations) {
    const rec = pick(metrics.tasks, at);
    const tr = pick(metrics.transfers, at);
    const ws = pick(metrics.workerStarts, at);
    const id = pick(ids, other)!;
    switch (kind) {
      case 0: if (rec) rec['taskId'] = name; break;
      case 1: if (rec) rec['taskId'] = id; break; // another task's id: a repeat, a wrong func or worker...
      case 2: if (rec) rec['func'] = 'other-func'; break;
      case 3: if (rec) rec['workerId'] = 'worker-x'; break;
      case 4: if (rec) rec['memoryMb'] = pick(ladder, other); break;
      case 5: if (rec) rec['execMsNormalized'] = (rec['execMsNormalized'] as number) * 1.5 + 1; break;
      case 6: if (tr) tr['taskId'] = other % 2 === 0 ? name : id; break;
      case 7: if (tr) tr['peerTaskId'] = other % 2 === 0 ? name : id; break;
      case 8: if (tr) tr['direction'] = tr['direction'] === 'upload' ? 'download' : 'upload'; break;
      case 9: if (tr) tr['memoryMb'] = pick(ladder, other); break;
      case 10: if (tr) tr['msNormalized'] = (tr['msNormalized'] as number) + 7; break;
      case 11: if (ws) ws['workerId'] = other % 2 === 0 ? 'worker-x' : (pick(Object.values(plan), other) as Obj)['workerId']; break;
      case 12: if (ws) ws['memoryMb'] = pick(ladder, other); break;
      case 13: for (let k = 0; k <= at % 3; k++) delete plan[pick(ids, other + k * 7)!]; break; // up to 3 missing
      case 14: put(plan, name, { workerId: `worker-${other % 3}`, memoryMb: pick(ladder, at) }); break;
      case 15: put(plan, id, { workerId: (plan[id] as Obj | undefined)?.['workerId'] ?? 'worker-0', memoryMb: other % 2 === 0 ? 700 : pick(ladder, at) }); break;
      case 16: put(plan, id, { workerId: `worker-${other % 5}`, memoryMb: (plan[id] as Obj | undefined)?.['memoryMb'] ?? 512 }); break;
      case 17: if (rec) metrics.tasks.push({ ...rec }); break; // recorded twice
      case 18: if (!ids.includes(name)) { rename(d, id, name); ids[ids.indexOf(id)] = name; plan = run['plan'] as Obj; } break;
      case 19: tasks.reverse(); ids.reverse(); break; // another index order: the order missing tasks are listed in
    }
  }
  return JSON.stringify(d);
}

describe('validateDataset', () => {
  it('gives the same errors as its earlier text on runs mutated at random', () => {
    let failing = 0;
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.boolean(), (which, mutations, platform) => {
        const text = mutated(texts[which]!, mutations, platform);
        const now = validateDataset(JSON.parse(text), 'run.json').errors;
        if (now.length > 0) failing++;
        expect(now).toEqual(oracle(JSON.parse(text), 'run.json').errors);
      }),
      { numRuns: 400, seed: 20261203 },
    );
    expect(failing).toBeGreaterThan(250); // the mutations reach the run checks
  });

  it('accepts the unmutated datasets, as before', () => {
    for (const text of texts) expect(validateDataset(JSON.parse(text), 'd.json').errors).toEqual([]);
  });
});
