import { useEffect, useState } from 'react';
import type { Call, CallStatus } from '@callboard/core';
import { useActiveCalls } from '@callboard/react';
import { ElapsedTimer } from '../components/elapsed-timer.js';
import { StatusChip } from '../components/status-chip.js';
import { formatParty } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { api } from '../lib/session.js';

/** A call ringing for longer than this is highlighted as stuck. */
const STUCK_RINGING_MS = 30_000;

const ORDER: CallStatus[] = ['queued', 'initiated', 'ringing', 'in-progress'];

/** Every active call, live: status, direction, numbers, elapsed time and the last transcript line. */
export function LiveCallsPage({ isAdmin }: { isAdmin: boolean }) {
  const calls = useActiveCalls();
  const now = useNow(5000);
  const counts = new Map<CallStatus, number>();
  for (const call of calls) counts.set(call.status, (counts.get(call.status) ?? 0) + 1);

  return (
    <section>
      <header className="page-header">
        <h1>Live calls</h1>
        <div className="status-counts" data-testid="status-counts">
          {ORDER.map((status) => (
            <span key={status} className="count">
              <StatusChip status={status} /> {counts.get(status) ?? 0}
            </span>
          ))}
        </div>
      </header>
      {isAdmin ? <PlaceCallForm /> : null}
      {calls.length === 0 ? <p className="empty">No active calls right now.</p> : null}
      <ul className="live-grid" data-testid="live-calls">
        {calls.map((call) => (
          <LiveCallCard key={call.id} call={call} stuck={isStuck(call, now)} isAdmin={isAdmin} />
        ))}
      </ul>
    </section>
  );
}

function LiveCallCard({ call, stuck, isAdmin }: { call: Call; stuck: boolean; isAdmin: boolean }) {
  const last = call.transcript[call.transcript.length - 1];
  return (
    <li
      className={`live-card${stuck ? ' stuck' : ''}`}
      data-testid="live-call"
      data-call-id={call.id}
      data-provider-call-id={call.providerCallId}
      data-status={call.status}
    >
      <div className="live-card-top">
        <StatusChip status={call.status} />
        <span className={`direction direction-${call.direction}`}>{call.direction === 'inbound' ? '↙ inbound' : '↗ outbound'}</span>
        <ElapsedTimer since={call.startedAt ?? call.createdAt} />
      </div>
      <div className="parties">
        <span>{formatParty(call.from)}</span>
        <span className="arrow">→</span>
        <span>{formatParty(call.to)}</span>
      </div>
      <div className="meta">
        <span>{call.provider}</span>
        {call.language ? <span>{call.language}</span> : null}
        {stuck ? <span className="stuck-label">ringing too long</span> : null}
      </div>
      <p className="last-line" data-testid="last-line">
        {last ? (
          <>
            <strong>{last.role}:</strong> {last.text}
          </>
        ) : (
          <span className="muted">No transcript yet</span>
        )}
      </p>
      <div className="card-actions">
        <button type="button" className="link" onClick={() => navigate(`/calls/${encodeURIComponent(call.id)}`)}>
          Details
        </button>
        {isAdmin ? (
          <button type="button" className="danger" onClick={() => void api.terminateCall(call.id).catch(alertError)}>
            Terminate
          </button>
        ) : null}
      </div>
    </li>
  );
}

function PlaceCallForm() {
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<string>();
  return (
    <form
      className="place-call"
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(undefined);
        api.initiateCall({ to }).then(
          ({ callId }) => setMessage(`Placed ${callId}`),
          (error: Error) => setMessage(error.message),
        );
      }}
    >
      <label>
        Place a call to <input value={to} onChange={(event) => setTo(event.target.value)} placeholder="+15551234567" required pattern="\+?[0-9 ]{5,20}" />
      </label>
      <button type="submit">Call</button>
      {message ? <span className="muted">{message}</span> : null}
    </form>
  );
}

function isStuck(call: Call, now: number): boolean {
  if (call.status !== 'ringing') return false;
  return now - Date.parse(call.startedAt ?? call.createdAt) > STUCK_RINGING_MS;
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

function alertError(error: Error): void {
  window.alert(error.message);
}
