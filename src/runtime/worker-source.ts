import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker(source, { eval })` needs to start a worker module. */
export interface WorkerSource {
  source: string | URL;
  eval: boolean;
}

/**
 * How to start the worker module `name` that sits next to the module at `base`: the compiled
 * `name.js` (dist/), or, when running from src/ (tsx, vitest), `name.ts` behind a small
 * bootstrap that registers tsx's loader in the worker first (`--import tsx` in a worker's
 * execArgv is not applied to its entry module). Undefined when neither exists.
 *
 * @example
 * const entry = workerSource(import.meta.url, 'normalize.worker');
 * if (entry) new Worker(entry.source, { eval: entry.eval });
 */
export function workerSource(base: string, name: string): WorkerSource | undefined {
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return { source: js, eval: false };
  const ts = new URL(`./${name}.ts`, base);
  if (!existsSync(fileURLToPath(ts))) return undefined;
  let tsxApi: string;
  try {
    // The ESM build of tsx's API (require.resolve would give the CommonJS one).
    const pkg = createRequire(base).resolve('tsx/package.json');
    const exportsMap = JSON.parse(readFileSync(pkg, 'utf8')).exports['./esm/api'].import.default as string;
    tsxApi = new URL(exportsMap, pathToFileURL(pkg)).href;
  } catch {
    return undefined;
  }
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); });`;
  return { source: bootstrap, eval: true };
}
