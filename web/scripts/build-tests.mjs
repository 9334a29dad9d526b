// Bundles each test/*.test.ts into build/test/*.test.mjs for `node --test`. One esbuild call,
// no type checking here (`npm run typecheck` does that), so the test run stays fast.
import { build } from 'esbuild';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tests = (await readdir(join(root, 'test'))).filter((f) => f.endsWith('.test.ts'));
await rm(join(root, 'build/test'), { recursive: true, force: true });
await build({
  entryPoints: tests.map((f) => join(root, 'test', f)),
  outdir: join(root, 'build/test'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
