// @vitest-environment jsdom
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StrictMode, useRef } from 'react';
import { renderToString } from 'react-dom/server';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCallboardApi, createRealtimeClient, type CallEvent, type CallsFilter, type RealtimeClient } from '@callboard/core';
import { attachRealtime, createAuth, createCallboardHandler, createHub, createMemoryStore, type Hub } from '@callboard/server';
import { createNodeListener } from '@callboard/server/node';
import { CallboardProvider } from './callboard-provider.js';
import { useActiveCalls } from './use-active-calls.js';
import { useCall } from './use-call.js';
import { useCallEvent } from './use-call-event.js';
import { useConnectionState } from './use-connection-state.js';
import { useCallStats } from './use-call-stats.js';
import { useLiveTranscript } from './use-live-transcript.js';

let server: Server;
let hub: Hub;
let realtime: ReturnType<typeof attachRealtime>;
let upgrades = 0;
let url = '';
const clients: RealtimeClient[] = [];

beforeEach(async () => {
  hub = createHub({ store: createMemoryStore() });
  server = createServer(createNodeListener(createCallboardHandler({ hub })));
  server.on('upgrade', () => upgrades++);
  realtime = attachRealtime(server, { hub, auth: createAuth(), socketIo: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await realtime.ready;
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upgrades = 0;
});

afterEach(async () => {
  cleanup();
  for (const client of clients.splice(0)) client.close();
  await realtime.close({ graceMs: 50 });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await hub.close();
});

function newClient(): RealtimeClient {
  const client = createRealtimeClient({ url, WebSocket: WebSocket as never });
  clients.push(client);
  return client;
}

let counter = 0;
function statusEvent(callId: string, status: 'ringing' | 'in-progress' | 'completed', at = new Date(), metadata?: Record<string, string>): CallEvent {
  counter++;
  return {
    v: 1,
    type: 'call.status',
    key: `test:${callId}:${status}:${counter}`,
    provider: 'simulated',
    providerCallId: `sim-${callId}`,
    callId,
    occurredAt: at.toISOString(),
    receivedAt: at.toISOString(),
    status,
    direction: 'inbound',
    from: '+15550001111',
    to: '+15550002222',
    ...(metadata ? { metadata } : {}),
  };
}

function transcriptEvent(callId: string, id: string, text: string, isFinal: boolean): CallEvent {
  counter++;
  const at = new Date().toISOString();
  return {
    v: 1,
    type: 'call.transcript',
    key: `test:${callId}:t:${counter}`,
    provider: 'simulated',
    providerCallId: `sim-${callId}`,
    callId,
    occurredAt: at,
    receivedAt: at,
    segments: [{ id, role: 'caller', text, at, isFinal }],
  };
}

function ConnectionBadge() {
  return <span data-testid="state">{useConnectionState()}</span>;
}

function ActiveList({ filter, testId = 'active' }: { filter?: CallsFilter; testId?: string }) {
  const calls = useActiveCalls(filter);
  return (
    <ul data-testid={testId}>
      {calls.map((call) => (
        <li key={call.id} data-status={call.status}>
          {call.id}
        </li>
      ))}
    </ul>
  );
}

describe('CallboardProvider', () => {
  it('opens exactly one connection under StrictMode mount–unmount–mount', async () => {
    const client = newClient();
    const states: string[] = [];
    client.on('state', (state) => states.push(state));
    render(
      <StrictMode>
        <CallboardProvider client={client}>
          <ConnectionBadge />
        </CallboardProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('open'));
    // Give a second connection every chance to show up before counting.
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    expect(upgrades).toBe(1);
    // Not closed and reopened in between: one connection, kept.
    expect(states).toEqual(['connecting', 'open']);
  });

  it('opens no connection during server rendering and renders the empty snapshot', () => {
    const client = newClient();
    const html = renderToString(
      <CallboardProvider client={client}>
        <ConnectionBadge />
        <ActiveList />
      </CallboardProvider>,
    );
    expect(html).toContain('idle');
    expect(html).toContain('<ul data-testid="active"></ul>');
    expect(client.state).toBe('idle');
    expect(upgrades).toBe(0);
  });

  it('closes the connection after the last provider unmounts', async () => {
    const client = newClient();
    const view = render(
      <CallboardProvider client={client}>
        <ConnectionBadge />
      </CallboardProvider>,
    );
    await waitFor(() => expect(client.state).toBe('open'));
    view.unmount();
    await waitFor(() => expect(client.state).toBe('closed'));
  });
});

describe('hooks', () => {
  it('useActiveCalls lists active calls live and drops them when they end', async () => {
    const client = newClient();
    render(
      <CallboardProvider client={client}>
        <ActiveList />
      </CallboardProvider>,
    );
    await waitFor(() => expect(client.state).toBe('open'));
    await hub.ingest([statusEvent('call_a', 'ringing'), statusEvent('call_b', 'in-progress')]);
    await waitFor(() => expect(screen.getByTestId('active').children).toHaveLength(2));
    await hub.ingest([statusEvent('call_a', 'completed')]);
    await waitFor(() => expect(screen.getByTestId('active').children).toHaveLength(1));
    expect(screen.getByTestId('active').textContent).toBe('call_b');
  });

  it("useActiveCalls with a metadata filter lists only that tenant's calls", async () => {
    const client = newClient();
    render(
      <CallboardProvider client={client}>
        <ActiveList filter={{ metadata: { tenant: 'acme' } }} testId="acme" />
        <ActiveList testId="all" />
      </CallboardProvider>,
    );
    await waitFor(() => expect(client.state).toBe('open'));
    await hub.ingest([
      statusEvent('call_a', 'ringing', new Date(), { tenant: 'acme' }),
      statusEvent('call_b', 'ringing', new Date(), { tenant: 'zen' }),
      statusEvent('call_c', 'in-progress'),
    ]);
    await waitFor(() => expect(screen.getByTestId('all').children).toHaveLength(3));
    expect(screen.getByTestId('acme').textContent).toBe('call_a');
  });

  it('useCall re-renders a component only when its own call changes', async () => {
    await hub.ingest([statusEvent('call_x', 'ringing'), statusEvent('call_y', 'ringing')]);
    const renders = { x: 0, y: 0 };
    function One({ id, name }: { id: string; name: 'x' | 'y' }) {
      const call = useCall(id);
      renders[name]++;
      return <span data-testid={`call-${name}`}>{call?.status ?? 'none'}</span>;
    }
    const client = newClient();
    render(
      <CallboardProvider client={client}>
        <One id="call_x" name="x" />
        <One id="call_y" name="y" />
      </CallboardProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('call-x').textContent).toBe('ringing'));
    await waitFor(() => expect(screen.getByTestId('call-y').textContent).toBe('ringing'));
    const before = { ...renders };
    await hub.ingest([statusEvent('call_y', 'in-progress')]);
    await waitFor(() => expect(screen.getByTestId('call-y').textContent).toBe('in-progress'));
    expect(renders.y).toBeGreaterThan(before.y);
    expect(renders.x).toBe(before.x);
  });

  it('useLiveTranscript replaces a partial segment by its final one', async () => {
    await hub.ingest([statusEvent('call_t', 'in-progress')]);
    function Transcript() {
      const { segments, partial } = useLiveTranscript('call_t');
      return (
        <p data-testid="transcript" data-partial={partial ? 'yes' : 'no'}>
          {segments.map((s) => s.text).join('|')}
        </p>
      );
    }
    const client = newClient();
    render(
      <CallboardProvider client={client}>
        <Transcript />
      </CallboardProvider>,
    );
    await waitFor(() => expect(client.state).toBe('open'));
    await hub.ingest([transcriptEvent('call_t', 'seg-1', 'I need', false)]);
    await waitFor(() => expect(screen.getByTestId('transcript').dataset.partial).toBe('yes'));
    await hub.ingest([transcriptEvent('call_t', 'seg-1', 'I need a new token', true)]);
    await waitFor(() => expect(screen.getByTestId('transcript').textContent).toBe('I need a new token'));
    expect(screen.getByTestId('transcript').dataset.partial).toBe('no');
  });

  it('useCallEvent calls the latest handler once per event', async () => {
    const seen: string[] = [];
    function Listener({ tag }: { tag: string }) {
      const renders = useRef(0);
      renders.current++;
      useCallEvent('call.status', (event) => {
        if (event.type === 'call.status') seen.push(`${tag}:${event.status}`);
      });
      return null;
    }
    const client = newClient();
    const view = render(
      <CallboardProvider client={client}>
        <ActiveList />
        <Listener tag="first" />
      </CallboardProvider>,
    );
    await waitFor(() => expect(client.state).toBe('open'));
    await hub.ingest([statusEvent('call_e', 'ringing')]);
    await waitFor(() => expect(seen).toEqual(['first:ringing']));
    view.rerender(
      <CallboardProvider client={client}>
        <ActiveList />
        <Listener tag="second" />
      </CallboardProvider>,
    );
    await hub.ingest([statusEvent('call_e', 'in-progress')]);
    await waitFor(() => expect(seen).toEqual(['first:ringing', 'second:in-progress']));
  });

  it('useCallStats reads the server numbers and refreshes them when live events arrive', async () => {
    await hub.ingest([statusEvent('call_s1', 'ringing')]);
    function Stats() {
      const { data } = useCallStats({}, { throttleMs: 50, intervalMs: 0 });
      return <span data-testid="stats">{data ? `${data.total}/${data.active}` : 'loading'}</span>;
    }
    const client = newClient();
    const api = createCallboardApi({ url });
    render(
      <CallboardProvider client={client} api={api}>
        <ActiveList />
        <Stats />
      </CallboardProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('stats').textContent).toBe('1/1'));
    await waitFor(() => expect(client.state).toBe('open'));
    await hub.ingest([statusEvent('call_s2', 'ringing')]);
    await waitFor(() => expect(screen.getByTestId('stats').textContent).toBe('2/2'));
  });

  it('throws a clear error outside a provider', () => {
    const spy = console.error;
    console.error = () => undefined;
    try {
      expect(() => render(<ConnectionBadge />)).toThrow(/inside <CallboardProvider/);
    } finally {
      console.error = spy;
    }
  });
});
