/**
 * The CLI from its TypeScript sources in a child process (`node --import tsx
 * test/support/cli-from-sources.ts <args>`), for tests of what only a real process shows
 * and where the compiled `bin/` would hide it or could not run it: e.g. a stdout closed
 * while the process still runs (the tsx loader keeps it alive past the last write, as a
 * long command does), or a queue worker that loads a TypeScript fixture planner registry
 * (`--planners-module`; its worker threads then load their sources too).
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
