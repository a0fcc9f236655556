/**
 * Bulk write of a dataset into Redis (`slackline redis load`). Runs go in batches, each
 * batch one MULTI/EXEC: a run lands whole or not at all, and a batch costs one round trip.
 * A run already stored under the same dagId is replaced, so loading twice is harmless.
 */
import type { Redis, ChainableCommander } from 'ioredis';
import type { Dataset, DatasetWorkflow, RecordedRun } from '../../dataset/types.js';
import { parseDagId } from '../../dag/dag-id.js';
import { SlacklineError } from '../../errors.js';
import { chunked, encodeChunk, encodeHeader, encodeStart, encodeTask, encodeTransfer, encodeWorkflow } from './codec.js';
import type { KeyLayout } from './key-layout.js';

export interface WriteDatasetOptions {
  /** Records per list element. @default 1000 */
  readonly chunkRecords?: number;
  /** Records per MULTI/EXEC batch (a batch holds whole runs, at least one). @default 50000 */
  readonly batchRecords?: number;
  /** Told after every committed batch: how many runs are stored whole so far (for a fault message). */
  readonly onCommitted?: (runs: number) => void;
}

export interface WriteDatasetResult {
  readonly workflows: number;
  readonly runs: number;
  readonly records: number;
  readonly transactions: number;
}

const recordsOf = (run: RecordedRun): number => run.metrics.tasks.length + run.metrics.transfers.length + run.metrics.workerStarts.length;

/** Queues the commands that store one whole run (replacing any previous copy). */
export function queueRun(tx: ChainableCommander, layout: KeyLayout, run: RecordedRun, chunkRecords: number): void {
  const { epochMs, signature } = parseDagId(run.dagId);
  const lists = [
    [layout.runList(run.dagId, 'tasks'), run.metrics.tasks.map(encodeTask)],
    [layout.runList(run.dagId, 'transfers'), run.metrics.transfers.map(encodeTransfer)],
    [layout.runList(run.dagId, 'starts'), run.metrics.workerStarts.map(encodeStart)],
  ] as const;
  tx.del(layout.runHeader(run.dagId), ...lists.map(([key]) => key));
  for (const [key, tuples] of lists) {
    const chunks = chunked<unknown>(tuples, chunkRecords).map(encodeChunk);
    if (chunks.length > 0) tx.rpush(key, ...chunks);
  }
  tx.set(layout.runHeader(run.dagId), encodeHeader(run));
  tx.zadd(layout.runIndex(signature), epochMs, run.dagId);
}

export function queueWorkflow(tx: ChainableCommander, layout: KeyLayout, workflow: DatasetWorkflow): void {
  tx.set(layout.workflow(workflow.signature), encodeWorkflow(workflow));
  tx.sadd(layout.signatures, workflow.signature);
}

export async function writeDataset(client: Redis, layout: KeyLayout, dataset: Dataset, options: WriteDatasetOptions = {}): Promise<WriteDatasetResult> {
  const chunkRecords = options.chunkRecords ?? 1000;
  const batchRecords = options.batchRecords ?? 50_000;
  const known = new Set(dataset.workflows.map((w) => w.signature));
  for (const run of dataset.runs) {
    const { signature } = parseDagId(run.dagId);
    if (!known.has(signature)) throw new SlacklineError('redis', `run ${run.dagId} has no workflow with signature ${signature} in dataset "${dataset.name}"`);
  }
  // Workflows (and the dataset's metadata, for export) go first, so an indexed run always has its workflow.
  const head = client.multi();
  for (const workflow of dataset.workflows) {
    queueWorkflow(head, layout, workflow);
    head.set(layout.source(workflow.signature), JSON.stringify({ name: dataset.name, description: dataset.description, source: dataset.source, memoryLadderMb: dataset.memoryLadderMb }));
  }
  await execOrThrow(head, 'workflows');
  let transactions = 1;
  let records = 0;
  let batch = client.multi();
  let inBatch = 0;
  let queued = 0;
  for (const run of dataset.runs) {
    queueRun(batch, layout, run, chunkRecords);
    inBatch += recordsOf(run) + 1;
    records += recordsOf(run);
    queued += 1;
    if (inBatch >= batchRecords) {
      await execOrThrow(batch, run.dagId);
      transactions += 1;
      options.onCommitted?.(queued);
      batch = client.multi();
      inBatch = 0;
    }
  }
  if (inBatch > 0) {
    await execOrThrow(batch, 'last batch');
    transactions += 1;
    options.onCommitted?.(queued);
  }
  return { workflows: dataset.workflows.length, runs: dataset.runs.length, records, transactions };
}

/** EXEC, turning a discarded transaction or a failed command into an error. */
export async function execOrThrow(tx: ChainableCommander, what: string): Promise<void> {
  const replies = await tx.exec();
  if (replies === null) throw new SlacklineError('redis', `transaction for ${what} was discarded`);
  for (const [error] of replies) {
    if (error) throw new SlacklineError('redis', `transaction for ${what} failed: ${error.message}`);
  }
}
