import type { TranscriptRole } from '../../model/transcript-segment.js';

/** One spoken turn of a simulated conversation. `caller` is always the customer, whichever way the call goes. */
export interface SimulatedTurn {
  role: TranscriptRole;
  text: string;
}

/** A conversation the simulated provider can play during a call, in one language. */
export interface SimulatedConversation {
  /** A language code, matched against the call's language (`en`, `fr`, `sw`, `es`, ...). */
  language: string;
  turns: readonly SimulatedTurn[];
}

/**
 * The built-in bank of call-centre exchanges: a few per language, with agent or bot turns and the
 * customer's. Pass your own as `conversations` to the simulated provider.
 */
export const SIMULATED_CONVERSATIONS: readonly SimulatedConversation[] = [
  {
    language: 'en',
    turns: [
      { role: 'agent', text: 'Thank you for calling Acme Deliveries, this is Grace. How can I help you today?' },
      { role: 'caller', text: "Hi, I ordered a washing machine last week and it still hasn't arrived." },
      { role: 'agent', text: 'I am sorry about that. Could you give me the order number?' },
      { role: 'caller', text: "Sure, it's A C 4 4 7 1 9." },
      { role: 'agent', text: 'Thanks. I can see it left our warehouse yesterday and is out for delivery tomorrow morning.' },
      { role: 'caller', text: 'Tomorrow works. Will the driver call before coming?' },
      { role: 'agent', text: 'Yes, you will get a call about thirty minutes before. Is there anything else?' },
      { role: 'caller', text: "No, that's all. Thanks for your help." },
    ],
  },
  {
    language: 'en',
    turns: [
      { role: 'bot', text: 'Hello, this is the automated assistant from Riverside Clinic calling about your appointment.' },
      { role: 'bot', text: 'You are booked with Doctor Patel on Thursday at ten thirty. Say confirm, or say reschedule.' },
      { role: 'caller', text: 'Reschedule, please.' },
      { role: 'bot', text: 'The next free slots are Friday at nine or Monday at two. Which would you like?' },
      { role: 'caller', text: 'Monday at two.' },
      { role: 'bot', text: 'Done. Your appointment is now Monday at two in the afternoon. Goodbye.' },
    ],
  },
  {
    language: 'en',
    turns: [
      { role: 'agent', text: 'Northwind Energy billing, my name is Sam. Can I take your account number?' },
      { role: 'caller', text: "It's 5 5 0 2 3 8 1. My bill this month is almost double the usual." },
      { role: 'agent', text: 'Let me look. It seems last month was an estimated reading and this one is an actual reading.' },
      { role: 'caller', text: 'So I was undercharged before?' },
      { role: 'agent', text: 'That is right. I can spread the difference over the next three bills if that helps.' },
      { role: 'caller', text: 'Yes, please do that.' },
      { role: 'agent', text: 'All set. You will receive a confirmation by email today.' },
    ],
  },
  {
    language: 'en',
    turns: [
      { role: 'bot', text: 'Welcome to Fintrust support. In a few words, tell me why you are calling.' },
      { role: 'caller', text: 'I am locked out of my online banking.' },
      { role: 'bot', text: 'I can help with that. Please enter your date of birth on the keypad.' },
      { role: 'caller', text: 'Done.' },
      { role: 'bot', text: 'Thank you. I have sent a reset link to the mobile number on your account.' },
      { role: 'caller', text: 'Got it, thanks.' },
    ],
  },
  {
    language: 'fr',
    turns: [
      { role: 'agent', text: 'Service client Boréal, bonjour, Camille à votre écoute.' },
      { role: 'caller', text: "Bonjour, ma box internet ne fonctionne plus depuis ce matin." },
      { role: 'agent', text: 'Je suis désolée. Pouvez-vous me donner votre numéro de client ?' },
      { role: 'caller', text: "Oui, c'est le 7 3 0 4 1 2." },
      { role: 'agent', text: 'Je vois un incident dans votre quartier, la réparation est prévue avant dix-huit heures.' },
      { role: 'caller', text: "D'accord, merci beaucoup." },
    ],
  },
  {
    language: 'fr',
    turns: [
      { role: 'bot', text: 'Bonjour, ici l’assistant de la pharmacie Centrale. Votre commande est prête.' },
      { role: 'bot', text: 'Souhaitez-vous la retirer en magasin ou être livré ? Dites retrait ou livraison.' },
      { role: 'caller', text: 'Livraison, s’il vous plaît.' },
      { role: 'bot', text: 'C’est noté, la livraison aura lieu demain matin. Bonne journée.' },
    ],
  },
  {
    language: 'sw',
    turns: [
      { role: 'agent', text: 'Habari, karibu huduma kwa wateja wa Jamii Pay. Naitwa Amina, nikusaidie vipi?' },
      { role: 'caller', text: 'Nimetuma pesa kwa namba isiyo sahihi, naomba msaada.' },
      { role: 'agent', text: 'Pole sana. Tafadhali nipe namba ya muamala.' },
      { role: 'caller', text: 'Ni Q K 7 2 M 9 X.' },
      { role: 'agent', text: 'Asante. Nimeanzisha ombi la kurejesha pesa, utapata ujumbe ndani ya saa ishirini na nne.' },
      { role: 'caller', text: 'Sawa, asante sana.' },
    ],
  },
  {
    language: 'sw',
    turns: [
      { role: 'bot', text: 'Habari, huu ni ujumbe kutoka Hospitali ya Pwani kuhusu miadi yako ya kesho saa nne asubuhi.' },
      { role: 'bot', text: 'Bonyeza moja kuthibitisha au mbili kubadilisha siku.' },
      { role: 'caller', text: 'Moja.' },
      { role: 'bot', text: 'Asante, miadi yako imethibitishwa. Kwaheri.' },
    ],
  },
  {
    language: 'es',
    turns: [
      { role: 'agent', text: 'Atención al cliente de Viajes Sol, le atiende Javier. ¿En qué puedo ayudarle?' },
      { role: 'caller', text: 'Quería cambiar la fecha de mi vuelo a Sevilla.' },
      { role: 'agent', text: 'Por supuesto. ¿Me indica el localizador de la reserva?' },
      { role: 'caller', text: 'Sí, es B 7 K 2 P 9.' },
      { role: 'agent', text: 'Tengo plazas el viernes por la tarde sin coste adicional. ¿Le parece bien?' },
      { role: 'caller', text: 'Perfecto, el viernes entonces.' },
      { role: 'agent', text: 'Hecho. Le enviamos la nueva tarjeta de embarque por correo.' },
    ],
  },
  {
    language: 'es',
    turns: [
      { role: 'bot', text: 'Hola, le llamamos de Banco Andino para confirmar un pago con su tarjeta.' },
      { role: 'bot', text: '¿Ha realizado una compra de ochenta euros hoy? Diga sí o no.' },
      { role: 'caller', text: 'No, yo no he hecho esa compra.' },
      { role: 'bot', text: 'Hemos bloqueado la tarjeta. Un agente le llamará en breve. Gracias.' },
    ],
  },
];
