/**
 * Reads one workflow's history from Redis without scanning the keyspace: the signature
 * index (a sorted set) lists the committed dagIds, then the runs are fetched by pipelined
 * batches (four commands per run, one round trip per batch).
 */
import type { Redis } from 'ioredis';
import type { DatasetWorkflow, RecordedRun } from '../../dataset/types.js';
import { SlacklineError } from '../../errors.js';
import { decodeHeader, decodeStarts, decodeTasks, decodeTransfers, decodeWorkflow } from './codec.js';
import type { KeyLayout } from './key-layout.js';

export interface SignatureHistory {
  readonly workflow: DatasetWorkflow;
  /** Committed runs, oldest first (index score = epoch ms, ties by dagId). */
  readonly runs: readonly RecordedRun[];
}

/** Runs per pipelined batch. */
export const DEFAULT_BATCH_RUNS = 100;

type Reply = [Error | null, unknown];

function replyOf(replies: readonly Reply[] | null, i: number, key: string): unknown {
  const reply = replies?.[i];
  if (!reply) throw new SlacklineError('redis', `no reply for key "${key}"`);
  if (reply[0]) throw new SlacklineError('redis', `reading key "${key}" failed: ${reply[0].message}`);
  return reply[1];
}

/** Every signature with a stored workflow, sorted. */
export async function listSignatures(client: Redis, layout: KeyLayout): Promise<string[]> {
  return (await client.smembers(layout.signatures)).sort();
}

/** The history of one signature, or undefined when no workflow is stored for it. */
export async function loadSignatureHistory(client: Redis, layout: KeyLayout, signature: string, batchRuns: number = DEFAULT_BATCH_RUNS): Promise<SignatureHistory | undefined> {
  const [workflowText, dagIds] = await Promise.all([client.get(layout.workflow(signature)), client.zrange(layout.runIndex(signature), 0, '-1')]);
  if (workflowText === null) {
    if (dagIds.length > 0) throw new SlacklineError('redis', `index ${layout.runIndex(signature)} lists ${dagIds.length} runs but key ${layout.workflow(signature)} is missing`);
    return undefined;
  }
  const workflow = decodeWorkflow(layout.workflow(signature), workflowText);
  const runs: RecordedRun[] = [];
  for (let start = 0; start < dagIds.length; start += batchRuns) {
    const batch = dagIds.slice(start, start + batchRuns);
    const pipeline = client.pipeline();
    for (const dagId of batch) {
      pipeline.get(layout.runHeader(dagId));
      pipeline.lrange(layout.runList(dagId, 'tasks'), 0, -1);
      pipeline.lrange(layout.runList(dagId, 'transfers'), 0, -1);
      pipeline.lrange(layout.runList(dagId, 'starts'), 0, -1);
    }
    const replies = (await pipeline.exec()) as Reply[] | null;
    batch.forEach((dagId, j) => {
      const headerKey = layout.runHeader(dagId);
      const header = replyOf(replies, 4 * j, headerKey) as string | null;
      // Pruned between the index read and this batch: the run is gone, not corrupt.
      if (header === null) return;
      const tasksKey = layout.runList(dagId, 'tasks');
      const transfersKey = layout.runList(dagId, 'transfers');
      const startsKey = layout.runList(dagId, 'starts');
      runs.push({
        dagId,
        ...decodeHeader(headerKey, header),
        metrics: {
          tasks: decodeTasks(tasksKey, replyOf(replies, 4 * j + 1, tasksKey) as string[]),
          transfers: decodeTransfers(transfersKey, replyOf(replies, 4 * j + 2, transfersKey) as string[]),
          workerStarts: decodeStarts(startsKey, replyOf(replies, 4 * j + 3, startsKey) as string[]),
        },
      });
    });
  }
  return { workflow, runs };
}
