/**
 * Where a queue sweep lives: a Redis URL, a queue name and a key prefix, shared by the
 * coordinator and every worker. The URL is checked first with the project's fail-fast
 * connection (`metrics/redis/connect.ts`), so an unreachable Redis is a clear error within a
 * few seconds, not BullMQ's endless reconnect loop; BullMQ then opens its own connections
 * from the same URL.
 */
import type { ConnectionOptions } from 'bullmq';
import { SlacklineError } from '../../errors.js';
import { closeRedis, connectRedis, redactUrl } from '../../metrics/redis/connect.js';

/** The queue both sides use unless told otherwise (`--queue-name`). */
export const DEFAULT_QUEUE_NAME = 'sweep';
/** BullMQ's key prefix for our queues: every key is `<prefix>:<queue name>:...`. */
export const DEFAULT_QUEUE_PREFIX = 'slackline-queue';

export interface QueueLocation {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  readonly url: string;
  /** @default DEFAULT_QUEUE_NAME */
  readonly name?: string;
  /** @default DEFAULT_QUEUE_PREFIX */
  readonly prefix?: string;
}

export interface ResolvedQueueLocation {
  readonly url: string;
  readonly name: string;
  readonly prefix: string;
}

export function resolveQueueLocation(location: QueueLocation): ResolvedQueueLocation {
  const name = location.name ?? DEFAULT_QUEUE_NAME;
  const prefix = location.prefix ?? DEFAULT_QUEUE_PREFIX;
  // BullMQ joins keys with ':'; a queue name holding one would read as another queue's keys.
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new SlacklineError('queue', `queue name "${name}": use letters, digits, '.', '_' and '-' only`);
  if (!/^[A-Za-z0-9._:-]+$/.test(prefix)) throw new SlacklineError('queue', `queue prefix "${prefix}": use letters, digits, '.', '_', ':' and '-' only`);
  return { url: location.url, name, prefix };
}

/** ioredis options for BullMQ from a Redis URL. */
export function bullConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SlacklineError('queue', `"${redactUrl(url)}" is not a Redis URL (expected redis://host:port[/db])`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new SlacklineError('queue', `"${redactUrl(url)}" is not a Redis URL (expected redis://host:port[/db])`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new SlacklineError('queue', `"${redactUrl(url)}": the database after the port must be a number, got "${parsed.pathname.slice(1)}"`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Fails fast with a SlacklineError naming the URL when Redis does not answer. */
export async function checkReachable(url: string): Promise<void> {
  bullConnection(url); // the URL itself first: a typo is not a network problem
  const client = await connectRedis(url);
  await closeRedis(client);
}
