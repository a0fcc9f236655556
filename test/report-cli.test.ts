/**
 * The report from the command line: `bench` writes `report.html` at the end of the sweep and
 * prints its path (`--no-report` skips it), `report` rebuilds it, and bad input exits 1
 * with a message that names the folder or the flag. A cold sweep on two threads (started
 * before the datasets load) computes the replays between its jobs: the replay file is what
 * `replaySnapshot` gives, and the rows are those of the same sweep in the main thread.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetSource } from '../src/bench/bench-instance.js';
import { replaySnapshot } from '../src/bench/replay.js';
import { spawnCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

describe('slackline report', () => {
  it('is written by bench, which prints its path, skipped with --no-report, and rebuilt by report', () => {
    const dir = join(tempDir('report-cli'), 'results');
    const bench = spawnCli(['bench', '--datasets', 'chain-10', '--algorithms', 'uniform,best-then-downgrade', '--workers', '0', '--no-charts', '--results', dir]);
    expect(bench.code).toBe(0);
    const file = join(dir, 'report.html');
    expect(bench.stderr).toContain(`report ${file}`);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
    const again = spawnCli(['bench', '--datasets', 'chain-10', '--algorithms', 'uniform,best-then-downgrade', '--workers', '0', '--no-charts', '--no-report', '--results', dir]);
    expect(again.code).toBe(0);
    expect(existsSync(file)).toBe(false);
    const report = spawnCli(['report', dir]);
    expect(report.code).toBe(0);
    expect(report.stdout.trim()).toBe(file);
    expect(report.stderr).toMatch(/wrote .*report\.html \([\d.]+ MiB, 1 instance\(s\), 2 plan\(s\)\)/);
    expect(existsSync(file)).toBe(true);
  });

  it('a cold two-thread sweep writes the replay replaySnapshot gives and the rows of the main-thread sweep', () => {
    const root = tempDir('report-cli-cold');
    const args = ['bench', '--datasets', 'chain-10', '--algorithms', 'uniform,orion', '--no-charts', '--mc-samples', '200'];
    const pooled = spawnCli([...args, '--workers', '2', '--results', join(root, 'pooled')]);
    const inline = spawnCli([...args, '--workers', '0', '--no-report', '--results', join(root, 'inline')]);
    expect(pooled.code).toBe(0);
    expect(inline.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(root, 'pooled', 'replay', 'chain-10.json'), 'utf8')) as Record<string, unknown>;
    const { machine: _machine, ...replay } = stored;
    expect(replay).toEqual(JSON.parse(JSON.stringify(replaySnapshot('chain-10', datasetSource('chain-10').dataset!, { sla: 'median' }))));
    const rows = (dir: string) =>
      readdirSync(join(root, dir, 'raw'))
        .sort()
        .map((name) => {
          const { wallMs: _w, finishedAt: _f, threads: _t, result, ...row } = JSON.parse(readFileSync(join(root, dir, 'raw', name), 'utf8')) as Record<string, unknown> & { result?: Record<string, unknown> };
          return { ...row, result: { ...result, planningMs: 0 } };
        });
    expect(rows('pooled')).toEqual(rows('inline'));
    expect(rows('pooled')).toHaveLength(2);
  });

  it('exits 1 naming the folder without runs, or the malformed flag', () => {
    const empty = join(tempDir('report-cli-empty'), 'nothing');
    const none = spawnCli(['report', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`no stored runs under ${join(empty, 'raw')}`);
    expect(none.stderr).not.toContain('    at '); // no stack trace
    const flag = spawnCli(['report', empty, '--dataset', 'foo']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('--dataset "foo": expected name=file');
    // A named file that is not there fails the command (it once became a note in the page, exit 0).
    const missing = join(tempDir('report-cli-missing'), 'nofile.json');
    const gone = spawnCli(['report', empty, '--dataset', `x=${missing}`]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`${missing}: --dataset "x=${missing}": file not found`);
  });
});
