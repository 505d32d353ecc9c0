import { CallboardError } from '../../errors/callboard-error.js';

/** The actions an Africa's Talking `<Response>` can hold. */
export type AfricasTalkingActionName =
  | 'Say'
  | 'Play'
  | 'GetDigits'
  | 'Dial'
  | 'Record'
  | 'Enqueue'
  | 'Dequeue'
  | 'Redirect'
  | 'Conference'
  | 'Reject';

/** One action, already serialized and escaped. Build it with {@link say}, {@link dial}, ... */
export interface AfricasTalkingAction<TName extends AfricasTalkingActionName = AfricasTalkingActionName> {
  readonly name: TName;
  readonly xml: string;
}

/** What `GetDigits` and `Record` may play while they wait: one `Say` or one `Play`. */
export type AfricasTalkingPrompt = AfricasTalkingAction<'Say' | 'Play'>;

const NAMES: ReadonlySet<string> = new Set<AfricasTalkingActionName>([
  'Say', 'Play', 'GetDigits', 'Dial', 'Record', 'Enqueue', 'Dequeue', 'Redirect', 'Conference', 'Reject',
]);

type AttributeValue = string | number | boolean | undefined;

/**
 * Reads text aloud (text to speech).
 *
 * @example
 * say('Welcome to Acme', { voice: 'woman' }).xml; // '<Say voice="woman">Welcome to Acme</Say>'
 */
export function say(text: string, options: { voice?: string; playBeep?: boolean } = {}): AfricasTalkingAction<'Say'> {
  return element('Say', { voice: options.voice, playBeep: options.playBeep }, escapeXml(requireString(text, 'text')));
}

/** Plays an audio file from a public http(s) URL. */
export function play(url: string): AfricasTalkingAction<'Play'> {
  return element('Play', { url: requireUrl(url, 'url') });
}

/** Options of {@link getDigits}. */
export interface GetDigitsOptions {
  /** How many digits to collect. */
  numDigits?: number;
  /** The key that ends input: a digit, `#` (the default at Africa's Talking) or `*`. */
  finishOnKey?: string;
  /** Seconds to wait for input. */
  timeout?: number;
  /** Where to post the digits; it also becomes the callback URL for the rest of the call. */
  callbackUrl?: string;
  /** What to play while waiting. */
  prompt?: AfricasTalkingPrompt;
}

/**
 * Collects keypad digits; they arrive as `dtmfDigits` on the next callback.
 *
 * @example
 * getDigits({ numDigits: 4, finishOnKey: '#', prompt: say('Enter your PIN') });
 */
export function getDigits(options: GetDigitsOptions = {}): AfricasTalkingAction<'GetDigits'> {
  const attributes = {
    numDigits: positiveInteger(options.numDigits, 'numDigits'),
    finishOnKey: key(options.finishOnKey),
    timeout: seconds(options.timeout, 'timeout'),
    callbackUrl: optionalUrl(options.callbackUrl, 'callbackUrl'),
  };
  return element('GetDigits', attributes, promptXml(options.prompt));
}

/** Options of {@link dial}. */
export interface DialOptions {
  /** Numbers (E.164) or SIP addresses to call. */
  phoneNumbers: string | readonly string[];
  /** Record the bridged call. */
  record?: boolean;
  /** Call the numbers one after another instead of all at once. */
  sequential?: boolean;
  /** The caller id to present. */
  callerId?: string;
  /** Longest call, in seconds. */
  maxDuration?: number;
  /** An audio URL played to the caller while the other side rings. */
  ringBackTone?: string;
}

/**
 * Connects the caller to other numbers.
 *
 * @example
 * dial({ phoneNumbers: ['+254711000001', '+254711000002'], sequential: true });
 */
export function dial(options: DialOptions): AfricasTalkingAction<'Dial'> {
  const list = typeof options.phoneNumbers === 'string' ? [options.phoneNumbers] : [...(options.phoneNumbers ?? [])];
  if (list.length === 0 || list.some((number) => typeof number !== 'string' || number.trim() === '' || number.includes(','))) {
    throw invalid('phoneNumbers must be one or more numbers or SIP addresses, without commas');
  }
  return element('Dial', {
    phoneNumbers: list.map((number) => number.trim()).join(','),
    record: options.record,
    sequential: options.sequential,
    callerId: options.callerId,
    maxDuration: seconds(options.maxDuration, 'maxDuration'),
    ringBackTone: optionalUrl(options.ringBackTone, 'ringBackTone'),
  });
}

/** Options of {@link record}. */
export interface RecordOptions {
  /** The key that ends the recording. */
  finishOnKey?: string;
  /** Longest recording, in seconds. */
  maxLength?: number;
  /** Seconds of silence that end the recording. */
  timeout?: number;
  /** Trim silence at the start and end. */
  trimSilence?: boolean;
  /** Beep before recording. */
  playBeep?: boolean;
  /** Where to post the `recordingUrl`. */
  callbackUrl?: string;
  /**
   * What to play first. With a prompt this is a partial recording (the call goes on); without
   * one the rest of the call is recorded.
   */
  prompt?: AfricasTalkingPrompt;
}

/**
 * Records the caller; the file arrives as `recordingUrl` on a later callback.
 *
 * @example
 * record({ maxLength: 30, playBeep: true, prompt: say('Leave a message after the beep') });
 */
export function record(options: RecordOptions = {}): AfricasTalkingAction<'Record'> {
  const attributes = {
    finishOnKey: key(options.finishOnKey),
    maxLength: seconds(options.maxLength, 'maxLength'),
    timeout: seconds(options.timeout, 'timeout'),
    trimSilence: options.trimSilence,
    playBeep: options.playBeep,
    callbackUrl: optionalUrl(options.callbackUrl, 'callbackUrl'),
  };
  return element('Record', attributes, promptXml(options.prompt));
}

/** Puts the caller in a named queue, with optional hold music. */
export function enqueue(options: { name?: string; holdMusic?: string } = {}): AfricasTalkingAction<'Enqueue'> {
  return element('Enqueue', { name: options.name, holdMusic: optionalUrl(options.holdMusic, 'holdMusic') });
}

/** Connects the caller to the next caller waiting in the queue of `phoneNumber` (and `name`). */
export function dequeue(options: { phoneNumber: string; name?: string }): AfricasTalkingAction<'Dequeue'> {
  return element('Dequeue', { phoneNumber: requireString(options.phoneNumber, 'phoneNumber'), name: options.name });
}

/** Hands the call to the XML at another URL. */
export function redirect(url: string): AfricasTalkingAction<'Redirect'> {
  return element('Redirect', {}, escapeXml(requireUrl(url, 'url')));
}

/** Joins the caller to a conference. */
export function conference(): AfricasTalkingAction<'Conference'> {
  return element('Conference', {});
}

/** Rejects an incoming call. */
export function reject(): AfricasTalkingAction<'Reject'> {
  return element('Reject', {});
}

/**
 * Builds the XML document to answer a callback with.
 *
 * @example
 * buildAfricasTalkingResponse(say('Hello & welcome'), getDigits({ numDigits: 1, prompt: play('https://cdn.example.com/menu.mp3') }));
 * // '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello &amp; welcome</Say><GetDigits numDigits="1"><Play url="https://cdn.example.com/menu.mp3"/></GetDigits></Response>'
 */
export function buildAfricasTalkingResponse(...actions: readonly AfricasTalkingAction[]): string {
  for (const action of actions) {
    if (!isAction(action)) throw invalid('Every action must come from say(), play(), getDigits(), dial(), ...');
  }
  const body = actions.map((action) => action.xml).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>${body === '' ? '<Response/>' : `<Response>${body}</Response>`}`;
}

/**
 * Escapes text for XML element content and attribute values, and drops the characters XML 1.0
 * cannot carry at all (control characters other than tab and newlines, lone surrogates).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element<TName extends AfricasTalkingActionName>(
  name: TName,
  attributes: Record<string, AttributeValue>,
  content = '',
): AfricasTalkingAction<TName> {
  const attributeText = Object.entries(attributes)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([attribute, value]) => ` ${attribute}="${escapeXml(typeof value === 'string' ? value : String(value))}"`)
    .join('');
  const xml = content === '' ? `<${name}${attributeText}/>` : `<${name}${attributeText}>${content}</${name}>`;
  return Object.freeze({ name, xml });
}

function isAction(value: unknown): value is AfricasTalkingAction {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<AfricasTalkingAction>;
  return typeof candidate.name === 'string' && NAMES.has(candidate.name) && typeof candidate.xml === 'string';
}

function promptXml(prompt: AfricasTalkingPrompt | undefined): string {
  if (prompt === undefined) return '';
  if (!isAction(prompt) || (prompt.name !== 'Say' && prompt.name !== 'Play')) {
    throw invalid('The prompt of GetDigits or Record must be one say() or play()');
  }
  return prompt.xml;
}

function requireString(value: string, name: string): string {
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

function requireUrl(value: string, name: string): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw invalid(`${name} must be an absolute http(s) URL`);
  return value;
}

function optionalUrl(value: string | undefined, name: string): string | undefined {
  return value === undefined ? undefined : requireUrl(value, name);
}

function positiveInteger(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw invalid(`${name} must be a positive integer`);
  return value;
}

function seconds(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw invalid(`${name} must be a whole number of seconds`);
  return value;
}

function key(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[0-9#*]$/.test(value)) throw invalid('finishOnKey must be one of 0-9, # or *');
  return value;
}

function invalid(message: string): CallboardError {
  return new CallboardError({ code: 'INVALID_ARGUMENT', message });
}
