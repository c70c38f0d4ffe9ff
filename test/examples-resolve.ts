import { registerHooks } from 'node:module';

/**
 * `--import` this file to run examples/ as a user's project would, where `@docjobs/client` is an
 * installed package: here it resolves to the package's source (packages/client/src), so the
 * examples run against the code of this checkout without a build or an `npm install`.
 */
const client = new URL('../packages/client/src/index.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === '@docjobs/client') return { url: client, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
