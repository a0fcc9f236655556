/**
 * Reads one workflow's history back out of Redis as a dataset (format v1), for
 * `slackline redis export`. The dataset metadata (name, source, ladder) is the one stored
 * by the `redis load` that brought the workflow in; runs written by a live writer without
 * such metadata get a described source and the ladder of the sizes their plans used.
 */
import type { Redis } from 'ioredis';
import type { Dataset, DatasetSource } from '../../dataset/types.js';
import { DATASET_FORMAT, DATASET_VERSION } from '../../dataset/types.js';
import { SlacklineError } from '../../errors.js';
import type { KeyLayout } from './key-layout.js';
import { loadSignatureHistory } from './load-runs.js';

interface StoredSource {
  readonly name: string;
  readonly description: string;
  readonly source: DatasetSource;
  readonly memoryLadderMb: readonly number[];
}

export async function exportDataset(client: Redis, layout: KeyLayout, signature: string, describe: string): Promise<Dataset> {
  const history = await loadSignatureHistory(client, layout, signature);
  if (!history) throw new SlacklineError('redis', `no workflow with signature ${signature} in ${describe}`);
  const sourceText = await client.get(layout.source(signature));
  let stored: StoredSource | undefined;
  if (sourceText !== null) {
    try {
      stored = JSON.parse(sourceText) as StoredSource;
    } catch {
      throw new SlacklineError('redis', `corrupt value at key "${layout.source(signature)}": not JSON`);
    }
  }
  const used = new Set<number>();
  for (const run of history.runs) for (const p of Object.values(run.plan)) used.add(p.memoryMb);
  const ladder = [...new Set([...(stored?.memoryLadderMb ?? []), ...used])].sort((a, b) => a - b);
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: stored?.name ?? `redis-${signature}`,
    description: stored?.description ?? `Runs of workflow "${history.workflow.name}" exported from ${describe}.`,
    source: stored?.source ?? { kind: 'recorded', origin: `exported from ${describe}`, license: 'NOASSERTION' },
    memoryLadderMb: ladder.length > 0 ? ladder : [512],
    workflows: [history.workflow],
    runs: history.runs,
  };
}
