/** The Twilio auth token the ingest benchmark's webhooks are signed with and its server checks. */
export const INGEST_AUTH_TOKEN = '9f3c1e7a2b4d6f8091a3c5e7b9d1f2a4';

/** The public URL the webhooks are signed for (what a proxy in front of the server would pass on). */
export const INGEST_PUBLIC_URL = 'https://calls.example.com';
