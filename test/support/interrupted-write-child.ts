/**
 * Child process of the "signal mid-write" test: streams a ~6 MB JSON value to `target`
 * with the async atomic writer (lowered in-memory limit, so it streams in 1 MiB chunks)
 * and sends itself `signal` from inside the value's serialization, after the temporary
 * file is open and before the first chunk is written: the kill lands mid-write every
 * time, no timing involved.
 *
 *   node --import tsx test/support/interrupted-write-child.ts <target> <SIGINT|SIGTERM>
 */
import { writeJsonFileAtomicAsync } from '../../src/util/atomic-write.js';

const [target, signal] = process.argv.slice(2) as [string, NodeJS.Signals];
const pad = 'x'.repeat(2000);
const items: unknown[] = Array.from({ length: 3000 }, (_, i) => ({ i, pad }));
items[100] = {
  toJSON() {
    process.kill(process.pid, signal);
    return { i: 100, pad };
  },
};
await writeJsonFileAtomicAsync(target, { items }, { indent: 0, inMemoryChars: 1000 });
process.stdout.write('FINISHED\n');
