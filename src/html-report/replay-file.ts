/**
 * Where the report keeps a dataset's replay (`<results>/replay/<dataset>.json`, what
 * `slackline replay` writes) and at which SLA it computes a missing one: shared by the
 * report and by `bench`, which computes the missing replays between its jobs (no heavy
 * imports here: `bench` loads the report's code only when it builds the report).
 */
import { join } from 'node:path';

export const REPLAY_SLA = 'median';

export function replayFile(resultsDir: string, dataset: string): string {
  return join(resultsDir, 'replay', `${dataset.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}
