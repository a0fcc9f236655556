import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSebsArtifact } from '../src/import/sebs-artifact.js';
import { importSizeless } from '../src/import/sizeless.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { SlacklineError } from '../src/errors.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** A miniature SeBS artifact tree: aws 503 at two sizes (with rows the filters must drop), azure, gcp 210_node. */
function sebsTree(): string {
  const root = tempDir('sebs');
  const perf = join(root, 'data', 'performance');
  write(join(perf, 'aws_perf_cost', '503', 'perf-cost', 'result.csv'), [
    'memory,type,is_cold,exec_time,connection_time,client_time,provider_time,mem_used',
    '128,warm,False,865700,0.4,1000000,870000,60.0',
    '128,warm,False,900000,0.4,1000000,905000,60.0',
    '128,warm,True,999999,0.4,1000000,905000,60.0', // warm row marked cold: dropped
    '128,cold,True,1500000,0.4,2000000,1600000,60.0', // cold: dropped
    '256,warm,False,424900,0.4,1000000,430000,60.0',
    '256,warm,False,0,0.4,1000000,430000,60.0', // exec_time 0: dropped
  ].join('\n'));
  write(join(perf, 'azure_perf_cost', '503', 'perf-cost', 'result.csv'), 'memory,type,is_cold,exec_time,connection_time,client_time,provider_time,mem_used\n0,burst,False,80463,0.2,3317267,1894851,\n');
  write(join(perf, 'gcp_perf_cost', '210_node', 'perf-cost', 'result.csv'), 'memory,type,is_cold,exec_time,connection_time,client_time,provider_time\n256,warm,False,2000,0.1,500000,300\n');
  return root;
}

describe('importSebsArtifact', () => {
  it('keeps warm rows, converts microseconds to ms, skips azure and gcp 210_node, and validates', () => {
    const { dataset, warnings } = importSebsArtifact(sebsTree());
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
    expect(dataset.workflows.map((w) => w.name)).toEqual(['aws/503.graph-bfs']);
    const tasks = dataset.runs.map((r) => r.metrics.tasks[0]!);
    expect(tasks.map((t) => [t.memoryMb, t.execMs])).toEqual([[128, 865.7], [128, 900], [256, 424.9]]);
    expect(dataset.memoryLadderMb).toEqual([128, 256]);
    expect(dataset.source.license).toBe('NOASSERTION');
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/azure skipped/);
    expect(warnings.some((w) => w.taskId === 'gcp/210.thumbnailer-node')).toBe(true);
    expect(warnings.some((w) => /1 warm row\(s\) dropped/.test(w.message))).toBe(true);
    // Every warning names its file (or the provider folder it skipped).
    expect(warnings.map((w) => w.field.split(': ')[0]).sort()).toEqual(['aws_perf_cost/503/perf-cost/result.csv', 'azure_perf_cost', 'gcp_perf_cost/210_node/perf-cost/result.csv']);
  });

  it('keeps gcp 210_node on request', () => {
    const { dataset } = importSebsArtifact(sebsTree(), { keepUnreliable: true });
    expect(dataset.workflows.map((w) => w.name).sort()).toEqual(['aws/503.graph-bfs', 'gcp/210.thumbnailer-node']);
  });

  it('names the folder when it is not a SeBS artifact, and the file and line of a bad row', () => {
    const empty = tempDir('empty');
    expect(() => importSebsArtifact(empty)).toThrow(SlacklineError);
    expect(() => importSebsArtifact(empty)).toThrow(/no <provider>_perf_cost folders/);
    const root = sebsTree();
    write(join(root, 'data', 'performance', 'aws_perf_cost', '311', 'perf-cost', 'result.csv'), 'memory,type,is_cold,exec_time,connection_time,client_time,provider_time,mem_used\nabc,warm,False,100,0.1,1,100,1\n');
    expect(() => importSebsArtifact(root)).toThrow(/311\/perf-cost\/result.csv line 2: bad memory "abc"/);
    write(join(root, 'data', 'performance', 'aws_perf_cost', '311', 'perf-cost', 'result.csv'), 'memory,type,is_cold,exec_time,connection_time,client_time,provider_time,mem_used\n128,warm,False,3e12,0.1,1,100,1\n');
    expect(() => importSebsArtifact(root)).toThrow(/311\/perf-cost\/result.csv line 2 column exec_time: exec_time 3000000000000 us: more than 30 days/);
  });
});

describe('importSizeless', () => {
  it('reads memory from the folder and duration in ms, one run per row', () => {
    const root = tempDir('sizeless');
    const base = join(root, 'data', 'validation-data-all');
    write(join(base, '128MB', 'Repetition_0', 'linpack.csv'), 'duration,maxRss\n430000,1\n431000,1\n');
    write(join(base, '1024MB', 'Repetition_0', 'linpack.csv'), 'duration,maxRss\n51500,1\nNaN,1\n');
    const { dataset, warnings } = importSizeless(root);
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
    expect(dataset.runs.map((r) => [r.metrics.tasks[0]!.memoryMb, r.metrics.tasks[0]!.execMs])).toEqual([[128, 430000], [128, 431000], [1024, 51500]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/1 row\(s\) dropped at 1024 MB/);
    expect(warnings[0]!.field).toBe('1024MB/Repetition_0/linpack.csv: duration');
  });

  it('warns, naming the file, when a CSV has a header and no rows (that func, size and repetition add nothing)', async () => {
    const root = tempDir('sizeless');
    const base = join(root, 'data', 'validation-data-all');
    write(join(base, '128MB', 'Repetition_0', 'linpack.csv'), 'duration,maxRss\n430000,1\n');
    write(join(base, '128MB', 'Repetition_1', 'linpack.csv'), 'duration,maxRss\n');
    const result = await cli('import', 'sizeless', root, '--out', join(root, 'out.json'));
    expect(result.code).toBe(0);
    expect(result.err).toBe('warning: 128MB/Repetition_1/linpack.csv: duration: no rows (header only): nothing recorded for linpack at 128 MB in Repetition_1 [task linpack]');
  });

  it('refuses a memory folder or duration outside the dataset bounds, naming the folder or file, line and column', async () => {
    for (const folder of ['0MB', '99999999MB']) {
      const root = tempDir('sizeless');
      write(join(root, folder, 'Repetition_0', 'f.csv'), 'duration\n100\n');
      const result = await cli('import', 'sizeless', root, '--out', join(root, 'out.json'));
      expect(result.code).toBe(1);
      expect(result.err).toBe(`slackline/import/sizeless: ${join(root, folder)}: memory ${parseInt(folder, 10)} MB from the folder name: outside 1-1048576 MB (1 MB to 1 TB): not a plausible worker memory size`);
    }
    const root = tempDir('sizeless');
    write(join(root, '512MB', 'Repetition_0', 'f.csv'), 'duration\n100\n1e12\n');
    const result = await cli('import', 'sizeless', root, '--out', join(root, 'out.json'));
    expect(result.code).toBe(1);
    expect(result.err).toBe(`slackline/import/sizeless: ${join(root, '512MB', 'Repetition_0', 'f.csv')} line 3 column duration: duration 1000000000000 ms: more than 30 days: not a plausible time`);
  });

  it('names a missing column', () => {
    const root = tempDir('sizeless');
    write(join(root, '512MB', 'Repetition_0', 'f.csv'), 'time\n1\n');
    expect(() => importSizeless(root)).toThrow(/f.csv: missing column "duration"/);
  });
});
