/**
 * Property tests (fast-check) of dataset validation: valid datasets mutated at random
 * (wrong types, missing fields, extreme numbers, cycles, duplicate ids, very large arrays)
 * never make `validateDataset` throw, and every error it returns names a JSON path
 * (`<file>: $...: <reason>`). An unmutated dataset stays valid (the oracle that the
 * mutations, not the fixture, cause the errors). Seeded: a failure reproduces.
 * Also the regression of a validator that spread an uncapped error list into `push(...)`
 * and overflowed the stack past about 100k errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';

const FILE = 'fuzz.json';
const ERROR_LINE = /^fuzz\.json: \$(\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*: \S/;
const bases = ['chain-10', 'fan-out-fan-in-32'].map((name) => loadDataset(resolveDataset(name)));

type Json = unknown;
type Path = (string | number)[];

/** Every path into the value (objects and arrays), breadth-first, capped for speed. */
function pathsOf(value: Json, max = 4000): Path[] {
  const out: Path[] = [];
  const queue: [Json, Path][] = [[value, []]];
  while (queue.length > 0 && out.length < max) {
    const [node, path] = queue.shift()!;
    out.push(path);
    if (Array.isArray(node)) node.slice(0, 12).forEach((child, i) => queue.push([child, [...path, i]]));
    else if (node !== null && typeof node === 'object') for (const [k, child] of Object.entries(node)) queue.push([child, [...path, k]]);
  }
  return out;
}

function parentOf(root: Json, path: Path): [Record<string | number, unknown>, string | number] | undefined {
  if (path.length === 0) return undefined;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return [node, path[path.length - 1]!];
}

const weird = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, '', 'x', -1, 0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, [], {}, [1, 2], { a: 1 }),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'cycle'; edge: number }
  | { kind: 'duplicate-id'; from: number; to: number }
  | { kind: 'huge'; at: number; copies: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: weird }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cycle' as const), edge: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-id' as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), copies: fc.integer({ min: 1000, max: 30_000 }) }) },
);

function apply(dataset: Json, m: Mutation): void {
  const d = dataset as { workflows?: { tasks?: { id?: unknown }[]; edges?: { from?: unknown; to?: unknown; bytes?: unknown }[] }[] };
  const wf = Array.isArray(d.workflows) ? d.workflows[0] : undefined;
  switch (m.kind) {
    case 'set':
    case 'delete': {
      const paths = pathsOf(dataset);
      const path = paths[m.at % paths.length]!;
      const parent = parentOf(dataset, path);
      if (parent === undefined) return;
      const [node, key] = parent;
      if (m.kind === 'set') node[key] = m.value;
      else if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete node[key];
      return;
    }
    case 'cycle': {
      const edges = wf?.edges;
      if (!Array.isArray(edges) || edges.length === 0) return;
      const e = edges[m.edge % edges.length]!;
      if (e && typeof e === 'object') edges.push({ from: e.to, to: e.from, bytes: 1 }); // the reverse edge closes a cycle
      return;
    }
    case 'duplicate-id': {
      const tasks = wf?.tasks;
      if (!Array.isArray(tasks) || tasks.length < 2) return;
      const a = tasks[m.from % tasks.length];
      const b = tasks[m.to % tasks.length];
      if (a && b && typeof a === 'object' && typeof b === 'object') b.id = a.id;
      return;
    }
    case 'huge': {
      const arrays = pathsOf(dataset).filter((p) => {
        let node: unknown = dataset;
        for (const k of p) node = (node as Record<string | number, unknown>)[k];
        // Arrays of small items (tasks, edges, records, sizes): 30,000 copies of a whole run would only test the clock.
        return Array.isArray(node) && node.length > 0 && JSON.stringify(node[0]).length < 400;
      });
      if (arrays.length === 0) return;
      let node: unknown = dataset;
      for (const k of arrays[m.at % arrays.length]!) node = (node as Record<string | number, unknown>)[k];
      const list = node as unknown[];
      const item = list[0];
      for (let i = 0; i < m.copies; i++) list.push(structuredClone(item));
      return;
    }
  }
}

describe('dataset validation under random mutation', () => {
  it('the unmutated datasets are valid (the errors below come from the mutations)', () => {
    for (const base of bases) expect(validateDataset(structuredClone(base), FILE).errors).toEqual([]);
  });

  it('never throws, and every error names a JSON path', () => {
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), (which, mutations) => {
        const dataset = structuredClone(bases[which]!) as Json;
        for (const m of mutations) apply(dataset, m);
        let result: ReturnType<typeof validateDataset>;
        try {
          result = validateDataset(dataset, FILE);
        } catch (error) {
          throw new Error(`validateDataset threw on ${JSON.stringify(mutations).slice(0, 300)}: ${(error as Error).stack}`);
        }
        for (const line of result.errors) if (!ERROR_LINE.test(line)) throw new Error(`an error without a JSON path: ${line.slice(0, 300)}`);
        // Valid or not, consistently: a dataset is returned exactly when there are no errors.
        expect(result.dataset === undefined).toBe(result.errors.length > 0);
      }),
      { numRuns: 200, seed: 13, endOnFailure: true },
    );
  });

  it('lists 150,000 errors of a sound workflow inside a broken file without overflowing the stack', () => {
    const base = structuredClone(bases[0]!) as unknown as { format: string; workflows: { edges: { from: string; to: string; bytes: number }[] }[] };
    base.format = 'not-a-dataset'; // a structural error, so the partial (semantic) checks of sound parts run too
    for (let i = 0; i < 150_000; i++) base.workflows[0]!.edges.push({ from: `ghost-${i}`, to: 'load', bytes: 1 });
    const { errors } = validateDataset(base, FILE);
    expect(errors.length).toBeGreaterThan(150_000);
    expect(errors[0]).toMatch(/^fuzz\.json: \$\.format: /);
    expect(errors.filter((e) => e.includes('ghost-')).length).toBeGreaterThanOrEqual(150_000);
  });
});
