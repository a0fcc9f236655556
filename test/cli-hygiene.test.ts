/**
 * What every command does with the shell around it and with flags given wrong:
 * `--version`; a closed or vanished stdout ends quietly with exit 0 (or the failure's code); a single-valued flag
 * given twice is an error (collecting ones repeat); `--out` into a missing folder is an
 * error unless `--mkdir` (on every command that has `--out`); `generate --runs 0` is
 * refused; bench validates its parameter grid before running, with the message `plan`
 * gives; an infeasible deadline: plan exits 1 naming the fastest makespan unless
 * `--allow-infeasible`, bench rows are `infeasible`; "best" is bold only on plans that
 * meet their deadline; the table headers state the base of the deadline and of the
 * makespan ratio; the Ctrl-C hint resumes without `--force`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../src/bench/metrics-registry.js';
import { runKey } from '../src/bench/run-key.js';
import { RUN_ROW_VERSION, type RunResult, type RunRow } from '../src/bench/run-row.js';
import { DEADLINE_HEADER, markdownTable, summarize } from '../src/bench/summary-table.js';
import { resumeCommand } from '../src/cli/commands/bench.js';
import { commands } from '../src/cli/commands/index.js';
import { buildProgram } from '../src/cli/main.js';
import { packageInfo } from '../src/util/package-info.js';
import { cli, REPO_ROOT, spawnCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('cli-hygiene');

describe('the shell around the CLI', () => {
  it('--version prints the package version', () => {
    const run = spawnCli(['--version']);
    expect([run.code, run.stdout.trim()]).toEqual([0, packageInfo().version]);
    expect(packageInfo().version).toBe((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('a reader that goes away (| head -1) or a closed stdout ends the command quietly with exit 0', async () => {
    // From sources: the process outlives its last write, as a long command does, so a late EPIPE surfaces.
    const args = ['--import', 'tsx', 'test/support/cli-from-sources.ts', 'info', 'wfcommons-epigenomics-1695'];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // like `head -1` exiting after its line
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect([code, stderr]).toEqual([0, '']);

    const closed = spawnSync('sh', ['-c', `"${process.execPath}" ${args.join(' ')} >&-`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect([closed.status, closed.stderr]).toEqual([0, '']);
    const compiled = spawnSync('sh', ['-c', `"${process.execPath}" bin/slackline.js info wfcommons-epigenomics-1695 | head -1`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect([compiled.status, compiled.stderr, compiled.stdout.split('\n').length]).toEqual([0, '', 2]);
  });

  it('a reader that goes away keeps the exit code of a failure (validate of an invalid file: 1)', () => {
    const file = join(tempDir('slackline-pipe-'), 'empty-object.json');
    writeFileSync(file, '{}'); // 8 errors, more lines than the reader takes
    for (let i = 0; i < 3; i++) {
      // pipefail: the status is validate's, not head's; stderr goes down the same pipe.
      const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" bin/slackline.js validate "${file}" 2>&1 | head -1 >/dev/null`], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect(run.status).toBe(1);
    }
  });
});

describe('flags', () => {
  it('a single-valued flag given twice is an error naming it; collecting flags repeat', async () => {
    const cases: [string[], string][] = [
      [['plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--seed', '1', '--seed', '2'], 'slackline/cli/plan: --seed is given 2 times; give it once'],
      [['plan', '--dataset', 'chain-10', '--dataset', 'gemm-4', '--algorithm', 'uniform'], 'slackline/cli/plan: --dataset is given 2 times'],
      [['bench', '--workers', '1', '--workers', '2'], 'slackline/cli/bench: --workers is given 2 times'],
      [['cpm', 'x.json', '--json', '--json'], 'slackline/cli/cpm: --json is given 2 times'],
      [['redis', 'load', 'chain-10', '--url', 'redis://127.0.0.1:1', '--url', 'redis://127.0.0.1:2'], 'slackline/cli/redis load: --url is given 2 times'],
      [['plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--param', 'size=512', '--param', 'size=1024'], '--param size is given twice'],
      [['bench', '--datasets', 'chain-10', '--param', 'uniform.size=512', '--param', 'uniform.size=1024'], '--param uniform.size is given twice; give several values as one list: --param uniform.size=a,b'],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err, args.join(' ')).toContain(message);
    }
    const two = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'best-then-downgrade', '--param', 'margin=0.1', '--param', 'passes=2', '--json');
    expect(two.code, two.err).toBe(0);
    expect((JSON.parse(two.out) as { params: Record<string, unknown> }).params).toMatchObject({ margin: 0.1, passes: 2 });
  });

  it('every command with --out has --mkdir; a missing folder is an error unless --mkdir', async () => {
    let withOut = 0;
    for (const entry of commands) {
      const program: Command = await buildProgram(['node', 'slackline', entry.name]);
      const stack = [...program.commands];
      while (stack.length > 0) {
        const command = stack.pop()!;
        stack.push(...command.commands);
        if (!command.options.some((o) => o.long === '--out')) continue;
        withOut++;
        expect(command.options.some((o) => o.long === '--mkdir'), `${entry.name} ${command.name()}`).toBe(true);
      }
    }
    expect(withOut).toBeGreaterThanOrEqual(6); // generate, plan, predict-eval, redis export, import x4

    const missing = join(dir, 'no', 'such', 'folder', 'out.json');
    const refused = spawnCli(['generate', 'chain', '--out', missing]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(`slackline/cli/generate: --out ${missing}: the folder ${join(dir, 'no', 'such', 'folder')} does not exist; create it first or pass --mkdir`);
    expect(existsSync(join(dir, 'no'))).toBe(false);
    const made = spawnCli(['generate', 'chain', '--out', missing, '--mkdir']);
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(missing)).toBe(true);
    const plan = spawnCli(['plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--out', join(dir, 'nope', 'plan.json')]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('does not exist; create it first or pass --mkdir');
  });

  it('generate --runs 0 is refused (a dataset without runs that plan would refuse)', () => {
    const out = join(dir, 'zero-runs.json');
    const run = spawnCli(['generate', 'chain', '--runs', '0', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--runs must be an integer >= 1, got "0"');
    expect(existsSync(out)).toBe(false);
  });
});

describe('bench validates like plan, and deadlines below the fastest makespan', () => {
  it('a bad parameter value is refused up front by bench with the message plan gives, and nothing runs', async () => {
    const plan = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--param', 'size=999');
    const results = join(dir, 'bad-grid');
    const bench = await cli('bench', '--datasets', 'chain-10', '--algorithms', 'uniform', '--param', 'uniform.size=512,999', '--workers', '0', '--no-charts', '--results', results);
    expect([plan.code, bench.code]).toEqual([1, 1]);
    const expected = 'slackline/planning/params: planner "uniform": parameter size=999 on dataset "chain-10": not on the memory ladder';
    expect(plan.err).toContain(expected);
    expect(bench.err).toContain(expected);
    expect(existsSync(results)).toBe(false); // refused before the results folder was touched
    // Declared bounds too (generic: from each planner's parameter specs).
    for (const [param, why] of [['margin=1', 'expected a number below 1'], ['passes=0', 'expected a number >= 1'], ['passes=1.5', 'expected a whole number']]) {
      const p = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'best-then-downgrade', '--param', param!);
      const b = await cli('bench', '--datasets', 'chain-10', '--algorithms', 'best-then-downgrade', '--param', `best-then-downgrade.${param}`, '--workers', '0', '--results', results);
      expect([p.code, b.code], param).toEqual([1, 1]);
      expect(p.err).toContain(why);
      expect(b.err).toContain(why);
    }
  });

  it('plan: a deadline below the fastest makespan exits 1 naming it, unless --allow-infeasible', async () => {
    const base = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--json');
    const fastest = (JSON.parse(base.out) as { bestMakespanMs: number }).bestMakespanMs;
    const refused = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'deadline-downgrade', '--deadline', '0.9x');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`slackline/planning/deadline: deadline ${(0.9 * fastest).toFixed(0)} ms is infeasible: the fastest makespan is ${fastest.toFixed(0)} ms`);
    expect(refused.err).toContain('--allow-infeasible');
    const absolute = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--deadline', `${Math.floor(fastest / 2)}ms`);
    expect(absolute.code).toBe(1);
    const allowed = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'deadline-downgrade', '--deadline', '0.9x', '--allow-infeasible');
    expect(allowed.code, allowed.err).toBe(0);
    expect(allowed.out).toContain('MISSED');
    const feasible = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'deadline-downgrade', '--deadline', '1x');
    expect(feasible.code, feasible.err).toBe(0);
  });

  it('bench: rows with a deadline below the fastest makespan are infeasible, never "best"', async () => {
    const results = join(dir, 'infeasible');
    const run = await cli('bench', '--datasets', 'chain-10', '--algorithms', 'uniform,best-then-downgrade', '--deadline', '0.5x,1.2x', '--workers', '0', '--no-charts', '--results', results);
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(results, 'summary.json'), 'utf8')) as { runs: RunRow[] };
    const tight = summary.runs.filter((r) => r.deadline === '0.5x');
    expect(tight.map((r) => r.state)).toEqual(['infeasible', 'infeasible']);
    expect(tight.every((r) => r.error!.includes(`the fastest makespan is ${r.fastestMakespanMs!.toFixed(0)} ms`))).toBe(true);
    const lines = run.out.split('\n').filter((l) => l.includes('| 0.5x |'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toContain('infeasible: deadline');
      expect(line).not.toContain('**');
    }
  });
});

describe('the table', () => {
  const INPUTS = { data: 'd', planner: 'p', project: 'x' };
  function row(planner: string, result: Partial<RunResult>, deadline: string | null): RunRow {
    const spec = { dataset: 'd1', workflow: 'w', planner, params: {}, sla: 'p90', deadline, seed: 1 };
    const key = runKey(spec, INPUTS);
    const full: RunResult = { makespanMs: 100, costUsd: 1, gbSeconds: 1, workers: 1, coldStarts: 1, warmStarts: 0, bytesMoved: 0, planningMs: 1, claimsDeadline: false, deadlineMet: null, stats: {}, ...result };
    return { ...spec, version: RUN_ROW_VERSION, key: key.key, hash: key.hash, inputs: key.inputs, fingerprint: key.fingerprint, tasks: 3, edges: 2, deadlineMs: deadline ? 120 : null, fastestMakespanMs: 100, state: 'done', result: full, wallMs: 1, threads: 0, finishedAt: '2026-01-01T00:00:00.000Z' };
  }

  it('"best" (bold) marks only plans that meet their deadline; headers state the bases', () => {
    const rows = [
      row('cheap-but-late', { makespanMs: 150, costUsd: 0.1, deadlineMet: false }, '1.2x'),
      row('on-time', { makespanMs: 110, costUsd: 0.5, deadlineMet: true }, '1.2x'),
      row('fast', { makespanMs: 100, costUsd: 0.9, deadlineMet: true }, '1.2x'),
    ];
    const table = markdownTable(summarize(computeMetrics(rows)));
    const line = (planner: string) => table.split('\n').find((l) => l.includes(`| ${planner} |`))!;
    expect(line('cheap-but-late')).not.toContain('**');
    expect(line('on-time')).toContain('**5.000e-1**'); // the cheapest plan that meets the deadline
    expect(line('fast')).toContain('**100**');
    const header = table.split('\n')[0]!;
    expect(header).toContain(DEADLINE_HEADER);
    expect(header).toContain('deadline (x fastest, or ms)');
    expect(header).toContain('makespan / fastest');
    // One base for both: the ratio divides by the fastest makespan a 1.2x deadline multiplies.
    expect(line('cheap-but-late')).toContain('| 1.500 |');
  });

  it('the Ctrl-C hint resumes with the same command without --force', () => {
    expect(resumeCommand(['node', 'slackline', 'bench', '--force', '--datasets', 'chain-10', '--results', 'my results'])).toBe("slackline bench --datasets chain-10 --results 'my results'");
  });
});
