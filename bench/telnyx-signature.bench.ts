/**
 * Telnyx webhook verification throughput: `verifyTelnyxSignature` (Web Crypto, async, and with
 * `nodeEd25519Verify` as `callboard start` runs it) against Node's own synchronous `crypto.verify`
 * with a KeyObject, on the same 1.5 KB `call.hangup` body and the same headers. Both sides read
 * the headers, decode the base64 signature and build the `timestamp|body` bytes, so the ratio
 * compares whole verifications.
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeTelnyxPublicKey, importTelnyxPublicKey } from '../packages/core/src/providers/telnyx/telnyx-public-key.js';
import { verifyTelnyxSignature } from '../packages/core/src/providers/telnyx/telnyx-verify-signature.js';
import { generateTelnyxTestKeyPair, signTelnyxRequest } from '../packages/core/src/testing/telnyx.js';
import { nodeEd25519Verify } from '../packages/server/src/providers/node-ed25519-verify.js';
import { atLeast, compareThroughput, type BenchSuite } from './lib/compare.js';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

const suite: BenchSuite = async () => {
  const rawBody = readFileSync(new URL('../packages/core/src/providers/telnyx/__fixtures__/call-hangup-completed-outbound.json', import.meta.url), 'utf8');
  const timestamp = 1_780_408_800;
  const clock = { now: () => (timestamp + 1) * 1000 };
  const keys = await generateTelnyxTestKeyPair({ seed: RFC8032_SEED });
  const headers = new Headers(await signTelnyxRequest({ rawBody, privateKey: keys.privateKey, timestamp }));

  const publicKey = await importTelnyxPublicKey(decodeTelnyxPublicKey(keys.publicKey));
  const keyObject = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(keys.publicKey, 'base64')]), format: 'der', type: 'spki' });

  const subject = () => verifyTelnyxSignature({ headers, rawBody }, { publicKey, clock });
  const withNodeVerify = () => verifyTelnyxSignature({ headers, rawBody }, { publicKey, clock, ed25519Verify: nodeEd25519Verify });
  const baseline = () => {
    const signature = Buffer.from(headers.get('telnyx-signature-ed25519')!, 'base64');
    const message = Buffer.from(`${headers.get('telnyx-timestamp')}|${rawBody}`);
    if (!nodeVerify(null, message, keyObject, signature)) throw new Error('baseline rejected a genuine signature');
  };
  const rawSubtle = () => {
    const signature = Buffer.from(headers.get('telnyx-signature-ed25519')!, 'base64');
    return crypto.subtle.verify('Ed25519', publicKey, signature, Buffer.from(`${headers.get('telnyx-timestamp')}|${rawBody}`));
  };

  // Both must accept the body before anything is timed.
  await subject();
  await withNodeVerify();
  baseline();
  if (!(await rawSubtle())) throw new Error('crypto.subtle rejected a genuine signature');

  const versusNode = await compareThroughput({ subject, baseline });
  const versusSubtle = await compareThroughput({ subject, baseline: rawSubtle });
  const nodeVersusNode = await compareThroughput({ subject: withNodeVerify, baseline });
  const note = `${Buffer.byteLength(rawBody)}-byte call.hangup body; median of 7 interleaved rounds; one verification awaited at a time`;
  return [
    atLeast(
      {
        suite: 'signatures',
        metric: 'Telnyx verifications/s',
        subject: 'verifyTelnyxSignature (crypto.subtle)',
        baseline: 'node crypto.verify (sync, KeyObject)',
        subjectValue: versusNode.subjectOpsPerSec,
        baselineValue: versusNode.baselineOpsPerSec,
        note,
      },
      0.8,
    ),
    atLeast(
      {
        suite: 'signatures',
        metric: 'Telnyx verifications/s',
        subject: 'verifyTelnyxSignature with nodeEd25519Verify (as callboard start runs it)',
        baseline: 'node crypto.verify (sync, KeyObject)',
        subjectValue: nodeVersusNode.subjectOpsPerSec,
        baselineValue: nodeVersusNode.baselineOpsPerSec,
        note,
      },
      0.8,
    ),
    atLeast(
      {
        suite: 'signatures',
        metric: 'Telnyx verifications/s',
        subject: 'verifyTelnyxSignature (crypto.subtle)',
        baseline: 'bare crypto.subtle.verify',
        subjectValue: versusSubtle.subjectOpsPerSec,
        baselineValue: versusSubtle.baselineOpsPerSec,
        note: `${note}; the cost of the header, window and decoding checks`,
      },
      0.9,
    ),
  ];
};

export default suite;
