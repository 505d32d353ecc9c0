import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BUILTIN_PAGE } from './builtin-page.js';

const CONTENT_TYPES: Record<string, string> = {
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
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves a directory at `/` (the built dashboard) with an SPA fallback: a path without a file
 * extension that matches no file gets `index.html`, so client-side routes load. Paths cannot
 * leave the directory, and dotfiles are not served. Without a directory, `/` answers a small
 * built-in page that links to the API.
 */
export function createStaticFallback(directory: string | undefined): (request: Request) => Promise<Response | undefined> {
  const root = directory === undefined ? undefined : path.resolve(directory);
  return async (request) => {
    const pathname = decodePath(new URL(request.url).pathname);
    if (pathname === undefined) return undefined;
    if (root === undefined) {
      return pathname === '/' ? new Response(BUILTIN_PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } }) : undefined;
    }
    const file = path.resolve(root, `.${pathname}`);
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep).some((part) => part.startsWith('.'))) return undefined;
    const found = (await fileAt(file)) ?? (await fileAt(path.join(file, 'index.html')));
    if (found) return fileResponse(found, request);
    if (path.extname(pathname) === '') {
      const index = await fileAt(path.join(root, 'index.html'));
      if (index) return fileResponse(index, request);
    }
    return undefined;
  };
}

function decodePath(pathname: string): string | undefined {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

async function fileAt(file: string): Promise<{ file: string; size: number } | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? { file, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function fileResponse(found: { file: string; size: number }, request: Request): Response {
  const extension = path.extname(found.file).toLowerCase();
  // Vite puts content-hashed files under assets/: they never change, so they cache for good.
  const immutable = found.file.includes(`${path.sep}assets${path.sep}`);
  const headers = {
    'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'content-length': String(found.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (request.method === 'HEAD') return new Response(null, { headers });
  return new Response(Readable.toWeb(createReadStream(found.file)) as ReadableStream<Uint8Array>, { headers });
}
