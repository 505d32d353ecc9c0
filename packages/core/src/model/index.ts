export {
  CALL_STATUSES,
  TERMINAL_STATUSES,
  isCallStatus,
  isTerminalStatus,
  statusRank,
  type CallStatus,
  type TerminalStatus,
} from './call-status.js';
export {
  ANSWERED_BY,
  HANGUP_CAUSES,
  HANGUP_SOURCES,
  type AnsweredBy,
  type HangupCause,
  type HangupSource,
} from './hangup.js';
export { TRANSCRIPT_ROLES, type TranscriptRole, type TranscriptSegment } from './transcript-segment.js';
export { DIRECTIONS, DURATION_SOURCES, type Call, type Direction, type DurationSource, type Money } from './call.js';
export {
  CALL_EVENT_VERSION,
  safeParseCallEvent,
  type CallAnsweredByEvent,
  type CallDeletedEvent,
  type CallEvent,
  type CallEventType,
  type CallLiveEvent,
  type CallRecordingEvent,
  type CallStatusEvent,
  type CallTranscriptEvent,
  type CallUpdatedEvent,
} from './call-event.js';
export { reduceCall } from './reduce-call.js';
