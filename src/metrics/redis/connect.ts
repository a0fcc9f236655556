/**
 * Opens an ioredis connection that fails fast: an unreachable server gives a
 * SlacklineError naming the URL within a few seconds instead of ioredis' default endless
 * reconnect loop with queued commands. Once connected, a lost connection is retried a few
 * times, then commands fail (no offline queue growing without bound).
 */
import type { Redis } from 'ioredis';
import { SlacklineError } from '../../errors.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ConnectOptions {
  /** Give up connecting after this many ms. @default 2000 */
  readonly connectTimeoutMs?: number;
  /** Reconnect attempts after a lost connection before commands fail. @default 3 */
  readonly reconnectAttempts?: number;
}

/** The URL to use: the one given, else SLACKLINE_REDIS_URL, else the local default. */
export function redisUrl(url?: string): string {
  return url ?? process.env['SLACKLINE_REDIS_URL'] ?? DEFAULT_REDIS_URL;
}

/** The URL with any password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_m, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}

export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<Redis> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const reconnectAttempts = options.reconnectAttempts ?? 3;
  if (!/^rediss?:\/\//.test(url)) {
    throw new SlacklineError('redis', `"${redactUrl(url)}" is not a Redis URL (expected redis://host:port[/db])`);
  }
  let lastError: Error | undefined;
  let client: Redis;
  // Loaded on first use: commands that never touch Redis do not pay for ioredis.
  const { Redis: RedisClient } = await import('ioredis');
  try {
    client = new RedisClient(url, {
      lazyConnect: true,
      connectTimeout: connectTimeoutMs,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times) => (times > reconnectAttempts ? null : Math.min(200 * times, 1000)),
    });
  } catch (error) {
    throw new SlacklineError('redis', `cannot use Redis URL ${redactUrl(url)}: ${(error as Error).message}`);
  }
  // Without a listener ioredis prints "Unhandled error event" on every failed attempt.
  client.on('error', (error: Error) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs + 1000} ms`)), connectTimeoutMs + 1000);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    const cause = lastError?.message ?? (error as Error).message;
    throw new SlacklineError('redis', `cannot reach Redis at ${redactUrl(url)}: ${cause}`);
  } finally {
    if (timer) clearTimeout(timer);
  }
  return client;
}

/** Closes politely (QUIT), or drops the socket when the server is gone. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection is already unusable
    }
  }
  client.disconnect();
}
