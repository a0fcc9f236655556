/**
 * The split JSON parse equals JSON.parse: random JSON texts (nested, whitespace, escapes,
 * unicode, duplicate keys, a "__proto__" key) parsed with the native limit set to a few
 * bytes, so every container is walked; broken texts are rejected as JSON.parse rejects them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../src/util/json-read.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseJsonBytes', () => {
  it('gives what JSON.parse gives, with every container walked', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), fc.integer({ min: 0, max: 40 }), (text, limit) => {
        const spaced = limit % 2 === 0 ? text : JSON.stringify(JSON.parse(text), null, '\t ');
        expect(parseJsonBytes(encode(spaced), limit)).toEqual(JSON.parse(spaced));
      }),
      { numRuns: 400, seed: 9 },
    );
  });

  it('keeps duplicate keys last-wins and __proto__ as a plain key', () => {
    const text = '{"a":1,"a":[2,3],"__proto__":{"x":1},"s":"q\\"}","é":"中"}';
    const parsed = parseJsonBytes(encode(text), 0) as Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(Object.keys(JSON.parse(text) as object));
  });

  it('rejects what JSON.parse rejects', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '{"a":1}}', '[1 2]', '"abc', 'nul', '{"a":1,}', '[1]x']) {
      expect(() => JSON.parse(bad), bad).toThrow();
      expect(() => parseJsonBytes(encode(bad), 0), bad).toThrow(SyntaxError);
    }
  });
});
