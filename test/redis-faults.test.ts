/**
 * Redis faults get one clear line, exit 1, no stack, against a real redis-server of this
 * file's own (it is killed, so never the shared CI server):
 * - the server killed (SIGKILL) in the middle of `redis load`: the message names the URL
 *   (password masked) and how many runs were committed; after a restart (append-only file,
 *   fsync always) every indexed run is whole and equal to the file, and as many as were
 *   reported (or one more, whose reply was lost with the connection); a rerun finishes;
 * - a wrong password or none says "authentication failed", not "cannot reach";
 * - a stopped server says "cannot reach".
 * Without redis-server on PATH the file is skipped with a printed reason (CI requires it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDagId, parseDagId } from '../src/dag/dag-id.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import type { Dataset } from '../src/dataset/types.js';
import { closeRedis, connectRedis } from '../src/metrics/redis/connect.js';
import { keyLayout } from '../src/metrics/redis/key-layout.js';
import { RedisMetricsStore } from '../src/metrics/redis/redis-store.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { redisServerOnPath } from './support/redis-server.js';
import { REPO_ROOT, spawnCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const available = redisServerOnPath();
if (!available) {
  if (process.env['SLACKLINE_REQUIRE_REDIS'] === '1') throw new Error('SLACKLINE_REQUIRE_REDIS=1 but redis-server is not on PATH: the Redis fault tests must run here');
  console.warn('\n*** SKIPPING Redis fault tests: redis-server is not on PATH (apt-get install redis-server) ***\n');
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

interface Server {
  readonly url: string;
  readonly pid: number;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const started: Server[] = [];
afterAll(async () => {
  for (const server of started) await server.kill('SIGKILL');
});

/** A redis-server on `port` in `dir` (append-only, fsync always: what was acknowledged survives a SIGKILL). */
async function startServer(dir: string, port: number, extra: string[] = []): Promise<Server> {
  const pidfile = join(dir, `redis-${port}.pid`);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', join(dir, 'redis.log'), ...extra];
  const run = spawnSync('redis-server', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`redis-server failed: ${run.stderr || run.stdout}`);
  const url = `redis://127.0.0.1:${port}`;
  const password = extra.includes('--requirepass') ? extra[extra.indexOf('--requirepass') + 1] : undefined;
  const probeUrl = password ? `redis://:${password}@127.0.0.1:${port}` : url;
  for (let i = 0; ; i++) {
    try {
      await closeRedis(await connectRedis(probeUrl, { connectTimeoutMs: 300 }));
      break;
    } catch (error) {
      if (i > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let pid = 0;
  for (let i = 0; i < 50 && pid === 0; i++) {
    if (existsSync(pidfile)) pid = Number(readFileSync(pidfile, 'utf8').trim()) || 0;
    else await new Promise((r) => setTimeout(r, 20));
  }
  const server: Server = {
    url,
    pid,
    async kill(signal = 'SIGTERM') {
      try {
        process.kill(pid, signal);
      } catch {
        return; // already gone
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  started.push(server);
  return server;
}

/** montage-like-120 with its runs repeated under fresh DAG ids: 40 runs of ~2,000 records each. */
function manyRuns(dir: string): { file: string; dataset: Dataset } {
  const base = loadDataset(resolveDataset('montage-like-120'));
  const runs = Array.from({ length: 40 }, (_, i) => {
    const run = base.runs[i % base.runs.length]!;
    const { sinkTaskId, signature } = parseDagId(run.dagId);
    const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return { ...run, dagId: formatDagId({ epochMs: 1_700_000_000_000 + i, sinkTaskId, uuid, signature }) };
  });
  const dataset = { ...base, name: 'montage-like-120-x40', runs };
  const file = join(dir, 'many-runs.json');
  writeJsonAtomic(file, dataset);
  return { file, dataset: loadDataset(file) };
}

describe.skipIf(!available)('Redis faults (own redis-server, killed)', () => {
  it('a server killed mid-load: one line with the URL and the committed count, exit 1; the stored runs are whole', async () => {
    const dir = tempDir('redis-kill');
    const { file, dataset } = manyRuns(dir);
    const port = await freePort();
    const server = await startServer(dir, port);
    const namespace = 'killtest';
    const index = keyLayout(namespace).runIndex(dataset.workflows[0]!.signature);
    const watcher = await connectRedis(server.url);

    const child = spawn(process.execPath, ['bin/slackline.js', 'redis', 'load', file, '--url', server.url, '--namespace', namespace, '--batch-records', '1'], { cwd: REPO_ROOT });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Kill the server as soon as a few runs are in, well before the 40th.
    let seen = 0;
    for (let i = 0; i < 3000 && seen < 3; i++) {
      seen = await watcher.zcard(index);
      if (seen < 3) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen, 'the load never started committing').toBeGreaterThanOrEqual(3);
    // Hold the loader's next EXEC (writes paused, reads still answered) so it cannot finish before the kill.
    await watcher.call('CLIENT', 'PAUSE', '10000', 'WRITE');
    await server.kill('SIGKILL');
    watcher.disconnect();
    const code = await exited;

    expect(code, stderr).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    const match = /^slackline\/redis: lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ \(.+\); committed (\d+) of 40 runs of montage-like-120-x40 \(each run whole or not at all\); loads are idempotent, rerun to finish$/.exec(lines[0]!);
    expect(match, lines[0]).not.toBeNull();
    expect(stderr).not.toMatch(/Circular|    at |MaxRetriesPerRequestError \{/);
    expect(stdout).toBe('');
    const reported = Number(match![1]);
    expect(reported).toBeGreaterThanOrEqual(3);
    expect(reported).toBeLessThan(40);

    // Restart on the same files: what was acknowledged is there, each run whole.
    const again = await startServer(dir, port);
    const store = await RedisMetricsStore.open(again.url, { namespace });
    const { runs } = await store.load();
    await store.close();
    expect(runs.length === reported || runs.length === reported + 1, `${runs.length} stored, ${reported} reported`).toBe(true);
    const original = new Map(dataset.runs.map((r) => [r.dagId, r]));
    for (const run of runs) expect(run).toEqual(original.get(run.dagId));

    // Idempotent: the rerun finishes the load.
    const rerun = spawnCli(['redis', 'load', file, '--url', again.url, '--namespace', namespace, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const full = await RedisMetricsStore.open(again.url, { namespace });
    expect((await full.load()).runs).toHaveLength(40);
    await full.close();
    await again.kill();
  });

  it('a wrong or missing password says "authentication failed" with the password masked; a stopped server says "cannot reach"', async () => {
    const dir = tempDir('redis-auth');
    const port = await freePort();
    const server = await startServer(dir, port, ['--requirepass', 'right-secret']);
    const wrong = spawnCli(['redis', 'load', 'chain-10', '--url', `redis://:wrong-secret@127.0.0.1:${port}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(new RegExp(`^slackline/redis: authentication failed at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(WRONGPASS[^\\n]*\\): check the password`));
    expect(wrong.stderr).not.toContain('wrong-secret');
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);

    const none = spawnCli(['plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--metrics', `redis://127.0.0.1:${port}`]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toMatch(/^slackline\/redis: authentication failed at redis:\/\/127\.0\.0\.1:\d+ \(the server requires a password and the URL gives none\)/);

    await server.kill();
    const gone = spawnCli(['redis', 'load', 'chain-10', '--url', `redis://:right-secret@127.0.0.1:${port}`]);
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toMatch(new RegExp(`^slackline/redis: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\)`));
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
  });
});
