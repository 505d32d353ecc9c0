import { httpError } from './http-error.js';
import type { RouteDefinition } from './route-context.js';

interface CompiledRoute {
  route: RouteDefinition;
  /** Fixed segments as strings, parameters as `{ name }`. */
  segments: Array<string | { name: string }>;
  /** How many segments are fixed (more wins). */
  fixed: number;
}

/** The outcome of matching a request against the table. */
export type RouteMatch =
  | { kind: 'route'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/** Matches method + path against a route table. */
export interface RouteMatcher {
  match(method: string, path: string): RouteMatch;
  /** Whether any route has this path (whatever the method). */
  owns(path: string): boolean;
}

/**
 * Compiles a route table. Matching splits the path once and compares segments; among the
 * patterns that fit, the one with more fixed segments wins, so the table's order does not
 * matter. Parameters are percent-decoded (a malformed escape is a 400).
 */
export function createRouteMatcher(routes: readonly RouteDefinition[]): RouteMatcher {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const segments = route.path
        .split('/')
        .slice(1)
        .map((segment) => (segment.startsWith(':') ? { name: segment.slice(1) } : segment));
      return { route, segments, fixed: segments.filter((segment) => typeof segment === 'string').length };
    })
    .sort((a, b) => b.fixed - a.fixed);

  function candidates(path: string): Array<{ entry: CompiledRoute; params: Record<string, string> }> {
    const parts = path.split('/').slice(1);
    const found: Array<{ entry: CompiledRoute; params: Record<string, string> }> = [];
    for (const entry of compiled) {
      if (entry.segments.length !== parts.length) continue;
      let params: Record<string, string> | undefined = {};
      for (let i = 0; i < parts.length; i++) {
        const segment = entry.segments[i]!;
        const part = parts[i]!;
        if (typeof segment === 'string') {
          if (segment !== part) {
            params = undefined;
            break;
          }
        } else {
          if (part === '') {
            params = undefined;
            break;
          }
          params[segment.name] = part;
        }
      }
      if (params !== undefined) found.push({ entry, params });
    }
    return found;
  }

  return {
    match(method, path) {
      const found = candidates(path);
      if (found.length === 0) return { kind: 'none' };
      const wanted = method === 'HEAD' ? 'GET' : method;
      const hit = found.find(({ entry }) => entry.route.method === wanted);
      if (hit === undefined) {
        const allowed = [...new Set(found.map(({ entry }) => entry.route.method))];
        return { kind: 'method', allowed: allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed };
      }
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(hit.params)) {
        try {
          params[name] = decodeURIComponent(value);
        } catch {
          throw httpError('BAD_REQUEST', `The path segment for ${name} is not valid percent-encoding`);
        }
      }
      return { kind: 'route', route: hit.entry.route, params };
    },
    owns(path) {
      return candidates(path).length > 0;
    },
  };
}
