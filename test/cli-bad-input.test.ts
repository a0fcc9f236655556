/**
 * Bad input, command by command, through the real `node bin/slackline.js` process: each
 * case must exit 1 with a one-message stderr that names the file, field or task at fault,
 * never a stack trace; and a failed write must leave an existing output file whole.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import type { Dataset } from '../src/dataset/types.js';
import { spawnCli, type SpawnedCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = mkdtempSync(join(tmpdir(), 'slackline-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Exit 1, every needle in stderr, and no stack-trace frame (`    at fn (file:line)`). */
function expectCleanFailure(result: SpawnedCli, ...needles: string[]): void {
  expect(result.stderr).not.toMatch(/^\s+at .+:\d+/m);
  expect(result.code, result.stderr).toBe(1);
  for (const needle of needles) expect(result.stderr).toContain(needle);
}

const chain = loadDataset(resolveDataset('chain-10'));
/** chain-10 keeping only the runs where `keep(memory sizes used)` holds. */
function chainWithRuns(keep: (sizes: Set<number>, index: number) => boolean): Dataset {
  return { ...chain, runs: chain.runs.filter((run, i) => keep(new Set(Object.values(run.plan).map((p) => p.memoryMb)), i)) };
}

describe('CLI bad input: exit 1, a message naming the culprit, no stack trace', () => {
  it('outputs: a folder or a file in the way of --out is named, and a failed run leaves the old file whole', () => {
    const folder = join(dir, 'out-folder');
    mkdirSync(folder);
    expectCleanFailure(spawnCli(['generate', 'chain', '--out', folder]), folder, 'is a folder');
    const blocker = file('blocker.txt', 'not a folder');
    expectCleanFailure(spawnCli(['generate', 'chain', '--out', join(blocker, 'x.json')]), join(blocker, 'x.json'), `${blocker} is not a folder`);

    const existing = file('existing.json', '{"keep":"me"}');
    expectCleanFailure(spawnCli(['generate', 'gemm', '--size', '1000000', '--out', existing]), 'gemm', 'too large', 'at most 55');
    expect(readFileSync(existing, 'utf8')).toBe('{"keep":"me"}');
  });

  it('datasets: a folder, bad JSON (also as validate --json) and a cycle are named with the file (and the tasks)', () => {
    expectCleanFailure(spawnCli(['info', dir]), dir, 'is a folder');
    const broken = file('broken.json', '{ not json');
    expectCleanFailure(spawnCli(['info', broken]), broken, 'not valid JSON');
    const validated = spawnCli(['validate', broken, '--json']);
    expectCleanFailure(validated);
    expect(JSON.parse(validated.stdout)).toMatchObject({ file: broken, valid: false, errors: [expect.stringContaining('not valid JSON')] });
    const cyclic = JSON.parse(JSON.stringify(chain)) as { workflows: { edges: { from: string; to: string; bytes: number }[] }[] };
    cyclic.workflows[0]!.edges.push({ from: 'store', to: 'load', bytes: 1 });
    const cycle = file('cycle.json', cyclic);
    expectCleanFailure(spawnCli(['info', cycle]), cycle, '$.workflows[0].edges', 'cycle through tasks', 'store -> load');
  });

  it('predict-eval: one run or one memory size says which evaluation is impossible and why', () => {
    const oneRun = file('one-run.json', chainWithRuns((_, i) => i === 0));
    expectCleanFailure(spawnCli(['predict-eval', oneRun]), oneRun, 'held-out-runs needs at least 2 runs, got 1', 'held-out-memory needs task records at 2 or more memory sizes');
    const oneSize = file('one-size.json', chainWithRuns((sizes) => sizes.size === 1 && sizes.has(1769)));
    expectCleanFailure(spawnCli(['predict-eval', oneSize, '--mode', 'memory']), oneSize, 'got only 1769 MB');
    expectCleanFailure(spawnCli(['predict-eval', 'chain-10', '--power-alpha', 'x']), '--power-alpha', '"x"');
    expectCleanFailure(spawnCli(['predict-eval', 'chain-10', '--power-alpha', '2000']), '--power-alpha', 'bad power exponent 2000: expected a number in [0, 1]');
    expectCleanFailure(spawnCli(['plan', '--dataset', 'chain-10', '--algorithm', 'jolteon', '--deadline', '1.5x', '--param', 'scenarios=0']), 'jolteon: scenarios must be an integer >= 1, got 0');
  });

  it('generate and import refuse an empty --name before writing: the previous output stays whole', () => {
    const out = file('named.json', '{"previous":true}');
    expectCleanFailure(spawnCli(['generate', 'chain', '--name', '', '--out', out]), '--name must not be empty');
    const instance = file('wf.json', {
      name: 'tiny',
      schemaVersion: '1.5',
      workflow: {
        specification: { tasks: [{ name: 'only_ID01', id: 'only_ID01', parents: [], children: [], inputFiles: [], outputFiles: [] }], files: [] },
        execution: { makespanInSeconds: 1, executedAt: '2020-01-01T00:00:00+00:00', tasks: [{ id: 'only_ID01', runtimeInSeconds: 1, command: { program: 'only' } }] },
      },
    });
    expectCleanFailure(spawnCli(['import', 'wfcommons', instance, '--name', '', '--out', out, '--quiet']), out, 'nothing written', '$.name');
    expect(readFileSync(out, 'utf8')).toBe('{"previous":true}');
    expect(spawnCli(['import', 'wfcommons', instance, '--out', out, '--quiet']).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).runs).toHaveLength(1);
  });

  it('importers: a file or a missing folder where a source folder is expected is named', () => {
    const notFolder = file('not-a-folder.json', '{}');
    expectCleanFailure(spawnCli(['import', 'sebs-artifact', notFolder, '--out', join(dir, 'o.json')]), notFolder, 'is a file');
    const missing = join(dir, 'no-such-folder');
    expectCleanFailure(spawnCli(['import', 'sizeless', missing, '--out', join(dir, 'o.json')]), missing, 'folder not found');
    expectCleanFailure(spawnCli(['import', 'wfcommons', resolveDataset('chain-10'), '--out', join(dir, 'o.json')]), 'chain-10.json', '$.schemaVersion');
  });

  it('bench: an unknown planner in --param, an empty list flag and a results path that is a file are named', () => {
    expectCleanFailure(spawnCli(['bench', '--datasets', 'chain-10', '--param', 'nope.x=1', '--results', join(dir, 'results')]), 'unknown planner "nope"');
    expectCleanFailure(spawnCli(['bench', '--datasets', 'chain-10', '--sla', ',', '--results', join(dir, 'results')]), '--sla', 'expected a comma-separated list');
    const results = file('results-file', 'x');
    expectCleanFailure(spawnCli(['bench', '--datasets', 'chain-10', '--algorithms', 'uniform', '--workers', '0', '--no-charts', '--results', results]), results, 'cannot create the results folder');
  });

  it('cpm and Redis: an overflowing duration is shown as written; an unreachable store names its URL', () => {
    const huge = file('huge.json', '{"tasks":[{"id":"a","durationMs":1e309}],"edges":[]}');
    expectCleanFailure(spawnCli(['cpm', huge]), huge, '$.tasks[0].durationMs', 'task "a"', 'Infinity');
    expectCleanFailure(spawnCli(['replay', 'redis://127.0.0.1:1']), 'cannot reach Redis at redis://127.0.0.1:1');
  });
});

describe('sweep grid axes', () => {
  it('a value listed twice is an error naming the axis (it would run the same runs twice into one file)', () => {
    expectCleanFailure(spawnCli(['bench', '--datasets', 'chain-10,chain-10', '--results', tempDir('slackline-dup-axis-')]), 'datasets lists "chain-10" twice');
    expectCleanFailure(spawnCli(['bench', '--datasets', 'chain-10', '--seeds', '1,2,1', '--results', tempDir('slackline-dup-axis-')]), 'seeds lists 1 twice');
  });
  it('parameter values for a planner the sweep does not run are reported unused, not silently dropped', () => {
    const args = (algorithms: string) => ['bench', '--datasets', 'chain-10', '--algorithms', algorithms, '--param', 'orion.samples=10', '--workers', '0', '--no-charts', '--no-report', '--results', tempDir('slackline-unused-params-')];
    const unused = spawnCli(args('uniform'));
    expect(unused.code, unused.stderr).toBe(0);
    expect(unused.stderr).toContain('params for "orion" unused: the sweep runs only uniform');
    const used = spawnCli(args('uniform,orion'));
    expect(used.code, used.stderr).toBe(0);
    expect(used.stderr).not.toContain('params for');
  });
  it('a bad config names the file and each path once', () => {
    const file = join(tempDir('slackline-bad-config-'), 'sweep.json');
    writeFileSync(file, JSON.stringify({ datasets: [3] }));
    const run = spawnCli(['bench', '--config', file]);
    expectCleanFailure(run, `${file}: invalid sweep config: $.datasets[0]:`);
    expect(run.stderr.match(/\$\.datasets\[0\]/g)).toHaveLength(1);
  });
  it('a dataset the config names that does not exist, or does not validate, is named with the config file and its path', () => {
    const folder = tempDir('slackline-config-dataset-');
    const config = join(folder, 'sweep.json');
    writeFileSync(config, JSON.stringify({ datasets: ['chain-10', 'no-such-dataset'] }));
    expectCleanFailure(spawnCli(['bench', '--config', config, '--results', join(folder, 'results')]), `${config} $.datasets[1]: "no-such-dataset" is neither a shipped dataset nor a file`);
    const broken = file('broken-dataset.json', { format: 'slackline-dataset' });
    writeFileSync(config, JSON.stringify({ datasets: [broken] }));
    expectCleanFailure(spawnCli(['bench', '--config', config, '--results', join(folder, 'results')]), `${config} $.datasets[0]: ${broken}: invalid dataset`, `${broken}: $.version`);
    // --datasets overrides the config: its own names are the user's, not the config's.
    const flagged = spawnCli(['bench', '--config', config, '--datasets', 'no-such-dataset', '--results', join(folder, 'results')]);
    expectCleanFailure(flagged, '"no-such-dataset" is neither a shipped dataset nor a file');
    expect(flagged.stderr).not.toContain(config);
  });
});
