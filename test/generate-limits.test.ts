/**
 * `generate`'s size limits bound tasks and edges, not tasks alone: every shape's task and
 * edge formulas match the DAGs it makes, and its `maxSize` keeps both within the caps
 * (map-reduce's edges grow as mappers^2 / 4: a tasks-only cap let `--size 20000` ask for
 * 10^8 edges and crash Node with a heap-limit error after a minute). Sizes beyond the
 * memory of the process are refused before anything is built, naming --size and the shape.
 */
import { describe, expect, it } from 'vitest';
import { DAG_SHAPES, MAX_GENERATED_EDGES, MAX_GENERATED_TASKS, RANDOM_LAYERED_EDGES_PER_TASK, dagShape } from '../src/generate/shapes.js';
import { generateHeapBytes, largestSizeWithin, requireGeneratable } from '../src/generate/generate-budget.js';

const SMALL_SIZES = [1, 2, 3, 4, 5, 7, 9, 10, 16, 17, 33, 50];

describe('shape formulas and limits', () => {
  for (const shape of DAG_SHAPES) {
    it(`${shape.name}: tasks and edges match the formulas, and maxSize keeps both under the caps`, () => {
      for (const size of SMALL_SIZES.filter((s) => s <= shape.maxSize)) {
        const dag = shape.make({ size, seed: 3, unequal: false });
        expect(dag.tasks.length, `${shape.name} --size ${size} tasks`).toBe(shape.tasks(size));
        if (shape.name === 'random-layered') expect(dag.edges.length).toBeLessThanOrEqual(shape.edges(size));
        else expect(dag.edges.length, `${shape.name} --size ${size} edges`).toBe(shape.edges(size));
      }
      expect(shape.tasks(shape.maxSize)).toBeLessThanOrEqual(MAX_GENERATED_TASKS);
      expect(shape.edges(shape.maxSize)).toBeLessThanOrEqual(MAX_GENERATED_EDGES);
    });
  }

  it('map-reduce stops where its edges reach the cap (mappers x reducers), not at 1.5 M mappers', () => {
    const shape = dagShape('map-reduce')!;
    expect(shape.edges(shape.maxSize)).toBeLessThanOrEqual(MAX_GENERATED_EDGES);
    expect(shape.edges(shape.maxSize + 1)).toBeGreaterThan(MAX_GENERATED_EDGES);
  });

  it('random-layered stays under its edges-per-task estimate on larger DAGs and other seeds', () => {
    const shape = dagShape('random-layered')!;
    for (const seed of [1, 2, 3]) {
      const dag = shape.make({ size: 20_000, seed, unequal: false });
      expect(dag.edges.length / dag.tasks.length).toBeLessThan(RANDOM_LAYERED_EDGES_PER_TASK);
    }
  });

  it('a 1,000,000-task random-layered DAG is within the caps (the documented goal; memory permitting)', () => {
    const shape = dagShape('random-layered')!;
    expect(shape.maxSize).toBeGreaterThanOrEqual(1_000_000);
    expect(() => requireGeneratable(shape, 1_000_000, 2, 20_000 * 2 ** 20)).not.toThrow();
  });
});

describe('sizes beyond the memory are refused up front', () => {
  const GB = 2 ** 30;

  it('map-reduce --size 20000 (10^8 edges) is refused by the edge cap, naming --size, the shape and the limit', () => {
    expect(() => requireGeneratable(dagShape('map-reduce')!, 20_000, 6, 4 * GB)).toThrow(/--size 20000 is too large for map-reduce .*at most 5058.*100,005,000 edges/);
  });

  it('map-reduce --size 4000 (4 M edges) is refused for a 4 GB heap with the largest size that fits', () => {
    const shape = dagShape('map-reduce')!;
    const fits = largestSizeWithin(shape, 6, 4 * GB);
    expect(generateHeapBytes(shape, fits, 6)).toBeLessThanOrEqual(4 * GB);
    expect(generateHeapBytes(shape, fits + 1, 6)).toBeGreaterThan(4 * GB);
    expect(() => requireGeneratable(shape, 4000, 6, 4 * GB)).toThrow(new RegExp(`--size 4000 is too large for map-reduce with 6 run\\(s\\).*4,001,000 edges.*at most --size ${fits} here.*--max-old-space-size`));
    expect(() => requireGeneratable(shape, fits, 6, 4 * GB)).not.toThrow();
  });

  it('the estimate grows with runs: fewer runs fit a larger size', () => {
    const shape = dagShape('random-layered')!;
    expect(largestSizeWithin(shape, 2, 4 * GB)).toBeGreaterThan(largestSizeWithin(shape, 6, 4 * GB));
  });
});
