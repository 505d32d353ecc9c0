/**
 * The frames the relay forwards between peers, unread: `offer` and `answer` (SDP),
 * `ice-candidate` (an `RTCIceCandidateInit`, or null for the end of candidates), `renegotiate`
 * (ask the initiator for a new offer) and `leave` (the sender closes its peer connection with the
 * receiver; room membership is unchanged).
 */
export const SIGNAL_TYPES = ['offer', 'answer', 'ice-candidate', 'renegotiate', 'leave'] as const;

/** One of {@link SIGNAL_TYPES}. */
export type SignalType = (typeof SIGNAL_TYPES)[number];
