/**
 * The oracle: \`validateDataset\` as it was before the run checks looked tasks up in the
 * compact form's task index (commit e40029e, imports adjusted), kept word for word so
 * \`test/validate-dataset-oracle.test.ts\` can compare every error line of the two.
 */
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
 * - every normalized time equals `normalizeLinear` of the real one (relative 1e-9).
 * While the structure is broken, the checks that need only a sound part still run, so one
 * pass lists as much as possible: DAG checks and signatures of every workflow that is
 * structurally sound on its own, and the format of every run's `dagId`. The checks that
 * need the whole file typed (plans and records against their workflow) wait for a sound
 * structure.
 */
import type { $ZodIssue } from 'zod/v4/core';
import { compactDagOf } from '../../src/dag/compact-workflow.js';
import { dagSignature } from '../../src/dag/dag-signature.js';
import { parseDagId } from '../../src/dag/dag-id.js';
import { isSlacklineError } from '../../src/errors.js';
import { normalizeLinear } from '../../src/metrics/normalize.js';
import { datasetSchema, datasetWorkflowSchema } from '../../src/dataset/schema.js';
import { hasSoundStructure } from '../../src/dataset/sound-structure.js';
import type { Dataset, DatasetWorkflow, RecordedRun } from '../../src/dataset/types.js';
import { appendAll } from '../../src/util/append-all.js';

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

  const bySignature = new Map<string, { workflow: DatasetWorkflow; valid: boolean }>();
  dataset.workflows.forEach((workflow, w) => checkWorkflow(workflow, w, bySignature, file, errors));

  dataset.runs.forEach((run, r) => {
    const at = `$.runs[${r}]`;
    const id = parseRunDagId(run.dagId, at, error);
    if (!id) return;
    const { signature, sinkTaskId: sink } = id;
    const entry = bySignature.get(signature);
    if (!entry) {
      error(`${at}.dagId`, `signature ${signature} names no workflow of this dataset`);
      return;
    }
    if (!entry.valid) return; // the workflow's own errors are reported; its runs cannot be checked against it
    checkRun(run, entry.workflow, sink, at, ladderSet, error);
  });

  return errors.length > 0 ? { errors } : { dataset, errors };
}

/** DAG checks and signature of one structurally sound workflow; registers it by signature. */
function checkWorkflow(workflow: DatasetWorkflow, w: number, bySignature: Map<string, { workflow: DatasetWorkflow; valid: boolean }>, file: string, errors: string[]): void {
  const at = `$.workflows[${w}]`;
  let valid = true;
  try {
    compactDagOf(workflow, { file, path: at });
  } catch (e) {
    if (!isSlacklineError(e)) throw e;
    valid = false;
    for (const detail of e.details.length > 0 ? e.details : [e.message]) errors.push(`${file}: ${detail}`);
  }
  const signature = dagSignature(workflow);
  if (workflow.signature !== signature) errors.push(`${file}: ${at}.signature: is ${workflow.signature} but the workflow's dagSignature is ${signature}`);
  const other = bySignature.get(workflow.signature);
  if (other) errors.push(`${file}: ${at}.signature: workflow "${workflow.name}" has the same signature as workflow "${other.workflow.name}"`);
  else bySignature.set(workflow.signature, { workflow, valid });
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
  const bySignature = new Map<string, { workflow: DatasetWorkflow; valid: boolean }>();
  if (Array.isArray(workflows)) {
    workflows.forEach((candidate, w) => {
      const sound = datasetWorkflowSchema.safeParse(candidate);
      if (sound.success) checkWorkflow(sound.data as DatasetWorkflow, w, bySignature, file, errors);
    });
  }
  if (Array.isArray(runs)) {
    runs.forEach((run, r) => {
      const dagId = typeof run === 'object' && run !== null ? (run as { dagId?: unknown }).dagId : undefined;
      if (typeof dagId === 'string') parseRunDagId(dagId, `$.runs[${r}]`, (path, reason) => errors.push(`${file}: ${path}: ${reason}`));
    });
  }
  return errors;
}

const funcMaps = new WeakMap<DatasetWorkflow, ReadonlyMap<string, string>>();

/** Task id -> func of a workflow, built once for all its runs. */
function funcMapOf(workflow: DatasetWorkflow): ReadonlyMap<string, string> {
  let map = funcMaps.get(workflow);
  if (map === undefined) {
    map = new Map(workflow.tasks.map((t) => [t.id, t.func]));
    funcMaps.set(workflow, map);
  }
  return map;
}

function checkRun(run: RecordedRun, workflow: DatasetWorkflow, sink: string, at: string, ladder: ReadonlySet<number>, error: (path: string, reason: string) => void): void {
  const funcOf = funcMapOf(workflow);
  if (!funcOf.has(sink)) error(`${at}.dagId`, `names sink "${sink}", which is not a task of workflow "${workflow.name}"`);

  // The plan: every task exactly once, ladder sizes, one memory per worker.
  const workerMemory = new Map<string, { memoryMb: number; taskId: string }>();
  for (const taskId in run.plan) {
    const planned = run.plan[taskId]!;
    // The path only when there is an error to name (a 100,000-task plan has as many entries).
    const p = () => `${at}.plan${jsonPath([taskId]).slice(1)}`;
    if (!funcOf.has(taskId)) error(p(), `plans unknown task "${taskId}"`);
    if (!ladder.has(planned.memoryMb)) error(`${p()}.memoryMb`, `${planned.memoryMb} MB is not in the dataset's memory ladder`);
    const first = workerMemory.get(planned.workerId);
    if (!first) workerMemory.set(planned.workerId, { memoryMb: planned.memoryMb, taskId });
    else if (first.memoryMb !== planned.memoryMb) {
      error(`${p()}.memoryMb`, `task "${taskId}" runs on worker "${planned.workerId}" at ${planned.memoryMb} MB but task "${first.taskId}" on the same worker at ${first.memoryMb} MB`);
    }
  }
  const missing = workflow.tasks.filter((t) => !Object.hasOwn(run.plan, t.id)).map((t) => t.id);
  if (missing.length > 0) error(`${at}.plan`, `misses ${missing.length} task(s): ${listSome(missing)}`);

  const checkNormalized = (at: () => string, field: string, real: number, normalized: number, memoryMb: number) => {
    const expected = normalizeLinear(real, memoryMb);
    if (Math.abs(normalized - expected) > NORMALIZED_TOLERANCE * Math.max(Math.abs(expected), 1e-12)) {
      error(`${at()}.${field}`, `is ${normalized}; expected ${real} * ${memoryMb} / 512 = ${expected}`);
    }
  };
  const plannedMemory = (taskId: string) => run.plan[taskId]?.memoryMb;

  const seen = new Set<string>();
  run.metrics.tasks.forEach((rec, k) => {
    const p = () => `${at}.metrics.tasks[${k}]`; // built only to name an error
    const func = funcOf.get(rec.taskId);
    if (func === undefined) {
      error(`${p()}.taskId`, `unknown task "${rec.taskId}"`);
      return;
    }
    if (seen.has(rec.taskId)) error(`${p()}.taskId`, `task "${rec.taskId}" is recorded twice`);
    seen.add(rec.taskId);
    if (rec.func !== func) error(`${p()}.func`, `is "${rec.func}" but task "${rec.taskId}" has func "${func}"`);
    const planned = run.plan[rec.taskId];
    if (planned && planned.workerId !== rec.workerId) error(`${p()}.workerId`, `is "${rec.workerId}" but the plan puts task "${rec.taskId}" on "${planned.workerId}"`);
    if (planned && planned.memoryMb !== rec.memoryMb) error(`${p()}.memoryMb`, `is ${rec.memoryMb} but the plan gives task "${rec.taskId}" ${planned.memoryMb} MB`);
    checkNormalized(p, 'execMsNormalized', rec.execMs, rec.execMsNormalized, rec.memoryMb);
  });

  run.metrics.transfers.forEach((rec, k) => {
    const p = () => `${at}.metrics.transfers[${k}]`; // built only to name an error
    if (!funcOf.has(rec.taskId)) error(`${p()}.taskId`, `unknown task "${rec.taskId}"`);
    if (rec.peerTaskId !== undefined) {
      if (!funcOf.has(rec.peerTaskId)) error(`${p()}.peerTaskId`, `unknown task "${rec.peerTaskId}"`);
      if (rec.direction === 'upload') error(`${p()}.peerTaskId`, 'an upload has no peer task (only downloads name the producer they read)');
    }
    const memory = plannedMemory(rec.taskId);
    if (memory !== undefined && memory !== rec.memoryMb) error(`${p()}.memoryMb`, `is ${rec.memoryMb} but the plan gives task "${rec.taskId}" ${memory} MB`);
    checkNormalized(p, 'msNormalized', rec.ms, rec.msNormalized, rec.memoryMb);
  });

  run.metrics.workerStarts.forEach((rec, k) => {
    const p = () => `${at}.metrics.workerStarts[${k}]`; // built only to name an error
    const worker = workerMemory.get(rec.workerId);
    if (!worker) error(`${p()}.workerId`, `worker "${rec.workerId}" runs no task in the plan`);
    else if (worker.memoryMb !== rec.memoryMb) error(`${p()}.memoryMb`, `is ${rec.memoryMb} but worker "${rec.workerId}" has ${worker.memoryMb} MB in the plan`);
    checkNormalized(p, 'msNormalized', rec.ms, rec.msNormalized, rec.memoryMb);
  });
}

function listSome(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max).map((id) => `"${id}"`).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}
