/**
 * Real-shaped Twilio webhook bodies, byte for byte as Twilio sends them (form-encoded, `+` for
 * spaces), keyed by file name. Shared by the parse tests and the fuzz test.
 */
import amdAsyncFax from './amd-async-fax.form.txt?raw';
import amdAsyncHuman from './amd-async-human.form.txt?raw';
import realtimeTranscriptionAgentFinal from './realtime-transcription-agent-final.form.txt?raw';
import realtimeTranscriptionFinal from './realtime-transcription-final.form.txt?raw';
import realtimeTranscriptionPartial from './realtime-transcription-partial.form.txt?raw';
import realtimeTranscriptionStarted from './realtime-transcription-started.form.txt?raw';
import recordingAbsent from './recording-absent.form.txt?raw';
import recordingCompleted from './recording-completed.form.txt?raw';
import recordingInProgress from './recording-in-progress.form.txt?raw';
import statusAmdMachine from './status-amd-machine.form.txt?raw';
import statusBusy from './status-busy.form.txt?raw';
import statusBusy603 from './status-busy-603.form.txt?raw';
import statusCanceled from './status-canceled.form.txt?raw';
import statusCompleted from './status-completed.form.txt?raw';
import statusCompletedRecorded from './status-completed-recorded.form.txt?raw';
import statusDialLegInitiated from './status-dial-leg-initiated.form.txt?raw';
import statusFailed from './status-failed.form.txt?raw';
import statusFailed404 from './status-failed-404.form.txt?raw';
import statusFailed480 from './status-failed-480.form.txt?raw';
import statusFailed484 from './status-failed-484.form.txt?raw';
import statusFailed503 from './status-failed-503.form.txt?raw';
import statusFailed603 from './status-failed-603.form.txt?raw';
import statusInProgress from './status-in-progress.form.txt?raw';
import statusInitiated from './status-initiated.form.txt?raw';
import statusNoAnswer from './status-no-answer.form.txt?raw';
import statusQueued from './status-queued.form.txt?raw';
import statusRinging from './status-ringing.form.txt?raw';
import statusTrunkingOriginating from './status-trunking-originating.form.txt?raw';
import transcriptionCompleted from './transcription-completed.form.txt?raw';
import transcriptionFailed from './transcription-failed.form.txt?raw';
import voiceInboundRinging from './voice-inbound-ringing.form.txt?raw';

/** Every fixture body by name (`status-completed`, `recording-completed`, ...). */
export const twilioFixtures = {
  'amd-async-fax': amdAsyncFax,
  'amd-async-human': amdAsyncHuman,
  'realtime-transcription-agent-final': realtimeTranscriptionAgentFinal,
  'realtime-transcription-final': realtimeTranscriptionFinal,
  'realtime-transcription-partial': realtimeTranscriptionPartial,
  'realtime-transcription-started': realtimeTranscriptionStarted,
  'recording-absent': recordingAbsent,
  'recording-completed': recordingCompleted,
  'recording-in-progress': recordingInProgress,
  'status-amd-machine': statusAmdMachine,
  'status-busy': statusBusy,
  'status-busy-603': statusBusy603,
  'status-canceled': statusCanceled,
  'status-completed': statusCompleted,
  'status-completed-recorded': statusCompletedRecorded,
  'status-dial-leg-initiated': statusDialLegInitiated,
  'status-failed': statusFailed,
  'status-failed-404': statusFailed404,
  'status-failed-480': statusFailed480,
  'status-failed-484': statusFailed484,
  'status-failed-503': statusFailed503,
  'status-failed-603': statusFailed603,
  'status-in-progress': statusInProgress,
  'status-initiated': statusInitiated,
  'status-no-answer': statusNoAnswer,
  'status-queued': statusQueued,
  'status-ringing': statusRinging,
  'status-trunking-originating': statusTrunkingOriginating,
  'transcription-completed': transcriptionCompleted,
  'transcription-failed': transcriptionFailed,
  'voice-inbound-ringing': voiceInboundRinging,
} as const;

/** A fixture name. */
export type TwilioFixtureName = keyof typeof twilioFixtures;
