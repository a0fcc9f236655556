/**
 * The `slackline` command. Each sub-command lives in its own file under `commands/` and
 * exports `register(program)`; `commands/index.ts` lists them. Only the command named on
 * the command line is loaded (with its dependencies); without one (`--help`, an unknown
 * word) every command is listed by its one-line summary. The rules every command shares
 * are added to the command tree (`cli-rules.ts`: a single-valued flag given twice is an
 * error; `--out` into a missing folder is an error unless `--mkdir`), and `--version`.
 * Errors become exit codes: a `SlacklineError` (bad input, a Redis fault) prints its
 * message and exits 1. A reader that closes our stdout early (`slackline info x | head -1`)
 * ends the command quietly with exit 0.
 */
import { Command, CommanderError } from 'commander';
import { isSlacklineError } from '../errors.js';
import { redisFault, redisFaultKind } from '../metrics/redis/connect.js';
import { packageInfo } from '../util/package-info.js';
import { applyCliRules } from './cli-rules.js';
import { commands, type CommandEntry } from './commands/index.js';
import { exitQuietlyWhenStdoutCloses } from './quiet-pipe.js';

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
    .version(packageInfo().version, '-V, --version', 'print the slackline version')
    .showHelpAfterError()
    .exitOverride();
  const wanted = commandOf(argv);
  if (wanted !== undefined) {
    for (const register of await wanted.load()) register(program);
  } else {
    for (const entry of commands) program.command(entry.name).description(entry.summary);
  }
  applyCliRules(program);
  return program;
}

/** Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyWhenStdoutCloses();
  // The code of this run only (tests call main() again in one process; a failure sets it before its message).
  process.exitCode = undefined;
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    // The code is set before the message is written: a closed stderr ends the process with it (`quiet-pipe.ts`).
    if (isSlacklineError(error)) {
      process.exitCode = 1;
      console.error(error.message);
      return 1;
    }
    // A Redis failure that escaped its command's own handling: still one line, no ioredis stack.
    if (redisFaultKind(error) !== 'other') {
      process.exitCode = 1;
      console.error(redisFault('(the Redis URL in use)', error).message);
      return 1;
    }
    process.exitCode = 2;
    console.error(error);
    return 2;
  }
}
