import { describe, expect, it } from 'vitest';
import { clientIp, trustTest } from '../../src/middleware/client-ip.js';
import { readSpCookie } from '../../src/middleware/sp-cookie.js';
import { preferredLanguage, resolveSubjectOptions } from '../../src/middleware/subject-from-request.js';

const SID = '5f0c5a8e-1d2b-4c3a-9e4f-6a7b8c9d0e1f';
const DUID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('clientIp', () => {
  const proxies = trustTest(['10.0.0.0/8', '::1', '192.0.2.1']);
  it.each<[string, { peer: string | undefined; xff?: string | string[]; want: string | undefined }]>([
    ['no proxy trusted: the peer', { peer: '203.0.113.5', xff: '1.1.1.1', want: '203.0.113.5' }],
    ['IPv4 on a dual-stack socket', { peer: '::ffff:203.0.113.5', want: '203.0.113.5' }],
    ['a trusted proxy: the address it saw', { peer: '10.1.2.3', xff: '198.51.100.7', want: '198.51.100.7' }],
    [
      'two proxies: the first untrusted from the right',
      { peer: '::1', xff: '6.6.6.6, 198.51.100.7, 10.0.0.2', want: '198.51.100.7' },
    ],
    [
      'a spoofed left-most entry is never believed',
      { peer: '192.0.2.1', xff: '10.9.9.9, 198.51.100.7', want: '198.51.100.7' },
    ],
    ['all trusted: the left-most', { peer: '10.0.0.1', xff: '10.0.0.3,10.0.0.2', want: '10.0.0.3' }],
    ['garbage stops the walk', { peer: '10.0.0.1', xff: '198.51.100.7, not-an-ip', want: '10.0.0.1' }],
    ['headers repeated', { peer: '10.0.0.1', xff: ['198.51.100.7', '10.0.0.5'], want: '198.51.100.7' }],
    ['no socket address', { peer: undefined, want: undefined }],
  ])('%s', (_name, { peer, xff, want }) => {
    expect(clientIp(peer, xff, proxies)).toBe(want);
  });

  it('a bad trusted proxy entry is a ConfigError', () => {
    expect(() => resolveSubjectOptions({ trustedProxies: ['10.0.0.0/33'] })).toThrow(
      'Invalid subject middleware option trustedProxies: expected IP addresses or CIDR subnets, got "10.0.0.0/33"',
    );
    expect(() => resolveSubjectOptions({ trustProxy: true } as never)).toThrow(
      'Invalid subject middleware options: unknown option "trustProxy" (did you mean "trustedProxies"?)',
    );
  });
});

describe('preferredLanguage', () => {
  it.each<[string | undefined, string | undefined]>([
    ['en-GB,en;q=0.9', 'en-GB'],
    ['fr;q=0.5, de-CH;q=0.8, *;q=0.1', 'de-CH'],
    ['*', undefined],
    ['x-<script>, es', 'es'],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %j', (header, want) => {
    expect(preferredLanguage(header)).toBe(want);
  });
});

describe('readSpCookie (seed 3.10: the domain user id is the part before the first dot)', () => {
  const cookie = `${DUID}.1700000000.7.1700000500.1699990000.${SID}.prev.first.1700000000000.12`;
  it.each<[string, string | undefined, string, unknown]>([
    [
      'the full cookie',
      `a=1; _sp_id.4f2a=${cookie}; b=2`,
      '_sp_',
      { domainUserId: DUID, sessionIndex: 7, sessionId: SID },
    ],
    [
      'URL-encoded',
      `_sp_id.4f2a=${encodeURIComponent(cookie)}`,
      '_sp_',
      { domainUserId: DUID, sessionIndex: 7, sessionId: SID },
    ],
    [
      'an old cookie: 16 hex digits, no session id',
      '_sp_id.1=0123456789abcdef.1.3.4.5',
      '_sp_',
      { domainUserId: '0123456789abcdef', sessionIndex: 3, sessionId: undefined },
    ],
    [
      'a custom cookieName',
      `_acme_id.9=${cookie}; _sp_id.9=x.1.1`,
      '_acme_',
      { domainUserId: DUID, sessionIndex: 7, sessionId: SID },
    ],
    [
      'malformed parts are left out',
      '_sp_id.1=<b>.x.0.y.z.not-a-uuid',
      '_sp_',
      { domainUserId: undefined, sessionIndex: undefined, sessionId: undefined },
    ],
    ['no such cookie', 'a=1', '_sp_', undefined],
    ['no header', undefined, '_sp_', undefined],
  ])('%s', (_name, header, cookieName, want) => {
    expect(readSpCookie(header, cookieName)).toStrictEqual(want);
  });
});
