/**
 * A stored row is only reused when it was computed from the same inputs: a changed dataset
 * (its workflow or the runs the predictor is fitted on) reruns that dataset's rows, a
 * changed planner reruns that planner's rows, and the CLI says how many stale rows it
 * reran. Errored and timed-out rows are rerun by default; `--keep-errored` keeps them.
 * The planner version is the hash of its source closure: an edit anywhere in the code it
 * imports changes it, an edit elsewhere does not.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetSource, sourceOfDataset } from '../src/bench/bench-instance.js';
import { resolveSweepConfig } from '../src/bench/config.js';
import type { PlannerRegistry } from '../src/bench/planner-registry.js';
import { ResultsStore } from '../src/bench/results-store.js';
import { runSweep } from '../src/bench/sweep.js';
import { createInlineRunner } from '../src/bench/worker-pool.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import { clearSourceVersionCache, importClosure, sourceVersion } from '../src/util/source-version.js';
import { FAULTY_PLANNERS_URL, planners as fixturePlanners } from './fixtures/faulty-planners.js';
import { spawnCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('stale-rows');
const runner = createInlineRunner(fixturePlanners);

/** A registry whose planner versions the test sets (standing for edits of the planners' code). */
function registryWith(versions: Record<string, string>): PlannerRegistry {
  return { planners: fixturePlanners, ref: { moduleUrl: FAULTY_PLANNERS_URL, exportName: 'planners' }, versionOf: (id) => versions[id] ?? 'v1' };
}

describe('stale rows are rerun', () => {
  it('a changed dataset reruns its rows only; the new rows carry the new numbers', async () => {
    const store = new ResultsStore(join(dir, 'data'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-fastest'], deadline: ['none'], workers: 0, results: store.dir });
    const chain = loadDataset(resolveDataset('chain-10'));
    const other = datasetSource('fan-out-fan-in-32');
    const registry = registryWith({});
    const first = await runSweep({ config, registry, sources: [sourceOfDataset('chain', chain), other], store, runner });
    expect([first.ran, first.skipped]).toEqual([2, 0]);
    const before = store.readRows(first.planned.map((r) => r.key));
    const chainBefore = before.find((r) => r.dataset === 'chain')!;

    // The same dataset name, every recorded execution 3x slower: the predictor fits other times.
    const slower = { ...chain, runs: chain.runs.map((run) => ({ ...run, metrics: { ...run.metrics, tasks: run.metrics.tasks.map((t) => ({ ...t, execMs: t.execMs * 3, execMsNormalized: t.execMsNormalized * 3 })) } })) };
    const second = await runSweep({ config, registry, sources: [sourceOfDataset('chain', slower), other], store, runner });
    expect([second.ran, second.skipped, second.reasons.stale]).toEqual([1, 1, 1]);
    const after = store.readRows(second.planned.map((r) => r.key));
    const chainAfter = after.find((r) => r.dataset === 'chain')!;
    expect(chainAfter.key).toBe(chainBefore.key); // same identity, replaced in place
    expect(chainAfter.inputs.data).not.toBe(chainBefore.inputs.data);
    expect(chainAfter.result!.makespanMs).toBeGreaterThan(chainBefore.result!.makespanMs * 2);
    // The other dataset's row was kept untouched.
    expect(after.find((r) => r.dataset === other.name)!.finishedAt).toBe(before.find((r) => r.dataset === other.name)!.finishedAt);
    expect(store.readAll()).toHaveLength(2); // no second file for the same run
  });

  it('a changed planner reruns its rows only', async () => {
    const store = new ResultsStore(join(dir, 'planner'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-fastest', 'fixture-random'], seeds: [1, 2], deadline: ['none'], workers: 0, results: store.dir });
    const sources = [datasetSource('chain-10')];
    const first = await runSweep({ config, registry: registryWith({}), sources, store, runner });
    expect(first.ran).toBe(4);
    const unchanged = await runSweep({ config, registry: registryWith({}), sources, store, runner });
    expect([unchanged.ran, unchanged.skipped]).toEqual([0, 4]);
    const edited = await runSweep({ config, registry: registryWith({ 'fixture-random': 'v2' }), sources, store, runner });
    expect([edited.ran, edited.skipped, edited.reasons.stale]).toEqual([2, 2, 2]);
    const rows = store.readRows(edited.planned.map((r) => r.key));
    expect(rows.filter((r) => r.planner === 'fixture-random').every((r) => r.inputs.planner === 'v2')).toBe(true);
  });

  it('errored and timed-out rows are rerun by default and kept with keepErrored', async () => {
    const store = new ResultsStore(join(dir, 'errored'));
    const config = resolveSweepConfig(undefined, { algorithms: ['fixture-fastest', 'fixture-throws'], deadline: ['none'], workers: 0, results: store.dir });
    const sources = [datasetSource('chain-10')];
    const registry = registryWith({});
    const first = await runSweep({ config, registry, sources, store, runner });
    expect(first.states).toEqual({ done: 1, errored: 1 });
    const again = await runSweep({ config, registry, sources, store, runner });
    expect([again.ran, again.skipped, again.reasons.retry]).toEqual([1, 1, 1]);
    const kept = await runSweep({ config, registry, sources, store, runner, keepErrored: true });
    expect([kept.ran, kept.skipped]).toEqual([0, 2]);
  });

  it('the CLI reruns a row whose dataset file changed and says "1 stale row rerun"', () => {
    const file = join(dir, 'chain-copy.json');
    const chain = JSON.parse(readFileSync(resolveDataset('chain-10'), 'utf8')) as { runs: { makespanMs: number }[] };
    writeFileSync(file, JSON.stringify(chain));
    const results = join(dir, 'cli-results');
    const args = ['bench', '--datasets', file, '--algorithms', 'uniform', '--deadline', 'none', '--workers', '0', '--no-charts', '--results', results];
    expect(spawnCli(args).code).toBe(0);
    const same = spawnCli(args);
    expect(same.stderr).toContain('0 ran (none), 1 skipped');
    expect(same.stderr).not.toContain('stale row');
    chain.runs[0]!.makespanMs += 1; // any change to a run the predictor is fitted on
    writeFileSync(file, JSON.stringify(chain));
    const changed = spawnCli(args);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain('1 ran (1 done), 0 skipped');
    expect(changed.stderr).toContain('slackline/bench: 1 stale row rerun');
  });
});

describe('planner version = hash of its source closure', () => {
  it('changes when the planner or anything it imports changes, not when an unrelated file does', () => {
    const root = tempDir('source-version');
    mkdirSync(join(root, 'algorithms'));
    mkdirSync(join(root, 'src'));
    const write = (path: string, text: string) => writeFileSync(join(root, path), text);
    write('algorithms/mine.ts', "import { helper } from '../src/helper.js';\nimport type { T } from '../src/types.js';\nexport const mine = helper;\n");
    write('src/helper.ts', "import { deep } from './deep.js';\nexport const helper = deep + 1;\n");
    write('src/deep.ts', 'export const deep = 1;\n');
    write('src/types.ts', 'export type T = number;\n');
    write('src/unrelated.ts', 'export const x = 1;\n');
    const entry = join(root, 'algorithms/mine.ts');
    expect(importClosure(entry).map((f) => f.slice(root.length + 1))).toEqual(['algorithms/mine.ts', 'src/deep.ts', 'src/helper.ts', 'src/types.ts']);
    const v1 = sourceVersion(entry, root);
    write('src/unrelated.ts', 'export const x = 2;\n');
    clearSourceVersionCache(); // as a new process would
    expect(sourceVersion(entry, root)).toBe(v1);
    write('src/deep.ts', 'export const deep = 2;\n');
    clearSourceVersionCache();
    const v2 = sourceVersion(entry, root);
    expect(v2).not.toBe(v1);
    write('algorithms/mine.ts', "import { helper } from '../src/helper.js';\nexport const mine = helper * 2;\n");
    clearSourceVersionCache();
    expect(sourceVersion(entry, root)).not.toBe(v2);
  });
});
