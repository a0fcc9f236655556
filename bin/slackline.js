#!/usr/bin/env node
// Entry point of the `slackline` command: runs the compiled CLI in dist/ (`npm run build`,
// which `npm ci` runs through `prepare`); no TypeScript compiler at run time.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
