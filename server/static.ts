// The built renderer (out/renderer) as static files: hashed assets cached for good, index.html for every page.
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { Handler } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>TEM desk</title>
<p>The renderer is not built yet. Run <code>npm run build</code> (or <code>npm run web</code>, which builds and serves), then reload.</p>`;

export function staticFiles(dir: string): Handler {
  const root = resolve(dir);
  return async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Method not allowed', 405);
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad path', 400);
    }
    const file = resolve(join(root, path));
    const inside = file === root || file.startsWith(root + sep);
    let target = inside ? file : '';
    if (!target || !(await stat(target).then((s) => s.isFile(), () => false))) {
      // Not a file: a page of the app (or a missing asset, which gets a plain 404).
      if (extname(path) && path !== '/index.html') return c.text('Not found', 404);
      target = join(root, 'index.html');
      if (!existsSync(target)) return c.html(NOT_BUILT, 503);
    }
    const body = await readFile(target);
    const immutable = target.includes(`${sep}assets${sep}`);
    return c.body(body, 200, {
      'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}
