import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './support/run-cli.js';
import { DATASET_SCHEMA_FILE, datasetSchemaText } from '../src/dataset/dataset-schema-file.js';
import { loadDataset, validateDatasetFile } from '../src/dataset/load-dataset.js';
import { resolveDataset, SHIPPED_DATASETS_DIR, shippedDatasets } from '../src/dataset/registry.js';
import type { Dataset } from '../src/dataset/types.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { workflowOfRun } from '../src/dataset/workflow-of-run.js';
import { SlacklineError } from '../src/errors.js';
import { syntheticDataset } from '../src/generate/synthetic-dataset.js';
import { tempDir } from './support/temp-dir.js';

const small = (): Dataset => structuredClone(syntheticDataset({ shape: 'chain', size: 6, seed: 1, runs: 3 }));
const mutable = (d: Dataset) => d as unknown as { [k: string]: any };

describe('dataset format v1', () => {
  it('checked-in JSON Schema equals the one generated from zod (npm run schema)', () => {
    expect(readFileSync(DATASET_SCHEMA_FILE, 'utf8')).toBe(datasetSchemaText());
  });

  it('the registry lists exactly the dataset files in datasets/, with their kind and task counts', () => {
    const files = readdirSync(SHIPPED_DATASETS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
    expect(shippedDatasets().map((d) => d.file.slice(SHIPPED_DATASETS_DIR.length)).sort()).toEqual(files);
    expect(new Set(shippedDatasets().map((d) => d.name)).size).toBe(shippedDatasets().length);
  });

  it('every shipped dataset validates, and matches its registry entry', () => {
    for (const entry of shippedDatasets()) {
      const { dataset, errors } = validateDatasetFile(entry.file);
      expect(errors, entry.name).toEqual([]);
      expect(dataset!.name).toBe(entry.name);
      expect(dataset!.source.kind).toBe(entry.kind);
      expect(dataset!.workflows.reduce((s, w) => s + w.tasks.length, 0)).toBe(entry.tasks);
      for (const run of dataset!.runs) expect(dataset!.workflows).toContain(workflowOfRun(dataset!, run));
    }
  });

  it('rejects structural mistakes, listing each with its JSON path', () => {
    const d = mutable(small());
    d.runs[2].metrics.tasks[5].execMs = -3;
    d.workflows[0].tasks[1].inputBytes = 'many';
    d.source.licence = 'MIT';
    delete d.name;
    d.version = 2;
    const { dataset, errors } = validateDataset(d, 'broken.json');
    expect(dataset).toBeUndefined();
    const expected = ['$.runs[2].metrics.tasks[5].execMs', '$.workflows[0].tasks[1].inputBytes', '$.source', '$.name', '$.version'];
    expect(errors).toHaveLength(expected.length);
    for (const path of expected) expect(errors.some((e) => e.startsWith(`broken.json: ${path}: `)), path).toBe(true);
    expect(errors.find((e) => e.includes('$.source'))).toContain('licence');
  });

  it('while the structure is broken, still lists the DAG mistakes of sound workflows and malformed run ids', () => {
    const d = mutable(small());
    d.runs[0].makespanMs = 'fast'; // structural
    const tasks = d.workflows[0].tasks;
    tasks[2].id = tasks[1].id; // semantic: duplicate id in an otherwise sound workflow
    d.runs[1].dagId = 'not-a-dag-id'; // semantic: malformed DAG id
    const { dataset, errors } = validateDataset(d, 'mixed.json');
    expect(dataset).toBeUndefined();
    for (const path of ['$.runs[0].makespanMs', '$.workflows[0].tasks[2].id', '$.workflows[0].signature', '$.runs[1].dagId']) {
      expect(errors.some((e) => e.startsWith(`mixed.json: ${path}: `)), path).toBe(true);
    }
    expect(errors.find((e) => e.includes('$.workflows[0].tasks[2].id'))).toContain(`duplicate task id "${tasks[1].id}"`);
    expect(errors.find((e) => e.includes('$.runs[1].dagId'))).toContain('malformed DAG id');
  });

  it('rejects semantic mistakes, listing each with its JSON path', () => {
    const d = mutable(small());
    const taskId = d.workflows[0].tasks[0].id as string;
    d.memoryLadderMb = [128, 512, 256, 1769, 3008, 1024];
    d.runs[0].plan[taskId].memoryMb = 300;
    d.runs[1].metrics.tasks[0].execMsNormalized += 1;
    d.runs[1].metrics.tasks[1].func = 'not-the-func';
    d.runs[2].dagId = 'not-an-id';
    delete d.runs[1].plan[d.workflows[0].tasks[2].id];
    d.runs[1].metrics.workerStarts[0].workerId = 'nobody';
    const { errors } = validateDataset(d, 'bad.json');
    const expected = [
      '$.memoryLadderMb[2]: ladder must be ascending',
      `$.runs[0].plan.load.memoryMb: 300 MB is not in the dataset's memory ladder`,
      '$.runs[1].metrics.tasks[0].execMsNormalized: is ',
      '$.runs[1].metrics.tasks[1].func: is "not-the-func"',
      '$.runs[1].plan: misses 1 task(s)',
      '$.runs[1].metrics.workerStarts[0].workerId: worker "nobody"',
      '$.runs[2].dagId: malformed DAG id',
    ];
    for (const text of expected) expect(errors.some((e) => e.startsWith(`bad.json: ${text}`)), text).toBe(true);
  });

  it('rejects a workflow whose signature is wrong, a cycle, and runs of unknown workflows', () => {
    const d = mutable(small());
    const [a, b] = d.workflows[0].tasks.map((t: { id: string }) => t.id);
    d.workflows[0].edges.push({ from: d.workflows[0].tasks.at(-1).id, to: b, bytes: 1 });
    const { errors } = validateDataset(d, 'cycle.json');
    expect(errors.some((e) => /\$\.workflows\[0\]\.edges: cycle through tasks .*parse-1/.test(e))).toBe(true);
    expect(errors.some((e) => e.includes('$.workflows[0].signature'))).toBe(true);
    expect(a).toBe('load');

    const e = mutable(small());
    e.runs[0].dagId = e.runs[0].dagId.replace(/[0-9a-f]{16}$/, 'ffffffffffffffff');
    expect(validateDataset(e, 'x.json').errors).toEqual([expect.stringContaining('$.runs[0].dagId: signature ffffffffffffffff names no workflow')]);
  });

  it('loadDataset throws one SlacklineError holding every error; missing files and bad JSON are clear', () => {
    const dir = tempDir('ds');
    const bad = mutable(small());
    bad.runs[0].makespanMs = -1;
    bad.runs[1].makespanMs = 'soon';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    writeFileSync(join(dir, 'junk.json'), '{ not json');
    try {
      loadDataset(join(dir, 'bad.json'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SlacklineError);
      expect((error as SlacklineError).details).toHaveLength(2);
      expect((error as SlacklineError).message).toContain('$.runs[1].makespanMs');
    }
    expect(() => loadDataset(join(dir, 'missing.json'))).toThrow(/missing\.json: file not found/);
    expect(() => loadDataset(join(dir, 'junk.json'))).toThrow(/junk\.json: not valid JSON/);
    expect(() => resolveDataset('no-such-dataset')).toThrow(/neither a shipped dataset nor a file/);
    expect(resolveDataset('chain-10')).toBe(join(SHIPPED_DATASETS_DIR, 'chain-10.json'));
  });

  it('CLI validate exits 1 naming the cycle tasks, and lists several mistakes with their paths', () => {
    const dir = tempDir('cli');
    const cyc = mutable(small());
    cyc.workflows[0].edges.push({ from: 'store', to: 'parse-1', bytes: 1 });
    writeFileSync(join(dir, 'cycle.json'), JSON.stringify(cyc));
    const several = mutable(small());
    several.runs[0].metrics.tasks[2].execMs = -1;
    several.runs[1].metrics.transfers[0].direction = 'sideways';
    writeFileSync(join(dir, 'several.json'), JSON.stringify(several));

    const run = (file: string) => {
      const result = spawnCli(['validate', file]);
      return { status: result.code, stderr: result.stderr };
    };
    const cycle = run(join(dir, 'cycle.json'));
    expect(cycle.status).toBe(1);
    const cycleLine = cycle.stderr.split('\n').find((line) => line.includes('cycle through tasks'));
    expect(cycleLine).toContain('$.workflows[0].edges');
    // The cycle is store -> parse-1 -> ... -> store: every task but the source is on it.
    for (const id of cyc.workflows[0].tasks.map((t: { id: string }) => t.id).slice(1)) expect(cycleLine).toContain(id);
    expect(cycleLine).not.toContain('load');
    const many = run(join(dir, 'several.json'));
    expect(many.status).toBe(1);
    expect(many.stderr).toContain('$.runs[0].metrics.tasks[2].execMs');
    expect(many.stderr).toContain('$.runs[1].metrics.transfers[0].direction');
    expect(run(join(SHIPPED_DATASETS_DIR, 'chain-10.json')).status).toBe(0);
  });
});
