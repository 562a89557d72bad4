/**
 * Builds the Subject of an incoming HTTP request: the client's IP (through trusted proxies), user agent,
 * preferred language, and the JavaScript tracker's `_sp_id.*` cookie. The request is client input:
 * nothing in it makes this throw, and a malformed field is left out.
 */
import type { IncomingMessage } from 'node:http';
import { ConfigError } from '../errors.js';
import { checkKnownKeys } from '../option-keys.js';
import { Subject } from '../subject.js';
import { clientIp, type TrustedProxies, trustTest } from './client-ip.js';
import { readSpCookie } from './sp-cookie.js';

/** Options of the subject middleware (`subjectMiddleware`, `withSubject`, `fastifySubject`). */
export interface SubjectMiddlewareOptions {
  /**
   * Peers whose `X-Forwarded-For` is believed: IP addresses and CIDR subnets (`['10.0.0.0/8', '::1']`), or
   * a function. Only set it to your own proxies: any client can write the header.
   * @default [] (the socket's peer is the client)
   */
  trustedProxies?: TrustedProxies;
  /** The JavaScript tracker's `cookieName`; the cookie read is `<cookieName>id.*`. @default '_sp_' */
  cookieName?: string;
  /** Adds what only your app knows (a user id from its session) to each request's subject. */
  extend?: (subject: Subject, request: IncomingMessage) => void;
}

/** Options after checking, ready for every request. */
export interface ResolvedSubjectOptions {
  readonly trusted: (address: string) => boolean;
  readonly cookieName: string;
  readonly extend: ((subject: Subject, request: IncomingMessage) => void) | undefined;
}

/** Checks the options once; a bad one is a ConfigError naming it. */
export function resolveSubjectOptions(options: SubjectMiddlewareOptions = {}): ResolvedSubjectOptions {
  checkKnownKeys('subject middleware', options, ['trustedProxies', 'cookieName', 'extend']);
  const { trustedProxies = [], cookieName = '_sp_', extend } = options;
  if (typeof trustedProxies !== 'function' && !Array.isArray(trustedProxies)) {
    throw new ConfigError(
      'Invalid subject middleware option trustedProxies: expected an array or a function',
    );
  }
  if (typeof cookieName !== 'string' || cookieName === '') {
    throw new ConfigError('Invalid subject middleware option cookieName: expected a non-empty string');
  }
  if (extend !== undefined && typeof extend !== 'function') {
    throw new ConfigError('Invalid subject middleware option extend: expected a function');
  }
  return { trusted: trustTest(trustedProxies), cookieName, extend };
}

/** The language the client prefers most (highest `q`, first on a tie) from `Accept-Language`. */
export function preferredLanguage(header: string | undefined): string | undefined {
  let best: string | undefined;
  let bestQ = 0;
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (/^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(tag) && weight > bestQ) {
      best = tag;
      bestQ = weight;
    }
  }
  return best;
}

/** The subject of one request. */
export function subjectFromRequest(request: IncomingMessage, options: ResolvedSubjectOptions): Subject {
  const subject = new Subject();
  const { headers } = request;
  const ip = clientIp(request.socket?.remoteAddress, headers['x-forwarded-for'], options.trusted);
  if (ip) subject.setIpAddress(ip);
  const ua = headers['user-agent'];
  if (ua) subject.setUseragent(ua);
  const lang = preferredLanguage(headers['accept-language']);
  if (lang) subject.setLang(lang);
  const cookie = readSpCookie(headers.cookie, options.cookieName);
  if (cookie?.domainUserId) subject.setDomainUserId(cookie.domainUserId);
  if (cookie?.sessionId) subject.setDomainSessionId(cookie.sessionId);
  if (cookie?.sessionIndex) subject.setDomainSessionIndex(cookie.sessionIndex);
  options.extend?.(subject, request);
  return subject;
}
