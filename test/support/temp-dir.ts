/**
 * A temporary folder for one test file, removed when the file's tests are done (so test
 * runs do not litter /tmp).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered when a test file imports this module (collection time): hooks added from
// inside a running test would not be.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `slackline-${prefix}-`));
  made.push(dir);
  return dir;
}
