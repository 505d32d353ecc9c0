import type { CallStatus } from '@callboard/core';
import { STATUS_LABELS } from '../lib/format.js';

/** A coloured status label. */
export function StatusChip({ status }: { status: CallStatus }) {
  return (
    <span className={`chip chip-${status}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
