/**
 * Rules every sub-command gets, applied to the whole command tree after registration, so a
 * flag another engineer adds tomorrow follows them too (driven by commander's own option
 * list, not by a list of today's flags):
 * - a single-valued option given twice is an error (commander would silently keep the
 *   last); options that collect values into a list (`--param a=1 --param b=2`) are
 *   repeatable by design and pass;
 * - a command with `--out <file>` gets `--mkdir`: a missing folder of the file is an
 *   error (a typo would otherwise create folders anywhere, even under /) unless `--mkdir`;
 *   an empty `--out` is an error.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SlacklineError } from '../errors.js';

function walk(command: Command, visit: (command: Command) => void): void {
  const stack = [command];
  while (stack.length > 0) {
    const next = stack.pop()!;
    visit(next);
    stack.push(...next.commands);
  }
}

export function applyCliRules(program: Command): void {
  const counts = new Map<Command, Map<string, number>>();
  walk(program, (command) => {
    const seen = new Map<string, number>();
    counts.set(command, seen);
    for (const option of command.options) {
      const name = option.name();
      command.on(`option:${name}`, () => seen.set(name, (seen.get(name) ?? 0) + 1));
    }
    if (command.options.some((o) => o.long === '--out') && !command.options.some((o) => o.long === '--mkdir')) {
      command.addOption(new Option('--mkdir', 'create the folder of --out when it does not exist'));
    }
  });

  program.hook('preAction', (_program, action) => {
    for (let command: Command | null = action; command !== null; command = command.parent) {
      const seen = counts.get(command);
      if (seen === undefined) continue;
      for (const option of command.options) {
        const times = seen.get(option.name()) ?? 0;
        if (times < 2) continue;
        const value: unknown = command.getOptionValue(option.attributeName());
        if (Array.isArray(value)) continue; // a collecting option: repeatable
        throw new SlacklineError(`cli/${commandPath(command)}`, `${option.long ?? option.flags} is given ${times} times; give it once`);
      }
    }
    const opts = action.opts<{ out?: unknown; mkdir?: boolean }>();
    if (typeof opts.out === 'string') checkOutFolder(action, opts.out, opts.mkdir === true);
  });
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null && c.parent !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ') || command.name();
}

function checkOutFolder(command: Command, out: string, mkdir: boolean): void {
  const module = `cli/${commandPath(command)}`;
  // '' resolves to the current folder: the write would fail late, renaming onto a folder.
  if (out.trim() === '') throw new SlacklineError(module, '--out must name a file, got an empty path');
  const folder = dirname(resolve(out));
  if (!existsSync(folder)) {
    if (!mkdir) throw new SlacklineError(module, `--out ${out}: the folder ${folder} does not exist; create it first or pass --mkdir`);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new SlacklineError(module, `--out ${out}: cannot create the folder ${folder}: ${(error as Error).message}`);
    }
    return;
  }
  if (!statSync(folder).isDirectory()) throw new SlacklineError(module, `--out ${out}: ${folder} is not a folder`);
}
