import { CallboardError, type CallEvent } from '@callboard/core';
import type { BatchWriter } from './create-batch-writer.js';
import type { CallStore, StoredEvent } from '../call-store.js';

/**
 * `deleteCall` for stores that write through a batch writer: appends a `call.deleted` event,
 * which removes the call, its events and its rollup contribution in the same transaction.
 * Resolves to undefined when the call does not exist (or was deleted meanwhile).
 */
export async function deleteThroughAppend(reads: Pick<CallStore, 'getCall'>, writer: Pick<BatchWriter, 'append'>, id: string, at: Date): Promise<StoredEvent | undefined> {
  const call = await reads.getCall(id);
  if (!call || call.id !== id) return undefined;
  const when = at.toISOString();
  const event: CallEvent = { v: 1, type: 'call.deleted', key: `call.deleted:${id}`, provider: call.provider, providerCallId: call.providerCallId, callId: id, occurredAt: when, receivedAt: when };
  try {
    const [outcome] = await writer.append([event]);
    return outcome?.status === 'stored' ? outcome.stored : undefined;
  } catch (error) {
    if (CallboardError.isInstance(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
