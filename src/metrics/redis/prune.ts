/**
 * Removes one DAG run: its dagId leaves the signature index first (loaders stop seeing it
 * at once), then every key under `<ns>:run:<dagId>` goes, found by SCAN MATCH (never KEYS,
 * which blocks the server on a large keyspace) and removed by UNLINK (freed in the
 * background). Staging keys of a run that was never committed go the same way.
 */
import type { Redis } from 'ioredis';
import { parseDagId } from '../../dag/dag-id.js';
import type { KeyLayout } from './key-layout.js';

export interface PruneResult {
  readonly dagId: string;
  /** Whether the run was in its signature index (committed). */
  readonly wasIndexed: boolean;
  readonly keysRemoved: readonly string[];
}

/** Every key of one run, by SCAN MATCH on its prefix. */
export async function scanRunKeys(client: Redis, layout: KeyLayout, dagId: string, count = 1000): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', layout.runPattern(dagId), 'COUNT', count);
    cursor = next;
    for (const key of keys) if (layout.isRunKey(dagId, key)) found.add(key);
  } while (cursor !== '0');
  return [...found].sort();
}

export async function pruneRun(client: Redis, layout: KeyLayout, dagId: string): Promise<PruneResult> {
  const { signature } = parseDagId(dagId);
  const wasIndexed = (await client.zrem(layout.runIndex(signature), dagId)) > 0;
  const keys = await scanRunKeys(client, layout, dagId);
  for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
  return { dagId, wasIndexed, keysRemoved: keys };
}
