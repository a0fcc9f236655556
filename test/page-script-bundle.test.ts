/**
 * The report's page script: the compiled CLI reads the bundle `npm run build` wrote
 * (`dist/src/html-report/page-script.js`) instead of starting esbuild per report; that
 * bundle is exactly what esbuild makes of the current browser sources (a stale build would
 * differ), and the compiled `pageScript()` serves it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePageScript, pageScript } from '../src/html-report/bundle-page-script.js';

const compiledModule = fileURLToPath(new URL('../dist/src/html-report/bundle-page-script.js', import.meta.url));
const prebuilt = fileURLToPath(new URL('../dist/src/html-report/page-script.js', import.meta.url));

describe('page script bundle', () => {
  it('the build left the bundle of the current sources, and the compiled report reads it', async () => {
    expect(existsSync(prebuilt), `${prebuilt} is missing: npm test runs npm run build first`).toBe(true);
    const fresh = bundlePageScript();
    expect(readFileSync(prebuilt, 'utf8')).toBe(fresh);
    const compiled = (await import(compiledModule)) as { pageScript: () => string; PREBUILT_PAGE_SCRIPT: string };
    expect(compiled.PREBUILT_PAGE_SCRIPT).toBe(prebuilt);
    expect(compiled.pageScript()).toBe(fresh);
    // From sources it bundles the sources itself (same text).
    expect(pageScript()).toBe(fresh);
    expect(fresh).toContain('report-data');
  });
});
