/**
 * Turns parsed WfCommons instances into a Slackline dataset. Conversion rules (also in
 * datasets/README.md, "Real datasets and credits"):
 *
 * - Task id = the WfFormat task id (1.5) or name (1.4). Func = the program
 *   (`command.program`, its base name); when that is not a program name (Nextflow stores the
 *   whole shell script there) the task name (Nextflow's process name), else the name without
 *   its `_ID0000042` suffix, else the 1.4 `category`; each fallback is warned.
 * - Edge parent -> child: the union of both `parents` and `children` lists (an asymmetry is
 *   warned). Edge bytes = sum of the sizes of the files the child reads that the parent
 *   writes; an edge sharing no file gets 0 bytes and a warning.
 * - inputBytes = sizes of every input file of the task, i.e. its edges plus external inputs
 *   (files no task writes), except executables: an external input named like the task's
 *   program (or `<x>_exe`, `<x>.exe`, or the `./program` first argument) is not data and is left
 *   out, with a warning. External inputs of 1 GB or more (reference databases such as
 *   blast's `nt`) are counted, as WfCommons records them, and warned.
 *   outputBytes = sizes of the files it writes. Bytes come only from `sizeInBytes` (exact in
 *   WfInstances); `readBytes`/`writtenBytes`/`memoryInBytes` (kB x 1000 in Pegasus and
 *   Makeflow) are not used. A file whose sizes are all multiples of 1000 is warned.
 * - Runtime: `runtimeInSeconds` x 1000 = execMs at the chosen memory size (default 1769 MB,
 *   one full vCPU on AWS Lambda), normalized with `normalizeLinear`. Zero runtimes (below
 *   the recorder's resolution) are kept as 0 ms and warned. `memoryInBytes` (peak RSS,
 *   missing in many files) is not used.
 * - Plan: every task on its own worker (worker id = task id), at the chosen memory. The
 *   machines the tasks ran on are not mapped to workers: a WfCommons machine runs many tasks
 *   at once, a serverless worker runs one after another.
 * - startMs: from task `executedAt` dates when every task has one (relative to the
 *   earliest); otherwise (every WfInstances file) derived as the earliest start under the
 *   recorded runtimes with no transfer and no queueing, and warned once.
 * - makespanMs: `makespanInSeconds` x 1000 when recorded; else from task dates; else the
 *   critical path of recorded runtimes (warned).
 * - No TransferRecords (WfCommons records no transfer times; none are invented) and no
 *   WorkerStartRecords: predictors fall back to their platform profile and flag it.
 * - DAG id: `<executedAt epoch ms>_<sink>_<uuid>_<signature>`, the uuid drawn from a seed
 *   hashed from the file's bytes, so re-imports are identical. Unparseable date -> epoch 0,
 *   warned.
 * - Several instances: same signature -> one workflow with several runs (the workflow keeps
 *   the first instance's byte counts; each run's task records keep their own); different
 *   signatures -> one workflow each.
 */
import { basename } from 'node:path';
import { buildDag } from '../../dag/build-dag.js';
import { formatDagId, uuidFromRandom } from '../../dag/dag-id.js';
import { dagSignature, namedSink } from '../../dag/dag-signature.js';
import type { EdgeSpec, TaskSpec } from '../../dag/types.js';
import { SlacklineError } from '../../errors.js';
import { taskRecord } from '../../dataset/task-record.js';
import { timeLess } from '../../timing/tolerance.js';
import { seededRandom } from '../../util/random.js';
import { DATASET_FORMAT, DATASET_VERSION } from '../../dataset/types.js';
import type { Dataset, DatasetSource, DatasetWorkflow, PlannedTask, RecordedRun, TaskRecord } from '../../dataset/types.js';
import type { ImportWarning } from '../import-warning.js';
import { implausibleBytes, implausibleMemoryMb, implausibleMs } from '../plausible.js';
import { parseWfDate } from './dates.js';
import type { WfInstance, WfTask } from './parse-wfformat.js';

const MODULE = 'import/wfcommons';

/** One full vCPU on AWS Lambda. */
export const DEFAULT_WFCOMMONS_MEMORY_MB = 1769;
export const DEFAULT_LADDER_MB: readonly number[] = [128, 256, 512, 1024, 1769, 2048, 3008, 4096, 10240];
/** External inputs from this size up are warned as likely reference databases. */
export const HUGE_INPUT_BYTES = 1e9;

export interface WfCommonsDatasetOptions {
  /** Memory size the recorded runtimes are attributed to. @default 1769 */
  readonly memoryMb?: number;
  /** Dataset name. @default `wfcommons-<first file's base name>` */
  readonly name?: string;
  readonly description?: string;
  /** @default DEFAULT_LADDER_MB plus memoryMb */
  readonly ladderMb?: readonly number[];
  /** Overrides of the `source` block (license, origin, url, files). */
  readonly source?: Partial<DatasetSource>;
}

export interface WfInstanceInput {
  readonly instance: WfInstance;
  /** File name as it should appear in messages and in `source.files`. */
  readonly file: string;
  /** Seed for the run's uuid (a hash of the file's bytes). */
  readonly seed: number;
}

interface ConvertedInstance {
  readonly workflow: DatasetWorkflow;
  readonly run: RecordedRun;
}

const PROGRAM = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

function baseName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] ?? path;
}

function funcOf(task: WfTask, warn: (field: string, message: string, taskId: string) => void): string {
  const program = task.program === undefined ? undefined : baseName(task.program.trim());
  if (program !== undefined && PROGRAM.test(program)) return program;
  const why = task.program === undefined ? 'no command.program' : 'command.program is not a program name (a shell script?)';
  if (task.name !== task.id) {
    warn('command.program', `${why}; func taken from the task name`, task.id);
    return task.name;
  }
  const stripped = task.id.replace(/_ID\d+$/, '');
  if (stripped !== task.id) {
    warn('command.program', `${why}; func taken from the task id without its _ID suffix`, task.id);
    return stripped;
  }
  if (task.category !== undefined && task.category.length > 0) {
    warn('command.program', `${why}; func taken from category`, task.id);
    return task.category;
  }
  warn('command.program', `${why}; func = task id (a func of its own)`, task.id);
  return task.id;
}

function isExecutable(file: string, task: WfTask, func: string): boolean {
  const name = baseName(file);
  if (name === func || (task.program !== undefined && name === baseName(task.program))) return true;
  // Makeflow runs `./blastall`: a first argument that is a path to a program.
  if (task.firstArgument !== undefined && task.firstArgument.startsWith('./') && name === baseName(task.firstArgument)) return true;
  return /[_.]exe$/.test(name);
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Fast 32-bit FNV-1a of a string, used as a seed. */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Earliest start of every task (index order of `order`) under recorded runtimes, no transfers. */
function earliestStarts(order: readonly string[], parentsOf: ReadonlyMap<string, readonly string[]>, execMs: ReadonlyMap<string, number>): Map<string, number> {
  const start = new Map<string, number>();
  for (const id of order) {
    let s = 0;
    for (const p of parentsOf.get(id) ?? []) s = Math.max(s, (start.get(p) ?? 0) + (execMs.get(p) ?? 0));
    start.set(id, s);
  }
  return start;
}

/** Kahn's algorithm; ties in input order, so the result is deterministic. */
function topologicalOrder(ids: readonly string[], parentsOf: ReadonlyMap<string, readonly string[]>, childrenOf: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const indegree = new Map<string, number>();
  for (const id of ids) indegree.set(id, (parentsOf.get(id) ?? []).length);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    for (const c of childrenOf.get(queue[head]!) ?? []) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  return queue.length === ids.length ? queue : undefined;
}

export function convertInstance(input: WfInstanceInput, memoryMb: number, warnings: ImportWarning[]): ConvertedInstance {
  const { instance, file } = input;
  const warn = (field: string, message: string, taskId?: string) => warnings.push(taskId === undefined ? { field: `${file}: ${field}`, message } : { taskId, field: `${file}: ${field}`, message });
  const fail = (path: string, message: string, tasks?: readonly string[]): never => {
    throw new SlacklineError(MODULE, message, { file, path, ...(tasks ? { tasks } : {}) });
  };
  if (instance.tasks.length === 0) fail(instance.shape === '1.5' ? '$.workflow.specification.tasks' : '$.workflow.tasks', 'the instance has no tasks');

  const byId = new Map(instance.tasks.map((t) => [t.id, t]));
  // Edges: union of parents and children lists, in a stable order.
  const parentsOf = new Map<string, string[]>(instance.tasks.map((t) => [t.id, []]));
  const childrenOf = new Map<string, string[]>(instance.tasks.map((t) => [t.id, []]));
  const edgeKeys = new Set<string>();
  const addEdge = (from: string, to: string) => {
    const key = `${from}\u0000${to}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    parentsOf.get(to)!.push(from);
    childrenOf.get(from)!.push(to);
  };
  for (const task of instance.tasks) {
    task.parents.forEach((p, i) => {
      if (!byId.has(p)) fail(`${task.path}.parents[${i}]`, `task "${task.id}" names unknown parent "${p}"`, [task.id]);
      if (p === task.id) fail(`${task.path}.parents[${i}]`, `task "${task.id}" is its own parent`, [task.id]);
      addEdge(p, task.id);
    });
    task.children.forEach((c, i) => {
      if (!byId.has(c)) fail(`${task.path}.children[${i}]`, `task "${task.id}" names unknown child "${c}"`, [task.id]);
      if (c === task.id) fail(`${task.path}.children[${i}]`, `task "${task.id}" is its own child`, [task.id]);
      addEdge(task.id, c);
    });
  }
  for (const task of instance.tasks) {
    const listed = new Set(task.parents);
    const missing = parentsOf.get(task.id)!.filter((p) => !listed.has(p));
    if (missing.length > 0 && task.parents.length + task.children.length > 0) {
      warn('parents', `parents/children lists disagree: ${missing.length} parent(s) known only from their children lists (${missing.slice(0, 3).join(', ')}); edges kept`, task.id);
    }
  }

  if (instance.shape === '1.5') {
    // 1.5 requires both lists: a child known only from its parents list is an asymmetry too.
    for (const task of instance.tasks) {
      const listed = new Set(task.children);
      const missing = childrenOf.get(task.id)!.filter((c) => !listed.has(c));
      if (missing.length > 0 && task.parents.length + task.children.length > 0) {
        warn('children', `parents/children lists disagree: ${missing.length} child(ren) known only from their parents lists (${missing.slice(0, 3).join(', ')}); edges kept`, task.id);
      }
    }
  }

  const order = topologicalOrder(instance.tasks.map((t) => t.id), parentsOf, childrenOf);
  if (!order) {
    const cyclic = instance.tasks.map((t) => t.id).filter((id) => parentsOf.get(id)!.length > 0).slice(0, 10);
    return fail(instance.shape === '1.5' ? '$.workflow.specification.tasks[].parents' : '$.workflow.tasks[].parents', 'the parent/child links form a cycle', cyclic);
  }

  const producer = new Map<string, string>();
  for (const task of instance.tasks) {
    for (const f of task.outputFiles) {
      const other = producer.get(f);
      if (other !== undefined && other !== task.id) warn('outputFiles', `file "${f}" is also written by task "${other}"; the first writer counts as its producer`, task.id);
      else producer.set(f, task.id);
    }
  }
  // Sizes that are all multiples of 1000 look like kB x 1000 (as Pegasus' readBytes are): reported, kept.
  const nonZero = [...instance.fileSizes.values()].filter((size) => size > 0);
  if (nonZero.length >= 5 && nonZero.every((size) => size % 1000 === 0)) {
    warn('files[].sizeInBytes', `all ${nonZero.length} non-zero file sizes are multiples of 1000 (kB x 1000?); taken as bytes, precision below 1 kB is lost`);
  }
  const sizeOf = (f: string, taskId: string): number => {
    const size = instance.fileSizes.get(f);
    if (size !== undefined) return size;
    warn('files', `file "${f}" is not in the file list: size unknown, counted as 0 bytes`, taskId);
    return 0;
  };

  const tasks: TaskSpec[] = [];
  const execMs = new Map<string, number>();
  const funcs = new Map<string, string>();
  for (const task of instance.tasks) {
    const func = funcOf(task, warn);
    funcs.set(task.id, func);
    const parents = new Set(parentsOf.get(task.id));
    let inputBytes = 0;
    for (const f of new Set(task.inputFiles)) {
      const from = producer.get(f);
      const size = sizeOf(f, task.id);
      if (from === undefined) {
        if (isExecutable(f, task, func)) {
          warn('inputFiles', `external input "${f}" looks like the executable; not counted as input data`, task.id);
          continue;
        }
        if (size >= HUGE_INPUT_BYTES) warn('inputFiles', `external input "${f}" of ${formatBytes(size)} (a reference database?) is counted in inputBytes`, task.id);
      } else if (!parents.has(from) && from !== task.id) {
        warn('inputFiles', `reads "${f}" written by "${from}", which is not a parent; counted as input, no edge added`, task.id);
      }
      inputBytes += size;
    }
    let outputBytes = 0;
    for (const f of new Set(task.outputFiles)) outputBytes += sizeOf(f, task.id);
    // Each file is below 1 PB (checked when read); their sum may not be.
    const tooMany = implausibleBytes(Math.max(inputBytes, outputBytes));
    if (tooMany) fail(task.path, `task "${task.id}" ${inputBytes >= outputBytes ? `reads ${inputBytes}` : `writes ${outputBytes}`} bytes in all: ${tooMany}`, [task.id]);
    tasks.push({ id: task.id, func, inputBytes, outputBytes });
    if (task.runtimeSeconds === 0) warn('runtimeInSeconds', 'runtime is 0 (below the recorder resolution); kept as 0 ms', task.id);
    execMs.set(task.id, task.runtimeSeconds * 1000);
  }

  const edges: EdgeSpec[] = [];
  for (const task of instance.tasks) {
    const reads = new Set(task.inputFiles);
    for (const p of parentsOf.get(task.id)!) {
      let bytes = 0;
      let shared = 0;
      for (const f of new Set(byId.get(p)!.outputFiles)) {
        if (reads.has(f)) {
          bytes += instance.fileSizes.get(f) ?? 0;
          shared++;
        }
      }
      if (shared === 0) warn('parents', `shares no file with parent "${p}"; edge bytes 0`, task.id);
      edges.push({ from: p, to: task.id, bytes });
    }
  }

  // Named after the file (without a run number such as -001): instance names are often
  // generic ("workflow-test"); the instance name stays in the dataset description.
  const workflowName = basename(file).replace(/\.json$/i, '').replace(/-\d{3}$/, '') || instance.name;
  const spec = { name: workflowName, tasks, edges };
  buildDag(spec, { file, path: '$.workflow' }); // throws a SlacklineError listing every problem
  const signature = dagSignature(spec);
  const workflow: DatasetWorkflow = { name: workflowName, signature, tasks, edges };

  // Start times and makespan.
  const dated = instance.tasks.map((t) => (t.executedAt === undefined ? undefined : parseWfDate(t.executedAt)?.epochMs));
  let startMs: Map<string, number>;
  let datedMakespan: number | undefined;
  if (dated.every((d) => d !== undefined)) {
    const first = (dated as number[]).reduce((a, b) => Math.min(a, b), Infinity);
    startMs = new Map(instance.tasks.map((t, i) => [t.id, dated[i]! - first]));
    datedMakespan = instance.tasks.reduce((m, t) => Math.max(m, startMs.get(t.id)! + execMs.get(t.id)!), 0);
  } else {
    if (dated.some((d) => d !== undefined)) warn('executedAt', 'only some tasks carry a parseable start date; all start times derived instead');
    warn('executedAt', 'no task start dates recorded: startMs derived as the earliest start under the recorded runtimes (no transfers, no queueing)');
    startMs = earliestStarts(order, parentsOf, execMs);
  }
  // reduce, not Math.max(...spread): a 100,000-task instance would overflow the argument list.
  const criticalPathMs = instance.tasks.reduce((m, t) => Math.max(m, startMs.get(t.id)! + execMs.get(t.id)!), 0);
  // Each runtime is below 30 days (checked when read); a chain of them, or dates far apart, may not be.
  const tooLong = implausibleMs(criticalPathMs);
  if (tooLong) {
    const last = instance.tasks.reduce((a, t) => (startMs.get(t.id)! + execMs.get(t.id)! >= startMs.get(a.id)! + execMs.get(a.id)! ? t : a));
    const how = datedMakespan === undefined ? 'start times derived from the recorded runtimes' : 'start times from the tasks\' executedAt dates';
    fail(last.path, `task "${last.id}" ends ${criticalPathMs / 1000} s after the run starts (${how}): ${tooLong}`, [last.id]);
  }
  let makespanMs: number;
  if (instance.makespanSeconds !== undefined) {
    makespanMs = instance.makespanSeconds * 1000;
    if (datedMakespan === undefined && timeLess(makespanMs, criticalPathMs)) {
      warn('makespanInSeconds', `recorded makespan ${makespanMs} ms is shorter than the critical path of the recorded runtimes (${criticalPathMs} ms); kept as recorded`);
    }
  } else if (datedMakespan !== undefined) {
    makespanMs = datedMakespan;
    warn('makespanInSeconds', `${instance.makespanProblem ?? 'missing'}; makespan derived from the task start dates and runtimes`);
  } else {
    makespanMs = criticalPathMs;
    warn('makespanInSeconds', `${instance.makespanProblem ?? 'missing'}; makespan = critical path of the recorded runtimes`);
  }

  let epochMs = 0;
  const parsed = instance.executedAt === undefined ? undefined : parseWfDate(instance.executedAt);
  if (parsed) {
    epochMs = parsed.epochMs;
    if (parsed.assumedUtc) warn('executedAt', `"${instance.executedAt}" has no time zone; UTC assumed`);
  } else {
    warn('executedAt', `${instance.executedAt === undefined ? 'missing' : `unparseable date "${instance.executedAt}"`}; DAG id epoch set to 0`);
  }
  const dagId = formatDagId({ epochMs, sinkTaskId: namedSink(spec), uuid: uuidFromRandom(seededRandom(input.seed)), signature });

  const plan: Record<string, PlannedTask> = {};
  const records: TaskRecord[] = [];
  for (const task of tasks) {
    plan[task.id] = { workerId: task.id, memoryMb };
    records.push(taskRecord(task, { memoryMb, execMs: execMs.get(task.id)!, workerId: task.id, startMs: startMs.get(task.id)! }));
  }
  return { workflow, run: { dagId, plan, makespanMs, metrics: { tasks: records, transfers: [], workerStarts: [] } } };
}

function sameBytes(a: DatasetWorkflow, b: DatasetWorkflow): boolean {
  const key = (w: DatasetWorkflow) => [...w.tasks.map((t) => `${t.id}:${t.inputBytes}:${t.outputBytes}`), ...w.edges.map((e) => `${e.from}>${e.to}:${e.bytes}`)].sort().join('|');
  return key(a) === key(b);
}

/** Converts instances (already parsed) into one dataset; see the header for the rules. */
export function wfInstancesToDataset(inputs: readonly WfInstanceInput[], options: WfCommonsDatasetOptions, warnings: ImportWarning[]): Dataset {
  if (inputs.length === 0) throw new SlacklineError(MODULE, 'no instance to import');
  const memoryMb = options.memoryMb ?? DEFAULT_WFCOMMONS_MEMORY_MB;
  const badMemory = Number.isFinite(memoryMb) ? implausibleMemoryMb(memoryMb) : 'not a number';
  if (badMemory) throw new SlacklineError(MODULE, `memory size (--memory) ${memoryMb} MB: ${badMemory}`);
  const ladder = [...new Set([...(options.ladderMb ?? DEFAULT_LADDER_MB), memoryMb])].sort((a, b) => a - b);

  const workflows: DatasetWorkflow[] = [];
  const runs: RecordedRun[] = [];
  const bySignature = new Map<string, DatasetWorkflow>();
  const names = new Set<string>();
  for (const input of inputs) {
    const { workflow, run } = convertInstance(input, memoryMb, warnings);
    const existing = bySignature.get(workflow.signature);
    if (existing) {
      if (!sameBytes(existing, workflow)) {
        warnings.push({ field: `${input.file}: files`, message: `same workflow as "${existing.name}" with different byte counts; the workflow keeps the first instance's, this run's task records keep their own` });
      }
    } else {
      let name = workflow.name;
      for (let k = 2; names.has(name); k++) name = `${workflow.name}-${k}`;
      names.add(name);
      const named = { ...workflow, name };
      bySignature.set(workflow.signature, named);
      workflows.push(named);
    }
    runs.push(run);
  }

  const files = inputs.map((i) => i.file);
  const first = inputs[0]!;
  const name = options.name ?? `wfcommons-${basename(first.file).replace(/\.json$/i, '')}`;
  const apps = `${workflows.map((w) => w.name).join(', ')} (instance name ${[...new Set(inputs.map((i) => JSON.stringify(i.instance.name)))].join(', ')})`;
  const notes = [
    `Recorded runtimes attributed to ${memoryMb} MB workers (one task per worker); normalized with the linear rule.`,
    'Edge bytes = sizes of the files a child reads from its parent; inputBytes include external inputs, executables excluded; byte values as recorded.',
    'startMs derived as earliest starts under recorded runtimes unless tasks carry dates; makespan = makespanInSeconds.',
    'No transfer or worker-start records: WfCommons records none.',
  ].join(' ');
  const source: DatasetSource = {
    kind: 'recorded',
    origin: options.source?.origin ?? `WfCommons instance(s) converted by slackline import wfcommons: ${apps}`,
    license: options.source?.license ?? 'NOASSERTION',
    ...(options.source?.url === undefined ? {} : { url: options.source.url }),
    files: options.source?.files ?? files,
    notes: options.source?.notes ?? notes,
  };
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name,
    description: options.description ?? `WfCommons ${apps}: ${workflows.length} workflow(s), ${runs.length} recorded run(s) at ${memoryMb} MB`,
    source,
    memoryLadderMb: ladder,
    workflows,
    runs,
  };
}
