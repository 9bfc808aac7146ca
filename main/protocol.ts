// The renderer is served from app://tem/, a privileged custom scheme, never from file://. Every response carries
// the Content-Security-Policy; a request can only ever read a file under the renderer folder.
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tem';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const;

/**
 * Scripts and styles from the app only; no remote content at all (the API is reached over IPC, not fetch).
 * Inline styles are allowed because the grid sets element styles (cell widths, positions) at run time.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

const inside = (root: string, p: string) => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The file under `root` that an app:// URL names, or null when the URL is not ours or tries to leave the root:
 * `..` in any spelling (`%2e%2e`, `..%2f`, `..%5c`), backslashes, NUL, absolute or drive paths, and symbolic
 * links that point outside. A path that does not exist is returned as is (the handler answers 404).
 */
export function resolveAppPath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password || u.port) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(path) || /^\/*[A-Za-z]:/.test(path)) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const base = resolve(root);
  const file = resolve(base, ...(segments.length ? segments : ['index.html']));
  if (!inside(base, file)) return null;
  try {
    // A symbolic link inside the folder must not lead out of it.
    if (!inside(realpathSync(base), realpathSync(file))) return null;
  } catch {
    // Does not exist (yet): nothing to follow.
  }
  return file;
}

export interface ProtocolRequest {
  url: string;
  method?: string;
}

const headers = (type: string) => ({
  'Content-Type': type,
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
});

const text = (status: number, body: string) => new Response(body, { status, headers: headers('text/plain; charset=utf-8') });

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The handler for protocol.handle('app', ...): files under `root`, index.html for app routes without a file. */
export function createProtocolHandler(root: string): (req: ProtocolRequest) => Promise<Response> {
  return async (req) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed');
    let file = resolveAppPath(root, req.url);
    if (!file) return text(403, 'Forbidden');
    if (!isFile(file)) {
      // A client-side route (no file extension) gets the app; a missing asset is a 404.
      if (extname(file) !== '' && !file.endsWith(sep)) return text(404, 'Not found');
      file = resolve(root, 'index.html');
      if (!isFile(file)) return text(404, 'The renderer is not built (run npm run build)');
    }
    const body = method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: headers(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream') });
  };
}
