import { z } from 'zod';
import type { RouteDefinition } from './route-context.js';
import { errorSchema } from './schemas/response-schemas.js';

type JsonObject = Record<string, unknown>;

/** Error answers every route may give, by the access it needs. */
const ERRORS_BY_ACCESS: Record<string, number[]> = {
  public: [],
  webhook: [400, 401, 403, 404, 413, 429],
  authenticated: [401, 429],
  metrics: [401, 403, 429],
  ingest: [400, 401, 403, 404, 409, 413, 415, 429],
  read: [400, 401, 403, 404, 429],
  admin: [400, 401, 403, 404, 409, 413, 415, 422, 429],
};

/**
 * The OpenAPI 3.1 document of a route table, generated from the same zod schemas that validate
 * requests (`z.toJSONSchema`, input side for requests, output side for responses). Schemas with
 * an id (`Call`, `Error`, ...) land once in `components.schemas`.
 */
export function buildOpenApi(routes: readonly RouteDefinition[], info: { version: string; serverUrl?: string | undefined }): JsonObject {
  const components: JsonObject = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
    delete json.$schema;
    const defs = json.$defs as JsonObject | undefined;
    delete json.$defs;
    if (defs) for (const [id, def] of Object.entries(defs)) components[id] = relink(def as JsonObject);
    return relink(json);
  };
  const errorRef = convert(errorSchema, 'output');
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: JsonObject[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.docs.query) {
      const query = convert(route.docs.query, 'input') as { properties?: JsonObject; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    const { response } = route.docs;
    const responses: JsonObject = {
      [String(response.status)]: {
        description: 'Success',
        ...(response.schema
          ? { content: { 'application/json': { schema: convert(response.schema, 'output') } } }
          : response.contentType
            ? { content: { [response.contentType]: { schema: { type: 'string' } } } }
            : {}),
      },
    };
    for (const status of [...(ERRORS_BY_ACCESS[route.access] ?? []), ...(route.docs.errors ?? [])]) {
      responses[String(status)] = { description: 'Error', content: { 'application/json': { schema: errorRef } } };
    }
    const operation: JsonObject = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
      summary: route.docs.summary,
      ...(route.docs.description ? { description: route.docs.description } : {}),
      ...(route.access === 'public' || route.access === 'webhook' ? { security: [] } : {}),
      'x-callboard-access': route.access,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.docs.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: convert(route.docs.body, 'input') } } } }
        : {}),
      responses,
    };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Callboard HTTP API',
      version: info.version,
      description: 'Webhooks, bot ingest, call reads and actions. Errors are `{ "error": { "code", "message", "details"? } }`.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: components },
    paths,
  };
}

function relink(schema: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject;
}
