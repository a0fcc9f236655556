import { describe, expect, it } from 'vitest';
import { dagSignature, namedSink, SIGNATURE_LENGTH } from '../src/dag/dag-signature.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { seededRandom } from '../src/util/random.js';

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('dagSignature', () => {
  const workflow = randomLayered({ tasks: 200, seed: 11 });

  it('is 16 hex digits', () => {
    expect(dagSignature(workflow)).toMatch(new RegExp(`^[0-9a-f]{${SIGNATURE_LENGTH}}$`));
  });

  it('does not depend on the order of tasks and edges, nor on byte counts', () => {
    const reordered = { tasks: shuffled(workflow.tasks, 1), edges: shuffled(workflow.edges, 2).map((e) => ({ ...e, bytes: e.bytes * 3 })) };
    expect(dagSignature(reordered)).toBe(dagSignature(workflow));
  });

  it('changes when one edge changes', () => {
    const [first, ...rest] = workflow.edges;
    const other = workflow.tasks.find((t) => t.id !== first!.from && t.id !== first!.to && !workflow.edges.some((e) => e.from === first!.from && e.to === t.id))!;
    const moved = { tasks: workflow.tasks, edges: [{ ...first!, to: other.id }, ...rest] };
    expect(dagSignature(moved)).not.toBe(dagSignature(workflow));
    expect(dagSignature({ tasks: workflow.tasks, edges: rest })).not.toBe(dagSignature(workflow));
  });

  it('changes when a func changes', () => {
    const renamed = { tasks: workflow.tasks.map((t, i) => (i === 5 ? { ...t, func: `${t.func}-v2` } : t)), edges: workflow.edges };
    expect(dagSignature(renamed)).not.toBe(dagSignature(workflow));
  });

  it('names the first sink in sorted order', () => {
    expect(namedSink({ tasks: [{ id: 'a', func: 'f', inputBytes: 0, outputBytes: 0 }, { id: 'z', func: 'f', inputBytes: 0, outputBytes: 0 }, { id: 'm', func: 'f', inputBytes: 0, outputBytes: 0 }], edges: [{ from: 'a', to: 'z', bytes: 1 }] })).toBe('m');
  });
});
