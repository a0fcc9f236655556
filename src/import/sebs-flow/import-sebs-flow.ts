/**
 * Imports SeBS-Flow measurements (https://github.com/spcl/sebs-flow-artifact: real
 * serverless workflow runs on AWS Lambda and Google Cloud Functions at several memory
 * sizes) into a dataset: one benchmark, one provider, every CSV under
 * `perf-cost/<benchmark>/<provider>[_<variant>]/[<year>/]<mode>_<MB>_processed.csv`.
 *
 * Conversion (also in datasets/README.md, "Real datasets and credits"):
 * - One row = one function invocation; rows are read BY HEADER NAME (2022 files have 13
 *   columns, 2024 files 15). One `request_id` (within a file) = one workflow invocation = one
 *   RecordedRun.
 * - DAG: phases from `workflow-definitions/<benchmark>/definition.json`
 *   (`definition-phases.ts`); the number of instances of a map/loop comes from the rows of
 *   the request. Consecutive phases are linked all-to-all (the definition does not say
 *   which map element feeds which), a loop's instances form a chain. Phases with no rows
 *   in a request are left out (trip-booking never runs `confirm`). Task ids: the func for a
 *   single task, `<func>-<k>` for map/loop instances, k by start time. Requests with
 *   different instance counts give different workflows (signatures).
 * - execMs = (end - start) x 1000: the time measured inside the function, on the same
 *   clock as the start times (provider.execution_duration, in microseconds, differs by
 *   0-6 % on AWS and is not used). startMs = start - earliest start of the request;
 *   makespanMs = latest end - earliest start.
 * - Memory: the billed memory (`billing.mem`, MB), the most common value in the file, when
 *   the file has one; else the size in the file name. A mismatch (trip-booking AWS 2024
 *   `_128` files billed at 256 MB, 690.ml GCP 2022 `cold_1024` billed at 512) is warned.
 * - Bytes: `blob.download` / `blob.upload` (2024 files) are the task's input/output bytes;
 *   2022 files have no byte columns (0, warned); an empty cell counts 0 (warned), a cell
 *   that is not a number >= 0 (as in init_duration and billing.mem) is an error naming the
 *   file, line and column. An edge carries the median download of its
 *   consumer divided by its number of parents (an estimate: the data does not say which
 *   producer each byte came from). Workflow byte counts are medians over its runs.
 * - Worker = `container_id` (so warm reuse shows); cold starts with a measured
 *   `provider.init_duration` (microseconds, AWS) become WorkerStartRecords; GCP reports none.
 * - No TransferRecords: the CSVs carry bytes but no transfer times.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatDagId, uuidFromRandom } from '../../dag/dag-id.js';
import { dagSignature, namedSink } from '../../dag/dag-signature.js';
import { buildDag } from '../../dag/build-dag.js';
import type { EdgeSpec, TaskSpec } from '../../dag/types.js';
import { SlacklineError } from '../../errors.js';
import { normalizeLinear } from '../../metrics/normalize.js';
import { taskRecord } from '../../dataset/task-record.js';
import { seededRandom } from '../../util/random.js';
import { DATASET_FORMAT, DATASET_VERSION } from '../../dataset/types.js';
import type { Dataset, DatasetWorkflow, PlannedTask, RecordedRun, TaskRecord, WorkerStartRecord } from '../../dataset/types.js';
import type { ImportWarning } from '../import-warning.js';
import { requireFolder } from '../require-folder.js';
import { implausibleBytes, implausibleMemoryMb, implausibleMs, MAX_EPOCH_MS } from '../plausible.js';
import { seedFromText } from '../wfcommons/to-dataset.js';
import { DEFAULT_LADDER_MB } from '../wfcommons/to-dataset.js';
import { definitionPhases } from './definition-phases.js';
import type { Phase } from './definition-phases.js';
import { readCsv } from './read-csv.js';
import type { CsvTable } from './read-csv.js';
import { appendAll } from '../../util/append-all.js';

const MODULE = 'import/sebs-flow';

export const SEBS_PROVIDERS = ['aws', 'gcp'] as const;
export type SebsProvider = (typeof SEBS_PROVIDERS)[number];

export interface ImportSebsFlowOptions {
  /** Benchmark folder under perf-cost/, e.g. `660.map-reduce`. */
  readonly benchmark: string;
  /** @default 'aws' */
  readonly provider?: SebsProvider;
  /** Only these modes (warm, cold, burst, sequential). @default all */
  readonly modes?: readonly string[];
  /** @default `sebs-flow-<benchmark>-<provider>` */
  readonly name?: string;
  /** @default DEFAULT_LADDER_MB plus every memory size seen */
  readonly ladderMb?: readonly number[];
}

export interface SebsFlowImport {
  readonly dataset: Dataset;
  readonly warnings: readonly ImportWarning[];
  /** Per run of `dataset.runs`: the CSV and request it was converted from. */
  readonly runSources: readonly string[];
}

interface Row {
  readonly func: string;
  readonly start: number;
  readonly end: number;
  readonly isCold: boolean;
  readonly container: string;
  readonly initMs: number;
  readonly download: number;
  readonly upload: number;
}

const REQUIRED = ['func', 'start', 'end', 'request_id'] as const;
const FILE_NAME = /^([a-z]+)_(\d+)_processed\.csv$/;

function listCsv(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (FILE_NAME.test(entry)) out.push(p);
    }
  }
  return out.sort();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Numeric cell; `undefined` when empty or not a number. */
function num(table: CsvTable, row: readonly string[], name: string): number | undefined {
  const i = table.column(name);
  if (i === undefined) return undefined;
  const cell = row[i]?.trim() ?? '';
  if (cell === '') return undefined;
  const value = Number(cell);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A measured quantity (bytes, an init duration, the billed memory): `undefined` when the
 * column is absent or the cell empty (GCP leaves billing.mem empty); anything else that is
 * not a number >= 0 is an error naming the file, line and column, not a silent 0.
 */
function measured(table: CsvTable, row: readonly string[], name: string, file: string, line: number, implausible: (value: number) => string | undefined): number | undefined {
  const i = table.column(name);
  if (i === undefined) return undefined;
  const cell = row[i]?.trim() ?? '';
  if (cell === '') return undefined;
  const value = Number(cell);
  if (!Number.isFinite(value) || value < 0) {
    throw new SlacklineError(MODULE, `${name} is ${JSON.stringify(cell)}; expected a number >= 0`, { file, path: `line ${line} column ${name}` });
  }
  const why = implausible(value);
  if (why) throw new SlacklineError(MODULE, `${name} is ${cell}: ${why}`, { file, path: `line ${line} column ${name}` });
  return value;
}

/** Bounds of the measured columns, in their units (init_duration in microseconds; billing.mem 0 = not billed, ignored). */
const initBound = (us: number) => implausibleMs(us / 1000);
const memoryBound = (mb: number) => (mb === 0 ? undefined : implausibleMemoryMb(mb));

function definitionFile(root: string, benchmark: string): string {
  const direct = join(root, 'workflow-definitions', benchmark, 'definition.json');
  try {
    statSync(direct);
    return direct;
  } catch {
    // 6101.1000-genome-individuals-10 uses the definition of 6101.1000-genome-individuals.
    return join(root, 'workflow-definitions', benchmark.replace(/-\d+$/, ''), 'definition.json');
  }
}

interface BuiltRequest {
  readonly workflow: { tasks: TaskSpec[]; edges: EdgeSpec[] };
  readonly run: Omit<RecordedRun, 'dagId'>;
  readonly epochMs: number;
  readonly seed: number;
  /** Where the run came from, for messages: `<csv> request <id>`. */
  readonly source: string;
}

/** Builds the DAG and the run of one request from its rows. */
function buildRequest(rows: readonly Row[], phases: readonly Phase[], memoryMb: number, seed: number, file: string, request: string): BuiltRequest {
  const byFunc = new Map<string, Row[]>();
  for (const row of rows) {
    let list = byFunc.get(row.func);
    if (!list) byFunc.set(row.func, (list = []));
    list.push(row);
  }
  const tasks: TaskSpec[] = [];
  const edges: EdgeSpec[] = [];
  const rowOf = new Map<string, Row>();
  let previous: string[] = [];
  for (const phase of phases) {
    const current: string[] = [];
    const lasts: string[] = [];
    for (const member of phase) {
      const instances = (byFunc.get(member.func) ?? []).slice().sort((a, b) => a.start - b.start || a.end - b.end);
      if (instances.length === 0) continue;
      const single = member.kind === 'single' && instances.length === 1;
      const ids = instances.map((_, k) => (single ? member.func : `${member.func}-${k}`));
      ids.forEach((id, k) => {
        rowOf.set(id, instances[k]!);
        tasks.push({ id, func: member.func, inputBytes: instances[k]!.download, outputBytes: instances[k]!.upload });
      });
      if (member.kind === 'loop') {
        for (const p of previous) edges.push({ from: p, to: ids[0]!, bytes: 0 });
        for (let k = 1; k < ids.length; k++) edges.push({ from: ids[k - 1]!, to: ids[k]!, bytes: 0 });
        current.push(ids[0]!);
        lasts.push(ids[ids.length - 1]!);
      } else {
        for (const id of ids) for (const p of previous) edges.push({ from: p, to: id, bytes: 0 });
        appendAll(current, ids);
        appendAll(lasts, ids);
      }
    }
    if (current.length > 0) previous = lasts;
  }
  const start = rows.reduce((m, r) => Math.min(m, r.start), Infinity);
  const end = rows.reduce((m, r) => Math.max(m, r.end), -Infinity);
  // Each row runs under 30 days (checked when read); a request's rows may still lie far apart.
  const tooLong = implausibleMs((end - start) * 1000);
  if (tooLong) throw new SlacklineError(MODULE, `request ${request} runs from start ${start} to end ${end} (${end - start} s): ${tooLong}`, { file, path: 'column request_id' });
  const plan: Record<string, PlannedTask> = {};
  const records: TaskRecord[] = [];
  const workerStarts: WorkerStartRecord[] = [];
  const started = new Set<string>();
  for (const task of tasks) {
    const row = rowOf.get(task.id)!;
    const workerId = row.container;
    plan[task.id] = { workerId, memoryMb };
    records.push(taskRecord(task, { memoryMb, execMs: (row.end - row.start) * 1000, workerId, startMs: (row.start - start) * 1000 }));
    if (row.isCold && row.initMs > 0 && !started.has(workerId)) {
      started.add(workerId);
      workerStarts.push({ workerId, memoryMb, kind: 'cold', ms: row.initMs, msNormalized: normalizeLinear(row.initMs, memoryMb) });
    }
  }
  return {
    workflow: { tasks, edges },
    run: { plan, makespanMs: (end - start) * 1000, metrics: { tasks: records, transfers: [], workerStarts } },
    epochMs: Math.round(start * 1000),
    seed,
    source: `${file} request ${request}`,
  };
}

export function importSebsFlow(dir: string, options: ImportSebsFlowOptions): SebsFlowImport {
  const provider = options.provider ?? 'aws';
  const benchmark = options.benchmark;
  const warnings: ImportWarning[] = [];
  requireFolder(MODULE, dir);
  const benchDir = join(dir, 'perf-cost', benchmark);
  let providerDirs: string[];
  try {
    providerDirs = readdirSync(benchDir).filter((d) => d === provider || d.startsWith(`${provider}_`)).sort();
  } catch {
    throw new SlacklineError(MODULE, `no benchmark folder perf-cost/${benchmark} (expected the sebs-flow-artifact folder)`, { file: benchDir });
  }
  const files = providerDirs.flatMap((d) => listCsv(join(benchDir, d))).filter((f) => {
    const mode = FILE_NAME.exec(f.split(sep).pop()!)?.[1];
    return options.modes === undefined || (mode !== undefined && options.modes.includes(mode));
  });
  if (files.length === 0) throw new SlacklineError(MODULE, `no *_<MB>_processed.csv files for provider "${provider}"`, { file: benchDir });

  const defFile = definitionFile(dir, benchmark);
  let definition: unknown;
  try {
    definition = JSON.parse(readFileSync(defFile, 'utf8'));
  } catch (error) {
    throw new SlacklineError(MODULE, `cannot read the workflow definition: ${(error as Error).message}`, { file: defFile });
  }
  const phases = definitionPhases(definition, defFile);
  const known = new Set(phases.flatMap((p) => p.map((m) => m.func)));

  const built: BuiltRequest[] = [];
  const memories = new Set<number>();
  for (const file of files) {
    const rel = relative(dir, file);
    const table = readCsv(readFileSync(file, 'utf8'), rel);
    for (const name of REQUIRED) if (table.column(name) === undefined) throw new SlacklineError(MODULE, `missing column "${name}" (columns: ${table.header.join(', ')})`, { file: rel });
    const fileMb = Number(FILE_NAME.exec(file.split(sep).pop()!)![2]);
    // The billed memory, most common value of the file, wins over the file name's.
    const billed = new Map<number, number>();
    for (const [i, row] of table.rows.entries()) {
      const mb = measured(table, row, 'billing.mem', rel, i + 2, memoryBound);
      if (mb !== undefined && mb > 0) billed.set(mb, (billed.get(mb) ?? 0) + 1);
    }
    let memoryMb = fileMb;
    if (billed.size > 0) {
      memoryMb = [...billed.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
      if (memoryMb !== fileMb) warnings.push({ field: `${rel}: billing.mem`, message: `billed memory ${memoryMb} MB differs from the file name's ${fileMb} MB; ${memoryMb} MB used` });
    }
    const badMemory = implausibleMemoryMb(memoryMb);
    if (badMemory) throw new SlacklineError(MODULE, `memory ${memoryMb} MB (from the file name; no billing.mem): ${badMemory}`, { file: rel });
    memories.add(memoryMb);
    const hasBytes = table.column('blob.download') !== undefined && table.column('blob.upload') !== undefined;
    if (!hasBytes) warnings.push({ field: `${rel}: blob.download`, message: 'no blob.upload/blob.download columns (2022 layout): task bytes recorded as 0' });

    // An empty byte cell (none in the artifact) is counted as 0 bytes and warned, per column.
    const emptyBytes = new Map<string, number>();
    const bytesOf = (name: string, cells: readonly string[], line: number): number => {
      if (!hasBytes) return 0;
      const value = measured(table, cells, name, rel, line, implausibleBytes);
      if (value === undefined) emptyBytes.set(name, (emptyBytes.get(name) ?? 0) + 1);
      return value ?? 0;
    };
    const requests = new Map<string, Row[]>();
    const fi = table.column('func')!;
    const ri = table.column('request_id')!;
    const ci = table.column('container_id');
    const coldi = table.column('is_cold');
    table.rows.forEach((cells, i) => {
      const func = cells[fi]!.trim();
      const request = cells[ri]!.trim();
      const start = num(table, cells, 'start');
      const end = num(table, cells, 'end');
      if (start === undefined || end === undefined || end < start || request === '') {
        warnings.push({ taskId: `${request}/${func}`, field: `${rel}: line ${i + 2}`, message: 'row without a request id or valid start/end; skipped' });
        return;
      }
      // Times are epoch seconds: a start past the last date a clock can show, or a function
      // running over 30 days, is a broken cell, not a measurement.
      if (start * 1000 > MAX_EPOCH_MS) throw new SlacklineError(MODULE, `start is ${start}: not a plausible epoch time in seconds`, { file: rel, path: `line ${i + 2} column start` });
      const tooLong = implausibleMs((end - start) * 1000);
      if (tooLong) throw new SlacklineError(MODULE, `end - start is ${end - start} s: ${tooLong}`, { file: rel, path: `line ${i + 2} column end` });
      if (!known.has(func)) {
        warnings.push({ taskId: `${request}/${func}`, field: `${rel}: func`, message: `func "${func}" is not in the workflow definition; row skipped` });
        return;
      }
      const container = ci === undefined ? '' : cells[ci]!.trim();
      const row: Row = {
        func,
        start,
        end,
        isCold: coldi !== undefined && cells[coldi]!.trim().toLowerCase() === 'true',
        container: container === '' ? `${request}/${func}/${i}` : `${container}`,
        initMs: (measured(table, cells, 'provider.init_duration', rel, i + 2, initBound) ?? 0) / 1000,
        download: bytesOf('blob.download', cells, i + 2),
        upload: bytesOf('blob.upload', cells, i + 2),
      };
      let list = requests.get(request);
      if (!list) requests.set(request, (list = []));
      list.push(row);
    });
    for (const [name, count] of emptyBytes) warnings.push({ field: `${rel}: ${name}`, message: `${count} row(s) with an empty ${name}: counted as 0 bytes` });
    const coldWithoutInit = [...requests.values()].flat().filter((r) => r.isCold && !(r.initMs > 0)).length;
    if (coldWithoutInit > 0) warnings.push({ field: `${rel}: provider.init_duration`, message: `${coldWithoutInit} cold invocation(s) without an init duration (GCP reports none): no worker-start record for them` });
    for (const [request, rows] of requests) {
      // A container serves one invocation at a time; give re-used containers a per-func id so
      // the plan's "one memory per worker" holds even if ids collide across funcs.
      const fixed = rows.map((r) => ({ ...r, container: `${r.func}:${r.container}` }));
      built.push(buildRequest(fixed, phases, memoryMb, seedFromText(`${rel}\u0000${request}`), rel, request));
    }
  }
  if (built.length === 0) throw new SlacklineError(MODULE, 'no complete workflow invocation found', { file: benchDir });

  // Group runs by structure; workflow bytes = medians over its runs.
  const groups = new Map<string, BuiltRequest[]>();
  for (const b of built) {
    const signature = dagSignature(b.workflow);
    let list = groups.get(signature);
    if (!list) groups.set(signature, (list = []));
    list.push(b);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const workflows: DatasetWorkflow[] = [];
  const runs: RecordedRun[] = [];
  const runSources: string[] = [];
  ordered.forEach(([signature, members], w) => {
    const first = members[0]!.workflow;
    const bytesOf = (id: string, field: 'inputBytes' | 'outputBytes') => median(members.map((m) => m.workflow.tasks.find((t) => t.id === id)![field]));
    const tasks = first.tasks.map((t) => ({ id: t.id, func: t.func, inputBytes: bytesOf(t.id, 'inputBytes'), outputBytes: bytesOf(t.id, 'outputBytes') }));
    const parents = new Map<string, number>();
    for (const e of first.edges) parents.set(e.to, (parents.get(e.to) ?? 0) + 1);
    const inputOf = new Map(tasks.map((t) => [t.id, t.inputBytes]));
    const edges = first.edges.map((e) => ({ from: e.from, to: e.to, bytes: inputOf.get(e.to)! / parents.get(e.to)! }));
    const name = w === 0 ? benchmark : `${benchmark}-shape${w + 1}`;
    const workflow: DatasetWorkflow = { name, signature, tasks, edges };
    buildDag(workflow, { path: `$.workflows[${w}]` });
    workflows.push(workflow);
    const sink = namedSink(workflow);
    for (const m of members) {
      runs.push({ dagId: formatDagId({ epochMs: m.epochMs, sinkTaskId: sink, uuid: uuidFromRandom(seededRandom(m.seed)), signature }), ...m.run });
      runSources.push(m.source);
    }
  });
  if (workflows.length > 1) {
    warnings.push({ field: `${providerDirs.map((d) => join(relative(dir, benchDir), d)).join(', ')}: request_id`, message: `requests have ${workflows.length} different shapes (instance counts): ${ordered.map(([, m], i) => `${workflows[i]!.name} ${m.length} run(s)`).join(', ')}` });
  }

  const ladder = [...new Set([...(options.ladderMb ?? DEFAULT_LADDER_MB), ...memories])].sort((a, b) => a - b);
  const dataset: Dataset = {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: options.name ?? `sebs-flow-${benchmark}-${provider}`,
    description: `SeBS-Flow ${benchmark} on ${provider}: ${runs.length} recorded workflow invocations at ${[...memories].sort((a, b) => a - b).join(', ')} MB`,
    source: {
      kind: 'recorded',
      origin: 'spcl/sebs-flow-artifact (commit 7dfd498c5059e1df4030d85aca02508e9d6438a5), definitions from spcl/serverless-benchmarks feature/workflows; converted by slackline import sebs-flow',
      license: 'NOASSERTION',
      url: 'https://github.com/spcl/sebs-flow-artifact',
      files: files.map((f) => relative(dir, f)),
      notes: 'One run per request_id; execMs = end - start; memory = billed memory; worker = container; cold starts from provider.init_duration; bytes from blob.* (2024 only); edges all-to-all between definition phases, bytes = consumer download / parents; no transfer records.',
    },
    memoryLadderMb: ladder,
    workflows,
    runs,
  };
  return { dataset, warnings, runSources };
}
