/**
 * Datasets travel over Redis once each, by content: the coordinator stores the dataset
 * file's bytes (gzip) under `<prefix>:<queue>:datasets:<sha256>`; a job names only the
 * hash; a worker fetches a hash the first time it needs it, checks the bytes against the
 * hash, validates the dataset as a file would be, and keeps it (a few, least recently used
 * dropped first).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Redis } from 'ioredis';
import { datasetFromJson } from '../../dataset/load-dataset.js';
import { resolveDataset } from '../../dataset/registry.js';
import type { Dataset } from '../../dataset/types.js';
import { SlacklineError } from '../../errors.js';
import { datasetSource, type DatasetSource } from '../bench-instance.js';
import type { ResolvedQueueLocation } from './queue-connection.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Stored datasets expire unless a coordinator stores them again (a rerun refreshes them). */
export const DATASET_TTL_SECONDS = 30 * 24 * 3600;

/** A sweep's dataset as the coordinator knows it: the source for the grid, and the file it came from. */
export interface FileDatasetSource extends DatasetSource {
  readonly file: string;
}

/** `datasetSource` (shipped name or file), whose file the coordinator stores. */
export function fileDatasetSource(nameOrPath: string): FileDatasetSource {
  const source = datasetSource(nameOrPath);
  return { ...source, file: source.file ?? resolveDataset(nameOrPath) };
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function datasetKey(location: ResolvedQueueLocation, hash: string): string {
  return `${location.prefix}:${location.name}:datasets:${hash}`;
}

/** Stores the file's bytes unless already there (refreshing the expiry); returns the hash. */
export async function storeDataset(client: Redis, location: ResolvedQueueLocation, file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SlacklineError('queue', `cannot read the dataset: ${(error as Error).message}`, { file });
  }
  const hash = contentHash(bytes);
  const key = datasetKey(location, hash);
  if ((await client.expire(key, DATASET_TTL_SECONDS)) === 0) {
    await client.set(key, await gzipAsync(bytes), 'EX', DATASET_TTL_SECONDS, 'NX');
  }
  return hash;
}

/** Fetches, checks and parses one stored dataset. */
export async function fetchDataset(client: Redis, location: ResolvedQueueLocation, hash: string): Promise<Dataset> {
  const key = datasetKey(location, hash);
  const packed = await client.getBuffer(key);
  if (packed === null) throw new SlacklineError('queue', `dataset ${hash} is not in Redis (${key}); it expired or was removed: rerun the coordinator, which stores it again`);
  const bytes = await gunzipAsync(packed);
  if (contentHash(bytes) !== hash) throw new SlacklineError('queue', `dataset ${hash} in Redis does not match its hash (${key} was altered); rerun the coordinator`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new SlacklineError('queue', `dataset ${hash}: not valid JSON: ${(error as Error).message}`);
  }
  return datasetFromJson(value, `redis ${key}`);
}

/** A small least-recently-used map of pending or settled values (a failed load is forgotten, so the next job retries it). */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, load: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = load();
    this.entries.set(key, value);
    if (value instanceof Promise) value.catch(() => this.entries.get(key) === value && this.entries.delete(key));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
