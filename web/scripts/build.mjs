// Bundles the browser client: src/app.ts → dist/app.js, plus the page and the config template.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(root, 'src/app.ts')],
  outfile: join(dist, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome110',
  sourcemap: true,
  logLevel: 'warning',
});
await copyFile(join(root, 'index.html'), join(dist, 'index.html'));
await copyFile(join(root, 'config.js'), join(dist, 'config.js'));
