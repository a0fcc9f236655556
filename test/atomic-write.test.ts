/**
 * `writeFileAtomic`: the new content appears whole or not at all, a missing parent folder
 * is created, and a failed write throws a SlacklineError naming the file while leaving the
 * previous file and no temporary file behind. The promise-API variants (the sweep's rows
 * and plans) write the same bytes and fail the same way.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSlacklineError } from '../src/errors.js';
import { writeFileAtomic, writeFileAtomicAsync, writeJsonAtomic, writeJsonAtomicAsync } from '../src/util/atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'slackline-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(run: () => void): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the write to fail');
}

describe('writeFileAtomic', () => {
  it('replaces the file and creates a missing parent folder', () => {
    const file = join(dir, 'a', 'b', 'out.json');
    writeJsonAtomic(file, { v: 1 });
    writeJsonAtomic(file, { v: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ v: 2 });
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.json']);
  });

  it('refuses a folder in the way, naming it, and leaves it untouched', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside.txt'), 'kept');
    const error = failure(() => writeFileAtomic(folder, 'x'));
    expect(isSlacklineError(error)).toBe(true);
    expect(error.message).toContain(`slackline/atomic-write: ${folder}: is a folder`);
    expect(readdirSync(folder)).toEqual(['inside.txt']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('turns an OS error (parent is a file) into a SlacklineError naming the file', () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const target = join(blocker, 'out.json');
    const error = failure(() => writeFileAtomic(target, 'x'));
    expect(isSlacklineError(error)).toBe(true);
    expect(error.message).toMatch(new RegExp(`${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write the file: (ENOTDIR|EEXIST)`));
    expect(readFileSync(blocker, 'utf8')).toBe('a file, not a folder');
  });
});

describe('writeFileAtomic: durable, and safe across worker threads', () => {
  it('fsyncs the data before the rename', async () => {
    const fs = await import('node:fs');
    const { vi } = await import('vitest');
    const spy = vi.spyOn(fs.default, 'fsyncSync');
    try {
      writeJsonAtomic(join(dir, 'synced.json'), { v: 1 });
      expect(spy).toHaveBeenCalled(); // write-file-atomic's fsync of the temp file before its rename
    } finally {
      spy.mockRestore();
    }
  });

  it('threads of one process writing the same file never share a temp name: the file is always whole', async () => {
    const { Worker } = await import('node:worker_threads');
    const { workerModule } = await import('../src/util/worker-module.js');
    const target = join(dir, 'contended.json');
    const worker = workerModule(import.meta.url, './support/atomic-write-worker.js');
    const threads = Array.from({ length: 3 }, (_, id) => new Worker(new URL(worker.filename), { execArgv: worker.execArgv, workerData: { target, id, writes: 150 } }));
    const results = await Promise.all(threads.map((t) => new Promise<string>((resolve, reject) => (t.once('message', resolve), t.once('error', reject)))));
    expect(results).toEqual(['done', 'done', 'done']);
    const final = JSON.parse(readFileSync(target, 'utf8')) as { id: number; i: number; pad: string };
    expect(final.pad).toHaveLength(20_000); // whole, not interleaved or truncated
    expect(readdirSync(dir).filter((f) => f.startsWith('contended.json.'))).toEqual([]);
  });
});

describe('writeJsonAtomicAsync / writeFileAtomicAsync', () => {
  it('write the bytes of the synchronous writer, replacing the file and creating its folder', async () => {
    const value = { name: 'row', n: 1.5e-7, nested: [1, { a: null, b: 'x\u0000"' }], empty: {}, list: [] };
    writeJsonAtomic(join(dir, 'sync.json'), value);
    const file = join(dir, 'async', 'deep', 'out.json');
    await writeJsonAtomicAsync(file, { v: 1 });
    await writeJsonAtomicAsync(file, value);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(dir, 'sync.json'), 'utf8'));
    expect(readdirSync(join(dir, 'async', 'deep'))).toEqual(['out.json']);
    await writeFileAtomicAsync(join(dir, 'async', 'text.svg'), '<svg/>');
    expect(readFileSync(join(dir, 'async', 'text.svg'), 'utf8')).toBe('<svg/>');
  });

  it('refuse a folder in the way and turn an OS error into a SlacklineError naming the file, leaving no temporary file', async () => {
    const folder = join(dir, 'async-folder');
    mkdirSync(folder);
    const inTheWay = await writeJsonAtomicAsync(folder, { v: 1 }).then(() => undefined, (error: Error) => error);
    expect(inTheWay && isSlacklineError(inTheWay)).toBe(true);
    expect(inTheWay!.message).toContain(`slackline/atomic-write: ${folder}: is a folder`);
    const blocker = join(dir, 'async-blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const target = join(blocker, 'out.json');
    const failed = await writeFileAtomicAsync(target, 'x').then(() => undefined, (error: Error) => error);
    expect(failed && isSlacklineError(failed)).toBe(true);
    expect(failed!.message).toContain(`${target}: cannot write the file`);
    expect(readFileSync(blocker, 'utf8')).toBe('a file, not a folder');
    expect(readdirSync(dir).filter((f) => /^async-.*\.\d+$/.test(f))).toEqual([]);
  });
});
