/**
 * Signals while atomic writers are in flight, when the command handles the signal itself
 * (bench's graceful Ctrl-C): an interruptible writer's temp file is removed and it stops at
 * its next check; a small file's writer (not interruptible: a sweep's row or plan) finishes,
 * its temp file left for its rename. The listeners are called through `process.emit`, as a
 * delivered signal calls them.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackTempFile } from '../src/util/temp-file-cleanup.js';
import { tempDir } from './support/temp-dir.js';

describe('temp file guards under a handled signal', () => {
  it('stop an interruptible writer and let a small file finish', () => {
    const dir = tempDir('slackline-guard');
    const big = join(dir, 'big.json.1');
    const small = join(dir, 'row.json.2');
    writeFileSync(big, 'partial');
    writeFileSync(small, 'whole');
    const before = process.listenerCount('SIGINT');
    const handled: string[] = [];
    const handler = (signal: string) => handled.push(signal);
    process.on('SIGINT', handler);
    try {
      const stopping = trackTempFile(big, join(dir, 'big.json'));
      const finishing = trackTempFile(small, join(dir, 'row.json'), { interruptible: false });
      process.emit('SIGINT', 'SIGINT');
      expect(handled).toEqual(['SIGINT']);
      expect(existsSync(big)).toBe(false);
      expect(() => stopping.check()).toThrow(/write interrupted by SIGINT; the previous file is unchanged/);
      expect(existsSync(small)).toBe(true);
      expect(() => finishing.check()).not.toThrow();
      finishing.release();
      stopping.release();
    } finally {
      process.off('SIGINT', handler);
    }
    // Nothing of ours is left listening once both are released.
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
