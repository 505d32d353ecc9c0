/**
 * Twilio webhook verification throughput: `verifyTwilioSignature` (Web Crypto HMAC-SHA1, async)
 * against twilio-node's `validateRequest` (Node's synchronous `createHmac`), on the same
 * 30-parameter `completed` status callback, URL and token. Our side reads the header and parses
 * the raw form body; twilio-node is handed the body already parsed (as Express would), so the
 * baseline does strictly less work. A second row compares against a bare `crypto.subtle.sign`
 * of the same string to show what the verification adds on top of Web Crypto itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { verifyTwilioSignature } from '../packages/core/src/providers/twilio/twilio-verify-signature.js';
import { signTwilioRequest } from '../packages/core/src/testing/twilio.js';
import { nodeHmacSha1 } from '../packages/server/src/providers/node-hmac-sha1.js';
import { atLeast, compareThroughput, type BenchSuite } from './lib/compare.js';

// twilio is a devDependency of @callboard/core, so it resolves from there.
const twilio = createRequire(new URL('../packages/core/package.json', import.meta.url))('twilio') as {
  validateRequest(authToken: string, signature: string, url: string, params: Record<string, string>): boolean;
};

const suite: BenchSuite = async () => {
  const rawBody = readFileSync(new URL('../packages/core/src/providers/twilio/__fixtures__/status-completed.form.txt', import.meta.url), 'utf8');
  const url = 'https://calls.example.com/webhooks/twilio';
  const authToken = '9f3c1e7a2b4d6f8091a3c5e7b9d1f2a4';
  const params = Object.fromEntries(new URLSearchParams(rawBody));
  const signature = await signTwilioRequest({ url, params, authToken });
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
  const request = { method: 'POST', url, headers, rawBody };

  const signed = url + Object.keys(params).sort().map((name) => name + params[name]).join('');
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(authToken), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);

  const subject = () => verifyTwilioSignature(request, authToken);
  const baseline = () => {
    if (!twilio.validateRequest(authToken, signature, url, params)) throw new Error('twilio-node rejected a genuine signature');
  };
  const rawSubtle = () => crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed));
  // What `callboard start` runs: the same verifier with Node's synchronous HMAC injected.
  const subjectNodeHmac = () => verifyTwilioSignature(request, authToken, { hmacSha1: nodeHmacSha1 });

  // Both must accept the request before anything is timed.
  await subject();
  await subjectNodeHmac();
  baseline();
  if (Buffer.from(await rawSubtle()).toString('base64') !== signature) throw new Error('crypto.subtle disagrees with the signature');

  // Like for like: both start from what arrives (URL, header, raw form body), as a server does;
  // twilio-node's side parses the body the way express.urlencoded would. Web Crypto runs the HMAC
  // off the main thread, so a server verifying concurrent webhooks keeps several in flight.
  const inFlight = 64;
  const subjectConcurrent = () => Promise.all(Array.from({ length: inFlight }, () => verifyTwilioSignature(request, authToken)));
  const baselineParsing = () => {
    for (let i = 0; i < inFlight; i++) {
      const parsed = Object.fromEntries(new URLSearchParams(rawBody));
      if (!twilio.validateRequest(authToken, headers.get('x-twilio-signature')!, url, parsed)) throw new Error('twilio-node rejected a genuine signature');
    }
  };
  const versusTwilio = await compareThroughput({ subject, baseline });
  const concurrent = await compareThroughput({ subject: subjectConcurrent, baseline: baselineParsing });
  const versusSubtle = await compareThroughput({ subject, baseline: rawSubtle });
  const baselineOneParsing = () => {
    const parsed = Object.fromEntries(new URLSearchParams(rawBody));
    if (!twilio.validateRequest(authToken, headers.get('x-twilio-signature')!, url, parsed)) throw new Error('twilio-node rejected a genuine signature');
  };
  const nodeHmac = await compareThroughput({ subject: subjectNodeHmac, baseline: baselineOneParsing });
  const note = `${Object.keys(params).length}-param completed status callback; median of 7 interleaved rounds; one verification awaited at a time`;
  return [
    atLeast(
      {
        suite: 'signatures',
        metric: 'Twilio verifications/s',
        subject: 'verifyTwilioSignature (crypto.subtle)',
        baseline: 'twilio-node validateRequest (sync createHmac)',
        subjectValue: versusTwilio.subjectOpsPerSec,
        baselineValue: versusTwilio.baselineOpsPerSec,
        note,
      },
      1.0,
    ),
    atLeast(
      {
        suite: 'signatures',
        metric: 'Twilio verifications/s, from the raw body, 64 in flight',
        subject: 'verifyTwilioSignature (crypto.subtle)',
        baseline: 'URLSearchParams + twilio-node validateRequest',
        subjectValue: concurrent.subjectOpsPerSec * inFlight,
        baselineValue: concurrent.baselineOpsPerSec * inFlight,
        note: `${Object.keys(params).length}-param completed status callback; both sides parse the raw form body; median of 7 interleaved rounds`,
      },
      1.0,
    ),
    atLeast(
      {
        suite: 'signatures',
        metric: 'Twilio verifications/s, from the raw body',
        subject: 'verifyTwilioSignature with nodeHmacSha1 (as callboard start runs it)',
        baseline: 'URLSearchParams + twilio-node validateRequest',
        subjectValue: nodeHmac.subjectOpsPerSec,
        baselineValue: nodeHmac.baselineOpsPerSec,
        note: `${Object.keys(params).length}-param completed status callback; both sides parse the raw form body and use Node's createHmac; ours is awaited, one at a time; median of 7 interleaved rounds`,
      },
      1.0,
    ),
    atLeast(
      {
        suite: 'signatures',
        metric: 'Twilio verifications/s',
        subject: 'verifyTwilioSignature (crypto.subtle)',
        baseline: 'bare crypto.subtle.sign of the signed string',
        subjectValue: versusSubtle.subjectOpsPerSec,
        baselineValue: versusSubtle.baselineOpsPerSec,
        note: `${note}; the cost of header lookup, body parsing, sorting and comparing`,
      },
      // A cheap HMAC makes parsing the body a large share of the work, hence a lower bar than Telnyx's.
      0.8,
    ),
  ];
};

export default suite;
