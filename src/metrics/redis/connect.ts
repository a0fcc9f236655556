/**
 * Opens an ioredis connection that fails fast: an unreachable server gives a
 * SlacklineError naming the URL within a few seconds instead of ioredis' default endless
 * reconnect loop with queued commands. Once connected, a lost connection is retried a few
 * times, then commands fail (no offline queue growing without bound).
 *
 * `redisFault` turns any Redis failure (ioredis' MaxRetriesPerRequestError, a ReplyError,
 * a socket error) into one `slackline/redis:` line: what happened (cannot reach, lost the
 * connection, authentication failed, the server refused a command), the URL with its
 * password masked, and what was done before (e.g. "committed 16 of 40 runs; loads are
 * idempotent, rerun to finish"), never a stack of circular ioredis objects.
 */
import type { Redis } from 'ioredis';
import { SlacklineError, isSlacklineError } from '../../errors.js';

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

export type RedisFaultKind = 'auth' | 'unreachable' | 'lost-connection' | 'refused-command' | 'other';

const AUTH = /NOAUTH|WRONGPASS|invalid password|invalid username-password|without any password configured|AUTH failed/i;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|no answer within/i;
const LOST = /MaxRetriesPerRequest|Connection is closed|Command aborted due to connection close|ECONNRESET|EPIPE|Stream isn't writeable|Socket closed|ETIMEDOUT|connection (was )?lost/i;

/** What kind of Redis failure an error is (from ioredis' error names and the server's reply text). */
export function redisFaultKind(error: unknown): RedisFaultKind {
  const text = errorText(error);
  if (AUTH.test(text)) return 'auth';
  if (UNREACHABLE.test(text)) return 'unreachable';
  if (LOST.test(text)) return 'lost-connection';
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ReplyError') return 'refused-command';
  return 'other';
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${(error as NodeJS.ErrnoException).code ? ` ${(error as NodeJS.ErrnoException).code}` : ''}`;
  return String(error);
}

/** First line of the cause, without a `slackline/<module>: ` prefix, short. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0]!.replace(/^slackline\/[\w/-]+: /, '').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * One clear error for a Redis failure at `url`. `done` says what had happened before it
 * (committed work, or that nothing was changed); a SlacklineError that is not a Redis fault
 * (bad input found while talking to Redis) passes through unchanged.
 */
export function redisFault(url: string, error: unknown, done?: string): SlacklineError {
  if (isSlacklineError(error) && (error as SlacklineError & { redisFault?: boolean }).redisFault) return error;
  const where = redactUrl(url);
  const kind = redisFaultKind(error);
  if (isSlacklineError(error) && kind === 'other') return error;
  const cause = kind === 'auth' && /NOAUTH/.test(errorText(error)) ? 'the server requires a password and the URL gives none' : causeOf(error);
  const what =
    kind === 'auth'
      ? `authentication failed at ${where} (${cause}): check the password in the URL (redis://:password@host:port) or SLACKLINE_REDIS_URL`
      : kind === 'unreachable'
        ? `cannot reach Redis at ${where} (${cause}): is the server running and is the URL right?`
        : kind === 'lost-connection'
          ? `lost the connection to Redis at ${where} (${cause})`
          : kind === 'refused-command'
            ? `Redis at ${where} refused a command (${cause})`
            : `Redis at ${where} failed (${cause})`;
  const fault = new SlacklineError('redis', done ? `${what}; ${done}` : what);
  return Object.assign(fault, { redisFault: true });
}

/** Runs `work`, turning any failure into `redisFault(url, error, done())`. */
export async function withRedisFaults<T>(url: string, work: () => Promise<T>, done?: () => string | undefined): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw redisFault(url, error, done?.());
  }
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
    // The reply to AUTH (a wrong password) comes as the command's error; a refused socket as the last 'error' event.
    const cause = redisFaultKind(error) === 'auth' || lastError === undefined ? error : lastError;
    const fault = redisFault(url, cause, 'nothing was read or written');
    throw redisFaultKind(cause) === 'other' ? Object.assign(new SlacklineError('redis', `cannot reach Redis at ${redactUrl(url)} (${causeOf(cause)}); nothing was read or written`), { redisFault: true }) : fault;
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
