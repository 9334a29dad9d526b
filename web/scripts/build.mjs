// Bundles the browser client: src/app.ts → dist/app.js, plus the page, its style sheet and the config template.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
await mkdir(dist, { recursive: true });
// @xmpp/resolve imports node:dns for SRV lookups; its "browser" map misses the `.js` path it really imports.
// The client always gets an explicit WebSocket URL, so DNS is never used: an empty module stands in.
const noDns = {
  name: 'no-dns',
  setup(b) {
    b.onResolve({ filter: /^(node:)?dns$/ }, () => ({ path: 'dns', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export default {};' }));
  },
};
await build({
  entryPoints: [join(root, 'src/app.ts')],
  plugins: [noDns],
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
await copyFile(join(root, 'app.css'), join(dist, 'app.css'));
