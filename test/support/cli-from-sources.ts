/**
 * The CLI from its TypeScript sources in a child process (`node --import tsx
 * test/support/cli-from-sources.ts <args>`), for tests of what only a real process shows
 * and where the compiled `bin/` would hide it: e.g. a stdout closed while the process
 * still runs (the tsx loader keeps it alive past the last write, as a long command does).
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
