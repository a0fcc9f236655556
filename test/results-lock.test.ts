/**
 * One sweep per results folder: a second `slackline bench` on a folder in use exits 1 at
 * once, naming the holder (pid, host, start time); the lock is released at the end; a
 * stale lock (its holder gone, or not refreshed for longer than the stale time) is
 * recovered. Every summary records its provenance.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOLDER_NAME, LOCK_NAME, lockResults, readHolder } from '../src/bench/results-lock.js';
import { gitCommit, packageInfo } from '../src/util/package-info.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { REPO_ROOT, spawnCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('results-lock');

describe('results folder lock', () => {
  it('a second sweep on a folder in use exits 1 at once naming pid, host and start time; the first finishes', async () => {
    const results = join(dir, 'busy');
    const seeds = Array.from({ length: 30 }, (_, i) => i + 1).join(',');
    const first = spawn(process.execPath, ['bin/slackline.js', 'bench', '--datasets', 'random-layered-1000', '--algorithms', 'best-then-downgrade', '--deadline', 'none', '--seeds', seeds, '--workers', '1', '--no-charts', '--results', results], { cwd: REPO_ROOT, env: { ...process.env, CI: '1' } });
    let firstErr = '';
    first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
    first.stdout.resume();
    const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));
    for (let i = 0; i < 600 && readHolder(results) === undefined; i++) await new Promise((r) => setTimeout(r, 50));
    const holder = readHolder(results)!;
    expect(holder.pid).toBe(first.pid);
    expect(holder.host).toBe(hostname());

    const started = performance.now();
    const second = spawnCli(['bench', '--datasets', 'chain-10', '--algorithms', 'uniform', '--workers', '0', '--no-charts', '--results', results]);
    const tookMs = performance.now() - started;
    expect(second.code).toBe(1);
    const message = second.stderr.trim();
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`slackline/bench: ${results}: the results folder is in use by pid ${first.pid} on host ${hostname()}, started ${holder.startedAt}`);
    expect(tookMs).toBeLessThan(20_000); // at once: no waiting for the first sweep (30 runs)

    expect(await firstDone, firstErr).toBe(0);
    // Released: neither the lock nor the holder file is left, and the next sweep runs.
    expect(existsSync(join(results, LOCK_NAME))).toBe(false);
    expect(existsSync(join(results, HOLDER_NAME))).toBe(false);
    const third = spawnCli(['bench', '--datasets', 'chain-10', '--algorithms', 'uniform', '--workers', '0', '--no-charts', '--results', results]);
    expect(third.code, third.stderr).toBe(0);
  });

  it('recovers a lock whose holder on this host is gone, and one not refreshed for longer than the stale time', async () => {
    const gone = join(dir, 'gone');
    mkdirSync(join(gone, LOCK_NAME), { recursive: true });
    // A pid that is not running: a finished child's.
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('close', resolve));
    writeJsonAtomic(join(gone, HOLDER_NAME), { pid: child.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'slackline bench' });
    const lock = await lockResults(gone);
    expect(lock.holder.pid).toBe(process.pid);
    expect(readHolder(gone)?.pid).toBe(process.pid);
    await lock.release();
    expect(existsSync(join(gone, LOCK_NAME))).toBe(false);

    const old = join(dir, 'old');
    mkdirSync(join(old, LOCK_NAME), { recursive: true });
    writeJsonAtomic(join(old, HOLDER_NAME), { pid: 1, host: 'another-host', startedAt: '2026-01-01T00:00:00.000Z', command: 'slackline bench' });
    await expect(lockResults(old, { staleMs: 60_000 })).rejects.toThrow(/in use by pid 1 on host another-host, started 2026-01-01T00:00:00.000Z/);
    const past = new Date(Date.now() - 120_000);
    utimesSync(join(old, LOCK_NAME), past, past); // its holder stopped refreshing it two minutes ago
    const taken = await lockResults(old, { staleMs: 60_000 });
    await taken.release();
  });
});

describe('provenance in every summary', () => {
  it('summary.json has one provenance key with command, config, code, Node, machine, dataset hashes, start and end; summary.md shows them', () => {
    const results = join(dir, 'provenance');
    const run = spawnCli(['bench', '--datasets', 'chain-10,gemm-4', '--algorithms', 'uniform', '--deadline', 'none', '--workers', '0', '--no-charts', '--results', results]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8')) as { provenance: Record<string, unknown> & { datasets: { name: string; workflows: { dataHash: string }[] }[]; code: Record<string, unknown>; config: { datasets: string[] }; startedAt: string; finishedAt: string; machine: { cores: number }; planners: Record<string, string>; command: string[] } };
    const p = summary.provenance;
    expect(p.command.slice(1)).toEqual(['bench', '--datasets', 'chain-10,gemm-4', '--algorithms', 'uniform', '--deadline', 'none', '--workers', '0', '--no-charts', '--results', results]);
    expect(p.config.datasets).toEqual(['chain-10', 'gemm-4']);
    const git = gitCommit();
    if (git) expect(p.code).toEqual({ kind: 'git', commit: git.commit, dirty: git.dirty });
    else expect(p.code).toEqual({ kind: 'package', name: 'slackline', version: packageInfo().version });
    expect(p.packageVersion).toBe(packageInfo().version);
    expect(p.node).toBe(process.version);
    expect(p.machine.cores).toBeGreaterThan(0);
    expect(p.datasets.map((d) => d.name)).toEqual(['chain-10', 'gemm-4']);
    expect(p.datasets.every((d) => d.workflows.every((w) => /^[0-9a-f]{16}$/.test(w.dataHash)))).toBe(true);
    expect(Object.keys(p.planners)).toEqual(['uniform']);
    expect(Date.parse(p.finishedAt)).toBeGreaterThanOrEqual(Date.parse(p.startedAt));
    const md = readFileSync(join(results, 'summary.md'), 'utf8');
    for (const text of ['## Provenance', '--datasets chain-10,gemm-4', `Node ${process.version}`, p.datasets[0]!.workflows[0]!.dataHash, p.startedAt, p.finishedAt, git ? git.commit : `package slackline ${packageInfo().version}`]) expect(md).toContain(text);
  });

  it('replay records the same provenance (command, code, Node, machine, data hash per workflow, times)', () => {
    const results = join(dir, 'replay-provenance');
    const run = spawnCli(['replay', 'chain-10', '--results', results]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(results, 'replay', 'chain-10.json'), 'utf8')) as { provenance: { command: string[]; code: { kind: string }; node: string; workflows: { dataHash: string }[]; startedAt: string } };
    expect(json.provenance.command.slice(1)).toEqual(['replay', 'chain-10', '--results', results]);
    expect(json.provenance.code.kind).toBe(gitCommit() ? 'git' : 'package');
    expect(json.provenance.node).toBe(process.version);
    expect(json.provenance.workflows[0]!.dataHash).toMatch(/^[0-9a-f]{16}$/);
    const md = readFileSync(join(results, 'replay', 'chain-10.md'), 'utf8');
    expect(md).toContain(json.provenance.workflows[0]!.dataHash);
    expect(md).toContain(json.provenance.startedAt);
  });
});
