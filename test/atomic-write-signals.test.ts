/**
 * A Ctrl-C or `kill` during a streamed atomic write (`slackline generate` of a large DAG)
 * leaves the previous file and no `<target>.<number>` temporary file, and the process
 * still dies of the signal (exit 130 / 143 in a shell). A failed async write removes its
 * temporary file too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSlacklineError } from '../src/errors.js';
import { writeJsonFileAtomicAsync } from '../src/util/atomic-write.js';
import { REPO_ROOT } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('atomic-signals');

describe('streamed atomic write interrupted by a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} mid-write: the process dies of ${signal}, the previous file is intact, no temporary file is left`, () => {
      const folder = join(dir, signal);
      mkdirSync(folder);
      const target = join(folder, 'data.json');
      writeFileSync(target, '{"old":true}\n');
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/interrupted-write-child.ts', target, signal], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
      expect(child.signal, child.stderr).toBe(signal);
      expect(child.stdout).not.toContain('FINISHED');
      expect(readFileSync(target, 'utf8')).toBe('{"old":true}\n');
      expect(readdirSync(folder)).toEqual(['data.json']);
    });
  }
});

describe('streamed async write that fails', () => {
  it('a folder where the file should go: a SlacklineError naming the file, no temporary file', async () => {
    const target = join(dir, 'in-the-way');
    mkdirSync(target);
    const error = await writeJsonFileAtomicAsync(target, { items: Array.from({ length: 500 }, (_, i) => i) }, { inMemoryChars: 10 }).then(() => undefined, (e: Error) => e);
    expect(error && isSlacklineError(error)).toBe(true);
    expect(error!.message).toContain(`${target}: is a folder`);
    expect(readdirSync(dir).filter((f) => f.startsWith('in-the-way.'))).toEqual([]);
  });

  it('writes the same bytes as the synchronous writer when it is not interrupted', async () => {
    const value = { items: Array.from({ length: 2000 }, (_, i) => ({ i, s: `v${i}` })) };
    const target = join(dir, 'ok.json');
    await writeJsonFileAtomicAsync(target, value, { indent: 2, inMemoryChars: 100 });
    expect(readFileSync(target, 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});
