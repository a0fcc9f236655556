/**
 * Writes a file atomically and durably, the one helper every writer of the project calls:
 * write-file-atomic writes a temporary file beside the target (its name hashes the pid,
 * the worker thread id and a per-thread counter, so two threads of one process never share
 * one), fsyncs it and renames it over the target; then the folder is fsynced so the rename
 * itself survives a power cut. A crash or Ctrl-C mid-write leaves the previous file whole,
 * never a truncated one. The parent folder is created when missing (CLI `--out` flags are
 * checked before this: a missing folder there is an error unless `--mkdir`). A failed
 * write (a folder in the way, no permission, disk full) removes the temporary file and
 * throws a SlacklineError naming the file, so the CLI prints one line, not a stack trace.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';
import { SlacklineError, isSlacklineError } from '../errors.js';

/** Temp files of write-file-atomic: `<target>.<unsigned 32-bit number>`; a killed writer may leave one. */
export const TEMP_FILE_PATTERN = /\.\d{1,10}$/;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new SlacklineError('atomic-write', 'is a folder; expected a file path to write', { file: path });
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomicLib.sync(path, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true });
    fsyncFolder(dirname(path));
  } catch (error) {
    if (isSlacklineError(error)) throw error;
    throw new SlacklineError('atomic-write', `cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
}

/** Makes a rename durable; some file systems cannot fsync a folder, which only costs durability. */
function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // e.g. EISDIR/EINVAL on file systems without folder fsync
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
