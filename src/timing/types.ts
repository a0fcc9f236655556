/**
 * Contracts of the timing model (see `timing-model.ts` for the rules). Everything is
 * indexed by compact task index (`CompactDag`), compact edge index, worker index, and
 * memory level (index into the ladder), so hot loops are typed-array reads.
 */
import type { TimingRules } from './timing-rules.js';

/**
 * Predicted (or recorded) durations at every memory level of the ladder, filled once
 * before planning (predictions are O(1) and never repeated inside a planner's loop).
 * Index `[x * levels + l]` for task or edge x at level l. No NaN: unknown predictions are
 * resolved by the caller's policy before the table is built.
 */
export interface DurationTable {
  /** Memory sizes, MB, ascending. */
  readonly ladderMb: Float64Array;
  readonly levels: number;
  /** Execution of task i at level l. */
  readonly execMs: Float64Array;
  /** Upload of task i's output (`outputBytes`) at level l. */
  readonly uploadMs: Float64Array;
  /** Download of edge e's bytes by its consumer at level l. */
  readonly downloadMs: Float64Array;
  /** Download of a source task's external input (`inputBytes`) at level l; 0 for non-sources. */
  readonly inputDownloadMs: Float64Array;
  /** Worker start at level l. */
  readonly coldStartMs: Float64Array;
  readonly warmStartMs: Float64Array;
  /** CPU sharing and orchestration overhead (`timing-rules.ts`); defaults when absent. */
  readonly rules?: Partial<TimingRules>;
}

/** A plan in compact form: which worker runs each task, and each worker's memory level. */
export interface CompactPlan {
  readonly workerCount: number;
  /** Worker index of task i. */
  readonly workerOf: Int32Array;
  /** Memory level (ladder index) of worker w. */
  readonly levelOf: Int32Array;
  /** 1 where worker w is pre-warmed (its start costs a warm start). */
  readonly prewarm: Uint8Array;
  /** 1 where task i preloads its remote inputs as each producer completes. */
  readonly preload: Uint8Array;
}

/** Earliest/latest times of every task, in ms from the start of the run. */
export interface TimingResult {
  readonly makespanMs: number;
  readonly earliestStart: Float64Array;
  readonly earliestFinish: Float64Array;
  readonly latestStart: Float64Array;
  readonly latestFinish: Float64Array;
  /** Task indices of one critical path, source to sink. */
  readonly criticalPath: Int32Array;
}

/**
 * Weights of the generic longest-path problem `computeTiming` solves: a weight per task
 * (paid between its start and its finish) and per edge (paid between the producer's
 * finish and the consumer's start). `timingWeights` fills them from the timing model;
 * `slackline cpm` fills them straight from a timed-DAG file.
 */
export interface TimingWeights {
  /** Weight of task i, ms. */
  readonly nodeMs: Float64Array;
  /** Weight of edge e (successor-CSR numbering of `CompactDag`), ms. */
  readonly edgeMs: Float64Array;
}
