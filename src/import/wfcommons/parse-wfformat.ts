/**
 * Reads a WfCommons workflow instance (WfFormat 1.5, or 1.0-1.4) into one normalized shape,
 * checking every field it uses and naming the JSON path of anything it cannot use.
 *
 * The two shapes (schemas: https://github.com/wfcommons/WfFormat):
 * - 1.5: `workflow.specification.tasks[]` {id, name, parents, children, inputFiles, outputFiles}
 *   (file ids) + `workflow.specification.files[]` {id, sizeInBytes}; recorded values in
 *   `workflow.execution` {makespanInSeconds, executedAt, tasks[] {id, runtimeInSeconds,
 *   command{program,arguments}, machines[]}} joined on task id.
 * - 1.4 and older: `workflow.tasks[]` holding everything; tasks are keyed by `name` (their
 *   `parents`/`children` list names, while `id` is a different short id, e.g. "ID000002"),
 *   files are inline per task `files[] {name, sizeInBytes, link: input|output}`, the machine
 *   is one string, `children` may be absent (derived from `parents`).
 *
 * Hard errors (SlacklineError naming file and JSON path): not JSON, unknown schemaVersion,
 * no tasks, a task without id/name or runtime, a runtime that is negative or not a number,
 * a parent/child naming an unknown task, a missing `workflow.execution` (1.5), a runtime or
 * makespan over 30 days or a file size over 1 PB (the dataset bounds, `plausible.ts`).
 * Everything else odd is kept going with an `ImportWarning` naming the task.
 */
import { SlacklineError } from '../../errors.js';
import type { ImportWarning } from '../import-warning.js';
import { implausibleBytes, implausibleMs } from '../plausible.js';

export interface WfTask {
  /** The key parents/children use: `id` in 1.5, `name` in 1.4. */
  readonly id: string;
  readonly name: string;
  /** `command.program`, when present. */
  readonly program?: string;
  /** `command.arguments[0]`, when present (Makeflow puts `./blastall` there). */
  readonly firstArgument?: string;
  /** 1.4 `category` (the task type), when present. */
  readonly category?: string;
  readonly parents: readonly string[];
  readonly children: readonly string[];
  readonly inputFiles: readonly string[];
  readonly outputFiles: readonly string[];
  /** `runtimeInSeconds` as recorded (>= 0). */
  readonly runtimeSeconds: number;
  readonly machines: readonly string[];
  /** Task-level start date, when recorded (absent in every WfInstances file seen). */
  readonly executedAt?: string;
  /** JSON path of the task, for messages. */
  readonly path: string;
}

export interface WfInstance {
  readonly name: string;
  readonly schemaVersion: string;
  /** Which shape the file had. */
  readonly shape: '1.4' | '1.5';
  readonly runtimeSystem?: string;
  readonly executedAt?: string;
  readonly makespanSeconds?: number;
  /** Why a recorded makespan was not usable (negative, not a number), when one was recorded. */
  readonly makespanProblem?: string;
  readonly tasks: readonly WfTask[];
  /** File id (1.5) or name (1.4) -> size in bytes. */
  readonly fileSizes: ReadonlyMap<string, number>;
}

const MODULE = 'import/wfcommons';
const OLD_VERSIONS = new Set(['1.0', '1.1', '1.2', '1.3', '1.4']);

type Json = Record<string, unknown>;

class Reader {
  constructor(
    readonly file: string | undefined,
    readonly warnings: ImportWarning[],
  ) {}

  fail(path: string, message: string, tasks?: readonly string[]): never {
    throw new SlacklineError(MODULE, message, { ...(this.file === undefined ? {} : { file: this.file }), path, ...(tasks ? { tasks } : {}) });
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `expected an object, got ${describe(value)}`);
    return value as Json;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, got ${describe(value)}`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, `expected a non-empty string, got ${describe(value)}`);
    return value;
  }

  optionalString(value: unknown, path: string, taskId?: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.warn(path, `expected a string, got ${describe(value)}; ignored`, taskId);
    return undefined;
  }

  stringList(value: unknown, path: string): string[] {
    const list = this.array(value, path);
    return list.map((item, i) => this.string(item, `${path}[${i}]`));
  }

  runtime(value: unknown, path: string, taskId: string): number {
    if (value === undefined || value === null) this.fail(path, `task "${taskId}" has no runtimeInSeconds`, [taskId]);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      this.fail(path, `task "${taskId}" has runtimeInSeconds ${describe(value)}; expected a number >= 0`, [taskId]);
    }
    const implausible = implausibleMs(value * 1000);
    if (implausible) this.fail(path, `task "${taskId}" has runtimeInSeconds ${value}: ${implausible}`, [taskId]);
    return value;
  }

  size(value: unknown, path: string, taskId?: string): number {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      const implausible = implausibleBytes(value);
      if (implausible) this.fail(path, `sizeInBytes ${value}: ${implausible}`, taskId === undefined ? undefined : [taskId]);
      return value;
    }
    this.warn(path, `sizeInBytes is ${describe(value)}; counted as 0 bytes`, taskId);
    return 0;
  }

  /** A warning's field starts with the file (as every importer's does), so a many-file import says which file. */
  warn(path: string, message: string, taskId?: string): void {
    const field = this.file === undefined ? path : `${this.file}: ${path}`;
    this.warnings.push(taskId === undefined ? { field, message } : { taskId, field, message });
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return typeof value === 'object' ? 'an object' : String(value);
}

export interface ParseWfFormatOptions {
  /** File name, for messages. */
  readonly file?: string;
}

/** Parses the text of a WfFormat file. Warnings are appended to `warnings`. */
export function parseWfFormat(text: string, warnings: ImportWarning[], options: ParseWfFormatOptions = {}): WfInstance {
  const r: Reader = new Reader(options.file, warnings);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    r.fail('$', `not JSON: ${(error as Error).message}`);
  }
  return parseWfFormatJson(raw, warnings, options);
}

/** Same as `parseWfFormat` on already parsed JSON. */
export function parseWfFormatJson(raw: unknown, warnings: ImportWarning[], options: ParseWfFormatOptions = {}): WfInstance {
  const r: Reader = new Reader(options.file, warnings);
  const top = r.object(raw, '$');
  const version = top.schemaVersion;
  if (typeof version !== 'string') r.fail('$.schemaVersion', `expected a WfFormat schemaVersion string ("1.5" or "1.0".."1.4"), got ${describe(version)}`);
  let name: string;
  if (typeof top.name === 'string' && top.name.length > 0) name = top.name;
  else {
    name = 'wfcommons-instance';
    r.warn('$.name', `instance has no name (${describe(top.name)}); named "${name}"`);
  }
  const workflow = r.object(top.workflow, '$.workflow');
  if (version === '1.5') return parse15(r, name, version, top, workflow);
  if (OLD_VERSIONS.has(version)) return parse14(r, name, version, top, workflow);
  return r.fail('$.schemaVersion', `unsupported schemaVersion ${JSON.stringify(version)}: this importer reads "1.5" and "1.0".."1.4"`);
}

function runtimeSystemName(r: Reader, top: Json, key: 'runtimeSystem' | 'wms'): string | undefined {
  const system = top[key];
  if (typeof system !== 'object' || system === null) return undefined;
  return r.optionalString((system as Json).name, `$.${key}.name`);
}

/**
 * The recorded makespan, or why it cannot be used (not warned here: the converter warns
 * once, saying what it derived instead).
 */
function makespanOf(r: Reader, value: unknown, path: string): { makespanSeconds?: number; makespanProblem?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    const implausible = implausibleMs(value * 1000);
    if (implausible) r.fail(path, `makespanInSeconds ${value}: ${implausible}`);
    return { makespanSeconds: value };
  }
  return { makespanProblem: `recorded as ${describe(value)}, not a number >= 0` };
}

function machinesOf(r: Reader, value: unknown, path: string, taskId: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((m): m is string => typeof m === 'string');
  r.warn(path, `expected machine names, got ${describe(value)}; ignored`, taskId);
  return [];
}

function commandOf(r: Reader, value: unknown, path: string, taskId: string): { program?: string; firstArgument?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    r.warn(path, `expected an object {program, arguments}, got ${describe(value)}; ignored`, taskId);
    return {};
  }
  const command = value as Json;
  const program = r.optionalString(command.program, `${path}.program`, taskId);
  const args = command.arguments;
  const first = Array.isArray(args) && typeof args[0] === 'string' ? args[0] : undefined;
  return { ...(program === undefined ? {} : { program }), ...(first === undefined ? {} : { firstArgument: first }) };
}

function parse15(r: Reader, name: string, schemaVersion: string, top: Json, workflow: Json): WfInstance {
  const spec = r.object(workflow.specification, '$.workflow.specification');
  if (workflow.execution === undefined) r.fail('$.workflow.execution', 'missing: a 1.5 instance without an execution section records no runtimes to import');
  const execution = r.object(workflow.execution, '$.workflow.execution');
  const specTasks = r.array(spec.tasks, '$.workflow.specification.tasks');
  const execTasks = r.array(execution.tasks, '$.workflow.execution.tasks');

  const fileSizes = new Map<string, number>();
  const files = spec.files === undefined ? [] : r.array(spec.files, '$.workflow.specification.files');
  if (spec.files === undefined) r.warn('$.workflow.specification.files', 'missing: every file size is unknown, edges and inputs count 0 bytes');
  files.forEach((f, i) => {
    const path = `$.workflow.specification.files[${i}]`;
    const file = r.object(f, path);
    const id = r.string(file.id, `${path}.id`);
    const size = r.size(file.sizeInBytes, `${path}.sizeInBytes`);
    if (fileSizes.has(id) && fileSizes.get(id) !== size) r.warn(`${path}.sizeInBytes`, `file "${id}" listed twice with different sizes; the larger is used`);
    fileSizes.set(id, Math.max(size, fileSizes.get(id) ?? 0));
  });

  const execById = new Map<string, { value: Json; path: string }>();
  execTasks.forEach((t, i) => {
    const path = `$.workflow.execution.tasks[${i}]`;
    const task = r.object(t, path);
    const id = r.string(task.id, `${path}.id`);
    if (execById.has(id)) r.fail(`${path}.id`, `duplicate execution entry for task "${id}"`, [id]);
    execById.set(id, { value: task, path });
  });

  const seen = new Set<string>();
  const tasks: WfTask[] = specTasks.map((t, i) => {
    const path = `$.workflow.specification.tasks[${i}]`;
    const task = r.object(t, path);
    const id = r.string(task.id, `${path}.id`);
    if (seen.has(id)) r.fail(`${path}.id`, `duplicate task id "${id}"`, [id]);
    seen.add(id);
    const taskName = typeof task.name === 'string' && task.name.length > 0 ? task.name : id;
    const exec = execById.get(id);
    if (!exec) r.fail('$.workflow.execution.tasks', `no execution entry (runtimeInSeconds) for task "${id}"`, [id]);
    const { parents, children } = links(r, task, path, id);
    const inputFiles = task.inputFiles === undefined ? [] : r.stringList(task.inputFiles, `${path}.inputFiles`);
    const outputFiles = task.outputFiles === undefined ? [] : r.stringList(task.outputFiles, `${path}.outputFiles`);
    const command = commandOf(r, exec.value.command, `${exec.path}.command`, id);
    const executedAt = r.optionalString(exec.value.executedAt, `${exec.path}.executedAt`, id);
    return {
      id,
      name: taskName,
      ...command,
      parents,
      children,
      inputFiles,
      outputFiles,
      runtimeSeconds: r.runtime(exec.value.runtimeInSeconds, `${exec.path}.runtimeInSeconds`, id),
      machines: machinesOf(r, exec.value.machines, `${exec.path}.machines`, id),
      ...(executedAt === undefined ? {} : { executedAt }),
      path,
    };
  });
  for (const id of execById.keys()) {
    if (!seen.has(id)) r.warn('$.workflow.execution.tasks', `execution entry for task "${id}" that the specification does not list; ignored`, id);
  }

  const runtimeSystem = runtimeSystemName(r, top, 'runtimeSystem');
  const executedAt = r.optionalString(execution.executedAt, '$.workflow.execution.executedAt');
  const makespan = makespanOf(r, execution.makespanInSeconds, '$.workflow.execution.makespanInSeconds');
  return {
    name,
    schemaVersion,
    shape: '1.5',
    ...(runtimeSystem === undefined ? {} : { runtimeSystem }),
    ...(executedAt === undefined ? {} : { executedAt }),
    ...makespan,
    tasks,
    fileSizes,
  };
}

/** parents/children of a task; a missing list is derived later from the other side. */
function links(r: Reader, task: Json, path: string, id: string): { parents: string[]; children: string[] } {
  const parents = task.parents === undefined ? [] : r.stringList(task.parents, `${path}.parents`);
  const children = task.children === undefined ? [] : r.stringList(task.children, `${path}.children`);
  if (task.parents === undefined && task.children === undefined) r.warn(`${path}.parents`, 'task lists neither parents nor children; links taken from the other tasks', id);
  return { parents, children };
}

function parse14(r: Reader, name: string, schemaVersion: string, top: Json, workflow: Json): WfInstance {
  const rawTasks = r.array(workflow.tasks, '$.workflow.tasks');
  const fileSizes = new Map<string, number>();
  const seen = new Set<string>();
  const tasks: WfTask[] = rawTasks.map((t, i) => {
    const path = `$.workflow.tasks[${i}]`;
    const task = r.object(t, path);
    // 1.4 links tasks by name; `id` ("ID000002") is not what parents/children refer to.
    const id = r.string(task.name, `${path}.name`);
    if (seen.has(id)) r.fail(`${path}.name`, `duplicate task name "${id}"`, [id]);
    seen.add(id);
    const type = task.type;
    if (type !== undefined && type !== 'compute') r.warn(`${path}.type`, `task type ${describe(type)} (not "compute") imported as a task`, id);
    const { parents, children } = links(r, task, path, id);
    const inputFiles: string[] = [];
    const outputFiles: string[] = [];
    const files = task.files === undefined ? [] : r.array(task.files, `${path}.files`);
    files.forEach((f, j) => {
      const fpath = `${path}.files[${j}]`;
      const file = r.object(f, fpath);
      const fileName = r.string(file.name, `${fpath}.name`);
      const size = r.size(file.sizeInBytes, `${fpath}.sizeInBytes`, id);
      const previous = fileSizes.get(fileName);
      if (previous !== undefined && previous !== size) r.warn(`${fpath}.sizeInBytes`, `file "${fileName}" has size ${size} here and ${previous} elsewhere; the larger is used`, id);
      fileSizes.set(fileName, Math.max(size, previous ?? 0));
      if (file.link === 'input') inputFiles.push(fileName);
      else if (file.link === 'output') outputFiles.push(fileName);
      else r.fail(`${fpath}.link`, `task "${id}" file "${fileName}" has link ${describe(file.link)}; expected "input" or "output"`, [id]);
    });
    const command = commandOf(r, task.command, `${path}.command`, id);
    const category = r.optionalString(task.category, `${path}.category`, id);
    const executedAt = r.optionalString(task.executedAt, `${path}.executedAt`, id);
    return {
      id,
      name: id,
      ...command,
      ...(category === undefined ? {} : { category }),
      parents,
      children,
      inputFiles,
      outputFiles,
      runtimeSeconds: r.runtime(task.runtimeInSeconds ?? task.runtime, `${path}.runtimeInSeconds`, id),
      machines: machinesOf(r, task.machine ?? task.machines, `${path}.machine`, id),
      ...(executedAt === undefined ? {} : { executedAt }),
      path,
    };
  });
  const runtimeSystem = runtimeSystemName(r, top, 'wms');
  const executedAt = r.optionalString(workflow.executedAt, '$.workflow.executedAt');
  const makespan = makespanOf(r, workflow.makespanInSeconds ?? workflow.makespan, '$.workflow.makespanInSeconds');
  return {
    name,
    schemaVersion,
    shape: '1.4',
    ...(runtimeSystem === undefined ? {} : { runtimeSystem }),
    ...(executedAt === undefined ? {} : { executedAt }),
    ...makespan,
    tasks,
    fileSizes,
  };
}
