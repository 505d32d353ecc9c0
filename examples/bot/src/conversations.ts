import type { TranscriptRole } from '@callboard/core';

/** One scripted conversation: who calls, in which language, what is said, how it ends. */
export interface Conversation {
  language: string;
  turns: Array<{ role: TranscriptRole; text: string }>;
  /** How the bot reports the end, in the bot integration's own words. */
  outcome: 'success' | 'failed';
  /** 1 to 5, as the caller rated the call. */
  satisfaction: number;
}

/** A small bank of realistic call-centre conversations the example bot plays back. */
export const CONVERSATIONS: Conversation[] = [
  {
    language: 'en',
    outcome: 'success',
    satisfaction: 5,
    turns: [
      { role: 'bot', text: 'Hello, you have reached Acme Power. How can I help you today?' },
      { role: 'caller', text: 'Hi, my electricity token did not arrive after I paid.' },
      { role: 'bot', text: 'Sorry about that. Can you read me the M-Pesa confirmation code?' },
      { role: 'caller', text: 'Yes, it is QK7 4HD 2PL.' },
      { role: 'bot', text: 'Thank you. I have resent your token by SMS. Anything else?' },
      { role: 'caller', text: 'No, that is all. Thanks!' },
    ],
  },
  {
    language: 'sw',
    outcome: 'success',
    satisfaction: 4,
    turns: [
      { role: 'bot', text: 'Habari, karibu Acme Power. Nikusaidie vipi?' },
      { role: 'caller', text: 'Nataka kujua salio la akaunti yangu.' },
      { role: 'bot', text: 'Salio lako ni shilingi mia nne na ishirini.' },
      { role: 'caller', text: 'Asante sana.' },
    ],
  },
  {
    language: 'fr',
    outcome: 'failed',
    satisfaction: 2,
    turns: [
      { role: 'bot', text: 'Bonjour, Acme Power, comment puis-je vous aider ?' },
      { role: 'caller', text: "Je voudrais parler à un conseiller, s'il vous plaît." },
      { role: 'bot', text: 'Tous nos conseillers sont occupés. Voulez-vous être rappelé ?' },
      { role: 'caller', text: 'Non, je rappellerai plus tard.' },
    ],
  },
];
