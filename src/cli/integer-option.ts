/**
 * The one parser of integer flags every command uses: plain decimal digits (an optional
 * minus sign) and nothing else, within [min, max]. `Number(text)` would take '' as 0,
 * '0x10' as 16, '1e3' as 1000 and ' 5' as 5, so a typo would run with a value nobody
 * wrote. The message names the flag and the allowed range, the same for every command.
 */
import { SlacklineError } from '../errors.js';

const DECIMAL = /^-?\d+$/;

/** `text` as an integer in [min, max], or a SlacklineError of `module` naming `--name`. */
export function parseIntegerFlag(module: string, name: string, text: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new SlacklineError(module, `--${name} must be an integer ${range}, got "${text}"`);
  }
  return value;
}

/** `parseIntegerFlag` of a flag that may be absent (undefined then). */
export function optionalIntegerFlag(module: string, name: string, text: string | undefined, min: number, max?: number): number | undefined {
  return text === undefined ? undefined : parseIntegerFlag(module, name, text, min, max);
}

/** `parseIntegerFlag` as a commander option parser (`.option('--size <n>', '...', integerOption('cli/generate', 'size', 1))`). */
export function integerOption(module: string, name: string, min: number, max?: number): (text: string) => number {
  return (text) => parseIntegerFlag(module, name, text, min, max);
}
