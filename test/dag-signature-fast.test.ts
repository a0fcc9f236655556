/**
 * The signature's rank-ordered path (ids sorted once, lines ordered by rank) gives the
 * very hash of its definition: every line built, sorted as strings, hashed. The oracle
 * below is that definition, written out independently; the workflows are random, with
 * ids that are prefixes of each other, non-ASCII and surrogate pairs, tabs and control
 * characters (which force the string path), duplicate ids and edges to unknown tasks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureByDefinition } from './support/dag-signature-definition.js';
import { dagSignature } from '../src/dag/dag-signature.js';


const idChar = fc.constantFrom('a', 'b', 'z', '0', '1', '9', '-', ' ', 'é', '😀', '\t', '\u0001', '\n', 'A');
const id = fc.array(idChar, { minLength: 0, maxLength: 4 }).map((cs) => cs.join(''));

describe('dagSignature', () => {
  it('equals its definition on random workflows (fast path and fallback)', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ id, func: fc.constantFrom('f', 'g', 'h\t', '') }), { maxLength: 30 }), fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 60 }), fc.boolean(), (tasks, pairs, strangeIds) => {
        const pool = tasks.map((t) => t.id);
        const pick = (k: number) => (k < pool.length ? pool[k]! : `x${k}`);
        const edges = pairs.map(([a, b]) => ({ from: pick(a), to: strangeIds ? pick(b) : pick(b % Math.max(pool.length, 1)) }));
        const unique = new Set(pool).size === pool.length;
        if (unique && pool.every((s) => !/[\u0000-\u0009]/.test(s))) fast++;
        expect(dagSignature({ tasks, edges })).toBe(signatureByDefinition({ tasks, edges }));
      }),
      { numRuns: 3000, seed: 20261202 },
    );
    expect(fast).toBeGreaterThan(300); // the rank path is exercised, not only the fallback
  });

  it('equals its definition on a 20,000-task layered workflow with numbered ids', () => {
    const tasks = Array.from({ length: 20_000 }, (_, i) => ({ id: `t${i}`, func: `f${i % 7}` }));
    const edges: { from: string; to: string }[] = [];
    for (let i = 100; i < 20_000; i++) for (const d of [1, 37, 100]) edges.push({ from: `t${i - d}`, to: `t${i}` });
    expect(dagSignature({ tasks, edges })).toBe(signatureByDefinition({ tasks, edges }));
  });
});
