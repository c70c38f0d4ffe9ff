/**
 * `node --import ./test/record-modules.ts …`: writes every module the process resolved (ES
 * imports and require() alike, one URL a line) to the file named by RECORD_MODULES_TO when it
 * exits. For test/cli-modules.test.ts, which checks what a CLI command loads.
 */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const target = process.env.RECORD_MODULES_TO;
if (target) {
  const seen = new Set<string>();
  registerHooks({
    resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      seen.add(resolved.url);
      return resolved;
    },
  });
  process.on('exit', () => writeFileSync(target, [...seen].join('\n')));
}
