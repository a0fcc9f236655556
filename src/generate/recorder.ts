/**
 * The recorder: produces recorded runs of a workflow from the ground-truth model
 * (`ground-truth-model.ts`), as if the engine had run it under given plans. It is how
 * synthetic datasets are made.
 *
 * Workers. A simple rule, the one a WUKONG-style engine follows: walking the tasks in
 * topological order, a task continues on the worker of its first predecessor that no other
 * successor has continued yet (so a chain stays on one worker and data stays local), and
 * otherwise (a fan-out branch, a source) starts a new worker. Each worker therefore runs a
 * path of the DAG, one task after the other.
 *
 * Plans. Run k uses either one ladder size for every worker (uniform plans at several
 * sizes, so a scaling model can be fitted) or a seeded random size per worker (mixed).
 *
 * Timing follows the shared timing model without preload (see the design notes): a task
 * pays a worker start when no predecessor is on its worker, its ready time is the latest
 * completion of its predecessors plus that start plus the slowest remote download (for a
 * source: start plus the download of its external input), then it executes and uploads its
 * output when a consumer is remote or it is a sink. A forward pass over the compact DAG's
 * topological order, no recursion. Every sample is drawn from one seeded source, so a run
 * is a pure function of (workflow, options).
 */
import { isSink, isSource } from '../dag/compact-dag.js';
import type { CompactDag } from '../dag/compact-dag.js';
import { dagSignature, namedSink } from '../dag/dag-signature.js';
import { formatDagId, uuidFromRandom } from '../dag/dag-id.js';
import type { WorkflowSpec } from '../dag/types.js';
import type { PlannedTask, RecordedRun, TaskRecord, TransferRecord, WorkerStartRecord } from '../dataset/types.js';
import { normalizeLinear } from '../metrics/normalize.js';
import { randomInt, seededRandom } from '../util/random.js';
import type { RandomSource } from '../util/random.js';
import { DEFAULT_GROUND_TRUTH, sampleExecMs, sampleStartMs, sampleTransferMs } from './ground-truth-model.js';
import type { GroundTruthModel } from './ground-truth-model.js';
import { compactWorkflow } from '../dag/compact-workflow.js';

export const DEFAULT_LADDER_MB: readonly number[] = [128, 256, 512, 1024, 1769, 2048, 3008, 4096, 10240];
/** Sizes of the uniform plans, in this order; further runs use mixed plans. */
export const UNIFORM_PLAN_SIZES_MB: readonly number[] = [512, 1769, 256, 3008, 1024];

export interface RecorderOptions {
  readonly seed: number;
  /** Number of runs. @default 6 */
  readonly runs?: number;
  /** @default DEFAULT_LADDER_MB */
  readonly ladderMb?: readonly number[];
  /** @default DEFAULT_GROUND_TRUTH */
  readonly model?: GroundTruthModel;
  /** Epoch of the first run; later runs are an hour apart. @default 1767225600000 (2026-01-01) */
  readonly startEpochMs?: number;
  /** Probability that a worker starts warm. @default 0.25 */
  readonly warmProbability?: number;
}

/** Either every worker at `memoryMb`, or a random ladder size per worker. */
export type RunPlanKind = { readonly kind: 'uniform'; readonly memoryMb: number } | { readonly kind: 'mixed' };

/** The plan kinds of `runs` runs: uniform sizes first (those in the ladder), then mixed. */
export function runPlanKinds(runs: number, ladderMb: readonly number[]): RunPlanKind[] {
  const uniform = UNIFORM_PLAN_SIZES_MB.filter((m) => ladderMb.includes(m));
  const sizes = uniform.length > 0 ? uniform : [ladderMb[Math.floor(ladderMb.length / 2)]!];
  // Keep at least one mixed run once there are three or more.
  const uniformCount = Math.min(sizes.length, runs >= 3 ? runs - 1 : runs);
  return Array.from({ length: runs }, (_, k): RunPlanKind => (k < uniformCount ? { kind: 'uniform', memoryMb: sizes[k]! } : { kind: 'mixed' }));
}

/** The worker of every task under the continue-the-chain rule (worker ids 0..count-1). */
export function assignWorkers(dag: CompactDag): { workerOf: Int32Array; workerCount: number } {
  const n = dag.taskCount;
  const workerOf = new Int32Array(n);
  const continued = new Uint8Array(n); // 1 once a successor continued on this task's worker
  let workerCount = 0;
  for (let v = 0; v < n; v++) {
    let worker = -1;
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) {
      const u = dag.predTask[k]!;
      if (!continued[u]) {
        continued[u] = 1;
        worker = workerOf[u]!;
        break;
      }
    }
    workerOf[v] = worker >= 0 ? worker : workerCount++;
  }
  return { workerOf, workerCount };
}

/** Records `options.runs` runs of the workflow. */
export function recordRuns(workflow: WorkflowSpec, options: RecorderOptions): RecordedRun[] {
  const dag = compactWorkflow(workflow);
  const signature = dagSignature(workflow);
  const sink = namedSink(workflow);
  const ladder = options.ladderMb ?? DEFAULT_LADDER_MB;
  const random = seededRandom(options.seed);
  const start = options.startEpochMs ?? 1_767_225_600_000;
  return runPlanKinds(options.runs ?? 6, ladder).map((planKind, k) => {
    const dagId = formatDagId({ epochMs: start + k * 3_600_000, sinkTaskId: sink, uuid: uuidFromRandom(random), signature });
    return recordRun(dag, dagId, planKind, ladder, options, random);
  });
}

/** Three decimals (microseconds): keeps files small; normalized values are computed from the rounded real value. */
const round = (ms: number) => Math.round(ms * 1000) / 1000;

export function recordRun(dag: CompactDag, dagId: string, planKind: RunPlanKind, ladderMb: readonly number[], options: Pick<RecorderOptions, 'model' | 'warmProbability'>, random: RandomSource): RecordedRun {
  const model = options.model ?? DEFAULT_GROUND_TRUTH;
  const warmProbability = options.warmProbability ?? 0.25;
  const n = dag.taskCount;
  const { workerOf, workerCount } = assignWorkers(dag);
  const workerMb = Array.from({ length: workerCount }, () => (planKind.kind === 'uniform' ? planKind.memoryMb : ladderMb[randomInt(random, 0, ladderMb.length - 1)]!));
  const workerId = (w: number) => `worker-${w}`;

  const plan: Record<string, PlannedTask> = {};
  for (let v = 0; v < n; v++) plan[dag.taskIds[v]!] = { workerId: workerId(workerOf[v]!), memoryMb: workerMb[workerOf[v]!]! };

  const tasks: TaskRecord[] = [];
  const transfers: TransferRecord[] = [];
  const workerStarts: WorkerStartRecord[] = [];
  const completion = new Float64Array(n);
  let makespan = 0;

  for (let v = 0; v < n; v++) {
    const id = dag.taskIds[v]!;
    const w = workerOf[v]!;
    const mem = workerMb[w]!;
    let predDone = 0;
    let sameWorker = false;
    let download = 0;
    for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) {
      const u = dag.predTask[k]!;
      predDone = Math.max(predDone, completion[u]!);
      if (workerOf[u] === w) sameWorker = true;
      else {
        const bytes = dag.edgeBytes[dag.predEdge[k]!]!;
        const ms = round(sampleTransferMs(model, bytes, mem, random));
        transfers.push({ taskId: id, peerTaskId: dag.taskIds[u]!, direction: 'download', bytes, memoryMb: mem, ms, msNormalized: normalizeLinear(ms, mem) });
        download = Math.max(download, ms);
      }
    }
    let startCost = 0;
    if (!sameWorker) {
      const kind = random() < warmProbability ? 'warm' : 'cold';
      startCost = round(sampleStartMs(model, kind, mem, random));
      workerStarts.push({ workerId: workerId(w), memoryMb: mem, kind, ms: startCost, msNormalized: normalizeLinear(startCost, mem) });
    }
    if (isSource(dag, v)) {
      const bytes = dag.inputBytes[v]!;
      download = round(sampleTransferMs(model, bytes, mem, random));
      transfers.push({ taskId: id, direction: 'download', bytes, memoryMb: mem, ms: download, msNormalized: normalizeLinear(download, mem) });
    }
    const ready = predDone + startCost + download;
    const func = dag.funcNames[dag.funcOf[v]!]!;
    const execMs = round(sampleExecMs(model, func, dag.inputBytes[v]!, mem, random));
    tasks.push({
      taskId: id,
      func,
      memoryMb: mem,
      inputBytes: dag.inputBytes[v]!,
      outputBytes: dag.outputBytes[v]!,
      execMs,
      execMsNormalized: normalizeLinear(execMs, mem),
      workerId: workerId(w),
      startMs: round(ready),
    });
    let upload = 0;
    let remoteConsumer = isSink(dag, v);
    for (let e = dag.succStart[v]!; e < dag.succStart[v + 1]! && !remoteConsumer; e++) remoteConsumer = workerOf[dag.edgeTo[e]!] !== w;
    if (remoteConsumer) {
      const bytes = dag.outputBytes[v]!;
      upload = round(sampleTransferMs(model, bytes, mem, random));
      transfers.push({ taskId: id, direction: 'upload', bytes, memoryMb: mem, ms: upload, msNormalized: normalizeLinear(upload, mem) });
    }
    completion[v] = round(ready) + execMs + upload;
    makespan = Math.max(makespan, completion[v]!);
  }
  return { dagId, plan, makespanMs: round(makespan), metrics: { tasks, transfers, workerStarts } };
}
