import { describe, expect, it } from 'vitest';
import { createManualClock } from './__tests__/manual-clock.js';
import { createHeartbeatWheel } from './heartbeat-wheel.js';

function wheelWithLog(periodMs = 25_000, slices = 25) {
  const clock = createManualClock();
  const beats: Array<{ at: number; members: string[] }> = [];
  const wheel = createHeartbeatWheel<string>(clock, periodMs, (group) => beats.push({ at: clock.now(), members: [...group] }), slices);
  return { clock, beats, wheel };
}

describe('createHeartbeatWheel', () => {
  it('beats every member once per period, a slice at a time, never all at once', () => {
    const { clock, beats, wheel } = wheelWithLog();
    const members = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    for (const member of members) wheel.add(member);
    clock.advance(25_000);
    expect(beats).toHaveLength(25);
    for (const beat of beats) expect(beat.members).toHaveLength(40);
    expect(beats.flatMap((beat) => beat.members).sort()).toEqual([...members].sort());
    // The next period beats the same groups again, one period later.
    clock.advance(25_000);
    expect(beats).toHaveLength(50);
    for (let i = 0; i < 25; i++) {
      expect(beats[i + 25]!.members).toEqual(beats[i]!.members);
      expect(beats[i + 25]!.at - beats[i]!.at).toBe(25_000);
    }
  });

  it('beats a member within one period of joining, and never after it left', () => {
    const { clock, beats, wheel } = wheelWithLog(1000, 10);
    wheel.add('early');
    clock.advance(350);
    wheel.add('late');
    wheel.add('gone');
    clock.advance(1000);
    const beatsOf = (member: string) => beats.filter((beat) => beat.members.includes(member)).map((beat) => beat.at);
    expect(beatsOf('late')).toHaveLength(1);
    expect(beatsOf('late')[0]! - beatsOf('early')[0]!).not.toBe(0);
    wheel.delete('gone');
    const before = beatsOf('gone').length;
    clock.advance(5000);
    expect(beatsOf('gone')).toHaveLength(before);
    expect(beatsOf('late').length).toBeGreaterThanOrEqual(6);
    expect(wheel.size).toBe(2);
  });

  it('fills the emptiest slice, so churn does not pile members into one slice', () => {
    const { clock, beats, wheel } = wheelWithLog(100, 4);
    for (let i = 0; i < 8; i++) wheel.add(`a${i}`);
    // Empty one slice entirely: its members all leave.
    clock.advance(25);
    const emptied = beats[0]!.members;
    for (const member of emptied) wheel.delete(member);
    wheel.add('n1');
    wheel.add('n2');
    beats.length = 0;
    clock.advance(100);
    expect(beats.map((beat) => beat.members.length).sort()).toEqual([2, 2, 2, 2]);
  });

  it('stops ticking when stopped', () => {
    const { clock, beats, wheel } = wheelWithLog(1000, 10);
    wheel.add('x');
    wheel.stop();
    clock.advance(10_000);
    expect(beats).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });
});
