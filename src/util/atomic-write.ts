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
 * SIGINT/SIGTERM/SIGHUP mid-write remove the temporary file too (write-file-atomic's own
 * handler, or `temp-file-cleanup.ts` for the streamed writers) and the process still dies
 * of the signal; writes large enough to take a while (`writeJsonFileAtomicAsync`) await
 * between chunks so the signal lands mid-write and leaves the previous file.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { dirname } from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';
import { SlacklineError, isSlacklineError } from '../errors.js';
import { jsonPieces, streamJson, type Sink } from './json-stream.js';
import { trackTempFile } from './temp-file-cleanup.js';

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

/** Indented JSON, streamed to the temporary file (`json-stream.ts`): any size. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeJsonFileAtomic(path, value, { indent: 2 });
}

const CHUNK_CHARS = 1 << 20;
let tempCounter = 0;

/**
 * Writes JSON (then a newline) atomically and durably like `writeFileAtomic`, but streamed:
 * chunks go to the temporary file (named like write-file-atomic's, per pid, thread and
 * call), which is fsynced and renamed, then the folder fsynced; no string of the whole
 * text is built. `compactOver`: when the indented text would be longer than this many
 * characters, the file is written compact (one line) instead, as datasets are.
 */
export function writeJsonFileAtomic(path: string, value: unknown, options: JsonFileOptions = {}): void {
  // Up to IN_MEMORY_CHARS the text is built and written by `writeFileAtomic` (write-file-atomic); only larger files stream.
  const text = smallText(path, value, options);
  if (text !== undefined) writeFileAtomic(path, `${text}\n`);
  else streamJsonFileAtomic(path, value, options);
}

/**
 * `writeJsonFileAtomic` for large values, awaiting the disk between chunks: a Ctrl-C or
 * `kill` during the write removes the temporary file and leaves the previous file (a
 * synchronous write could not be interrupted before its rename). Datasets are written so.
 */
export async function writeJsonFileAtomicAsync(path: string, value: unknown, options: JsonFileOptions = {}): Promise<void> {
  const text = smallText(path, value, options);
  if (text !== undefined) return writeFileAtomicAsync(path, `${text}\n`);
  return streamJsonFileAtomicAsync(path, value, options);
}

export interface JsonFileOptions {
  readonly indent?: number;
  readonly compactOver?: number;
  /** @default 64 Mi characters (tests lower it) */
  readonly inMemoryChars?: number;
}

/** The whole text when it is small enough to build (indented, or compact past `compactOver`), else undefined. */
function smallText(path: string, value: unknown, options: JsonFileOptions): string | undefined {
  const indent = options.indent ?? 2;
  const limit = options.inMemoryChars ?? IN_MEMORY_CHARS;
  try {
    const text = textUpTo(value, indent, options.compactOver !== undefined && indent > 0 ? Math.min(options.compactOver, limit) : limit);
    if (text === undefined && options.compactOver !== undefined && indent > 0 && options.compactOver < limit) return textUpTo(value, 0, limit);
    return text;
  } catch (error) {
    throw new SlacklineError('atomic-write', `cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
}

/** Texts up to this many characters are written whole. */
const IN_MEMORY_CHARS = 64 * 2 ** 20;

/** The JSON text when it is at most `limit` characters long, else undefined (without building more of it). */
function textUpTo(value: unknown, indent: number, limit: number): string | undefined {
  return piecesUpTo(value, indent, limit)?.join('');
}

/** The JSON text's pieces when it is at most `limit` characters long, else undefined (stops building past the limit). */
function piecesUpTo(value: unknown, indent: number, limit: number): string[] | undefined {
  const pieces: string[] = [];
  let length = 0;
  const over = Symbol('over');
  try {
    streamJson(value, indent, (text) => {
      pieces.push(text);
      length += text.length;
      if (length > limit) throw over;
    });
  } catch (error) {
    if (error === over) return undefined;
    throw error;
  }
  return pieces;
}

/** `<target>.<number>`, named like write-file-atomic's temp files: per pid, thread and call. */
function tempPathOf(path: string): string {
  return `${path}.${(Math.imul(Math.imul(process.pid, 65599) + threadId, 65599) + tempCounter++) >>> 0}`;
}

/** The pieces to write: the indented text when it stays under `compactOver`, else compact (or the indent asked for). */
function piecesOf(value: unknown, options: JsonFileOptions): Iterable<string> {
  const indent = options.indent ?? 2;
  // Try the indented text up to the limit in memory: small files stay indented.
  const head = options.compactOver !== undefined && indent > 0 ? piecesUpTo(value, indent, options.compactOver) : undefined;
  return head ?? jsonPieces(value, options.compactOver !== undefined ? 0 : indent);
}

function requireFileTarget(path: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SlacklineError('atomic-write', 'is a folder; expected a file path to write', { file: path });
  }
}

function writeError(path: string, error: unknown): SlacklineError {
  if (isSlacklineError(error)) return error;
  return new SlacklineError('atomic-write', `cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file: path });
}

function streamJsonFileAtomic(path: string, value: unknown, options: JsonFileOptions): void {
  // Not tracked for signals: a handler could only run after this synchronous write, and
  // removing it then would drop the pending signal. Large writers use the async variant.
  const tmp = tempPathOf(path);
  let fd: number | undefined;
  try {
    requireFileTarget(path);
    mkdirSync(dirname(path), { recursive: true });
    const pieces = piecesOf(value, options);
    const file = openSync(tmp, 'w');
    fd = file;
    let buffer: string[] = [];
    let buffered = 0;
    const flush = () => {
      if (buffered > 0) writeSync(file, buffer.join(''));
      buffer = [];
      buffered = 0;
    };
    const sink: Sink = (text) => {
      buffer.push(text);
      buffered += text.length;
      if (buffered >= CHUNK_CHARS) flush();
    };
    for (const piece of pieces) sink(piece);
    sink('\n');
    flush();
    fsyncSync(file);
    closeSync(file);
    fd = undefined;
    renameSync(tmp, path);
    fsyncFolder(dirname(path));
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the temporary file could not be made either (e.g. its folder is a file)
    }
    throw writeError(path, error);
  }
}

/** `streamJsonFileAtomic` awaiting each chunk's write, so signal handlers run mid-write. */
function streamJsonFileAtomicAsync(path: string, value: unknown, options: JsonFileOptions): Promise<void> {
  return writePiecesAtomicAsync(path, function* () {
    yield* piecesOf(value, options);
    yield '\n';
  });
}

/** The pieces (made once the target is checked) to a temporary file, awaiting each chunk, fsynced, renamed over the target, the folder fsynced. */
async function writePiecesAtomicAsync(path: string, piecesFor: () => Iterable<string>, interruptible = true): Promise<void> {
  const tmp = tempPathOf(path);
  const guard = trackTempFile(tmp, path, { interruptible });
  let handle: FileHandle | undefined;
  try {
    requireFileTarget(path);
    await mkdir(dirname(path), { recursive: true });
    const pieces = piecesFor();
    handle = await open(tmp, 'w');
    let buffer: string[] = [];
    let buffered = 0;
    const flush = async () => {
      if (buffered > 0) await handle!.write(buffer.join(''));
      buffer = [];
      buffered = 0;
      guard.check();
    };
    for (const piece of pieces) {
      buffer.push(piece);
      buffered += piece.length;
      if (buffered >= CHUNK_CHARS) await flush();
    }
    await flush();
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Checked and renamed with no await between: a signal from here on finds the new file whole.
    guard.check();
    renameSync(tmp, path);
    guard.release();
    await fsyncFolderAsync(dirname(path));
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(path, error);
  } finally {
    guard.release();
  }
}

/**
 * `writeJsonAtomic` off the calling thread's back: the indented JSON text (`JSON.stringify`,
 * the bytes `json-stream.ts` writes) is built here, then the temporary file is written,
 * fsynced, renamed and its folder fsynced off this thread (libuv's thread pool), so
 * a sweep's main thread goes on preparing grids and posting jobs while the disk syncs. The
 * same guarantees: the previous file or the whole new one, never a truncated one. A text
 * too large for one string goes through the (async) streaming writer instead.
 */
export async function writeJsonAtomicAsync(path: string, value: unknown): Promise<void> {
  let text: string;
  try {
    text = `${JSON.stringify(value, null, 2)}\n`;
  } catch (error) {
    if (error instanceof RangeError) return writeJsonFileAtomicAsync(path, value, { indent: 2 });
    throw new SlacklineError('atomic-write', `cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file: path });
  }
  return writeFileAtomicAsync(path, text);
}

/**
 * `writeFileAtomic` with the write and the syncs off the calling thread, as
 * `writeJsonAtomicAsync`: the same temporary file, fsync, rename and folder fsync as the
 * streamed writers below (a sweep writes hundreds of rows and plans this way; write-file-atomic's
 * async path resolved every path component with lstat first, about 1 ms of this thread per
 * file). A symlink at the target is replaced, not written through.
 */
export async function writeFileAtomicAsync(path: string, data: string): Promise<void> {
  // Not interruptible: a command that handles Ctrl-C itself (bench) lets the file finish.
  return writePiecesAtomicAsync(path, () => [data], false);
}

/** `fsyncFolder` through the promise API. */
async function fsyncFolderAsync(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // e.g. EISDIR/EINVAL on file systems without folder fsync
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
