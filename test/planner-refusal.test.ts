/**
 * Typed refusals: a planner that declines an instance (`PlannerRefusal`, e.g. exhaustive
 * above a tiny `maxCombinations`) becomes a `refused` sweep row, in the main thread and
 * across the worker-thread boundary (where an Error loses its class and fields), while a
 * planner throwing a plain Error stays `errored`. On the CLI a refusal is still an input
 * error: exit 1 with the message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import type { PlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner, createPlanPool, type JobRunner } from '../src/bench/worker-pool.js';
import { isSlacklineError } from '../src/errors.js';
import { PlannerRefusal, isPlannerRefusal, serializeRefusal } from '../src/planning/planner-refusal.js';
import { planners, REFUSAL_PLANNERS_URL } from './fixtures/refusal-planners.js';
import { cli } from './support/run-cli.js';

const registry: PlannerRegistry = { planners, ref: { moduleUrl: REFUSAL_PLANNERS_URL, exportName: 'planners' } };

let tmp: string;
let pool: JobRunner;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'slackline-refusal-'));
  pool = createPlanPool({ threads: 1 });
});
afterAll(async () => {
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('PlannerRefusal', () => {
  it('is a SlacklineError, and its serialized form (plain data) is still recognised after structured cloning', () => {
    const refusal = new PlannerRefusal('planning/test', 'declined');
    expect(isSlacklineError(refusal)).toBe(true);
    expect(isPlannerRefusal(refusal)).toBe(true);
    const cloned = structuredClone(serializeRefusal(refusal));
    expect(isPlannerRefusal(cloned)).toBe(true);
    expect(cloned.message).toBe('slackline/planning/test: declined');
    expect(isPlannerRefusal(structuredClone(refusal))).toBe(false); // why the plain form exists
    expect(isPlannerRefusal(new Error('declined'))).toBe(false);
  });
});

describe('refusals in the sweep', () => {
  for (const [label, runner] of [['worker thread', () => pool], ['main thread', () => createInlineRunner(planners)]] as const) {
    it(`exhaustive over maxCombinations is refused, a plain Error is errored (${label})`, async () => {
      const store = new ResultsStore(join(tmp, label.replace(' ', '-')));
      const config = resolveSweepConfig(undefined, {
        algorithms: ['exhaustive', 'fixture-plain-error'],
        params: { exhaustive: { maxCombinations: [1, 2_000_000] } },
        deadline: ['none'],
        seeds: [1],
        timeoutMs: 30_000,
        results: store.dir,
      });
      const outcome = await runSweep({ config, registry, sources: [datasetSource('chain-10')], store, runner: runner() });
      expect(outcome.ran).toBe(3);
      const rows = store.readAll();
      const tiny = rows.find((r) => r.planner === 'exhaustive' && r.params['maxCombinations'] === 1)!;
      expect(tiny.state).toBe('refused');
      expect(tiny.error).toContain('maxCombinations=1');
      expect(tiny.error).toContain('slackline/planning/exhaustive');
      const roomy = rows.find((r) => r.planner === 'exhaustive' && r.params['maxCombinations'] === 2_000_000)!;
      expect(roomy.state).toBe('done');
      const plain = rows.find((r) => r.planner === 'fixture-plain-error')!;
      expect(plain.state).toBe('errored');
      expect(plain.error).toContain('it fails');
      expect(outcome.states).toEqual({ refused: 1, done: 1, errored: 1 });
    });
  }
});

describe('refusals on the CLI', () => {
  it('plan with exhaustive over maxCombinations exits 1 with the refusal', async () => {
    const run = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'exhaustive', '--param', 'maxCombinations=1');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/slackline\/planning\/exhaustive: refuses \d+\^\d+ = \d+ level combinations.*maxCombinations=1/);
  });
});
