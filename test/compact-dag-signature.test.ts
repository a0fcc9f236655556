/**
 * `compactDagSignature` (the signature read from a compact DAG and its task index, as
 * dataset validation computes it) and `dagSignature` give the hash of the definition,
 * written out independently below, on random valid workflows written in any order whose
 * ids and funcs hold unusual characters: prefixes of each other, non-ASCII, surrogate
 * pairs and lone surrogates, tabs, newlines and control characters (which force the
 * string path), array-index ids ("0", "17") and Object.prototype names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureByDefinition } from './support/dag-signature-definition.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';
import { compactDagSignature, dagSignature } from '../src/dag/dag-signature.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { randomLayered } from '../src/generate/random-layered.js';


const char = fc.constantFrom('a', 'b', 'z', '0', '1', '9', '-', ' ', 'é', 'ß', '😀', '\uD83D', '\uDE00', '\t', '\u0001', '\n', '\u007f', 'A', '_');
const text = (min: number) => fc.array(char, { minLength: min, maxLength: 5 }).map((cs) => cs.join(''));
const special = fc.constantFrom('__proto__', 'constructor', 'toString', '0', '17', '01', '4294967295');

/** A valid workflow: unique non-empty ids, edges from earlier to later tasks (so no cycle), then shuffled. */
const workflowArb = fc
  .record({
    ids: fc.uniqueArray(fc.oneof(text(1), special), { minLength: 1, maxLength: 40 }),
    funcs: fc.array(fc.oneof(text(1), special), { minLength: 1, maxLength: 5 }),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 120 }),
    keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }),
    controls: fc.boolean(),
  })
  .map(({ ids: drawn, funcs, pairs, keys, controls }) => {
    // Without controls in ids (half the cases) the signature takes its rank path, not the string one.
    const ids = controls ? drawn : [...new Set(drawn.map((id) => id.replace(/[\u0000-\u0009]/g, 'x')))];
    const n = ids.length;
    const tasks = ids.map((id, i) => ({ id, func: funcs[i % funcs.length]!, inputBytes: i, outputBytes: 1 }));
    const seen = new Set<string>();
    const edges: { from: string; to: string; bytes: number }[] = [];
    for (const [a, b] of pairs) {
      const [u, v] = [a % n, b % n].sort((x, y) => x - y) as [number, number];
      if (u === v || seen.has(`${u},${v}`)) continue;
      seen.add(`${u},${v}`);
      edges.push({ from: ids[u]!, to: ids[v]!, bytes: 1 });
    }
    const shuffle = <T>(list: T[]) => list.map((x, i) => [keys[i % keys.length]! + i * 1e-9, x] as const).sort((p, q) => p[0] - q[0]).map(([, x]) => x);
    return { name: 'w', tasks: shuffle(tasks), edges: shuffle(edges) } satisfies WorkflowSpec;
  });

describe('compactDagSignature', () => {
  it('equals the definition and dagSignature on random valid workflows', () => {
    let rankPath = 0;
    fc.assert(
      fc.property(workflowArb, (w) => {
        if (w.tasks.every((t) => !/[\u0000-\u0009]/.test(t.id))) rankPath++;
        const expected = signatureByDefinition(w);
        expect(dagSignature(w)).toBe(expected);
        expect(compactDagSignature(compactWorkflow(w))).toBe(expected);
      }),
      { numRuns: 2000, seed: 20261203 },
    );
    expect(rankPath).toBeGreaterThan(500);
  });

  it('equals the stored signature of every shipped workflow', () => {
    for (const entry of shippedDatasets()) {
      for (const w of loadDataset(entry.file).workflows) expect(compactDagSignature(compactWorkflow(w)), `${entry.name}/${w.name}`).toBe(w.signature);
    }
  });

  it('equals the definition on a 20,000-task random layered workflow', () => {
    const w = randomLayered({ tasks: 20_000, seed: 5 });
    expect(compactDagSignature(compactWorkflow(w))).toBe(signatureByDefinition(w));
  });
});
