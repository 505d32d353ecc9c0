import { useEffect, useState } from 'react';
import { CALL_STATUSES, type CallLogFilter, type CallLogPage, type CallStatus } from '@callboard/core';
import { StatusChip } from '../components/status-chip.js';
import { formatCost, formatDateTime, formatDuration, formatParty } from '../lib/format.js';
import { navigate, setQuery, useLocation } from '../lib/router.js';
import { api } from '../lib/session.js';

const PROVIDERS = ['simulated', 'twilio', 'telnyx', 'africastalking', 'bot'];

/** Reads the call-log filter from the URL, where it is kept so a view can be shared and reloaded. */
function filterFromQuery(query: URLSearchParams): CallLogFilter & { sort?: 'newest' | 'oldest' | 'longest' | 'shortest' } {
  const list = (key: string) => query.get(key)?.split(',').filter(Boolean);
  const status = list('status')?.filter((s): s is CallStatus => (CALL_STATUSES as readonly string[]).includes(s));
  const direction = query.get('direction');
  const sort = query.get('sort');
  const from = query.get('from');
  const to = query.get('to');
  return {
    ...(status?.length ? { status } : {}),
    ...(direction === 'inbound' || direction === 'outbound' ? { direction } : {}),
    ...(list('provider')?.length ? { provider: list('provider')! } : {}),
    ...(list('language')?.length ? { language: list('language')! } : {}),
    ...(from ? { from: new Date(`${from}T00:00:00`).toISOString() } : {}),
    ...(to ? { to: new Date(`${to}T00:00:00`).toISOString() } : {}),
    ...(query.get('q') ? { q: query.get('q')! } : {}),
    ...(sort === 'oldest' || sort === 'longest' || sort === 'shortest' || sort === 'newest' ? { sort } : {}),
  };
}

/** The call log: server-side filters, search, cursor pagination and CSV export, all kept in the URL. */
export function CallLogPage() {
  const { query } = useLocation();
  const filter = filterFromQuery(query);
  const cursor = query.get('cursor') ?? undefined;
  const key = query.toString();
  const [page, setPage] = useState<CallLogPage>();
  const [error, setError] = useState<string>();
  const [search, setSearch] = useState(query.get('q') ?? '');

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    api.listCalls({ ...filter, limit: 25, ...(cursor ? { cursor } : {}) }, { signal: controller.signal }).then(setPage, (e: Error) => {
      if (!controller.signal.aborted) setError(e.message);
    });
    return () => controller.abort();
    // The URL query string is the whole input of this effect.
  }, [key]);

  const update = (patch: Record<string, string | undefined>) => setQuery({ ...patch, cursor: undefined });

  return (
    <section>
      <header className="page-header">
        <h1>Call log</h1>
        <span className="muted" data-testid="total">
          {page ? `${page.total} calls` : 'Loading…'}
        </span>
      </header>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          update({ q: search.trim() || undefined });
        }}
      >
        <input type="search" placeholder="Search numbers, ids, transcripts" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search" name="q" />
        <select aria-label="Status" name="status" value={query.get('status') ?? ''} onChange={(e) => update({ status: e.target.value || undefined })}>
          <option value="">Any status</option>
          {CALL_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
        <select aria-label="Direction" name="direction" value={query.get('direction') ?? ''} onChange={(e) => update({ direction: e.target.value || undefined })}>
          <option value="">Any direction</option>
          <option value="inbound">Inbound</option>
          <option value="outbound">Outbound</option>
        </select>
        <select aria-label="Provider" name="provider" value={query.get('provider') ?? ''} onChange={(e) => update({ provider: e.target.value || undefined })}>
          <option value="">Any provider</option>
          {PROVIDERS.map((provider) => (
            <option key={provider} value={provider}>
              {provider}
            </option>
          ))}
        </select>
        <input aria-label="Language" name="language" placeholder="Language (en, sw…)" defaultValue={query.get('language') ?? ''} onBlur={(e) => update({ language: e.target.value.trim() || undefined })} />
        <label className="inline">
          From <input type="date" name="from" value={query.get('from') ?? ''} onChange={(e) => update({ from: e.target.value || undefined })} />
        </label>
        <label className="inline">
          To <input type="date" name="to" value={query.get('to') ?? ''} onChange={(e) => update({ to: e.target.value || undefined })} />
        </label>
        <select aria-label="Sort" name="sort" value={query.get('sort') ?? 'newest'} onChange={(e) => update({ sort: e.target.value === 'newest' ? undefined : e.target.value })}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="longest">Longest first</option>
          <option value="shortest">Shortest first</option>
        </select>
        <button type="submit">Search</button>
        <button type="button" className="secondary" data-testid="export-csv" onClick={() => void downloadCsv(filter)}>
          Export CSV
        </button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      <table className="calls" data-testid="call-log">
        <thead>
          <tr>
            <th>Started</th>
            <th>Status</th>
            <th>Direction</th>
            <th>From</th>
            <th>To</th>
            <th>Provider</th>
            <th>Language</th>
            <th>Duration</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          {page?.calls.map((call) => (
            <tr key={call.id} data-call-id={call.id} onClick={() => navigate(`/calls/${encodeURIComponent(call.id)}`)} className="clickable">
              <td>{formatDateTime(call.startedAt ?? call.createdAt)}</td>
              <td>
                <StatusChip status={call.status} />
              </td>
              <td>{call.direction}</td>
              <td>{formatParty(call.from)}</td>
              <td>{formatParty(call.to)}</td>
              <td>{call.provider}</td>
              <td>{call.language ?? '—'}</td>
              <td>{formatDuration(call.durationSec)}</td>
              <td>{formatCost(call)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager">
        <button type="button" className="secondary" disabled={!cursor} onClick={() => window.history.back()}>
          Previous
        </button>
        <button type="button" className="secondary" disabled={!page?.nextCursor} data-testid="next-page" onClick={() => page?.nextCursor && setQuery({ cursor: page.nextCursor })}>
          Next
        </button>
      </nav>
    </section>
  );
}

async function downloadCsv(filter: CallLogFilter): Promise<void> {
  const csv = await api.exportCsv(filter);
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `calls-${new Date().toISOString().slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}
