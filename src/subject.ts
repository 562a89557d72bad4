import {
  breach,
  checkNonEmptyString,
  checkPositiveInteger,
  checkUuid,
  contractsEnabled,
} from './contracts.js';

/** Platforms of the Tracker Protocol (`p`). */
export const PLATFORMS = ['pc', 'tv', 'mob', 'cnsl', 'iot', 'web', 'srv', 'app', 'headset'] as const;

/** One platform of the Tracker Protocol. */
export type Platform = (typeof PLATFORMS)[number];

/**
 * The platform sent when no subject sets one.
 *
 * Deliberately `srv`, not the seed's `pc`: plowtype runs in Node servers, and `srv` is what the
 * Tracker Protocol defines for server-side trackers (the official Node tracker sends it too). `pc` would
 * tell the pipeline the events came from a desktop application.
 */
export const DEFAULT_PLATFORM: Platform = 'srv';

/**
 * The payload values of a subject, by Tracker Protocol key, already formatted as strings. Every key is
 * always present (undefined when unset), so all subjects share one object shape.
 */
export class SubjectFields {
  p: string | undefined = undefined;
  uid: string | undefined = undefined;
  res: string | undefined = undefined;
  vp: string | undefined = undefined;
  cd: string | undefined = undefined;
  tz: string | undefined = undefined;
  lang: string | undefined = undefined;
  ip: string | undefined = undefined;
  ua: string | undefined = undefined;
  duid: string | undefined = undefined;
  tnuid: string | undefined = undefined;
  sid: string | undefined = undefined;
  vid: string | undefined = undefined;
}

const isPlatform = (value: unknown): value is Platform => PLATFORMS.includes(value as Platform);

/**
 * The user (and device) that events are about (seed section 3). Setters chain. A tracker has one
 * subject; a track call may pass another in `subject`, whose set fields win over the tracker's.
 */
export class Subject {
  /** What this subject adds to a payload; read by the tracker, written only by the setters. */
  readonly fields: Readonly<SubjectFields> = new SubjectFields();

  #set(key: keyof SubjectFields, value: string): this {
    (this.fields as SubjectFields)[key] = value;
    return this;
  }

  /** Platform (`p`), one of {@link PLATFORMS}. Unset, events carry {@link DEFAULT_PLATFORM}. */
  setPlatform(platform: Platform): this {
    if (contractsEnabled() && !isPlatform(platform)) {
      breach('Subject.setPlatform', 'platform', `one of ${PLATFORMS.join(', ')}`, platform);
    }
    return this.#set('p', platform);
  }

  /** Business user id (`uid`). */
  setUserId(userId: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setUserId', 'userId', userId);
    return this.#set('uid', userId);
  }

  /** Device screen resolution (`res`, `WxH`). */
  setScreenResolution(width: number, height: number): this {
    if (contractsEnabled()) {
      checkPositiveInteger('Subject.setScreenResolution', 'width', width);
      checkPositiveInteger('Subject.setScreenResolution', 'height', height);
    }
    return this.#set('res', `${width}x${height}`);
  }

  /** Viewport dimensions (`vp`, `WxH`). */
  setViewport(width: number, height: number): this {
    if (contractsEnabled()) {
      checkPositiveInteger('Subject.setViewport', 'width', width);
      checkPositiveInteger('Subject.setViewport', 'height', height);
    }
    return this.#set('vp', `${width}x${height}`);
  }

  /** Colour depth in bits per pixel (`cd`). */
  setColorDepth(depth: number): this {
    if (contractsEnabled()) checkPositiveInteger('Subject.setColorDepth', 'depth', depth);
    return this.#set('cd', String(depth));
  }

  /** Time zone (`tz`), e.g. `Europe/London`. */
  setTimezone(timezone: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setTimezone', 'timezone', timezone);
    return this.#set('tz', timezone);
  }

  /** Language (`lang`), e.g. `en-GB`. */
  setLang(lang: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setLang', 'lang', lang);
    return this.#set('lang', lang);
  }

  /** The user's IP address (`ip`); without it the collector records the request's address. */
  setIpAddress(ip: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setIpAddress', 'ip', ip);
    return this.#set('ip', ip);
  }

  /** The user's user agent (`ua`); it overrides the request's header in Enrich. */
  setUseragent(useragent: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setUseragent', 'useragent', useragent);
    return this.#set('ua', useragent);
  }

  /** Domain user id (`duid`): the JavaScript tracker's first-party cookie id. */
  setDomainUserId(domainUserId: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setDomainUserId', 'domainUserId', domainUserId);
    return this.#set('duid', domainUserId);
  }

  /**
   * Network user id, sent as `tnuid` (as the Python tracker does), not the Node tracker's `nuid`: Enrich
   * lets `tnuid` override the collector's cookie id, while `nuid` is what the collector itself sets.
   */
  setNetworkUserId(networkUserId: string): this {
    if (contractsEnabled()) checkNonEmptyString('Subject.setNetworkUserId', 'networkUserId', networkUserId);
    return this.#set('tnuid', networkUserId);
  }

  /** Domain session id (`sid`); Enrich rejects a non-UUID, so one is required. */
  setDomainSessionId(sessionId: string): this {
    if (contractsEnabled()) checkUuid('Subject.setDomainSessionId', 'sessionId', sessionId);
    return this.#set('sid', sessionId);
  }

  /** Domain session index (`vid`), counting from 1. */
  setDomainSessionIndex(index: number): this {
    if (contractsEnabled()) checkPositiveInteger('Subject.setDomainSessionIndex', 'index', index);
    return this.#set('vid', String(index));
  }
}
