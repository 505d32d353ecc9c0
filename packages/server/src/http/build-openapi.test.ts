import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './build-openapi.js';
import { ROUTES } from './route-table.js';

const doc = buildOpenApi(ROUTES, { version: '1.2.3', serverUrl: 'https://calls.example.com' }) as any;

describe('buildOpenApi', () => {
  it('describes every route with its access and success answer', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://calls.example.com' }]);
    expect(doc.paths['/api/calls/{id}'].get['x-callboard-access']).toBe('read');
    expect(doc.paths['/api/calls/{id}'].delete.responses['204']).toBeDefined();
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(Object.keys(doc.paths['/health'].get.responses)).toEqual(['200', '503']);
  });

  it('takes request bodies and query parameters from the validating schemas', () => {
    const body = doc.paths['/api/calls'].post.requestBody.content['application/json'].schema;
    expect(body.required).toContain('callId');
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['callId', 'type', 'caller', 'receiver', 'startTime', 'status', 'language', 'metadata']),
    );
    const names = doc.paths['/api/calls'].get.parameters.map((parameter: any) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['status', 'direction', 'provider', 'from', 'to', 'q', 'sort', 'limit', 'cursor']));
  });

  it('keeps shared schemas in components and leaves no dangling $defs reference', () => {
    expect(doc.components.schemas.Call.properties.status.enum).toContain('in-progress');
    expect(doc.components.schemas.Error).toBeDefined();
    const text = JSON.stringify(doc);
    expect(text).not.toContain('#/$defs/');
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[ref!]).toBeDefined();
  });
});
