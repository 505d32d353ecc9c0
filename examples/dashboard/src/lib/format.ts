import type { Call, CallStatus } from '@callboard/core';

/** `+254 700 000 001`-style spacing is provider-specific; keep numbers as given but trim SIP noise. */
export function formatParty(value: string): string {
  if (!value) return 'unknown';
  return value.replace(/^sip:/, '').replace(/@.*$/, '');
}

/** `1:05`, `12:00`, `1:02:03`. */
export function formatDuration(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || Number.isNaN(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A local date and time. */
export function formatDateTime(iso: string | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** A local time. */
export function formatTime(iso: string | undefined): string {
  return iso ? timeOnly.format(new Date(iso)) : '—';
}

/** `42 %`. */
export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 1000) / 10} %`;
}

/** `USD 0.42`. */
export function formatCost(call: Pick<Call, 'cost'>): string {
  return call.cost ? `${call.cost.currency} ${call.cost.amount.toFixed(call.cost.amount < 1 ? 4 : 2)}` : '—';
}

/** Human labels of the statuses. */
export const STATUS_LABELS: Record<CallStatus, string> = {
  queued: 'Queued',
  initiated: 'Dialing',
  ringing: 'Ringing',
  'in-progress': 'In progress',
  completed: 'Completed',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Failed',
  canceled: 'Canceled',
};
