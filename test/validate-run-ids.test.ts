/**
 * No two runs of a dataset share a `dagId` (the Redis store keys runs by it, so a repeated
 * run used to load as N runs and export as N - 1): the repeat is an error at its own JSON
 * path naming the first, in the full checks and in the checks that run on a broken file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../src/dataset/registry.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

type Obj = Record<string, unknown>;
const chain = () => JSON.parse(readFileSync(resolveDataset('chain-10'), 'utf8')) as Obj & { runs: Obj[] };

describe('run ids', () => {
  it('rejects a run repeated under the same dagId, naming both places', () => {
    const d = chain();
    const n = d.runs.length;
    d.runs.push(structuredClone(d.runs[1]!));
    const id = d.runs[1]!['dagId'] as string;
    expect(validateDataset(d, 'dup.json').errors).toEqual([`dup.json: $.runs[${n}].dagId: "${id}" is also the id of $.runs[1]; every run needs its own id (the same trace imported twice?)`]);
    // The dataset as shipped has distinct ids and stays valid.
    expect(validateDataset(chain(), 'ok.json').errors).toEqual([]);
  });

  it('still names the repeat while another part of the file is broken', () => {
    const d = chain();
    d.runs.push(structuredClone(d.runs[0]!));
    d['memoryLadderMb'] = 'not a ladder';
    const errors = validateDataset(d, 'broken.json').errors;
    expect(errors.some((e) => e.startsWith('broken.json: $.memoryLadderMb'))).toBe(true);
    expect(errors).toContain(`broken.json: $.runs[${d.runs.length - 1}].dagId: "${d.runs[0]!['dagId'] as string}" is also the id of $.runs[0]; every run needs its own id (the same trace imported twice?)`);
  });

  it('slackline validate exits 1 on it', async () => {
    const d = chain();
    d.runs.push(structuredClone(d.runs[2]!));
    const file = join(tempDir('slackline-run-ids-'), 'dup.json');
    writeFileSync(file, JSON.stringify(d));
    const { code, err, out } = await cli('validate', file);
    expect(code).toBe(1);
    expect(`${out}${err}`).toContain(`${file}: $.runs[${d.runs.length - 1}].dagId: "${d.runs[2]!['dagId'] as string}" is also the id of $.runs[2]`);
  });
});
