/**
 * A Redis server for tests and benchmarks.
 *
 * - SLACKLINE_TEST_REDIS_URL set (CI starts a server and sets it): use that server.
 * - Otherwise, when `redis-server` is on PATH: start a throwaway one on a free loopback
 *   port (no persistence), stopped by its pid at the end.
 * - Otherwise: print loudly why the Redis tests are skipped and return undefined; but when
 *   SLACKLINE_REQUIRE_REDIS=1 (CI), fail instead: Redis tests must never be skipped there.
 *
 * Each caller gets its own key namespace, so test files running in parallel against one
 * server do not collide; `stop()` removes that namespace's keys.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from '../../src/metrics/redis/connect.js';

export interface TestRedis {
  readonly url: string;
  /** A namespace of its own (`test:<label>:<pid>:<random>`). */
  readonly namespace: string;
  /** Whether this process started the server (false when SLACKLINE_TEST_REDIS_URL was given). */
  readonly ownServer: boolean;
  /** A new connection (the caller closes it). */
  connect(): Promise<Redis>;
  /** Removes the namespace's keys; stops the server if this process started it. */
  stop(): Promise<void>;
}

export interface StartedServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when something on 127.0.0.1:port answers PING with PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      answer += data.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

export function redisServerOnPath(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/** Starts `redis-server` on a free loopback port, no persistence. Undefined when not on PATH. */
export async function startRedisServer(): Promise<StartedServer | undefined> {
  if (!redisServerOnPath()) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'slackline-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const started = spawnSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', pidfile, '--dir', dir, '--logfile', join(dir, 'redis.log')], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`redis-server failed to start on port ${port}: ${started.stderr || started.stdout}`);
  const deadline = Date.now() + 5000;
  while (!(await pings(port))) {
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within 5 s (log: ${join(dir, 'redis.log')})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  let pid: number | undefined;
  for (let i = 0; i < 50 && pid === undefined; i++) {
    if (existsSync(pidfile)) pid = Number(readFileSync(pidfile, 'utf8').trim()) || undefined;
    else await new Promise((r) => setTimeout(r, 20));
  }
  const kill = () => {
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', kill); // a crashed test run does not leave a server behind
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      kill();
      process.removeListener('exit', kill);
      for (let i = 0; i < 50 && (await pings(port)); i++) await new Promise((r) => setTimeout(r, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Redis the tests use, or undefined (after a loud message) when there is none and none is required. */
export async function withRedis(label: string): Promise<TestRedis | undefined> {
  const given = process.env['SLACKLINE_TEST_REDIS_URL'];
  const required = process.env['SLACKLINE_REQUIRE_REDIS'] === '1';
  let url: string;
  let server: StartedServer | undefined;
  if (given) url = given;
  else {
    server = await startRedisServer();
    if (!server) {
      const reason = 'redis-server is not on PATH and SLACKLINE_TEST_REDIS_URL is not set';
      if (required) throw new Error(`SLACKLINE_REQUIRE_REDIS=1 but ${reason}: the Redis tests must run here`);
      console.warn(`\n*** SKIPPING Redis tests (${label}): ${reason}. Install redis-server (apt-get install redis-server) to run them. ***\n`);
      return undefined;
    }
    url = server.url;
  }
  const probe = await connectRedis(url); // fails clearly if the given server is unreachable
  await closeRedis(probe);
  const namespace = `test:${label}:${process.pid}:${randomBytes(4).toString('hex')}`;
  return {
    url,
    namespace,
    ownServer: server !== undefined,
    connect: () => connectRedis(url),
    async stop() {
      if (server) {
        await server.stop();
        return;
      }
      const client = await connectRedis(url);
      try {
        await unlinkNamespace(client, namespace);
      } finally {
        await closeRedis(client);
      }
    },
  };
}

/** Every key of a namespace, by SCAN. */
export async function scanNamespace(client: Redis, namespace: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) keys.add(key);
  } while (cursor !== '0');
  return [...keys].sort();
}

export async function unlinkNamespace(client: Redis, namespace: string): Promise<void> {
  const keys = await scanNamespace(client, namespace);
  for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
}
