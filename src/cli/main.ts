/**
 * The `slackline` command. Each sub-command lives in its own file under `commands/` and
 * exports `register(program)`; this file only lists them and turns errors into exit codes:
 * a `SlacklineError` (bad input) prints its message and exits 1.
 */
import { Command, CommanderError } from 'commander';
import { isSlacklineError } from '../errors.js';
import { commands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('slackline')
    .description('Research workbench for planning serverless DAG executions')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI on `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
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
