/**
 * The subject middleware for `node:http`, Express and Fastify: each request's handlers run inside
 * `runWithSubject` with the subject built from the request. No framework is imported (structural types
 * only), so plowtype depends on none of them.
 */
import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithSubject } from '../request-subject.js';
import {
  resolveSubjectOptions,
  type SubjectMiddlewareOptions,
  subjectFromRequest,
} from './subject-from-request.js';

/**
 * Wraps a `node:http` request handler. Read the body with `for await (const chunk of request)`: a plain
 * `request.on('data')` listener runs outside the request's scope (AsyncLocalStorage does not follow
 * EventEmitter callbacks; bind one with `AsyncResource.bind` if you must).
 */
export function withSubject<R extends IncomingMessage, S extends ServerResponse>(
  handler: (request: R, response: S) => unknown,
  options?: SubjectMiddlewareOptions,
): (request: R, response: S) => unknown {
  const o = resolveSubjectOptions(options);
  return (request, response) =>
    runWithSubject(subjectFromRequest(request, o), () => handler(request, response));
}

/**
 * Express (and Connect) middleware. Mount it after body parsers (`express.json()`): they call `next()`
 * from the request stream's events, where the scope of a middleware mounted before them is lost.
 */
export function subjectMiddleware(
  options?: SubjectMiddlewareOptions,
): (request: IncomingMessage, response: unknown, next: () => void) => void {
  const o = resolveSubjectOptions(options);
  return (request, _response, next) => runWithSubject(subjectFromRequest(request, o), next);
}

/**
 * What {@link fastifySubject} needs of a Fastify instance. Fastify's `addHook` is a set of generic
 * overloads that no narrower structural type accepts; `any` here is what lets an instance fit without a
 * dependency on fastify's types.
 */
export interface FastifyLike {
  addHook(
    name: 'onRequest' | 'preValidation',
    hook: (request: Loose, reply: Loose, done: () => void) => void,
  ): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: see FastifyLike
type Loose = any;

/**
 * Registers the subject hooks on a Fastify instance (`fastifySubject(app, options)`, before the routes):
 * `onRequest` enters the request's scope, and `preValidation` enters it again after the body was parsed
 * (the parser's stream events left it).
 */
export function fastifySubject(app: FastifyLike, options?: SubjectMiddlewareOptions): void {
  const o = resolveSubjectOptions(options);
  const scopes = new WeakMap<object, AsyncResource>();
  app.addHook('onRequest', (request: { raw: IncomingMessage }, _reply, done) => {
    runWithSubject(subjectFromRequest(request.raw, o), () => {
      scopes.set(request, new AsyncResource('plowtype.subject'));
      done();
    });
  });
  app.addHook('preValidation', (request: object, _reply, done) => {
    const scope = scopes.get(request);
    if (scope === undefined) done();
    else scope.runInAsyncScope(done);
  });
}
