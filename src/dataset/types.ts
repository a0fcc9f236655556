/**
 * The dataset format, version 1 (`datasets/dataset-v1.schema.json` is the JSON Schema;
 * `datasets/README.md` documents every field). A dataset holds recorded runs of one or
 * more workflows: what ran, with which plan, and what every task, transfer and worker
 * start took. Times are stored real and, beside them, normalized to the 512 MB baseline
 * with the linear rule (`src/metrics/normalize.ts`).
 */
import type { WorkflowSpec } from '../dag/types.js';

export const DATASET_FORMAT = 'slackline-dataset';
export const DATASET_VERSION = 1;

export interface DatasetSource {
  /** `synthetic` (made by the project's recorder) or `recorded` (converted from real traces). */
  readonly kind: 'synthetic' | 'recorded';
  /** Where it comes from, in words (generator and seed, or repository and file). */
  readonly origin: string;
  /** SPDX id of the license the data is under. */
  readonly license: string;
  readonly url?: string;
  /** Files of the original source this dataset was converted from. */
  readonly files?: readonly string[];
  /** Free-form notes on the conversion (assumed memory size, units...). */
  readonly notes?: string;
}

export interface DatasetWorkflow extends WorkflowSpec {
  /** `dagSignature(workflow)`; runs refer to their workflow through it (last part of the DAG id). */
  readonly signature: string;
}

/** Which worker ran a task, at which memory size. */
export interface PlannedTask {
  readonly workerId: string;
  readonly memoryMb: number;
}

export interface TaskRecord {
  readonly taskId: string;
  readonly func: string;
  readonly memoryMb: number;
  readonly inputBytes: number;
  readonly outputBytes: number;
  readonly execMs: number;
  /** `execMs` normalized to 512 MB with the linear rule. */
  readonly execMsNormalized: number;
  readonly workerId: string;
  /** Start of execution, ms since the run started. */
  readonly startMs: number;
}

export type TransferDirection = 'upload' | 'download';

export interface TransferRecord {
  /** Task that uploaded (its output) or downloaded (an input). */
  readonly taskId: string;
  /** For a download, the producer whose output was read; absent for external input. */
  readonly peerTaskId?: string;
  readonly direction: TransferDirection;
  readonly bytes: number;
  readonly memoryMb: number;
  readonly ms: number;
  readonly msNormalized: number;
}

export type StartKind = 'cold' | 'warm';

export interface WorkerStartRecord {
  readonly workerId: string;
  readonly memoryMb: number;
  readonly kind: StartKind;
  readonly ms: number;
  readonly msNormalized: number;
}

export interface RecordedRun {
  /** `<epochMs>_<sinkTaskId>_<uuid>_<signature>`; the signature names the workflow. */
  readonly dagId: string;
  /** The plan the run used: worker and memory of every task, keyed by task id. */
  readonly plan: Readonly<Record<string, PlannedTask>>;
  readonly makespanMs: number;
  readonly metrics: {
    readonly tasks: readonly TaskRecord[];
    readonly transfers: readonly TransferRecord[];
    readonly workerStarts: readonly WorkerStartRecord[];
  };
}

export interface DatasetPlatform {
  readonly overhead?: { readonly perTaskMs: number; readonly perRunMs: number };
  readonly cpuSharing?: 'processor-sharing' | 'none';
}

export interface Dataset {
  readonly format: typeof DATASET_FORMAT;
  readonly version: typeof DATASET_VERSION;
  readonly name: string;
  readonly description: string;
  readonly source: DatasetSource;
  /** Memory sizes a planner may choose for this dataset, MB, ascending. */
  readonly memoryLadderMb: readonly number[];
  /** Platform rules of the timing model no task record holds (optional; defaults: no overhead, processor sharing). */
  readonly platform?: DatasetPlatform;
  readonly workflows: readonly DatasetWorkflow[];
  readonly runs: readonly RecordedRun[];
}
