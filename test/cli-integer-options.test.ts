/**
 * Integer flags are strict decimal integers, one parser for every command
 * (`src/cli/integer-option.ts`): '' is not 0, '0x10' not 16, '1e3' not 1000, ' 5' not 5,
 * and one message names the flag and the allowed range (`generate --size` said "expected
 * an integer >= 0" and then refused 0 with another message).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIntegerFlag } from '../src/cli/integer-option.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('integer-options');

describe('parseIntegerFlag', () => {
  it('takes decimal integers within the range, and nothing else', () => {
    expect(parseIntegerFlag('cli', 'n', '0', 0)).toBe(0);
    expect(parseIntegerFlag('cli', 'n', '42', 1)).toBe(42);
    expect(parseIntegerFlag('cli', 'n', '-3', -5, 5)).toBe(-3);
    for (const text of ['', ' ', '0x10', '1e3', ' 5', '5 ', '+5', '2.0', '2.5', 'abc', '9007199254740993']) {
      expect(() => parseIntegerFlag('cli', 'n', text, 0), text).toThrow(`--n must be an integer >= 0, got "${text}"`);
    }
    expect(() => parseIntegerFlag('cli/worker', 'threads', '99', 1, 16)).toThrow('slackline/cli/worker: --threads must be an integer from 1 to 16, got "99"');
  });
});

describe('through the CLI', () => {
  const out = join(dir, 'g.json');

  it('generate --size: 0, empty, hex, exponent and padded values are refused with one message; nothing is written', async () => {
    for (const text of ['0', '', '0x10', '1e3', ' 5', '-1']) {
      const run = await cli('generate', 'chain', '--size', text, '--out', out);
      expect(run.code, text).toBe(1);
      expect(run.err).toBe(`slackline/cli/generate: --size must be an integer >= 1, got "${text}"`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('generate --seed and --runs name their own range', async () => {
    expect((await cli('generate', 'chain', '--seed', '1e3', '--out', out)).err).toBe('slackline/cli/generate: --seed must be an integer >= 0, got "1e3"');
    expect((await cli('generate', 'chain', '--runs', '0x2', '--out', out)).err).toBe('slackline/cli/generate: --runs must be an integer >= 1, got "0x2"');
    expect(existsSync(out)).toBe(false);
  });

  it('a good --size still generates', async () => {
    const run = await cli('generate', 'chain', '--size', '5', '--out', out);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('5 tasks');
  });

  it('other commands use the same strict parser (plan --seed)', async () => {
    const plan = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--seed', '0x1');
    expect(plan.code).toBe(1);
    expect(plan.err).toContain('--seed must be an integer >= 0, got "0x1"');
    const plan2 = await cli('plan', '--dataset', 'chain-10', '--algorithm', 'uniform', '--seed', '');
    expect(plan2.err).toContain('--seed must be an integer >= 0, got ""');
  });

  it('an empty --out is refused naming the option, for any command with --out', async () => {
    const run = await cli('generate', 'chain', '--out', '');
    expect(run.code).toBe(1);
    expect(run.err).toBe('slackline/cli/generate: --out must name a file, got an empty path');
  });
});
