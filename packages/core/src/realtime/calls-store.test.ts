import { describe, expect, it } from 'vitest';
import type { Call } from '../model/index.js';
import { createCallsStore } from './calls-store.js';
import { createCallListSelector } from './create-call-list-selector.js';

function call(id: string, patch: Partial<Call> = {}): Call {
  return {
    id,
    provider: 'bot',
    providerCallId: id,
    direction: 'inbound',
    from: '+1',
    to: '+2',
    status: 'ringing',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    transcript: [],
    metadata: {},
    version: 1,
    ...patch,
  };
}

describe('createCallsStore', () => {
  function seeded() {
    const store = createCallsStore();
    store.update((draft) => {
      draft.setFeed('feed', ['a', 'b'], 50);
      draft.putCall(call('a', { createdAt: '2025-01-01T00:00:01.000Z' }));
      draft.putCall(call('b', { createdAt: '2025-01-01T00:00:02.000Z' }));
    });
    return store;
  }

  it('orders feeds and active calls newest first', () => {
    const snapshot = seeded().getSnapshot();
    expect(snapshot.feeds.feed).toEqual(['b', 'a']);
    expect(snapshot.active).toEqual(['b', 'a']);
  });

  it('keeps untouched parts of the snapshot identical when one call changes', () => {
    const store = seeded();
    const before = store.getSnapshot();
    store.update((draft) => draft.putCall(call('a', { createdAt: '2025-01-01T00:00:01.000Z', status: 'in-progress', version: 2 })));
    const after = store.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.calls.get('a')).not.toBe(before.calls.get('a'));
    expect(after.calls.get('b')).toBe(before.calls.get('b'));
    expect(after.feeds).toBe(before.feeds);
    expect(after.active).toBe(before.active);
    expect(after.subscriptions).toBe(before.subscriptions);
    expect(after.connection).toBe(before.connection);
  });

  it('publishes nothing when an update changes nothing', () => {
    const store = seeded();
    let notified = 0;
    store.subscribe(() => notified++);
    const before = store.getSnapshot();
    store.update((draft) => {
      draft.putCall(call('a', { version: 1, status: 'failed' })); // same version: the held copy stays
      draft.putCall(call('b', { version: 0 })); // older
      draft.addToFeed('feed', 'a');
      draft.setConnection('idle', undefined);
    });
    expect(store.getSnapshot()).toBe(before);
    expect(notified).toBe(0);
  });

  it('replaces a newer copy only when asked to (log reset)', () => {
    const store = seeded();
    store.update((draft) => draft.putCall(call('a', { version: 0, status: 'queued' }), { replace: true }));
    expect(store.getSnapshot().calls.get('a')?.status).toBe('queued');
  });

  it('keeps the newest finished calls up to the feed bound and lets go of calls nothing holds', () => {
    const store = createCallsStore();
    store.update((draft) => {
      draft.setFeed('feed', ['a', 'b', 'c', 'live'], 2);
      draft.putCall(call('a', { status: 'completed', createdAt: '2025-01-01T00:00:01.000Z' }));
      draft.putCall(call('b', { status: 'completed', createdAt: '2025-01-01T00:00:02.000Z' }));
      draft.putCall(call('c', { status: 'failed', createdAt: '2025-01-01T00:00:03.000Z' }));
      draft.putCall(call('live', { status: 'in-progress', createdAt: '2025-01-01T00:00:00.000Z' }));
      draft.pinCall('follow-a', 'a');
    });
    const snapshot = store.getSnapshot();
    expect(snapshot.feeds.feed).toEqual(['c', 'b', 'live']);
    expect([...snapshot.calls.keys()].sort()).toEqual(['a', 'b', 'c', 'live']); // a stays: pinned
    store.update((draft) => draft.pinCall('follow-a', undefined));
    expect(store.getSnapshot().calls.get('a')).toBeUndefined();
  });

  it('removes a deleted call from every feed', () => {
    const store = seeded();
    store.update((draft) => draft.removeCall('a'));
    expect(store.getSnapshot().feeds.feed).toEqual(['b']);
    expect(store.getSnapshot().calls.get('a')).toBeUndefined();
  });

  it('serves a constant empty snapshot for server rendering', () => {
    const store = seeded();
    expect(store.getServerSnapshot()).toBe(createCallsStore().getServerSnapshot());
    expect(store.getServerSnapshot().calls.size).toBe(0);
  });

  it('gives list selectors a stable array until one of their calls changes', () => {
    const store = createCallsStore();
    store.update((draft) => {
      draft.setFeed('one', ['a']);
      draft.setFeed('two', ['b']);
      draft.putCall(call('a'));
      draft.putCall(call('b'));
    });
    const selectOne = createCallListSelector((s) => s.feeds.one);
    const first = selectOne(store.getSnapshot());
    store.update((draft) => draft.putCall(call('b', { status: 'in-progress', version: 2 })));
    expect(selectOne(store.getSnapshot())).toBe(first);
    store.update((draft) => draft.putCall(call('a', { status: 'in-progress', version: 2 })));
    const changed = selectOne(store.getSnapshot());
    expect(changed).not.toBe(first);
    expect(changed.map((c) => c.status)).toEqual(['in-progress']);
  });
});
