import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { keepsOneFastShape } from '../__tests__/v8-shape.js';
import { statusEvent } from './__tests__/call-events.js';
import { createEventFrame, webSocketTextFrame } from './event-frame.js';

// ws ships its frame parser and builder without type declarations.
const { Receiver, Sender } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => Writable;
  Sender: { frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: true }): Buffer[] };
};

// What ws's receiver (the client side of a connection) makes of the bytes.
function receive(bytes: Buffer): Promise<{ text: string; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ text: data.toString(), isBinary }));
    receiver.on('error', reject);
    receiver.write(bytes);
  });
}

describe('webSocketTextFrame', () => {
  // Each payload length form of RFC 6455 §5.2 at its edges, with multi-byte characters.
  const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];

  it.each(lengths)('frames %i bytes as ws itself would, and ws reads it back', async (length) => {
    const text = 'é'.repeat(Math.floor(length / 2)) + 'x'.repeat(length % 2);
    expect(Buffer.byteLength(text)).toBe(length);
    const frame = webSocketTextFrame(text);
    const fromWs = Buffer.concat(Sender.frame(Buffer.from(text), { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true }));
    expect(frame.equals(fromWs)).toBe(true);
    await expect(receive(frame)).resolves.toEqual({ text, isBinary: false });
  });
});

describe('createEventFrame', () => {
  // Frames over 125 bytes have a 4-byte header.
  it('gives every frame the same hidden class, encoded or not', () => {
    const frame = createEventFrame(1, statusEvent(1, 'ringing', 1_700_000_000_000), undefined);
    expect(frame.webSocketFrame.subarray(4).toString()).toBe(frame.json);
    expect(frame.socketIoWsOptions.wsPreEncodedFrame[0]!.subarray(4).toString()).toBe(`4${frame.socketIoPacket}`);
    const event = statusEvent(2, 'ringing', 1_700_000_000_000);
    expect(
      keepsOneFastShape((n) => {
        const made = createEventFrame(n, event, undefined);
        if (n % 2 === 0) void made.webSocketFrame;
        return made;
      }),
    ).toBe(true);
  });

  it('leaves the provider payload out of the JSON', () => {
    const frame = createEventFrame(7, statusEvent(1, 'ringing', 0, { raw: { secret: 'x' } }), undefined);
    expect(JSON.parse(frame.json)).toMatchObject({ type: 'event', seq: 7, call: null });
    expect(frame.json).not.toContain('secret');
  });
});
