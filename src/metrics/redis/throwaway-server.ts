/**
 * A throwaway `redis-server` on a free loopback port, no persistence (for tests and the
 * Redis benchmarks), and namespace clean-up by SCAN + UNLINK.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

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
