import { Piscina } from 'piscina';
import { tsxWorkerExecArgv } from '../src/bench/tsx-worker-exec-argv.js';
const pool = new Piscina({ filename: new URL('./w.ts', import.meta.url).href, minThreads: 2, maxThreads: 2, execArgv: tsxWorkerExecArgv(), resourceLimits: { maxOldGenerationSizeMb: 128 } });
pool.on('error', (e) => console.log('pool error', e));
async function go(kind: string, ms = 3000) {
  const c = new AbortController(); const t = setTimeout(() => c.abort(), ms);
  const t0 = Date.now();
  try { console.log(kind, 'ok', await pool.run({ kind }, { signal: c.signal }), Date.now() - t0); } catch (e) { console.log(kind, 'err', (e as Error).message, Date.now() - t0); } finally { clearTimeout(t); }
}
await go('ok'); await go('throw'); await go('hang', 1000); await go('ok'); await go('exit'); await go('ok'); await go('oom', 20000); await go('ok');
console.log('threads', pool.threads.length);
await pool.destroy();
