/**
 * `@callboard/core/simulated`: a provider that places and receives calls without any network,
 * on an injectable clock, for the reference server's demo traffic, tests and demos.
 *
 * @module
 */
export {
  createSimulatedProvider,
  type SimulatedProvider,
  type SimulatedTrafficOptions,
} from './simulated-provider.js';
export type {
  SimulatedOutcomeRates,
  SimulatedProviderOptions,
  SimulatedRange,
  SimulatedTimers,
} from './simulated-provider-options.js';
export { createSeededRandom } from './create-seeded-random.js';
export { SIMULATED_CONVERSATIONS, type SimulatedConversation, type SimulatedTurn } from './simulated-transcripts.js';
export { SIMULATED_OWN_NUMBERS, simulatedPhoneNumber } from './simulated-phone-number.js';
