import { describe, expect, it } from 'vitest';
import { jsonResponse, TEXT_BODY, textResponse, type TextResponse } from './responses.js';

describe('textResponse', () => {
  it('is a Response that reads like one, and keeps its text for the Node binding', async () => {
    const response = textResponse('<Response/>', 200, { 'content-type': 'text/xml' });
    expect(response).toBeInstanceOf(Response);
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect((response as TextResponse)[TEXT_BODY]).toBe('<Response/>');
    expect(response.bodyUsed).toBe(false);
    expect(await response.clone().text()).toBe('<Response/>');
    expect(await response.text()).toBe('<Response/>');
    expect(response.bodyUsed).toBe(true);
  });

  it('streams its body to a reader and can be copied into a new Response', async () => {
    const response = jsonResponse({ a: 1 }, 201, { 'x-extra': 'y' });
    const copy = new Response(response.body, response);
    expect(copy.status).toBe(201);
    expect(copy.headers.get('x-extra')).toBe('y');
    expect(await copy.json()).toEqual({ a: 1 });
  });
});
