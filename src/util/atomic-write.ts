/**
 * Writes a file atomically: to a temporary file beside it, then rename. A crash or Ctrl-C
 * mid-write leaves the previous file whole, never a truncated one. The parent folder is
 * created when missing; a failed write (a folder in the way, no permission, disk full)
 * removes the temporary file and throws a SlacklineError naming the file, so the CLI
 * prints one line instead of a stack trace.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SlacklineError, isSlacklineError } from '../errors.js';
import { writeJsonFileAtomic } from './json-stream.js';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new SlacklineError('atomic-write', 'is a folder; expected a file path to write', { file: path });
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    removeQuietly(tmp);
    if (isSlacklineError(error)) throw error;
    throw new SlacklineError('atomic-write', `cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // the temporary file could not be made either (e.g. its folder is a file)
  }
}

/** Indented JSON, streamed to the temporary file (`json-stream.ts`): any size. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeJsonFileAtomic(path, value, { indent: 2 });
}
