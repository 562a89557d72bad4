/**
 * Shared setup of the core tests: trackers over InMemoryEmitters whose every payload is validated against
 * payload_data 1-0-4 and its wrappers after each test (when the Iglu sample is present).
 */
import { afterEach } from 'vitest';
import { InMemoryEmitter, Subject, Tracker, type TrackerOptions } from '../../src/index.js';
import { expectValidPayload, hasIgluSample, SKIP_MESSAGE } from '../helpers/payload-schema.js';

const emitters: InMemoryEmitter[] = [];
let warned = false;

/** An InMemoryEmitter whose payloads are all schema-checked after the test. */
export function recordingEmitter(): InMemoryEmitter {
  const emitter = new InMemoryEmitter();
  emitters.push(emitter);
  return emitter;
}

afterEach(() => {
  const all = emitters.splice(0).flatMap((e) => e.payloads);
  if (!hasIgluSample) {
    if (!warned) process.stderr.write(`${SKIP_MESSAGE}\n`);
    warned = true;
    return;
  }
  for (const payload of all) expectValidPayload(payload);
});

/** A fixed, valid UUID v4 for `eventId`. */
export const EID = '8b7e53a4-9f1c-4c2d-8e3f-0a1b2c3d4e5f';
/** The creation time the tests freeze `Date` at. */
export const NOW = 1_700_000_000_123;

/** A tracker with namespace `ns`, app id `app` over one recording emitter. */
export function setup(options: Partial<TrackerOptions> = {}): { tracker: Tracker; emitter: InMemoryEmitter } {
  const emitter = recordingEmitter();
  const tracker = new Tracker({ emitters: emitter, namespace: 'ns', appId: 'app', ...options });
  return { tracker, emitter };
}

/** The fields every payload of `setup()` carries, with the frozen time and EID. */
export const BASE = {
  eid: EID,
  tv: 'plowtype-0.1.0',
  tna: 'ns',
  aid: 'app',
  p: 'srv',
  dtm: String(NOW),
} as const;

/** A subject with every field set. */
export function fullSubject(): Subject {
  return new Subject()
    .setPlatform('mob')
    .setUserId('user-1')
    .setScreenResolution(1920, 1080)
    .setViewport(1280, 720)
    .setColorDepth(24)
    .setTimezone('Europe/London')
    .setLang('en-GB')
    .setIpAddress('203.0.113.9')
    .setUseragent('agent/1.0')
    .setDomainUserId('duid-1')
    .setNetworkUserId('nuid-1')
    .setDomainSessionId('5f0c5a8e-1d2b-4c3a-9e4f-6a7b8c9d0e1f')
    .setDomainSessionIndex(3);
}

/** Decodes URL-safe base64 of UTF-8 JSON. */
export function b64json(value: string | undefined): unknown {
  if (value === undefined) throw new Error('expected a base64 field');
  return JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
}
