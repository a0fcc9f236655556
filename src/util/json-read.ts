/**
 * JSON files of any size: `JSON.parse` of the text, for files whose text fits a V8 string
 * (about 512 MB; a 1,000,000-task dataset with one recorded run is over 1 GB), and beyond
 * that a split parse. The file is read as bytes; a value whose bytes exceed
 * `NATIVE_BYTES` is walked here (its members located by a byte scan that skips strings)
 * and every member small enough is handed to `JSON.parse` itself. The result equals
 * `JSON.parse` of the whole text (member order, duplicate keys, `__proto__` as a plain
 * key); `test/json-read.test.ts` compares both with the limit set low.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Files up to this size are parsed whole. */
export const WHOLE_FILE_BYTES = 256 * 2 ** 20;
/** Values up to this many bytes are parsed by one JSON.parse. */
const NATIVE_BYTES = 32 * 2 ** 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export class JsonReadError extends SyntaxError {}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

/** End (exclusive) of the string starting at the quote at `i`. */
function stringEnd(bytes: Uint8Array, i: number): number {
  for (let k = i + 1; k < bytes.length; k++) {
    const b = bytes[k]!;
    if (b === BACKSLASH) k++;
    else if (b === QUOTE) return k + 1;
  }
  throw new JsonReadError(`Unterminated string in JSON at byte ${i}`);
}

/** End (exclusive) of the value starting at `i` (no whitespace before it). */
function valueEnd(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first === QUOTE) return stringEnd(bytes, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let k = i; k < bytes.length; k++) {
      const b = bytes[k]!;
      if (b === QUOTE) k = stringEnd(bytes, k) - 1;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (--depth === 0) return k + 1;
      }
    }
    throw new JsonReadError(`Unexpected end of JSON input (value opened at byte ${i})`);
  }
  let k = i;
  while (k < bytes.length) {
    const b = bytes[k]!;
    if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || isSpace(b)) break;
    k++;
  }
  if (k === i) throw new JsonReadError(`Unexpected token in JSON at byte ${i}`);
  return k;
}

const decoder = new TextDecoder();

function nativeParse(bytes: Uint8Array, start: number, end: number): unknown {
  try {
    return JSON.parse(decoder.decode(bytes.subarray(start, end)));
  } catch (error) {
    throw new JsonReadError(`${(error as Error).message} (in the value at bytes ${start}..${end})`);
  }
}

function expect(bytes: Uint8Array, i: number, byte: number, what: string): void {
  if (bytes[i] !== byte) throw new JsonReadError(`Expected ${what} in JSON at byte ${i}`);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** The value at `i` (no whitespace before it) and where it ends. */
function parseAt(bytes: Uint8Array, i: number, nativeBytes: number): { value: unknown; end: number } {
  const end = valueEnd(bytes, i);
  const first = bytes[i];
  if (end - i <= nativeBytes || (first !== OPEN_BRACE && first !== OPEN_BRACKET)) return { value: nativeParse(bytes, i, end), end };
  if (first === OPEN_BRACKET) {
    const list: unknown[] = [];
    let k = skipSpace(bytes, i + 1);
    if (bytes[k] === CLOSE_BRACKET) return { value: list, end };
    for (;;) {
      const member = parseAt(bytes, k, nativeBytes);
      list.push(member.value);
      k = skipSpace(bytes, member.end);
      if (bytes[k] === CLOSE_BRACKET) return { value: list, end };
      expect(bytes, k, COMMA, "',' or ']'");
      k = skipSpace(bytes, k + 1);
    }
  }
  const object: Record<string, unknown> = {};
  let k = skipSpace(bytes, i + 1);
  if (bytes[k] === CLOSE_BRACE) return { value: object, end };
  for (;;) {
    expect(bytes, k, QUOTE, 'a string key');
    const keyEnd = stringEnd(bytes, k);
    const key = nativeParse(bytes, k, keyEnd) as string;
    k = skipSpace(bytes, keyEnd);
    expect(bytes, k, COLON, "':'");
    const member = parseAt(bytes, skipSpace(bytes, k + 1), nativeBytes);
    define(object, key, member.value);
    k = skipSpace(bytes, member.end);
    if (bytes[k] === CLOSE_BRACE) return { value: object, end };
    expect(bytes, k, COMMA, "',' or '}'");
    k = skipSpace(bytes, k + 1);
  }
}

/** Parses JSON bytes of any size (what `JSON.parse` of their text gives). */
export function parseJsonBytes(bytes: Uint8Array, nativeBytes = NATIVE_BYTES): unknown {
  const start = skipSpace(bytes, 0);
  if (start >= bytes.length) throw new JsonReadError('Unexpected end of JSON input');
  const { value, end } = parseAt(bytes, start, nativeBytes);
  const rest = skipSpace(bytes, end);
  if (rest < bytes.length) throw new JsonReadError(`Unexpected non-whitespace character after JSON at byte ${rest}`);
  return value;
}

/** The bytes of a file (Buffers hold up to 4 GiB, far past the string limit). */
export function readFileBytes(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const read = readSync(fd, bytes, at, Math.min(size - at, 1 << 30), at);
      if (read === 0) break;
      at += read;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
