/**
 * The WfCommons importer: 1.4 vs 1.5 shapes, edge bytes summed from several files,
 * external inputs and executables, zero runtimes, missing fields naming the field, several
 * instances of one workflow, dates, determinism; and every real file in the shared copy
 * imports or fails with a named reason.
 */
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from './support/run-cli.js';
import type { Dataset } from '../src/dataset/types.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { requireValidImport } from '../src/import/require-valid-import.js';
import { isSlacklineError } from '../src/errors.js';
import type { ImportWarning } from '../src/import/import-warning.js';
import { formatWarnings } from '../src/import/import-warning.js';
import { parseWfDate } from '../src/import/wfcommons/dates.js';
import { importWfCommons, readWfInstanceText } from '../src/import/wfcommons/import-wfcommons.js';
import { wfInstancesToDataset } from '../src/import/wfcommons/to-dataset.js';
import { sharedDataset } from './support/shared-datasets.js';
import { tempDir } from './support/temp-dir.js';

/*
 * The hand-made workflow, in both shapes:
 *
 *   split --(a.1 100 B + a.2 50 B)--> work --(w.out 7 B)--> merge
 *   ext.dat (30 B, external) and the executable "work" (999 B) are inputs of `work`;
 *   merge ran in 0 s.
 */
function instance15(runtimes: [number, number, number | undefined] = [1.5, 2.25, 0]): Record<string, unknown> {
  const exec = (id: string, program: string, runtime: number | undefined) => ({ id, ...(runtime === undefined ? {} : { runtimeInSeconds: runtime }), command: { program, arguments: [] } });
  return {
    name: 'tiny',
    schemaVersion: '1.5',
    workflow: {
      specification: {
        tasks: [
          { name: 'split_ID01', id: 'split_ID01', parents: [], children: ['work_ID02'], inputFiles: [], outputFiles: ['a.1', 'a.2'] },
          { name: 'work_ID02', id: 'work_ID02', parents: ['split_ID01'], children: ['merge_ID03'], inputFiles: ['a.1', 'a.2', 'ext.dat', 'work'], outputFiles: ['w.out'] },
          { name: 'merge_ID03', id: 'merge_ID03', parents: ['work_ID02'], children: [], inputFiles: ['w.out'], outputFiles: ['final'] },
        ],
        files: [
          { id: 'a.1', sizeInBytes: 100 },
          { id: 'a.2', sizeInBytes: 50 },
          { id: 'ext.dat', sizeInBytes: 30 },
          { id: 'work', sizeInBytes: 999 },
          { id: 'w.out', sizeInBytes: 7 },
          { id: 'final', sizeInBytes: 3 },
        ],
      },
      execution: {
        makespanInSeconds: 10,
        executedAt: '20200402T045538+0000',
        tasks: [exec('split_ID01', 'split', runtimes[0]), exec('work_ID02', 'work', runtimes[1]), exec('merge_ID03', '/usr/bin/merge', runtimes[2])],
      },
    },
  };
}

function instance14(): Record<string, unknown> {
  const f = (link: string, name: string, sizeInBytes: number) => ({ link, name, sizeInBytes });
  return {
    name: 'tiny',
    schemaVersion: '1.4',
    wms: { name: 'Makeflow' },
    workflow: {
      executedAt: '2020-04-02T04:55:38+00:00',
      makespanInSeconds: 10,
      tasks: [
        { name: 'split_ID01', id: 'ID01', type: 'compute', parents: [], files: [f('output', 'a.1', 100), f('output', 'a.2', 50)], command: { program: 'split' }, runtimeInSeconds: 1.5, machine: 'n1' },
        // 1.4 links by NAME; `children` is absent here (the schema does not have it).
        { name: 'work_ID02', id: 'ID02', type: 'compute', parents: ['split_ID01'], files: [f('input', 'a.1', 100), f('input', 'a.2', 50), f('input', 'ext.dat', 30), f('input', 'work', 999), f('output', 'w.out', 7)], command: { program: 'work' }, runtimeInSeconds: 2.25, machine: 'n1' },
        { name: 'merge_ID03', id: 'ID03', type: 'compute', parents: ['work_ID02'], files: [f('input', 'w.out', 7), f('output', 'final', 3)], command: { program: '/usr/bin/merge' }, runtimeInSeconds: 0, machine: 'n2' },
      ],
    },
  };
}

function convert(json: unknown, file = 'tiny.json') {
  const warnings: ImportWarning[] = [];
  const input = readWfInstanceText(JSON.stringify(json), file, warnings);
  const dataset = wfInstancesToDataset([input], {}, warnings);
  return { dataset, warnings };
}

function expectNamedError(run: () => unknown, ...needles: string[]): void {
  try {
    run();
  } catch (error) {
    expect(isSlacklineError(error)).toBe(true);
    for (const needle of needles) expect((error as Error).message).toContain(needle);
    return;
  }
  throw new Error('expected a SlacklineError');
}

describe('WfCommons importer on hand-made instances', () => {
  it('reads 1.5: edge bytes summed from several files, external input counted, executable left out', () => {
    const { dataset, warnings } = convert(instance15());
    const wf = dataset.workflows[0]!;
    expect(wf.edges).toContainEqual({ from: 'split_ID01', to: 'work_ID02', bytes: 150 });
    expect(wf.edges).toContainEqual({ from: 'work_ID02', to: 'merge_ID03', bytes: 7 });
    const work = wf.tasks.find((t) => t.id === 'work_ID02')!;
    expect(work).toEqual({ id: 'work_ID02', func: 'work', inputBytes: 180, outputBytes: 7 });
    expect(wf.tasks.find((t) => t.id === 'merge_ID03')!.func).toBe('merge');
    expect(warnings.some((w) => w.taskId === 'work_ID02' && w.message.includes('"work" looks like the executable'))).toBe(true);
    expect(validateDataset(JSON.parse(JSON.stringify(dataset))).errors).toEqual([]);
  });

  it('reads 1.4 (tasks keyed by name, inline files, no children) into the same workflow and run as 1.5', () => {
    const a = convert(instance15()).dataset;
    const b = convert(instance14()).dataset;
    expect(b.workflows[0]!.signature).toBe(a.workflows[0]!.signature);
    expect(b.workflows[0]!.tasks).toEqual(a.workflows[0]!.tasks);
    expect(b.workflows[0]!.edges).toEqual(a.workflows[0]!.edges);
    expect(b.runs[0]!.metrics.tasks).toEqual(a.runs[0]!.metrics.tasks);
    // Both dates (basic ISO and extended ISO) name the same instant.
    expect(b.runs[0]!.dagId.split('_')[0]).toBe(String(Date.UTC(2020, 3, 2, 4, 55, 38)));
    expect(a.runs[0]!.dagId.split('_')[0]).toBe(String(Date.UTC(2020, 3, 2, 4, 55, 38)));
  });

  it('records runtimes at the chosen memory, normalized, with derived start times and the recorded makespan', () => {
    const { dataset } = convert(instance15());
    const run = dataset.runs[0]!;
    const rec = new Map(run.metrics.tasks.map((t) => [t.taskId, t]));
    expect(rec.get('work_ID02')!.execMs).toBe(2250);
    expect(rec.get('work_ID02')!.memoryMb).toBe(1769);
    expect(rec.get('work_ID02')!.execMsNormalized).toBeCloseTo((2250 * 1769) / 512, 9);
    expect(rec.get('work_ID02')!.startMs).toBe(1500);
    expect(rec.get('merge_ID03')!.startMs).toBe(3750);
    expect(run.makespanMs).toBe(10_000);
    expect(run.plan['work_ID02']).toEqual({ workerId: 'work_ID02', memoryMb: 1769 });
    expect(run.metrics.transfers).toEqual([]);
    expect(dataset.memoryLadderMb).toContain(1769);
  });

  it('keeps a zero runtime as 0 ms and warns with the task id', () => {
    const { dataset, warnings } = convert(instance15());
    expect(dataset.runs[0]!.metrics.tasks.find((t) => t.taskId === 'merge_ID03')!.execMs).toBe(0);
    const zero = warnings.filter((w) => w.field.endsWith('runtimeInSeconds'));
    expect(zero.map((w) => w.taskId)).toEqual(['merge_ID03']);
    expect(formatWarnings(warnings).join('\n')).toContain('[task merge_ID03]');
  });

  it('keeps an edge listed on one side only (parents/children disagree) and warns with the task id', () => {
    const json = instance15();
    const tasks = (json.workflow as { specification: { tasks: { children: string[] }[] } }).specification.tasks;
    tasks[1]!.children = []; // work no longer lists merge as a child; merge still lists work as parent
    const { dataset, warnings } = convert(json);
    expect(dataset.workflows[0]!.edges).toContainEqual({ from: 'work_ID02', to: 'merge_ID03', bytes: 7 });
    expect(warnings.filter((w) => w.field.endsWith('children')).map((w) => w.taskId)).toEqual(['work_ID02']);
  });

  it('imports a 100,000-task chain without recursion or argument-list overflow', () => {
    const n = 100_000;
    const id = (i: number) => `t_ID${i}`;
    const json = {
      name: 'long',
      schemaVersion: '1.5',
      workflow: {
        specification: {
          tasks: Array.from({ length: n }, (_, i) => ({ name: id(i), id: id(i), parents: i > 0 ? [id(i - 1)] : [], children: i < n - 1 ? [id(i + 1)] : [], inputFiles: i > 0 ? [`f${i - 1}`] : [], outputFiles: [`f${i}`] })),
          files: Array.from({ length: n }, (_, i) => ({ id: `f${i}`, sizeInBytes: 1 })),
        },
        execution: { makespanInSeconds: n, executedAt: '2020-12-25T20:10:08+00:00', tasks: Array.from({ length: n }, (_, i) => ({ id: id(i), runtimeInSeconds: 0.001, command: { program: 'step' } })) },
      },
    };
    const { dataset } = convert(json, 'long.json');
    const last = dataset.runs[0]!.metrics.tasks.find((t) => t.taskId === id(n - 1))!;
    expect(last.startMs).toBeCloseTo((n - 1) * 1, 3);
    expect(dataset.workflows[0]!.edges).toHaveLength(n - 1);
  });

  it('reports file sizes that all look like kB x 1000, and keeps them as bytes', () => {
    expect(convert(instance15()).warnings.some((w) => w.field.endsWith('sizeInBytes'))).toBe(false);
    const scaled = instance15();
    const files = (scaled.workflow as { specification: { files: { sizeInBytes: number }[] } }).specification.files;
    for (const f of files) f.sizeInBytes *= 1000;
    const { dataset, warnings } = convert(scaled);
    expect(warnings.filter((w) => w.field.endsWith('files[].sizeInBytes'))).toHaveLength(1);
    expect(dataset.workflows[0]!.edges).toContainEqual({ from: 'split_ID01', to: 'work_ID02', bytes: 150_000 });
  });

  it('fails naming the field when a runtime is missing, the version is unknown, or a parent is unknown', () => {
    expectNamedError(() => convert(instance15([1, undefined as unknown as number, 1])), '$.workflow.execution.tasks[1].runtimeInSeconds', 'work_ID02', 'tiny.json');
    const noVersion = instance15();
    delete noVersion.schemaVersion;
    expectNamedError(() => convert(noVersion), '$.schemaVersion');
    expectNamedError(() => convert({ ...instance15(), schemaVersion: '2.0' }), '$.schemaVersion', 'unsupported');
    const badParent = instance14();
    ((badParent.workflow as { tasks: { parents: string[] }[] }).tasks[2]!).parents = ['nope'];
    expectNamedError(() => convert(badParent), '$.workflow.tasks[2].parents[0]', 'unknown parent "nope"');
    const noExecution = instance15();
    delete (noExecution.workflow as Record<string, unknown>).execution;
    expectNamedError(() => convert(noExecution), '$.workflow.execution');
    expectNamedError(() => readWfInstanceText('{ not json', 'broken.json', []), 'broken.json', 'not JSON');
    const cyclic = instance15();
    ((cyclic.workflow as { specification: { tasks: { parents: string[] }[] } }).specification.tasks[0]!).parents = ['merge_ID03'];
    expectNamedError(() => convert(cyclic), '$.workflow.specification.tasks[].parents', 'cycle');
  });

  it('makes one workflow with several runs from instances of the same structure, several workflows otherwise', () => {
    const warnings: ImportWarning[] = [];
    const one = readWfInstanceText(JSON.stringify(instance15([1, 2, 3])), 'tiny-001.json', warnings);
    const two = readWfInstanceText(JSON.stringify(instance15([4, 5, 6])), 'tiny-002.json', warnings);
    const other = instance15();
    const tasks = (other.workflow as { specification: { tasks: { children: string[]; parents: string[] }[] } }).specification.tasks;
    tasks[0]!.children.push('merge_ID03'); // one more edge: another structure
    tasks[2]!.parents.push('split_ID01');
    const three = readWfInstanceText(JSON.stringify(other), 'other-001.json', warnings);
    const same = wfInstancesToDataset([one, two], {}, warnings);
    expect(same.workflows).toHaveLength(1);
    expect(same.runs).toHaveLength(2);
    expect(same.runs.map((r) => r.metrics.tasks[0]!.execMs)).toEqual([1000, 4000]);
    expect(new Set(same.runs.map((r) => r.dagId)).size).toBe(2);
    const mixed = wfInstancesToDataset([one, two, three], {}, warnings);
    expect(mixed.workflows).toHaveLength(2);
    expect(mixed.runs).toHaveLength(3);
    expect(validateDataset(JSON.parse(JSON.stringify(mixed))).errors).toEqual([]);
  });

  it('is deterministic: the same file gives the same dataset, a different file another uuid', () => {
    const a = JSON.stringify(convert(instance15()).dataset);
    expect(JSON.stringify(convert(instance15()).dataset)).toBe(a);
    const changed = convert(instance15([1.5, 2.25, 0.5])).dataset;
    expect(changed.runs[0]!.dagId).not.toBe(JSON.parse(a).runs[0].dagId);
  });

  it('parses the several executedAt formats', () => {
    const utc = Date.UTC(2021, 2, 23, 6, 4, 36);
    expect(parseWfDate('03-23-21T06:04:36Z')?.epochMs).toBe(utc);
    expect(parseWfDate('2021-03-23T06:04:36+00:00')?.epochMs).toBe(utc);
    expect(parseWfDate('20210323T060436+0000')?.epochMs).toBe(utc);
    expect(parseWfDate('2021-03-22T20:04:36-10:00')?.epochMs).toBe(utc);
    expect(parseWfDate('2021-03-23T06:04:36.500')).toEqual({ epochMs: utc + 500, assumedUtc: true });
    expect(parseWfDate('23/03/2021')).toBeUndefined();
    expect(parseWfDate('02-30-21T00:00:00Z')).toBeUndefined();
  });

  it('CLI: writes the dataset, prints warnings with task ids, exits 1 naming the field of a bad file', () => {
    const dir = tempDir('wfc');
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(instance15()));
    const out = join(dir, 'out.json');
    const result = spawnCli(['import', 'wfcommons', good, '--out', out, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).runs).toBe(1);
    expect(validateDataset(JSON.parse(readFileSync(out, 'utf8'))).errors).toEqual([]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(instance15([1, undefined as unknown as number, 1])));
    const failed = spawnCli(['import', 'wfcommons', bad, '--out', join(dir, 'bad-out.json')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('runtimeInSeconds');
  });
});

describe('import wfcommons: input files named in every message', () => {
  it('refuses a file given twice, under any spelling of its path, and writes nothing', async () => {
    const dir = tempDir('wfc-dup');
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(instance15()));
    symlinkSync(file, join(dir, 'link.json'));
    const out = join(dir, 'out.json');
    const twice = await cli('import', 'wfcommons', file, file, '--out', out);
    expect(twice.code).toBe(1);
    expect(twice.err).toBe(`slackline/import/wfcommons: ${file}: given twice (argument 1 and argument 2): one file is one recorded run; importing it twice would record the same run twice`);
    const spelled = await cli('import', 'wfcommons', file, join(dir, '.', 'link.json'), '--out', out);
    expect(spelled.code).toBe(1);
    expect(spelled.err).toContain(`${join(dir, 'link.json')}: given twice (argument 1 as "${file}" and argument 2)`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses implausible values where they are read, naming the input file, its JSON path and the task', async () => {
    const dir = tempDir('wfc-bounds');
    const out = join(dir, 'out.json');
    const importing = async (json: Record<string, unknown>, ...extra: string[]) => {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(json));
      const result = await cli('import', 'wfcommons', file, '--out', out, ...extra);
      expect(result.code).toBe(1);
      expect(existsSync(out)).toBe(false);
      return result.err.replace(`${file} `, '<file> ');
    };
    expect(await importing(instance15([1, 1e300, 0]))).toBe('slackline/import/wfcommons: <file> $.workflow.execution.tasks[1].runtimeInSeconds: task "work_ID02" has runtimeInSeconds 1e+300: more than 30 days: not a plausible time');
    // Each runtime below 30 days, their chain above: named at the task that ends last.
    expect(await importing(instance15([2e6, 2e6, 0]))).toBe('slackline/import/wfcommons: <file> $.workflow.specification.tasks[2]: task "merge_ID03" ends 4000000 s after the run starts (start times derived from the recorded runtimes): more than 30 days: not a plausible time');
    const huge = instance15();
    (huge.workflow as { specification: { files: { sizeInBytes: number }[] } }).specification.files[2]!.sizeInBytes = 2e15;
    expect(await importing(huge)).toBe('slackline/import/wfcommons: <file> $.workflow.specification.files[2].sizeInBytes: sizeInBytes 2000000000000000: more than 1 PB (1000000000000000 bytes): not a plausible byte count');
    const long = instance15();
    (long.workflow as { execution: { makespanInSeconds: number } }).execution.makespanInSeconds = 1e10;
    expect(await importing(long)).toBe('slackline/import/wfcommons: <file> $.workflow.execution.makespanInSeconds: makespanInSeconds 10000000000: more than 30 days: not a plausible time');
    expect(await importing(instance15(), '--memory', '2000000')).toBe('slackline/import/wfcommons: memory size (--memory) 2000000 MB: outside 1-1048576 MB (1 MB to 1 TB): not a plausible worker memory size');
  });

  it('names the input file and the task when the converted dataset is invalid, and lists at most 10 errors', () => {
    const dir = tempDir('wfc-post');
    const files = [1, 2].map((k) => join(dir, `tiny-00${k}.json`));
    files.forEach((file, k) => writeFileSync(file, JSON.stringify(instance15([1 + k, 2, 3]))));
    const { dataset, runSources } = importWfCommons(files);
    expect(runSources).toEqual(files);
    // A converter's slip the importer did not catch: every record of both runs 1e300 ms.
    const broken = JSON.parse(JSON.stringify(dataset)) as Dataset;
    for (const run of broken.runs) for (const t of run.metrics.tasks) Object.assign(t, { execMs: 1e300, execMsNormalized: (1e300 * t.memoryMb) / 512 });
    Object.assign(broken.workflows[0]!.tasks[1]!, { inputBytes: -1 });
    try {
      requireValidImport('import/wfcommons', broken, join(dir, 'out.json'), { inputs: files, runSources });
      throw new Error('expected a SlacklineError');
    } catch (error) {
      expect(isSlacklineError(error)).toBe(true);
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^slackline/import/wfcommons: ${files[0]}, ${files[1]}: converts into an invalid dataset, nothing written to ${join(dir, 'out.json')} \\(\\d+ errors\\):$`));
      expect(lines).toContain(`  ${files[0]}, ${files[1]}: workflow "tiny" task "work_ID02" inputBytes: Too small: expected number to be >=0`);
      expect(lines).toContain(`  ${files[0]}: task "split_ID01" execMs: more than 30 days (2592000000 ms): not a plausible time`);
      expect(lines.filter((l) => l.startsWith('  /'))).toHaveLength(10);
      expect(lines[lines.length - 1]).toMatch(/^ {2}\.\.\. and \d+ more$/);
      expect((error as Error).message).not.toContain('$.runs');
    }
  });

  it('starts every warning with the file, and warns once about an unusable makespan', async () => {
    const dir = tempDir('wfc-warn');
    const file = join(dir, 'odd.json');
    const json = instance15();
    const workflow = json.workflow as { specification: { files: { sizeInBytes: number }[] }; execution: { makespanInSeconds: number } };
    workflow.specification.files[0]!.sizeInBytes = -10;
    workflow.execution.makespanInSeconds = -1;
    writeFileSync(file, JSON.stringify(json));
    const result = await cli('import', 'wfcommons', file, '--out', join(dir, 'out.json'));
    expect(result.code).toBe(0);
    const lines = result.err.split('\n');
    expect(lines).toContain(`warning: ${file}: $.workflow.specification.files[0].sizeInBytes: sizeInBytes is -10; counted as 0 bytes`);
    expect(lines.filter((l) => l.includes('makespanInSeconds'))).toEqual([`warning: ${file}: makespanInSeconds: recorded as -1, not a number >= 0; makespan = critical path of the recorded runtimes`]);
    for (const line of lines) expect(line.startsWith(`warning: ${file}: `)).toBe(true);
  });
});

function walkJson(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walkJson(p) : p.endsWith('.json') ? [p] : [];
    })
    .sort();
}

const wfinstances = sharedDataset('wfcommons-wfinstances');
const old14 = sharedDataset('wfcommons-makeflow-instances-v1.4');

describe.skipIf(!wfinstances || !old14)('WfCommons importer on every shared instance', () => {
  it('imports every WfFormat file (69 x 1.5, 2 x 1.4) into a valid dataset, or fails with a named reason', () => {
    const files = [...walkJson(wfinstances!), ...walkJson(old14!)];
    expect(files.length).toBeGreaterThanOrEqual(71);
    const outcomes = files.map((file) => {
      try {
        const { dataset } = importWfCommons([file]);
        const errors = validateDataset(JSON.parse(JSON.stringify(dataset)), file).errors;
        return { file, ok: errors.length === 0, reason: errors.join('; ') };
      } catch (error) {
        // A failure must be a SlacklineError naming the file and a JSON path or field.
        expect(isSlacklineError(error)).toBe(true);
        expect((error as Error).message).toContain(file);
        expect((error as Error).message).toMatch(/\$\.|field|column/);
        return { file, ok: false, reason: (error as Error).message };
      }
    });
    const failed = outcomes.filter((o) => !o.ok);
    if (failed.length > 0) console.warn(`files that failed with a reason:\n${failed.map((f) => `${f.file}: ${f.reason}`).join('\n')}`);
    // Today all of them import; a new failure must at least come with a reason (checked above).
    expect(failed.filter((f) => f.reason === '')).toEqual([]);
    expect(outcomes.filter((o) => o.ok).length).toBe(files.length);
  });

  it('imports the 1.4 and 1.5 copies of the same Makeflow runs into the same workflow and records', () => {
    for (const app of ['blast', 'bwa']) {
      const v15 = importWfCommons([join(wfinstances!, `makeflow/${app}/${app}-chameleon-small-001.json`)]).dataset;
      const v14 = importWfCommons([join(old14!, `${app}/chameleon-cloud/${app}-chameleon-small-001.json`)]).dataset;
      expect(v14.workflows[0]!.signature).toBe(v15.workflows[0]!.signature);
      expect(v14.workflows[0]!.edges).toEqual(v15.workflows[0]!.edges);
      expect(v14.runs[0]!.metrics.tasks).toEqual(v15.runs[0]!.metrics.tasks);
      expect(v14.runs[0]!.makespanMs).toBe(v15.runs[0]!.makespanMs);
    }
  });

  it('warns about the known oddities with task ids: zero runtimes (montage 2mass-02d), executables (blast)', () => {
    const montage = importWfCommons([join(wfinstances!, 'pegasus/montage/montage-chameleon-2mass-02d-001.json')]);
    expect(montage.warnings.filter((w) => w.field.endsWith('runtimeInSeconds') && w.taskId !== undefined)).toHaveLength(10);
    const blast = importWfCommons([join(wfinstances!, 'makeflow/blast/blast-chameleon-small-001.json')]);
    const exe = blast.warnings.filter((w) => w.message.includes('"blastall" looks like the executable'));
    expect(exe).toHaveLength(40);
    const nt = blast.warnings.filter((w) => w.message.includes('"nt" of 5.11 GB'));
    expect(nt).toHaveLength(40);
    const task = blast.dataset.workflows[0]!.tasks.find((t) => t.id === 'blastall_ID000002')!;
    expect(task.inputBytes).toBe(5112425635 + 6); // nt + its fasta chunk; the 7,688-byte executable left out
  });

  it('groups the five srasearch-10a runs into one workflow with five runs', () => {
    const files = [1, 2, 3, 4, 5].map((k) => join(wfinstances!, `pegasus/srasearch/srasearch-chameleon-10a-00${k}.json`));
    const { dataset } = importWfCommons(files);
    expect(dataset.workflows).toHaveLength(1);
    expect(dataset.runs.map((r) => r.makespanMs)).toEqual([3488e3, 5645e3, 5813e3, 5488e3, 1486e3]);
  });
});
