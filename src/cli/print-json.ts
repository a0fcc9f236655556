/**
 * Prints indented JSON on stdout, streamed (`util/json-stream.ts`): a report of 1,000,000
 * tasks never becomes one string. Output up to a chunk goes out in one `console.log`.
 */
import { streamJson } from '../util/json-stream.js';

const CHUNK_CHARS = 1 << 20;

export function printJson(value: unknown): void {
  let pieces: string[] = [];
  let size = 0;
  let streamed = false;
  streamJson(value, 2, (text) => {
    pieces.push(text);
    size += text.length;
    if (size >= CHUNK_CHARS) {
      process.stdout.write(pieces.join(''));
      pieces = [];
      size = 0;
      streamed = true;
    }
  });
  if (!streamed) console.log(pieces.join(''));
  else process.stdout.write(`${pieces.join('')}\n`);
}
