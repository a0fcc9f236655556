/**
 * `slackline cpm` end to end: spawns the real CLI on good and bad timed-DAG files.
 *
 *   a (3) --1--> b (2) --0----> d (1)
 *     \                        ^
 *      --0--> c (4) --0.5-----+
 *
 * By hand: ES/EF a 0/3, b 4/6, c 3/7, d max(6, 7.5) = 7.5/8.5; makespan 8.5, critical
 * a -> c -> d; LF d 8.5, b 7.5 (slack 1.5), c 7, a min(5.5 - 1, 3 - 0) = 3.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'slackline-cpm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function cpm(...args: string[]) {
  return spawnCli(['cpm', ...args]);
}

const diamond = {
  tasks: [
    { id: 'a', durationMs: 3 },
    { id: 'b', durationMs: 2 },
    { id: 'c', durationMs: 4 },
    { id: 'd', durationMs: 1 },
  ],
  edges: [
    { from: 'a', to: 'b', transferMs: 1 },
    { from: 'a', to: 'c' },
    { from: 'b', to: 'd', transferMs: 0 },
    { from: 'c', to: 'd', transferMs: 0.5 },
  ],
};

describe('slackline cpm', () => {
  it('prints the hand-computed times as JSON', () => {
    const run = cpm(file('diamond.json', diamond), '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.makespanMs).toBe(8.5);
    expect(report.criticalPath).toEqual(['a', 'c', 'd']);
    expect(report.tasks).toEqual({
      a: { earliestStartMs: 0, earliestFinishMs: 3, latestStartMs: 0, latestFinishMs: 3, slackMs: 0 },
      b: { earliestStartMs: 4, earliestFinishMs: 6, latestStartMs: 5.5, latestFinishMs: 7.5, slackMs: 1.5 },
      c: { earliestStartMs: 3, earliestFinishMs: 7, latestStartMs: 3, latestFinishMs: 7, slackMs: 0 },
      d: { earliestStartMs: 7.5, earliestFinishMs: 8.5, latestStartMs: 7.5, latestFinishMs: 8.5, slackMs: 0 },
    });
  });

  it('prints a table without --json, and handles several sources and sinks', () => {
    const twoChains = { tasks: [{ id: 'x', durationMs: 5 }, { id: 'y', durationMs: 1 }, { id: 'p', durationMs: 2 }, { id: 'q', durationMs: 2 }], edges: [{ from: 'x', to: 'y' }, { from: 'p', to: 'q', transferMs: 4 }] };
    const json = JSON.parse(cpm(file('chains.json', twoChains), '--json').stdout);
    expect(json.makespanMs).toBe(8);
    expect(json.criticalPath).toEqual(['p', 'q']);
    expect(json.tasks.y.latestFinishMs).toBe(8);
    expect(json.tasks.x.slackMs).toBe(2);
    const text = cpm(file('chains.json', twoChains));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('makespan: 8 ms');
    expect(text.stdout).toContain('critical path: p -> q');
  });

  it('keeps tasks named like Object.prototype members, and lists the table in file order', () => {
    // The diamond with its tasks renamed: __proto__ -> z -> 10 is the critical chain, 2 a side task.
    const odd = { tasks: [{ id: '__proto__', durationMs: 3 }, { id: 'z', durationMs: 2 }, { id: '10', durationMs: 4 }, { id: 'constructor', durationMs: 1 }, { id: '2', durationMs: 1 }], edges: [{ from: '__proto__', to: 'z' }, { from: 'z', to: '10' }, { from: '10', to: 'constructor' }] };
    const path = file('odd-names.json', odd);
    const json = JSON.parse(cpm(path, '--json').stdout);
    expect(Object.keys(json.tasks).sort()).toEqual(['10', '2', '__proto__', 'constructor', 'z']);
    expect(Object.hasOwn(json.tasks, '__proto__')).toBe(true);
    expect(json.tasks['__proto__']).toEqual({ earliestStartMs: 0, earliestFinishMs: 3, latestStartMs: 0, latestFinishMs: 3, slackMs: 0 });
    expect(json.tasks['2'].slackMs).toBe(9);
    expect(json.criticalPath).toEqual(['__proto__', 'z', '10', 'constructor']);
    const rows = cpm(path).stdout.split('\n').filter((l) => l.startsWith('│') && !l.includes('task'));
    expect(rows.map((l) => l.split('│')[1]!.trim())).toEqual(['__proto__', 'z', '10', 'constructor', '2']);
  });

  const bad: [string, unknown, RegExp[]][] = [
    ['cycle', { tasks: [{ id: 'a', durationMs: 1 }, { id: 'b', durationMs: 1 }], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }] }, [/cycle through tasks (a -> b -> a|b -> a -> b)/]],
    ['unknown id', { tasks: [{ id: 'a', durationMs: 1 }], edges: [{ from: 'a', to: 'ghost' }] }, [/\$\.edges\[0\]\.to: edge a -> ghost names unknown task "ghost"/]],
    ['negative duration', { tasks: [{ id: 'slow', durationMs: -4 }], edges: [] }, [/\$\.tasks\[0\]\.durationMs: task "slow" has durationMs -4/]],
    ['missing duration', { tasks: [{ id: 'a', durationMs: 1 }, { id: 'lost' }], edges: [] }, [/\$\.tasks\[1\]\.durationMs: task "lost" has no durationMs/]],
    ['negative transfer', { tasks: [{ id: 'a', durationMs: 1 }, { id: 'b', durationMs: 1 }], edges: [{ from: 'a', to: 'b', transferMs: -1 }] }, [/edge a -> b has transferMs -1/]],
    ['not JSON', '{"tasks": [', [/not valid JSON/]],
    ['no tasks array', { nodes: [] }, [/"tasks" array/]],
  ];
  for (const [name, content, patterns] of bad) {
    it(`exits 1 on a bad file (${name}), naming the file and the task`, () => {
      const path = file(`${name.replace(/ /g, '-')}.json`, content);
      const run = cpm(path, '--json');
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('slackline/cpm');
      expect(run.stderr).toContain(path);
      for (const pattern of patterns) expect(run.stderr).toMatch(pattern);
    });
  }

  it('reports every problem of a file at once', () => {
    const run = cpm(file('many.json', { tasks: [{ id: 'a', durationMs: 'fast' }, { id: 'b' }], edges: [{ from: 'a', to: 'c' }] }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('3 problems');
    expect(run.stderr).toContain('task "a" has durationMs "fast"');
    expect(run.stderr).toContain('task "b" has no durationMs');
    expect(run.stderr).toContain('unknown task "c"');
  });
});
