import { describe, expect, it } from 'vitest';
import * as ss from 'simple-statistics';
import { parseSla, slaStatistic } from '../src/predict/sla.js';
import { seededRandom, randomNormal } from '../src/util/random.js';
import { SlacklineError } from '../src/errors.js';

describe('parseSla', () => {
  it('accepts mean, median and percentiles', () => {
    expect(parseSla('mean')).toBe('mean');
    expect(parseSla('MEDIAN')).toBe('median');
    expect(parseSla('p90')).toBe('p90');
    expect(parseSla('p99.9')).toBe('p99.9');
    expect(parseSla('p0')).toBe('p0');
    expect(parseSla('p100')).toBe('p100');
  });
  it.each(['', 'avg', 'p', 'p101', 'p-5', '90', 'p9x', 'p1000'])('rejects %j with a clear error', (text) => {
    expect(() => parseSla(text)).toThrow(SlacklineError);
    expect(() => parseSla(text)).toThrow(/bad SLA statistic/);
  });
});

describe('slaStatistic matches simple-statistics on the same samples', () => {
  const random = seededRandom(7);
  const samples = Array.from({ length: 1001 }, () => Math.exp(randomNormal(random)) * 100);
  it('mean', () => expect(slaStatistic(samples, 'mean')).toBeCloseTo(ss.mean(samples), 9));
  it('median', () => expect(slaStatistic(samples, 'median')).toBeCloseTo(ss.median(samples), 9));
  it.each([1, 50, 90, 95, 99, 99.9])('p%s', (p) => {
    expect(slaStatistic(samples, `p${p}`)).toBeCloseTo(ss.quantile(samples, p / 100), 9);
  });
  it('percentiles are ordered', () => {
    expect(slaStatistic(samples, 'p99')).toBeGreaterThan(slaStatistic(samples, 'p90'));
    expect(slaStatistic(samples, 'p90')).toBeGreaterThan(slaStatistic(samples, 'median'));
  });
});
