/**
 * The workflow model: tasks and the data edges between them, as stored in dataset files
 * and as attributes of the graphology graph.
 */

/** A task of the workflow. `func` is the key for metrics look-ups. */
export interface TaskSpec {
  readonly id: string;
  readonly func: string;
  /** Bytes the task reads in total (edges from its predecessors plus external input). */
  readonly inputBytes: number;
  /** Bytes the task writes (what it uploads for remote consumers, or as a sink result). */
  readonly outputBytes: number;
}

/** Data moved from `from` to `to`. */
export interface EdgeSpec {
  readonly from: string;
  readonly to: string;
  readonly bytes: number;
}

/** A workflow DAG as written in a dataset file. Several sources and sinks are allowed. */
export interface WorkflowSpec {
  /** Human name of the workflow inside its dataset (e.g. `main`, `montage-1.0`). */
  readonly name: string;
  readonly tasks: readonly TaskSpec[];
  readonly edges: readonly EdgeSpec[];
}

/** Node attributes of the graphology graph. */
export type TaskAttributes = TaskSpec;
/** Edge attributes of the graphology graph. */
export type EdgeAttributes = EdgeSpec;
