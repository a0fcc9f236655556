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
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from '../../src/metrics/redis/connect.js';
import { startRedisServer, unlinkNamespace, type StartedServer } from '../../src/metrics/redis/throwaway-server.js';

export { redisServerOnPath, scanNamespace, startRedisServer, unlinkNamespace, type StartedServer } from '../../src/metrics/redis/throwaway-server.js';

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

