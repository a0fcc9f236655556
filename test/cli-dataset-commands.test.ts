import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedDatasets } from '../src/dataset/registry.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { datasetJsonText, syntheticDataset } from '../src/generate/synthetic-dataset.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

afterEach(() => {
  process.exitCode = undefined;
});

describe('CLI: datasets, info, validate, generate', () => {
  it('datasets lists every shipped dataset with its task count', async () => {
    const text = await cli('datasets');
    expect(text.code).toBe(0);
    for (const d of shippedDatasets()) expect(text.out).toMatch(new RegExp(`${d.name}\\s.*\\s${d.tasks}\\s`));
    const json = await cli('datasets', '--json');
    expect(JSON.parse(json.out)).toEqual(shippedDatasets());
  });

  it('info --json gives integer tasks and edges, depth, width, funcs, runs and the signature', async () => {
    const { code, out } = await cli('info', 'tree-reduction-unequal-64', '--json');
    expect(code).toBe(0);
    const info = JSON.parse(out);
    expect(info.tasks).toBe(127);
    expect(info.edges).toBe(126);
    expect(Number.isInteger(info.tasks) && Number.isInteger(info.edges)).toBe(true);
    expect(info.depth).toBe(7); // 64 leaves: 6 reduce levels + the leaves
    expect(info.width).toBe(64);
    expect(info.funcs).toEqual(['load-partition', 'reduce']);
    expect(info.runs).toBe(8);
    expect(info.workflows[0].signature).toMatch(/^[0-9a-f]{16}$/);
    const text = await cli('info', 'chain-10');
    expect(text.out).toContain('total: 10 tasks, 9 edges');
  });

  it('info and validate name an unknown dataset clearly and exit 1', async () => {
    const r = await cli('info', 'no-such-dataset');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no-such-dataset" is neither a shipped dataset nor a file/);
    const v = await cli('validate', 'chain-10', '--json');
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out)).toMatchObject({ valid: true, errors: [] });
  });

  it('generate writes the same dataset the library makes, and it validates', async () => {
    const out = join(tempDir('gen'), 'tree.json');
    const r = await cli('generate', 'tree-reduction', '--size', '8', '--unequal', '--runs', '3', '--seed', '5', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ tasks: 15, edges: 14, runs: 3 });
    const expected = syntheticDataset({ shape: 'tree-reduction', size: 8, unequal: true, runs: 3, seed: 5 });
    expect(readFileSync(out, 'utf8')).toBe(datasetJsonText(expected));
    expect(validateDataset(JSON.parse(readFileSync(out, 'utf8')), out).errors).toEqual([]);
    const bad = await cli('generate', 'hexagon', '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown shape "hexagon"/);
  });

  it('every command has --help', async () => {
    for (const command of ['datasets', 'validate', 'info', 'generate']) {
      const r = await cli(command, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: slackline ${command}`);
      expect(r.out).toContain('--json');
    }
  });
});
