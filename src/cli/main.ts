/**
 * The `slackline` command. Each sub-command lives in its own file under `commands/` and
 * exports `register(program)`; `commands/index.ts` lists them. Only the command named on
 * the command line is loaded (with its dependencies); without one (`--help`, an unknown
 * word) every command is listed by its one-line summary. Errors become exit codes: a
 * `SlacklineError` (bad input) prints its message and exits 1.
 */
import { Command, CommanderError } from 'commander';
import { isSlacklineError } from '../errors.js';
import { commands, type CommandEntry } from './commands/index.js';

/** The command `argv` runs (`slackline plan ...`, `slackline help plan`), if it names one. */
export function commandOf(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return commands.find((c) => c.name === name);
}

/** The program for `argv`: the named command fully registered, or every command listed. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('slackline')
    .description('Research workbench for planning serverless DAG executions')
    .showHelpAfterError()
    .exitOverride();
  const wanted = commandOf(argv);
  if (wanted !== undefined) {
    for (const register of await wanted.load()) register(program);
  } else {
    for (const entry of commands) program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isSlacklineError(error)) {
      console.error(error.message);
      return 1;
    }
    console.error(error);
    return 2;
  }
}
