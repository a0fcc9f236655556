/**
 * Validates a dataset (format v1) and reports EVERY problem, each as
 * `<file>: <JSON path>: <reason>`, never only the first.
 *
 * Two stages. Structure first (the zod schema in `schema.ts`: types, required fields,
 * ranges, unknown keys). If the structure is sound, the semantic checks a schema cannot
 * express follow:
 * - the memory ladder is ascending without repeats;
 * - every workflow is a valid DAG (`compactWorkflow`: duplicates, unknown tasks, cycles...;
 *   the compact form it builds is kept for planning), and
 *   its `signature` equals `dagSignature` of it; no two workflows share a signature;
 * - every run's `dagId` parses and its signature names a workflow, whose task the named
 *   sink is;
 * - the plan covers every task of that workflow exactly, with ladder sizes, and tasks
 *   sharing a worker share its memory;
 * - task records name known tasks with the right func, worker and memory, at most once;
 *   transfers and worker starts name known tasks / workers at their planned memory;
 * - every normalized time equals `normalizeLinear` of the real one (relative 1e-9);
 * - no two runs share a `dagId`.
 * While the structure is broken, the checks that need only a sound part still run, so one
 * pass lists as much as possible: DAG checks and signatures of every workflow that is
 * structurally sound on its own, and the format of every run's `dagId`. The checks that
 * need the whole file typed (plans and records against their workflow) wait for a sound
 * structure.
 */
import type { $ZodIssue } from 'zod/v4/core';
import type { CompactDag } from '../dag/compact-dag.js';
import { compactDagOf } from '../dag/compact-workflow.js';
import { compactDagSignature, dagSignature } from '../dag/dag-signature.js';
import { taskIndexOf } from '../dag/task-index.js';
import { parseDagId } from '../dag/dag-id.js';
import { isSlacklineError } from '../errors.js';
import { normalizeLinear } from '../metrics/normalize.js';
import { datasetSchema, datasetWorkflowSchema } from './schema.js';
import { hasSoundStructure } from './sound-structure.js';
import type { Dataset, DatasetWorkflow, PlannedTask, RecordedRun } from './types.js';
import { appendAll } from '../util/append-all.js';

export interface DatasetValidation {
  /** The dataset, when there were no errors. */
  readonly dataset?: Dataset;
  /** One line per problem: `<file>: <JSON path>: <reason>`. */
  readonly errors: readonly string[];
}

/** Relative tolerance for stored normalized times. */
export const NORMALIZED_TOLERANCE = 1e-9;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['runs', 2, 'plan', 'a b']` -> `$.runs[2].plan["a b"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function issueReason(issue: $ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** A workflow by signature, with its compact form when it is a valid DAG. */
interface WorkflowEntry {
  readonly workflow: DatasetWorkflow;
  readonly dag: CompactDag | undefined;
}

export function validateDataset(value: unknown, file = '<dataset>'): DatasetValidation {
  // The schema words structural errors; the fast check spares it on sound input (`sound-structure.ts`).
  const parsed = hasSoundStructure(value) ? undefined : datasetSchema.safeParse(value);
  if (parsed !== undefined && !parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${file}: ${jsonPath(issue.path)}: ${issueReason(issue)}`);
    appendAll(errors, partialChecks(value, file));
    return { errors };
  }
  const dataset = (parsed === undefined ? value : parsed.data) as Dataset;
  const errors: string[] = [];
  const error = (path: string, reason: string) => errors.push(`${file}: ${path}: ${reason}`);

  const ladder = dataset.memoryLadderMb;
  for (let i = 1; i < ladder.length; i++) {
    if (!(ladder[i]! > ladder[i - 1]!)) error(`$.memoryLadderMb[${i}]`, `ladder must be ascending without repeats: ${ladder[i]} after ${ladder[i - 1]}`);
  }
  const ladderSet = new Set(ladder);

  const bySignature = new Map<string, WorkflowEntry>();
  dataset.workflows.forEach((workflow, w) => checkWorkflow(workflow, w, bySignature, file, errors));

  const firstWithId = new Map<string, number>();
  dataset.runs.forEach((run, r) => {
    const at = `$.runs[${r}]`;
    uniqueRunId(run.dagId, r, firstWithId, error);
    const id = parseRunDagId(run.dagId, at, error);
    if (!id) return;
    const { signature, sinkTaskId: sink } = id;
    const entry = bySignature.get(signature);
    if (!entry) {
      error(`${at}.dagId`, `signature ${signature} names no workflow of this dataset`);
      return;
    }
    if (entry.dag === undefined) return; // the workflow's own errors are reported; its runs cannot be checked against it
    checkRun(run, entry.workflow, entry.dag, sink, at, ladderSet, error);
  });

  return errors.length > 0 ? { errors } : { dataset, errors };
}

/** DAG checks and signature of one structurally sound workflow; registers it by signature. */
function checkWorkflow(workflow: DatasetWorkflow, w: number, bySignature: Map<string, WorkflowEntry>, file: string, errors: string[]): void {
  const at = `$.workflows[${w}]`;
  let dag: CompactDag | undefined;
  try {
    dag = compactDagOf(workflow, { file, path: at });
  } catch (e) {
    if (!isSlacklineError(e)) throw e;
    for (const detail of e.details.length > 0 ? e.details : [e.message]) errors.push(`${file}: ${detail}`);
  }
  // A valid workflow's lines are its compact form's, read from arrays and the shared task index.
  const signature = dag !== undefined ? compactDagSignature(dag) : dagSignature(workflow);
  if (workflow.signature !== signature) errors.push(`${file}: ${at}.signature: is ${workflow.signature} but the workflow's dagSignature is ${signature}`);
  const other = bySignature.get(workflow.signature);
  if (other) errors.push(`${file}: ${at}.signature: workflow "${workflow.name}" has the same signature as workflow "${other.workflow.name}"`);
  else bySignature.set(workflow.signature, { workflow, dag });
}

/** A run's id names it (the Redis store keys runs by it, replays and reports by it): no two runs share one. */
function uniqueRunId(dagId: string, r: number, firstWithId: Map<string, number>, error: (path: string, reason: string) => void): void {
  const first = firstWithId.get(dagId);
  if (first === undefined) firstWithId.set(dagId, r);
  else error(`$.runs[${r}].dagId`, `"${dagId}" is also the id of $.runs[${first}]; every run needs its own id (the same trace imported twice?)`);
}

function parseRunDagId(dagId: string, at: string, error: (path: string, reason: string) => void): ReturnType<typeof parseDagId> | undefined {
  try {
    return parseDagId(dagId);
  } catch (e) {
    if (!isSlacklineError(e)) throw e;
    error(`${at}.dagId`, e.message.replace(/^slackline\/dag-id: /, ''));
    return undefined;
  }
}

/** The checks that still make sense while other parts of the file are structurally broken. */
function partialChecks(value: unknown, file: string): string[] {
  const errors: string[] = [];
  if (typeof value !== 'object' || value === null) return errors;
  const { workflows, runs } = value as { workflows?: unknown; runs?: unknown };
  const bySignature = new Map<string, WorkflowEntry>();
  if (Array.isArray(workflows)) {
    workflows.forEach((candidate, w) => {
      const sound = datasetWorkflowSchema.safeParse(candidate);
      if (sound.success) checkWorkflow(sound.data as DatasetWorkflow, w, bySignature, file, errors);
    });
  }
  if (Array.isArray(runs)) {
    const firstWithId = new Map<string, number>();
    runs.forEach((run, r) => {
      const dagId = typeof run === 'object' && run !== null ? (run as { dagId?: unknown }).dagId : undefined;
      if (typeof dagId !== 'string') return;
      const error = (path: string, reason: string) => errors.push(`${file}: ${path}: ${reason}`);
      uniqueRunId(dagId, r, firstWithId, error);
      parseRunDagId(dagId, `$.runs[${r}]`, error);
    });
  }
  return errors;
}

/**
 * The checks of one run against its (valid) workflow. Tasks are looked up in the compact
 * form's task index, once per record; what the plan gives each task is kept in an array by
 * that index. A record whose task the plan loop did not meet reads `run.plan` itself, so
 * every answer is the one a look-up in `run.plan` gives.
 */
function checkRun(run: RecordedRun, workflow: DatasetWorkflow, dag: CompactDag, sink: string, at: string, ladder: ReadonlySet<number>, error: (path: string, reason: string) => void): void {
  const index = taskIndexOf(dag);
  const n = dag.taskCount;
  const funcOf = (i: number) => dag.funcNames[dag.funcOf[i]!]!;
  if (!index.has(sink)) error(`${at}.dagId`, `names sink "${sink}", which is not a task of workflow "${workflow.name}"`);

  // The plan: every task exactly once, ladder sizes, one memory per worker.
  const plan = run.plan;
  const planOf = new Array<PlannedTask | undefined>(n);
  const workerMemory = new Map<string, { memoryMb: number; taskId: string }>();
  // The path only when there is an error to name (a 100,000-task plan has as many entries).
  const p = (taskId: string) => `${at}.plan${jsonPath([taskId]).slice(1)}`;
  for (const taskId in plan) {
    const planned = plan[taskId]!;
    const i = index.get(taskId);
    if (i === undefined) error(p(taskId), `plans unknown task "${taskId}"`);
    else planOf[i] = planned;
    if (!ladder.has(planned.memoryMb)) error(`${p(taskId)}.memoryMb`, `${planned.memoryMb} MB is not in the dataset's memory ladder`);
    const first = workerMemory.get(planned.workerId);
    if (!first) workerMemory.set(planned.workerId, { memoryMb: planned.memoryMb, taskId });
    else if (first.memoryMb !== planned.memoryMb) {
      error(`${p(taskId)}.memoryMb`, `task "${taskId}" runs on worker "${planned.workerId}" at ${planned.memoryMb} MB but task "${first.taskId}" on the same worker at ${first.memoryMb} MB`);
    }
  }
  const missing: string[] = [];
  for (const task of workflow.tasks) if (!Object.hasOwn(plan, task.id)) missing.push(task.id);
  if (missing.length > 0) error(`${at}.plan`, `misses ${missing.length} task(s): ${listSome(missing)}`);
  const plannedTask = (i: number | undefined, taskId: string): PlannedTask | undefined => (i !== undefined && planOf[i] !== undefined ? planOf[i] : plan[taskId]);

  const tasks = run.metrics.tasks;
  const seen = new Uint8Array(n);
  for (let k = 0; k < tasks.length; k++) {
    const rec = tasks[k]!;
    const i = index.get(rec.taskId);
    if (i === undefined) {
      error(`${at}.metrics.tasks[${k}].taskId`, `unknown task "${rec.taskId}"`);
      continue;
    }
    if (seen[i] === 1) error(`${at}.metrics.tasks[${k}].taskId`, `task "${rec.taskId}" is recorded twice`);
    seen[i] = 1;
    const func = funcOf(i);
    if (rec.func !== func) error(`${at}.metrics.tasks[${k}].func`, `is "${rec.func}" but task "${rec.taskId}" has func "${func}"`);
    const planned = plannedTask(i, rec.taskId);
    if (planned && planned.workerId !== rec.workerId) error(`${at}.metrics.tasks[${k}].workerId`, `is "${rec.workerId}" but the plan puts task "${rec.taskId}" on "${planned.workerId}"`);
    if (planned && planned.memoryMb !== rec.memoryMb) error(`${at}.metrics.tasks[${k}].memoryMb`, `is ${rec.memoryMb} but the plan gives task "${rec.taskId}" ${planned.memoryMb} MB`);
    if (!normalizedOk(rec.execMs, rec.execMsNormalized, rec.memoryMb)) normalizedError(error, `${at}.metrics.tasks[${k}].execMsNormalized`, rec.execMs, rec.execMsNormalized, rec.memoryMb);
  }

  const transfers = run.metrics.transfers;
  for (let k = 0; k < transfers.length; k++) {
    const rec = transfers[k]!;
    const i = index.get(rec.taskId);
    if (i === undefined) error(`${at}.metrics.transfers[${k}].taskId`, `unknown task "${rec.taskId}"`);
    if (rec.peerTaskId !== undefined) {
      if (!index.has(rec.peerTaskId)) error(`${at}.metrics.transfers[${k}].peerTaskId`, `unknown task "${rec.peerTaskId}"`);
      if (rec.direction === 'upload') error(`${at}.metrics.transfers[${k}].peerTaskId`, 'an upload has no peer task (only downloads name the producer they read)');
    }
    const memory = plannedTask(i, rec.taskId)?.memoryMb;
    if (memory !== undefined && memory !== rec.memoryMb) error(`${at}.metrics.transfers[${k}].memoryMb`, `is ${rec.memoryMb} but the plan gives task "${rec.taskId}" ${memory} MB`);
    if (!normalizedOk(rec.ms, rec.msNormalized, rec.memoryMb)) normalizedError(error, `${at}.metrics.transfers[${k}].msNormalized`, rec.ms, rec.msNormalized, rec.memoryMb);
  }

  const starts = run.metrics.workerStarts;
  for (let k = 0; k < starts.length; k++) {
    const rec = starts[k]!;
    const worker = workerMemory.get(rec.workerId);
    if (!worker) error(`${at}.metrics.workerStarts[${k}].workerId`, `worker "${rec.workerId}" runs no task in the plan`);
    else if (worker.memoryMb !== rec.memoryMb) error(`${at}.metrics.workerStarts[${k}].memoryMb`, `is ${rec.memoryMb} but worker "${rec.workerId}" has ${worker.memoryMb} MB in the plan`);
    if (!normalizedOk(rec.ms, rec.msNormalized, rec.memoryMb)) normalizedError(error, `${at}.metrics.workerStarts[${k}].msNormalized`, rec.ms, rec.msNormalized, rec.memoryMb);
  }
}

/** A stored normalized time equals `normalizeLinear` of the real one, within the tolerance. */
function normalizedOk(real: number, normalized: number, memoryMb: number): boolean {
  const expected = normalizeLinear(real, memoryMb);
  return !(Math.abs(normalized - expected) > NORMALIZED_TOLERANCE * Math.max(Math.abs(expected), 1e-12));
}

function normalizedError(error: (path: string, reason: string) => void, path: string, real: number, normalized: number, memoryMb: number): void {
  error(path, `is ${normalized}; expected ${real} * ${memoryMb} / 512 = ${normalizeLinear(real, memoryMb)}`);
}

function listSome(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max).map((id) => `"${id}"`).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}
