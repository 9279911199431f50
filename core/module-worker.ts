import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside the caller's module (`base`: its
 * `import.meta.url`). Compiled (dist/), the worker is the JavaScript file there; from the
 * TypeScript source, Node 20 does not apply the tsx loader to a .ts entry point, so a tiny
 * evaluated bootstrap registers it first and then imports the module.
 */
export function moduleWorker(base: string, name: string): Worker {
  const compiled = base.endsWith('.js');
  const href = JSON.stringify(new URL(`./${name}${compiled ? '.js' : '.ts'}`, base).href);
  const boot = compiled
    ? `import(${href})`
    : `import('tsx/esm/api').then((t) => { t.register(); return import(${href}); })`;
  return new Worker(boot, { eval: true });
}
