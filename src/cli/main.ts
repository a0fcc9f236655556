/**
 * The `slackline` command. Each sub-command lives in its own file under `commands/` and
 * exports `register(program)`; this file only lists them, adds the rules every command
 * shares (`cli-rules.ts`: a single-valued flag given twice is an error; `--out` into a
 * missing folder is an error unless `--mkdir`), `--version`, and turns errors into exit
 * codes: a `SlacklineError` (bad input, a Redis fault) prints its message and exits 1.
 * A reader that closes our stdout early (`slackline info x | head -1`) ends the command
 * quietly with exit 0.
 */
import { Command, CommanderError } from 'commander';
import { isSlacklineError } from '../errors.js';
import { packageInfo } from '../util/package-info.js';
import { applyCliRules } from './cli-rules.js';
import { commands } from './commands/index.js';
import { exitQuietlyWhenStdoutCloses } from './quiet-pipe.js';

export function buildProgram(): Command {
  const program = new Command('slackline')
    .description('Research workbench for planning serverless DAG executions')
    .version(packageInfo().version, '-V, --version', 'print the slackline version')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  applyCliRules(program);
  return program;
}

/** Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  exitQuietlyWhenStdoutCloses();
  const program = buildProgram();
  try {
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
