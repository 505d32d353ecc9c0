import { describe, expect, it } from 'vitest';
import { parseJoinRoomFrame, parseSignalFrame } from './signaling-frames.js';

describe('signaling frames', () => {
  it('keeps a relayed frame’s payload as sent and drops a client’s `from`', () => {
    const payload = { type: 'offer', sdp: 'v=0\r\na=x:1\r\n', extra: [1, { deep: null }] };
    const parsed = parseSignalFrame({ type: 'offer', room: 'r', to: 'p_b', id: 'o1', from: 'p_forged', payload });
    expect(parsed).toEqual({ ok: true, frame: { type: 'offer', room: 'r', to: 'p_b', id: 'o1', payload } });
    expect(parseSignalFrame({ type: 'ice-candidate', payload: null })).toEqual({ ok: true, frame: { type: 'ice-candidate', payload: null } });
  });

  it('refuses relayed frames with wrong fields, naming the field', () => {
    expect(parseSignalFrame({ type: 'offer', to: 5 })).toMatchObject({ ok: false, message: expect.stringContaining('at to') });
    expect(parseSignalFrame({ type: 'offer', id: 'x'.repeat(65) })).toMatchObject({ ok: false });
  });

  it('needs a join’s peerId and resumeKey together', () => {
    expect(parseJoinRoomFrame({ type: 'join-room', room: 'r', peerId: 'p_a' })).toMatchObject({ ok: false, message: expect.stringContaining('resumeKey') });
    expect(parseJoinRoomFrame({ type: 'join-room', room: 'r', peerId: 'p_a', resumeKey: 'k' })).toMatchObject({ ok: true });
    expect(parseJoinRoomFrame({ type: 'join-room', room: 'r', from: 'x' })).toMatchObject({ ok: false });
  });
});
