import { useEffect, useState } from 'react';
import { isTerminalStatus, type Call, type StoredCallEvent } from '@callboard/core';
import { useCall, useLiveTranscript } from '@callboard/react';
import { StatusChip } from '../components/status-chip.js';
import { formatCost, formatDateTime, formatDuration, formatParty, formatTime } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { api } from '../lib/session.js';

/** One call: header, status timeline, live transcript, recording and the raw provider events. */
export function CallDetailPage({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const live = useCall(id);
  const [loaded, setLoaded] = useState<{ call: Call; events: StoredCallEvent[] }>();
  const [error, setError] = useState<string>();
  const version = live?.version ?? 0;

  useEffect(() => {
    const controller = new AbortController();
    api.getCallWithEvents(id, { signal: controller.signal }).then(setLoaded, (e: Error) => {
      if (!controller.signal.aborted) setError(e.message);
    });
    return () => controller.abort();
  }, [id, version]);

  const call = live && (!loaded || live.version >= loaded.call.version) ? live : loaded?.call;
  if (error && !call) return <p className="error">{error}</p>;
  if (!call) return <p className="muted">Loading…</p>;

  const statusEvents = (loaded?.events ?? [])
    .filter((stored) => stored.event.type === 'call.status')
    .sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt));

  return (
    <section data-testid="call-detail" data-call-id={call.id} data-status={call.status}>
      <header className="page-header">
        <h1>
          {formatParty(call.from)} → {formatParty(call.to)}
        </h1>
        <StatusChip status={call.status} />
      </header>
      <dl className="facts">
        <div><dt>Call id</dt><dd>{call.id}</dd></div>
        <div><dt>Provider</dt><dd>{call.provider} · {call.providerCallId}</dd></div>
        <div><dt>Direction</dt><dd>{call.direction}</dd></div>
        <div><dt>Started</dt><dd>{formatDateTime(call.startedAt ?? call.createdAt)}</dd></div>
        <div><dt>Answered</dt><dd>{formatDateTime(call.answeredAt)}</dd></div>
        <div><dt>Ended</dt><dd>{formatDateTime(call.endedAt)}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(call.durationSec)}</dd></div>
        <div><dt>Hangup</dt><dd>{call.hangupCause ?? '—'}{call.hangupSource ? ` (${call.hangupSource})` : ''}{call.sipCode ? ` · SIP ${call.sipCode}` : ''}</dd></div>
        <div><dt>Answered by</dt><dd>{call.answeredBy ?? '—'}</dd></div>
        <div><dt>Language</dt><dd>{call.language ?? '—'}</dd></div>
        <div><dt>Cost</dt><dd>{formatCost(call)}</dd></div>
      </dl>
      {isAdmin ? (
        <div className="card-actions">
          {!isTerminalStatus(call.status) ? (
            <button type="button" className="danger" onClick={() => void api.terminateCall(call.id).catch((e: Error) => setError(e.message))}>
              Terminate
            </button>
          ) : null}
          <button
            type="button"
            className="danger secondary"
            onClick={() => {
              if (window.confirm('Delete this call and its events?')) void api.deleteCall(call.id).then(() => navigate('/calls'), (e: Error) => setError(e.message));
            }}
          >
            Delete
          </button>
        </div>
      ) : null}
      <div className="detail-columns">
        <div>
          <h2>Status timeline</h2>
          <ol className="timeline" data-testid="timeline">
            {statusEvents.map((stored) => (
              <li key={stored.seq}>
                <time>{formatTime(stored.event.occurredAt)}</time> {stored.event.type === 'call.status' ? <StatusChip status={stored.event.status} /> : null}
              </li>
            ))}
          </ol>
          {call.recordingUrl ? (
            <>
              <h2>Recording</h2>
              <audio controls src={call.recordingUrl} data-testid="recording" />
            </>
          ) : null}
        </div>
        <div>
          <h2>Transcript</h2>
          <Transcript id={call.id} startedAt={call.startedAt ?? call.createdAt} />
        </div>
      </div>
      <h2>Raw provider events</h2>
      <ul className="raw-events" data-testid="raw-events">
        {(loaded?.events ?? []).map((stored) => (
          <li key={stored.seq}>
            <details>
              <summary>
                #{stored.seq} · {stored.event.type} · {formatTime(stored.event.occurredAt)}
              </summary>
              <pre>{JSON.stringify(stored.event.raw ?? stored.event, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Transcript({ id, startedAt }: { id: string; startedAt: string }) {
  const { segments } = useLiveTranscript(id);
  if (segments.length === 0) return <p className="muted">No transcript.</p>;
  return (
    <ol className="transcript" data-testid="transcript">
      {segments.map((segment) => (
        <li key={segment.id} className={`turn turn-${segment.role}${segment.isFinal ? '' : ' partial'}`}>
          <span className="turn-time">+{formatDuration((Date.parse(segment.at) - Date.parse(startedAt)) / 1000)}</span>
          <span className="turn-role">{segment.role}</span>
          <span className="turn-text">{segment.text}</span>
        </li>
      ))}
    </ol>
  );
}
