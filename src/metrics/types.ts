/**
 * Contracts of the metrics stores. A store holds recorded runs (the dataset format's
 * `RecordedRun`) grouped by workflow signature; the JSON dataset files are the embedded
 * default, Redis the shared one. The predictor is fitted from what a store returns.
 */
import type { Dataset, DatasetWorkflow, RecordedRun } from '../dataset/types.js';

/** What a store yields for planning: the workflows and the runs recorded for them. */
export interface MetricsSnapshot {
  readonly workflows: readonly DatasetWorkflow[];
  readonly runs: readonly RecordedRun[];
}

export interface MetricsStore {
  /** Human description for messages, e.g. `file datasets/x.json` or `redis://127.0.0.1:6379/0 ns=slackline`. */
  readonly describe: string;
  /** Every run of the workflow with this signature (all workflows when omitted). */
  load(signature?: string): Promise<MetricsSnapshot>;
  close(): Promise<void>;
}

export type { Dataset };
