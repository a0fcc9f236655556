/**
 * The `slackline` CLI from its TypeScript sources, for child processes that must load
 * test-only TypeScript modules (a fixture planner registry through `--planners-module`):
 *
 *   node --import tsx test/support/cli-from-sources.ts worker --queue ...
 *
 * `bin/slackline.js` runs the compiled `dist/` and cannot import `.ts` files; from here
 * the worker threads load their sources too (`util/worker-module.ts`).
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
