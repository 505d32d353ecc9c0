import { CallboardError } from '../../errors/callboard-error.js';
import { ProviderApiError } from '../../errors/provider-api-error.js';
import type { CallEvent } from '../../model/call-event.js';
import type { PlaceCallOptions, PlacedCall } from '../../provider/call-provider.js';
import { pickWeighted, planSimulatedCall } from './plan-simulated-call.js';
import type { createSimulatedCallRunner } from './simulated-call-runner.js';
import type { resolveSimulatedOptions } from './simulated-provider-options.js';

type SimulatedConfig = ReturnType<typeof resolveSimulatedOptions>;
type SimulatedRunner = ReturnType<typeof createSimulatedCallRunner>;

/** Places a simulated outbound call: plans its outcome and timing, starts it, returns its `queued` event. */
export function placeSimulatedCall(options: PlaceCallOptions, config: SimulatedConfig, runner: SimulatedRunner): PlacedCall {
  const to = typeof options.to === 'string' ? options.to.trim() : '';
  if (to === '' || to.length > 256) {
    throw new CallboardError({ code: 'INVALID_ARGUMENT', message: '`to` must be a phone number or address' });
  }
  const language = pickWeighted(config.languages, config.random);
  const plan = planSimulatedCall({ direction: 'outbound', from: options.from ?? config.ownNumbers[0]!, to, language }, config);
  const events = runner.start(plan, options.callId);
  return { providerCallId: events[0]!.providerCallId, events };
}

/**
 * Ends a live simulated call (`completed` if it was answered, `canceled` otherwise) and delivers
 * its closing events; an unknown call is a 404 `ProviderApiError`, an ended one is left alone.
 */
export async function hangupSimulatedCall(
  providerCallId: string,
  runner: SimulatedRunner,
  deliver: (events: CallEvent[]) => Promise<void>,
): Promise<void> {
  const outcome = runner.hangup(providerCallId);
  if (outcome === 'unknown') {
    throw new ProviderApiError({
      provider: 'simulated',
      url: `simulated://calls/${encodeURIComponent(providerCallId)}`,
      statusCode: 404,
      providerCode: 'NOT_FOUND',
      message: `No simulated call ${providerCallId}`,
    });
  }
  if (outcome !== 'already-ended') await deliver(outcome);
}
