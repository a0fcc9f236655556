/**
 * The fitted per-run slowdown recovers the correlation of a lognormal model with a known
 * run effect (rho = sb^2 / (sb^2 + sw^2)), and is 0 without a run effect or with one run.
 */
import { describe, expect, it } from 'vitest';
import { fitRunCorrelation } from '../src/predict/run-correlation.js';
import { randomNormal, seededRandom } from '../src/util/random.js';
import { runOf } from './support/predict-fixtures.js';

function runs(count: number, tasks: number, sb: number, sw: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, r) => {
    const shared = sb * randomNormal(random);
    return runOf(
      Array.from({ length: tasks }, (_, t) => ({ func: `f${t % 4}`, memoryMb: 1024, inputBytes: 1000 * (t % 4), execMs: 100 * (1 + (t % 4)) * Math.exp(shared + sw * randomNormal(random)) })),
      [],
      [],
      r,
    );
  });
}

describe('fitRunCorrelation', () => {
  for (const [sb, sw] of [[0.3, 0.3], [0.2, 0.4], [0.4, 0.1]] as const) {
    it(`recovers rho = ${(sb * sb / (sb * sb + sw * sw)).toFixed(2)} from 200 runs (sb=${sb}, sw=${sw})`, () => {
      const rho = fitRunCorrelation(runs(200, 40, sb, sw, 3));
      expect(Math.abs(rho - (sb * sb) / (sb * sb + sw * sw))).toBeLessThan(0.06);
    });
  }
  it('is 0 without a run effect and with a single run', () => {
    expect(fitRunCorrelation(runs(200, 40, 0, 0.3, 4))).toBeLessThan(0.02);
    expect(fitRunCorrelation(runs(1, 40, 0.3, 0.3, 5))).toBe(0);
  });
});
