/**
 * One entry point for every metrics source a command accepts (`--metrics`): a dataset
 * file path, a shipped dataset name, or a Redis URL (`redis://host:port[/db][?namespace=ns]`).
 */
import { resolveDataset } from '../dataset/registry.js';
import { FileMetricsStore } from './file-store.js';
import type { ConnectOptions } from './redis/connect.js';
import { DEFAULT_NAMESPACE } from './redis/key-layout.js';
import { RedisMetricsStore } from './redis/redis-store.js';
import type { MetricsStore } from './types.js';

export interface OpenStoreOptions extends ConnectOptions {
  /** Redis key namespace (a `?namespace=` in the URL wins). @default 'slackline' */
  readonly namespace?: string;
  /** Redis: load only this workflow's history at open. */
  readonly signature?: string;
}

export function isRedisSpec(spec: string): boolean {
  return /^rediss?:\/\//i.test(spec);
}

/** Splits `?namespace=` off a Redis URL (ioredis would read unknown query keys as options). */
export function splitRedisSpec(spec: string): { url: string; namespace?: string } {
  const url = new URL(spec);
  const namespace = url.searchParams.get('namespace') ?? undefined;
  url.searchParams.delete('namespace');
  const text = url.toString();
  return namespace === undefined ? { url: text } : { url: text, namespace };
}

export async function openMetricsStore(spec: string, options: OpenStoreOptions = {}): Promise<MetricsStore> {
  if (isRedisSpec(spec)) {
    const { url, namespace } = splitRedisSpec(spec);
    return RedisMetricsStore.open(url, { ...options, namespace: namespace ?? options.namespace ?? DEFAULT_NAMESPACE });
  }
  return new FileMetricsStore(resolveDataset(spec));
}
