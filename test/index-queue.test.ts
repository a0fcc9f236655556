/**
 * The propagation queue pops the smallest waiting index, never the same index twice while
 * queued, in both of its modes (binary heap while small, flag scan once large), under
 * random pushes, pops and clears checked against a sorted reference.
 */
import { describe, expect, it } from 'vitest';
import { IndexQueue } from '../src/timing/index-queue.js';
import { randomInt, seededRandom } from '../src/util/random.js';

describe('IndexQueue', () => {
  it('pops in increasing index order, without duplicates, in heap and scan modes', () => {
    const random = seededRandom(99);
    for (let round = 0; round < 300; round++) {
      const capacity = randomInt(random, 1, 2000);
      const queue = new IndexQueue(capacity);
      const reference = new Set<number>();
      const operations = randomInt(random, 1, 3000);
      const pushBias = random(); // some rounds grow past the scan threshold, some stay small
      let lastPopped = -1;
      for (let k = 0; k < operations; k++) {
        if (random() < 0.3 + 0.6 * pushBias) {
          // Mostly above the last popped index (as in propagation), sometimes anywhere.
          const i = random() < 0.9 && lastPopped + 1 < capacity ? randomInt(random, lastPopped + 1, capacity - 1) : randomInt(random, 0, capacity - 1);
          queue.push(i);
          reference.add(i);
        } else {
          const expected = reference.size === 0 ? -1 : Math.min(...reference);
          expect(queue.pop()).toBe(expected);
          reference.delete(expected);
          lastPopped = expected;
        }
      }
      // Half the rounds empty the queue with `clear` (a stopped trial): then it holds nothing, and takes every index again.
      if (round % 2 === 1) {
        queue.clear();
        expect(queue.pop()).toBe(-1);
        reference.clear();
        for (let k = randomInt(random, 0, 200); k > 0; k--) {
          const i = randomInt(random, 0, capacity - 1);
          queue.push(i);
          reference.add(i);
        }
      }
      const rest: number[] = [];
      for (let i = queue.pop(); i >= 0; i = queue.pop()) rest.push(i);
      expect(rest).toEqual([...reference].sort((a, b) => a - b));
      expect(queue.pop()).toBe(-1);
    }
  });

  it('switches to scanning on a large cone and back to the heap afterwards', () => {
    const queue = new IndexQueue(1000);
    for (let i = 999; i >= 0; i -= 3) queue.push(i); // 334 waiting: scan mode
    const popped: number[] = [];
    for (let i = queue.pop(); i >= 0; i = queue.pop()) popped.push(i);
    expect(popped).toEqual(Array.from({ length: 334 }, (_, k) => k * 3));
    queue.push(7);
    queue.push(3);
    queue.push(7);
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual([3, 7, -1]);
  });
});
