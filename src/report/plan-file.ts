/**
 * The plan file (`slackline plan --out plan.json`, read by `slackline simulate --plan`),
 * format `slackline-plan` version 2, documented in the README ("Plan and report JSON"):
 *
 *   { format, version, dataset, workflowSignature, algorithm, params, seed, sla, scaling,
 *     prices, timingRules, unknown?, deadlineMs?, tasks: { <taskId>: { workerId, memoryMb, preload? } },
 *     workers: { <workerId>: { memoryMb, prewarm? } }, annotations, predicted? }
 *
 * Version 2 adds the settings besides SLA and scaling that change timing or cost (`prices`,
 * `timingRules`, `unknown`), so `simulate` can use what the plan was made with. Version 1
 * files still load; they lack these fields, and `simulate` then uses the defaults (AWS
 * Lambda x86 prices, the dataset's platform rules, `--unknown fail`).
 *
 * Reading validates everything and names the field or task at fault: every task of the
 * workflow exactly once, every worker defined, sizes on the ladder, a task's size equal to
 * its worker's, the workflow signature matching the dataset's workflow.
 */
import { readFileSync } from 'node:fs';
import { SlacklineError } from '../errors.js';
import type { SimulationReport } from '../simulate/simulate-plan.js';
import type { CompactPlan } from '../timing/types.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { PlanningInstance } from '../planning/prepare-instance.js';
import type { Annotations, ParamValue } from '../planning/types.js';
import type { CostModel } from '../timing/cost-model.js';
import { CPU_SHARING_MODES, type TimingRules } from '../timing/timing-rules.js';
import type { UnknownPolicy } from '../predict/types.js';
import { CPU_PROVIDERS } from '../predict/cpu-share.js';
import { isScalingModelId, SCALING_MODEL_IDS } from '../predict/scaling/index.js';
import { parseSla } from '../predict/sla.js';

export const PLAN_FORMAT = 'slackline-plan';
export const PLAN_VERSION = 2;
/** Versions `readPlanFile` accepts (1: without prices, timingRules, unknown). */
const READABLE_VERSIONS: readonly number[] = [1, 2];

export interface PlanFileTask {
  readonly workerId: string;
  readonly memoryMb: number;
  readonly preload?: boolean;
}

export interface PlanFileWorker {
  readonly memoryMb: number;
  readonly prewarm?: boolean;
}

export interface PlanFile {
  readonly format: typeof PLAN_FORMAT;
  readonly version: 1 | typeof PLAN_VERSION;
  readonly dataset: string;
  readonly workflowSignature: string;
  readonly algorithm: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly sla: string;
  readonly scaling: string;
  /** Prices the plan was costed with (absent in version 1). */
  readonly prices?: CostModel;
  /** Timing rules (CPU sharing, provider, overhead) the plan was timed with (absent in version 1). */
  readonly timingRules?: TimingRules;
  /** Policy for predictions without data (absent: `fail`). */
  readonly unknown?: UnknownPolicy;
  readonly deadlineMs?: number;
  readonly tasks: Readonly<Record<string, PlanFileTask>>;
  readonly workers: Readonly<Record<string, PlanFileWorker>>;
  readonly annotations: Annotations;
  /** What the planner's run predicted (informative; `simulate` recomputes it). */
  readonly predicted?: Pick<SimulationReport, 'makespanMs' | 'costUsd'>;
}

export interface PlanFileMeta {
  readonly algorithm: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly prices: CostModel;
  readonly timingRules: TimingRules;
  readonly unknown?: UnknownPolicy;
  readonly deadlineMs?: number;
  readonly annotations?: Annotations;
  readonly predicted?: Pick<SimulationReport, 'makespanMs' | 'costUsd'>;
}

const workerName = (w: number) => `w${w}`;

/** What a plan file records of its instance (a `PlanningInstance` has it all). */
export interface PlanFileInstance {
  readonly datasetName: string;
  readonly workflow: { readonly signature: string };
  readonly dag: Pick<PlanningInstance['dag'], 'taskCount' | 'taskIds'>;
  readonly ladderMb: ArrayLike<number>;
  readonly sla: string;
  readonly scaling: string;
}

export function toPlanFile(instance: PlanFileInstance, plan: CompactPlan, meta: PlanFileMeta): PlanFile {
  const { dag, ladderMb } = instance;
  const workers: Record<string, PlanFileWorker> = {};
  for (let w = 0; w < plan.workerCount; w++) {
    workers[workerName(w)] = { memoryMb: ladderMb[plan.levelOf[w]!]!, ...(plan.prewarm[w] === 1 ? { prewarm: true } : {}) };
  }
  const tasks: Record<string, PlanFileTask> = {};
  for (let v = 0; v < dag.taskCount; v++) {
    const w = plan.workerOf[v]!;
    tasks[dag.taskIds[v]!] = { workerId: workerName(w), memoryMb: ladderMb[plan.levelOf[w]!]!, ...(plan.preload[v] === 1 ? { preload: true } : {}) };
  }
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    dataset: instance.datasetName,
    workflowSignature: instance.workflow.signature,
    algorithm: meta.algorithm,
    params: meta.params,
    seed: meta.seed,
    sla: instance.sla,
    scaling: instance.scaling,
    prices: { pricePerGbSecond: meta.prices.pricePerGbSecond, pricePerInvocation: meta.prices.pricePerInvocation },
    timingRules: { ...meta.timingRules },
    ...(meta.unknown !== undefined ? { unknown: meta.unknown } : {}),
    ...(meta.deadlineMs !== undefined ? { deadlineMs: meta.deadlineMs } : {}),
    tasks,
    workers,
    annotations: meta.annotations ?? {},
    ...(meta.predicted ? { predicted: meta.predicted } : {}),
  };
}

export function writePlanFile(path: string, file: PlanFile): void {
  writeJsonAtomic(path, file);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads and checks the structure of a plan file (not yet against a workflow). */
export function readPlanFile(path: string): PlanFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SlacklineError('planning/plan-file', `cannot read plan: ${(error as Error).message}`, { file: path });
  }
  const problems: string[] = [];
  if (!isObject(raw)) throw new SlacklineError('planning/plan-file', 'a plan file is a JSON object', { file: path, path: '$' });
  if (raw.format !== PLAN_FORMAT) problems.push(`$.format: expected "${PLAN_FORMAT}", got ${JSON.stringify(raw.format)}`);
  if (!READABLE_VERSIONS.includes(raw.version as number)) problems.push(`$.version: expected ${READABLE_VERSIONS.join(' or ')}, got ${JSON.stringify(raw.version)}`);
  for (const field of ['dataset', 'workflowSignature', 'algorithm', 'sla', 'scaling'] as const) {
    if (typeof raw[field] !== 'string') problems.push(`$.${field}: expected a string`);
  }
  // The SLA and scaling a plan was made with are read back by `simulate`: checked here, once.
  if (typeof raw.sla === 'string') {
    try {
      parseSla(raw.sla);
    } catch (error) {
      problems.push(`$.sla: ${(error as Error).message.replace(/^slackline\/[\w/-]+: /, '')}`);
    }
  }
  if (typeof raw.scaling === 'string' && !isScalingModelId(raw.scaling)) problems.push(`$.scaling: "${raw.scaling}" is not a scaling model (${SCALING_MODEL_IDS.join(', ')})`);
  if (typeof raw.seed !== 'number') problems.push('$.seed: expected a number');
  if (!isObject(raw.params)) problems.push('$.params: expected an object');
  if (raw.deadlineMs !== undefined && !(typeof raw.deadlineMs === 'number' && raw.deadlineMs > 0)) problems.push('$.deadlineMs: expected a number > 0');
  if (raw.annotations !== undefined && !isObject(raw.annotations)) problems.push('$.annotations: expected an object');
  const positive = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0;
  const nonNegative = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (raw.prices !== undefined) {
    if (!isObject(raw.prices)) problems.push('$.prices: expected { pricePerGbSecond, pricePerInvocation }');
    else for (const field of ['pricePerGbSecond', 'pricePerInvocation'] as const) if (!nonNegative(raw.prices[field])) problems.push(`$.prices.${field}: expected a number >= 0`);
  }
  if (raw.timingRules !== undefined) {
    if (!isObject(raw.timingRules)) problems.push('$.timingRules: expected { cpuSharing, cpuProvider, overheadPerTaskMs, overheadPerRunMs }');
    else {
      const r = raw.timingRules;
      if (!(CPU_SHARING_MODES as readonly unknown[]).includes(r.cpuSharing)) problems.push(`$.timingRules.cpuSharing: expected one of ${CPU_SHARING_MODES.join(', ')}`);
      if (!(CPU_PROVIDERS as readonly unknown[]).includes(r.cpuProvider)) problems.push(`$.timingRules.cpuProvider: expected one of ${CPU_PROVIDERS.join(', ')}`);
      for (const field of ['overheadPerTaskMs', 'overheadPerRunMs'] as const) if (!nonNegative(r[field])) problems.push(`$.timingRules.${field}: expected a number >= 0`);
    }
  }
  if (raw.unknown !== undefined && raw.unknown !== 'fail' && raw.unknown !== 'fallback') problems.push('$.unknown: expected "fail" or "fallback"');
  if (!isObject(raw.workers)) problems.push('$.workers: expected an object keyed by worker id');
  else
    for (const [id, w] of Object.entries(raw.workers)) {
      if (!isObject(w) || !positive(w.memoryMb)) problems.push(`$.workers["${id}"].memoryMb: expected a size in MB`);
      else if (w.prewarm !== undefined && typeof w.prewarm !== 'boolean') problems.push(`$.workers["${id}"].prewarm: expected true or false`);
    }
  if (!isObject(raw.tasks)) problems.push('$.tasks: expected an object keyed by task id');
  else
    for (const [id, t] of Object.entries(raw.tasks)) {
      if (!isObject(t) || typeof t.workerId !== 'string' || !positive(t.memoryMb)) problems.push(`$.tasks["${id}"]: expected { workerId: string, memoryMb: number }`);
      else if (t.preload !== undefined && typeof t.preload !== 'boolean') problems.push(`$.tasks["${id}"].preload: expected true or false`);
    }
  if (problems.length > 0) throw new SlacklineError('planning/plan-file', problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.join('\n  ')}`, { file: path }, problems);
  return raw as unknown as PlanFile;
}

/** The compact plan of a plan file for an instance; every mismatch is named. */
export function planFromFile(file: PlanFile, instance: Pick<PlanningInstance, 'dag' | 'ladderMb'> & { readonly workflow: { readonly name: string; readonly signature: string } }, path = 'plan'): CompactPlan {
  const { dag, ladderMb } = instance;
  const problems: string[] = [];
  const tasks: string[] = [];
  if (file.workflowSignature !== instance.workflow.signature) {
    problems.push(`$.workflowSignature: plan is for workflow ${file.workflowSignature}, the dataset's workflow "${instance.workflow.name}" is ${instance.workflow.signature}`);
  }
  const workerIds = Object.keys(file.workers);
  const workerIndex = new Map(workerIds.map((id, w) => [id, w]));
  const levelOf = new Int32Array(workerIds.length);
  const prewarm = new Uint8Array(workerIds.length);
  workerIds.forEach((id, w) => {
    const worker = file.workers[id]!;
    const level = ladderMb.indexOf(worker.memoryMb);
    if (level < 0) problems.push(`$.workers["${id}"].memoryMb: ${worker.memoryMb} MB is not on the ladder [${ladderMb.join(', ')}]`);
    levelOf[w] = Math.max(0, level);
    prewarm[w] = worker.prewarm ? 1 : 0;
  });
  const workerOf = new Int32Array(dag.taskCount);
  const preload = new Uint8Array(dag.taskCount);
  const used = new Uint8Array(workerIds.length);
  const known = new Set(dag.taskIds);
  for (const id of Object.keys(file.tasks)) {
    if (!known.has(id)) {
      problems.push(`$.tasks["${id}"]: no such task in workflow "${instance.workflow.name}"`);
      tasks.push(id);
    }
  }
  dag.taskIds.forEach((id, v) => {
    const task = file.tasks[id];
    if (!task) {
      problems.push(`$.tasks: task "${id}" has no entry`);
      tasks.push(id);
      return;
    }
    const w = workerIndex.get(task.workerId);
    if (w === undefined) {
      problems.push(`$.tasks["${id}"].workerId: worker "${task.workerId}" is not in $.workers`);
      tasks.push(id);
      return;
    }
    used[w] = 1;
    workerOf[v] = w;
    preload[v] = task.preload ? 1 : 0;
    if (task.memoryMb !== file.workers[task.workerId]!.memoryMb) {
      problems.push(`$.tasks["${id}"].memoryMb: ${task.memoryMb} MB differs from its worker "${task.workerId}" (${file.workers[task.workerId]!.memoryMb} MB)`);
      tasks.push(id);
    }
  });
  workerIds.forEach((id, w) => {
    if (used[w] === 0) problems.push(`$.workers["${id}"]: no task runs on it`);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    const more = problems.length > 20 ? `\n  ... and ${problems.length - 20} more` : '';
    throw new SlacklineError('planning/plan-file', `plan does not fit the workflow (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${shown.join('\n  ')}${more}`, { file: path, ...(tasks.length > 0 ? { tasks } : {}) }, problems);
  }
  return { workerCount: workerIds.length, workerOf, levelOf, prewarm, preload };
}
