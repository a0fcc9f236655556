/**
 * The SeBS-Flow importer: the CSV reader (by header name, quotes, CRLF), the definition's
 * phases (map, loop, parallel, compensations), and, on the shared artifact (skipped loudly
 * when absent; it has no license, so it is never shipped), runs at several memory sizes
 * checked against an independent reading of the CSV, the billed-memory mismatch, the 2022
 * and 2024 column layouts, and cold starts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { isSlacklineError } from '../src/errors.js';
import { definitionPhases } from '../src/import/sebs-flow/definition-phases.js';
import { importSebsFlow } from '../src/import/sebs-flow/import-sebs-flow.js';
import { readCsv } from '../src/import/sebs-flow/read-csv.js';
import { sharedDataset } from './support/shared-datasets.js';

describe('SeBS-Flow CSV reader and definitions', () => {
  it('reads columns by header name, with quoted fields and CRLF', () => {
    const table = readCsv('b,a,"c,d"\r\n1,"x, ""y""",3\r\n4,5,6\r\n', 't.csv');
    expect(table.header).toEqual(['b', 'a', 'c,d']);
    const a = table.column('a')!;
    expect(table.rows.map((r) => r[a])).toEqual(['x, "y"', '5']);
    expect(table.column('missing')).toBeUndefined();
    expect(() => readCsv('a,b\n1\n', 'short.csv')).toThrow(/short\.csv.*line 2.*1 fields/);
  });

  it('turns a definition into phases: map, parallel branches, loop, and compensations after a late failure', () => {
    const phases = definitionPhases(
      {
        root: 'a',
        states: {
          a: { type: 'task', func_name: 'a', next: 'm' },
          m: { type: 'map', root: 'inner', states: { inner: { type: 'task', func_name: 'work' } }, next: 'p' },
          p: { type: 'parallel', parallel_functions: [{ root: 'x', states: { x: { type: 'task', func_name: 'x' } } }, { root: 'y', states: { y: { type: 'task', func_name: 'y' } } }], next: 'l' },
          l: { type: 'loop', func_name: 'rebase', failure: 'undo2' },
          undo1: { type: 'task', func_name: 'undo1' },
          undo2: { type: 'task', func_name: 'undo2', next: 'undo1' },
        },
      },
      'def.json',
    );
    expect(phases).toEqual([
      [{ func: 'a', kind: 'single' }],
      [{ func: 'work', kind: 'map' }],
      [{ func: 'x', kind: 'single' }, { func: 'y', kind: 'single' }],
      [{ func: 'rebase', kind: 'loop' }],
      [{ func: 'undo2', kind: 'single' }],
      [{ func: 'undo1', kind: 'single' }],
    ]);
    expect(() => definitionPhases({ root: 'a', states: { a: { type: 'switch' } } }, 'def.json')).toThrow(/def\.json \$\.states\.a\.type/);
  });
});

const HEADER = 'func,start,end,request_id,container_id,is_cold,provider.init_duration,billing.mem,blob.download,blob.upload';
const CSV = 'perf-cost/600.tiny/aws/warm_256_processed.csv';

/**
 * A miniature sebs-flow-artifact: benchmark 600.tiny, `split -> work`, one AWS CSV at
 * 256 MB; `rows` replace the default request r1 (lines 2 and 3 of the CSV).
 */
function miniArtifact(rows = ['split,100.0,100.5,r1,c1,True,120000,256,10,20', 'work,100.6,101.0,r1,c2,False,0,256,20,5']): string {
  const root = tempDir('sebs-flow');
  mkdirSync(join(root, 'workflow-definitions', '600.tiny'), { recursive: true });
  writeFileSync(join(root, 'workflow-definitions', '600.tiny', 'definition.json'), JSON.stringify({ root: 's', states: { s: { type: 'task', func_name: 'split', next: 'w' }, w: { type: 'task', func_name: 'work' } } }));
  mkdirSync(join(root, 'perf-cost', '600.tiny', 'aws'), { recursive: true });
  writeFileSync(join(root, CSV), [HEADER, ...rows, ''].join('\n'));
  return root;
}

describe('import sebs-flow on a hand-made artifact: bad cells name the file, line and column', () => {
  it('imports the miniature artifact', async () => {
    const root = miniArtifact();
    const result = await cli('import', 'sebs-flow', root, '--benchmark', '600.tiny', '--out', join(root, 'out.json'), '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).runs).toBe(1);
  });

  it('refuses a byte count that is not a number (no silent 0 bytes), and writes nothing', async () => {
    const root = miniArtifact(['split,100.0,100.5,r1,c1,True,120000,256,10,20', 'work,100.6,101.0,r1,c2,False,0,256,20,abc']);
    const out = join(root, 'out.json');
    const result = await cli('import', 'sebs-flow', root, '--benchmark', '600.tiny', '--out', out);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`slackline/import/sebs-flow: ${CSV} line 3 column blob.upload: blob.upload is "abc"; expected a number >= 0`);
    expect(existsSync(out)).toBe(false);
    const negative = miniArtifact(['split,100.0,100.5,r1,c1,True,120000,256,-1,20', 'work,100.6,101.0,r1,c2,False,0,256,20,5']);
    expect((await cli('import', 'sebs-flow', negative, '--benchmark', '600.tiny', '--out', out)).err).toBe(`slackline/import/sebs-flow: ${CSV} line 2 column blob.download: blob.download is "-1"; expected a number >= 0`);
    const init = miniArtifact(['split,100.0,100.5,r1,c1,True,n/a,256,10,20', 'work,100.6,101.0,r1,c2,False,0,256,20,5']);
    expect((await cli('import', 'sebs-flow', init, '--benchmark', '600.tiny', '--out', out)).err).toContain(`${CSV} line 2 column provider.init_duration: provider.init_duration is "n/a"`);
  });

  it('refuses implausible times, bytes and memory sizes where they are read, naming file, line and column or request', async () => {
    const failing = async (rows: string[]) => {
      const root = miniArtifact(rows);
      const result = await cli('import', 'sebs-flow', root, '--benchmark', '600.tiny', '--out', join(root, 'out.json'));
      expect(result.code).toBe(1);
      expect(existsSync(join(root, 'out.json'))).toBe(false);
      return result.err;
    };
    const split = 'split,100.0,100.5,r1,c1,True,120000,256,10,20';
    expect(await failing([split, 'work,100.6,1e30,r1,c2,False,0,256,20,5'])).toBe(`slackline/import/sebs-flow: ${CSV} line 3 column end: end - start is 1e+30 s: more than 30 days: not a plausible time`);
    expect(await failing([split, 'work,100.6,101.0,r1,c2,False,0,256,20,2e15'])).toBe(`slackline/import/sebs-flow: ${CSV} line 3 column blob.upload: blob.upload is 2e15: more than 1 PB (1000000000000000 bytes): not a plausible byte count`);
    expect(await failing([split, 'work,100.6,101.0,r1,c2,False,0,99999999,20,5'])).toBe(`slackline/import/sebs-flow: ${CSV} line 3 column billing.mem: billing.mem is 99999999: outside 1-1048576 MB (1 MB to 1 TB): not a plausible worker memory size`);
    // Rows under 30 days each, 40 days apart: named by request.
    expect(await failing([split, 'work,3456100.6,3456101.0,r1,c2,False,0,256,20,5'])).toBe(`slackline/import/sebs-flow: ${CSV} column request_id: request r1 runs from start 100 to end 3456101 (3456001 s): more than 30 days: not a plausible time`);
  });

  it('counts an empty byte cell as 0 bytes and warns, naming the file', async () => {
    const root = miniArtifact(['split,100.0,100.5,r1,c1,True,120000,256,,20', 'work,100.6,101.0,r1,c2,False,0,256,20,5']);
    const result = await cli('import', 'sebs-flow', root, '--benchmark', '600.tiny', '--out', join(root, 'out.json'));
    expect(result.code).toBe(0);
    expect(result.err.split('\n')).toContain(`warning: ${CSV}: blob.download: 1 row(s) with an empty blob.download: counted as 0 bytes`);
  });
});

const artifact = sharedDataset('sebs-flow-artifact');

/** Independent reading of one CSV: rows of each request, by header name. */
function requestsOf(file: string): Map<string, { func: string; start: number; end: number }[]> {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const at = (name: string) => cols.indexOf(name);
  const out = new Map<string, { func: string; start: number; end: number }[]>();
  for (const line of lines) {
    const cells = line.split(',');
    const request = cells[at('request_id')]!;
    if (!out.has(request)) out.set(request, []);
    out.get(request)!.push({ func: cells[at('func')]!, start: Number(cells[at('start')]), end: Number(cells[at('end')]) });
  }
  return out;
}

describe.skipIf(!artifact)('SeBS-Flow importer on the shared artifact', () => {
  it('imports 660.map-reduce on AWS: one run per request at several memory sizes, matching the CSV', () => {
    const { dataset, warnings } = importSebsFlow(artifact!, { benchmark: '660.map-reduce', provider: 'aws' });
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
    expect(dataset.workflows).toHaveLength(1);
    const wf = dataset.workflows[0]!;
    expect(wf.tasks.map((t) => t.func).sort()).toEqual(['map', 'map', 'map', 'reduce', 'reduce', 'reduce', 'reduce', 'reduce', 'shuffle', 'split']);
    const files = dataset.source.files!;
    // Memory sizes: those of the file names (660 on AWS bills what the name says).
    const memories = new Set(dataset.runs.map((r) => Object.values(r.plan)[0]!.memoryMb));
    const named = new Set(files.map((f) => Number(/_(\d+)_processed\.csv$/.exec(f)![1])));
    expect([...memories].sort((a, b) => a - b)).toEqual([...named].sort((a, b) => a - b));
    expect(memories.size).toBeGreaterThanOrEqual(3);
    const total = files.reduce((n, f) => n + requestsOf(join(artifact!, f)).size, 0);
    expect(dataset.runs).toHaveLength(total);
    // One request checked by hand: makespan and the split's time.
    const file = join(artifact!, 'perf-cost/660.map-reduce/aws/2024/burst_256_processed.csv');
    const rows = requestsOf(file).get('cfdf1268')!;
    const start = Math.min(...rows.map((r) => r.start));
    const makespan = (Math.max(...rows.map((r) => r.end)) - start) * 1000;
    const run = dataset.runs.find((r) => r.dagId.startsWith(`${Math.round(start * 1000)}_`) && Math.abs(r.makespanMs - makespan) < 1e-6);
    expect(run).toBeDefined();
    const split = rows.find((r) => r.func === 'split')!;
    const rec = run!.metrics.tasks.find((t) => t.taskId === 'split')!;
    expect(rec.execMs).toBeCloseTo((split.end - split.start) * 1000, 6);
    expect(rec.startMs).toBeCloseTo((split.start - start) * 1000, 6);
    expect(rec.memoryMb).toBe(256);
    expect(rec.inputBytes).toBe(23000); // blob.download of the 2024 layout
    // 2022 files (13 columns) are read too, with their missing byte columns warned.
    expect(files.some((f) => f.includes('/2022/'))).toBe(true);
    expect(warnings.some((w) => w.field.includes('/2022/') && w.message.includes('blob'))).toBe(true);
    // AWS reports cold-start init durations.
    const starts = dataset.runs.flatMap((r) => r.metrics.workerStarts);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((s) => s.kind === 'cold' && s.ms > 0)).toBe(true);
  });

  it('uses the billed memory when it differs from the file name (trip-booking AWS 2024: _128 files billed 256 MB) and warns', () => {
    const { dataset, warnings } = importSebsFlow(artifact!, { benchmark: '6200.trip-booking', provider: 'aws' });
    const memories = new Set(dataset.runs.flatMap((r) => Object.values(r.plan).map((p) => p.memoryMb)));
    expect([...memories]).toEqual([256]);
    expect(warnings.filter((w) => w.field.endsWith('billing.mem') && w.message.includes('256 MB differs'))).toHaveLength(2);
    // The recorded runs never call `confirm`: the compensations follow the reservations.
    const wf = dataset.workflows[0]!;
    expect(wf.tasks.map((t) => t.id)).toEqual(['reserve_hotel', 'reserve_rental', 'reserve_flight', 'cancel_flight', 'cancel_rental', 'cancel_hotel']);
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
  });

  it('chains a loop state (680.excamera rebase) and reads GCP files', () => {
    const { dataset } = importSebsFlow(artifact!, { benchmark: '680.excamera', provider: 'gcp', modes: ['warm'] });
    const edges = dataset.workflows[0]!.edges;
    for (let k = 1; k < 5; k++) expect(edges).toContainEqual(expect.objectContaining({ from: `rebase-${k - 1}`, to: `rebase-${k}` }));
    expect(edges.filter((e) => e.to === 'rebase-1')).toHaveLength(1);
    expect(dataset.source.files!.every((f) => f.includes('/gcp/') && f.includes('warm_'))).toBe(true);
  });

  it('fails clearly on an unknown benchmark', () => {
    try {
      importSebsFlow(artifact!, { benchmark: '999.nothing' });
      throw new Error('expected an error');
    } catch (error) {
      expect(isSlacklineError(error)).toBe(true);
      expect((error as Error).message).toContain('perf-cost/999.nothing');
    }
  });
});
