/** Worker thread of the atomic-write contention test: writes one file many times, then says "done". */
import { parentPort, workerData } from 'node:worker_threads';
import { writeJsonAtomic } from '../../src/util/atomic-write.js';

const { target, id, writes } = workerData as { target: string; id: number; writes: number };
for (let i = 0; i < writes; i++) writeJsonAtomic(target, { id, i, pad: String(id).repeat(20_000) });
parentPort!.postMessage('done');
