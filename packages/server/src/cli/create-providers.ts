import type { CallProvider } from '@callboard/core';
import { AFRICASTALKING_SANDBOX_BASE_URL, createAfricasTalking } from '@callboard/core/africastalking';
import { createSimulatedProvider, type SimulatedProvider } from '@callboard/core/simulated';
import { createTelnyx } from '@callboard/core/telnyx';
import { createTwilio } from '@callboard/core/twilio';
import type { CallboardConfig } from '../config/parse-config.js';
import { nodeEd25519Verify } from '../providers/node-ed25519-verify.js';
import { nodeHmacSha1 } from '../providers/node-hmac-sha1.js';

/** The providers of a configuration, and the simulated one when traffic is simulated. */
export interface ConfiguredProviders {
  providers: Record<string, CallProvider>;
  /** The provider `initiate` uses when the request names none: the first real one, else the simulator. */
  defaultProvider: string | undefined;
  simulated: SimulatedProvider | undefined;
}

/** Builds the adapters the configuration names (keys are read here, once). */
export function createProviders(config: CallboardConfig): ConfiguredProviders {
  const providers: Record<string, CallProvider> = {};
  const { twilio, telnyx, africastalking } = config.providers;
  if (twilio) providers.twilio = createTwilio({ ...withoutUnset(twilio), hmacSha1: nodeHmacSha1 });
  if (telnyx) providers.telnyx = createTelnyx({ ...withoutUnset(telnyx), ed25519Verify: nodeEd25519Verify });
  if (africastalking) {
    const { sandbox, ...settings } = africastalking;
    providers.africastalking = createAfricasTalking({ ...settings, ...(sandbox ? { baseUrl: AFRICASTALKING_SANDBOX_BASE_URL } : {}) });
  }
  const real = Object.keys(providers);
  // The simulator also places calls when nothing real is configured, so the dialer works in a demo.
  const simulated = config.simulate > 0 || real.length === 0 ? createSimulatedProvider() : undefined;
  if (simulated) providers.simulated = simulated;
  return { providers, defaultProvider: real[0] ?? (simulated ? 'simulated' : undefined), simulated };
}

/** The adapters' settings schemas are strict: leave out what is not set rather than passing undefined. */
function withoutUnset<T extends object>(settings: T): T {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as T;
}
