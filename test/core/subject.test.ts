import { describe, expect, it } from 'vitest';
import { DEFAULT_PLATFORM, PLATFORMS, Subject } from '../../src/index.js';

type Fields = Subject['fields'];
const table: [string, { given: (s: Subject) => Subject; want: Partial<Fields> }][] = [
  ['setPlatform', { given: (s) => s.setPlatform('iot'), want: { p: 'iot' } }],
  ['setUserId', { given: (s) => s.setUserId('jo@example.com'), want: { uid: 'jo@example.com' } }],
  [
    'setScreenResolution (width, height)',
    { given: (s) => s.setScreenResolution(1366, 768), want: { res: '1366x768' } },
  ],
  ['setViewport (width, height)', { given: (s) => s.setViewport(300, 200), want: { vp: '300x200' } }],
  ['setColorDepth', { given: (s) => s.setColorDepth(32), want: { cd: '32' } }],
  ['setTimezone', { given: (s) => s.setTimezone('Europe/London'), want: { tz: 'Europe/London' } }],
  ['setLang', { given: (s) => s.setLang('en'), want: { lang: 'en' } }],
  ['setIpAddress', { given: (s) => s.setIpAddress('2001:db8::1'), want: { ip: '2001:db8::1' } }],
  ['setUseragent', { given: (s) => s.setUseragent('Mozilla/5.0'), want: { ua: 'Mozilla/5.0' } }],
  ['setDomainUserId', { given: (s) => s.setDomainUserId('d-1'), want: { duid: 'd-1' } }],
  ['setNetworkUserId (sent as tnuid)', { given: (s) => s.setNetworkUserId('n-1'), want: { tnuid: 'n-1' } }],
  [
    'setDomainSessionId',
    {
      given: (s) => s.setDomainSessionId('5F0C5A8E-1D2B-4C3A-9E4F-6A7B8C9D0E1F'),
      want: { sid: '5F0C5A8E-1D2B-4C3A-9E4F-6A7B8C9D0E1F' },
    },
  ],
  ['setDomainSessionIndex', { given: (s) => s.setDomainSessionIndex(12), want: { vid: '12' } }],
  [
    'a later call replaces an earlier one',
    { given: (s) => s.setUserId('a').setUserId('b'), want: { uid: 'b' } },
  ],
];

describe('Subject', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const subject = new Subject();
    expect(given(subject)).toBe(subject);
    const set = Object.fromEntries(Object.entries(subject.fields).filter(([, v]) => v !== undefined));
    expect(set).toStrictEqual(want);
  });

  it('knows the nine platforms of the Tracker Protocol and defaults to srv', () => {
    expect(PLATFORMS).toStrictEqual(['pc', 'tv', 'mob', 'cnsl', 'iot', 'web', 'srv', 'app', 'headset']);
    expect(DEFAULT_PLATFORM).toBe('srv');
    expect(new Subject().fields.p).toBeUndefined(); // unset: the tracker sends the default
  });
});
