/**
 * `onInstanceDone`: the sweep hands over each instance's rows once they are all recorded, in
 * grid order (the order the summary reads them back in), once per instance; an instance with
 * a run kept from an earlier sweep is not handed over (its rows are not all new); and the
 * charts `bench` draws from them are the summary's own (the same specs: the cache serves them).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { paretoSpec, sweepChartData } from '../src/bench/charts.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import { computeMetrics } from '../src/bench/metrics-registry.js';
import type { PlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import type { RunRow } from '../src/bench/run-row.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner } from '../src/bench/worker-pool.js';
import { FAULTY_PLANNERS_URL, planners as fixturePlanners } from './fixtures/faulty-planners.js';
import { tempDir } from './support/temp-dir.js';

const registry: PlannerRegistry = { planners: fixturePlanners, ref: { moduleUrl: FAULTY_PLANNERS_URL, exportName: 'planners' } };
/** The sweep's instance: dataset, workflow and SLA (its deadlines share the prepared instance). */
const instanceOf = (row: RunRow) => `${row.dataset}/${row.workflow}/${row.sla}`;

describe('sweep onInstanceDone', () => {
  it('hands over each instance\'s rows (every deadline of it) once, complete and in grid order, and not an instance with kept runs', async () => {
    const dir = tempDir('slackline-instance-done');
    const store = new ResultsStore(join(dir, 'results'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-fastest', 'fixture-random'], seeds: [1, 2], deadline: ['none', '1.5x'], workers: 0, mcSamples: 0, results: store.dir });
    const sources = [datasetSource('chain-10'), datasetSource('fan-out-fan-in-32')];
    const handed: (readonly RunRow[])[] = [];
    const outcome = await runSweep({ config, registry, sources, store, runner: createInlineRunner(fixturePlanners), onInstanceDone: (rows) => handed.push(rows) });
    const all = store.readRows(outcome.planned.map((run) => run.key));
    const instances = [...new Set(all.map(instanceOf))];
    expect(handed.map((rows) => instanceOf(rows[0]!)).sort()).toEqual(instances.sort());
    for (const rows of handed) {
      // Oracle: the stored rows of the instance, in the order the summary reads them.
      const stored = all.filter((row) => instanceOf(row) === instanceOf(rows[0]!));
      expect(rows.map((row) => row.key)).toEqual(stored.map((row) => row.key));
      expect(rows.every((row) => row !== undefined)).toBe(true);
      // The same chart specs as the summary's, one per deadline (what makes the early drawing a cache hit).
      const early = sweepChartData(computeMetrics(rows));
      const final = sweepChartData(computeMetrics(all));
      expect(early.instances).toHaveLength(2);
      for (const entry of early.instances) {
        const same = final.instances.find((e) => e.id === entry.id)!;
        expect(paretoSpec(entry.title, entry.points, { styles: early.styles, deadlineMs: entry.deadlineMs })).toEqual(paretoSpec(same.title, same.points, { styles: final.styles, deadlineMs: same.deadlineMs }));
      }
    }
    // A grown sweep: the old instances have kept runs, only the new seed's runs run.
    handed.length = 0;
    await runSweep({ config: { ...config, seeds: [1, 2, 3] }, registry, sources, store, runner: createInlineRunner(fixturePlanners), onInstanceDone: (rows) => handed.push(rows) });
    expect(handed).toEqual([]);
  });
});
