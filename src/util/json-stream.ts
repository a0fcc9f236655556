/**
 * JSON written in chunks: the same bytes as `JSON.stringify(value, null, indent)`, without
 * ever holding the whole text (V8 strings stop at about 512 MB: one stringify of a
 * 100,000-task dataset with its runs throws `RangeError: Invalid string length`).
 *
 * Large containers (the top levels, and any array or object with many entries) are walked
 * here; everything below is serialized by `JSON.stringify` itself and re-indented (a JSON
 * text holds no raw newline outside its layout, since strings escape them), so the output
 * matches the native one byte for byte and most of the work stays native.
 * `test/json-stream.test.ts` compares both on random values. `util/atomic-write.ts` writes
 * files with it.
 */

/** Containers at depth below this, or with more entries than `WALK_ENTRIES`, are walked. */
const WALK_DEPTH = 4;
const WALK_ENTRIES = 256;

export type Sink = (text: string) => void;

/** Like JSON.stringify's SerializeJSONProperty: toJSON, then undefined for what JSON cannot hold. */
function prepared(holder: unknown, key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  void holder;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

function isWalkable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function* emit(value: unknown, depth: number, indent: string, gap: string): Generator<string, void, undefined> {
  const walk = isWalkable(value) && (depth < WALK_DEPTH || (Array.isArray(value) ? value.length : Object.keys(value).length) > WALK_ENTRIES);
  if (!walk) {
    const text = JSON.stringify(value, null, gap)!;
    yield gap === '' || indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = indent + gap;
  const open = gap === '' ? '' : `\n${inner}`;
  const separator = gap === '' ? ',' : `,\n${inner}`;
  const close = gap === '' ? '' : `\n${indent}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield `[${open}`;
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield separator;
      const item = prepared(value, String(i), value[i]);
      if (item === undefined) yield 'null';
      else yield* emit(item, depth + 1, inner, gap);
    }
    yield `${close}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = prepared(value, key, value[key]);
    if (item === undefined) continue;
    yield first ? `{${open}` : separator;
    first = false;
    yield `${JSON.stringify(key)}:${gap === '' ? '' : ' '}`;
    yield* emit(item, depth + 1, inner, gap);
  }
  yield first ? '{}' : `${close}}`;
}

/**
 * The pieces of `JSON.stringify(value, null, indent)`, one at a time: a writer can stop
 * between two (to await its disk, or once it has enough) without holding the rest.
 */
export function* jsonPieces(value: unknown, indent: number): Generator<string, void, undefined> {
  const top = prepared({ '': value }, '', value);
  if (top === undefined) throw new TypeError('slackline/json-stream: the value has no JSON form');
  yield* emit(top, 0, '', ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent)))));
}

/** Serializes `value` as `JSON.stringify(value, null, indent)` would, in pieces handed to `sink`. */
export function streamJson(value: unknown, indent: number, sink: Sink): void {
  for (const piece of jsonPieces(value, indent)) sink(piece);
}
