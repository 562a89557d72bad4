/**
 * A request-scoped subject: `runWithSubject(subject, fn)` makes every track call inside `fn` (however deep,
 * however many awaits later) use `subject` merged over its tracker's, so a server needs neither a tracker
 * per user nor a `subject` option on every call. Built on AsyncLocalStorage, which follows async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { breach } from './contracts.js';
import { Subject, SubjectFields } from './subject.js';

const storage = new AsyncLocalStorage<Subject>();

/**
 * Runs `fn` with `subject` as the request's subject and returns what `fn` returns. Precedence per field:
 * a track call's `subject` option, then this subject, then the tracker's. Nested calls replace the outer
 * subject for their inner `fn`.
 */
export function runWithSubject<T>(subject: Subject, fn: () => T): T {
  if (!(subject instanceof Subject)) breach('runWithSubject', 'subject', 'a Subject', subject);
  if (typeof fn !== 'function') breach('runWithSubject', 'fn', 'a function', fn);
  return storage.run(subject, fn);
}

/** The subject of the current `runWithSubject`, if any. */
export function currentSubject(): Subject | undefined {
  return storage.getStore();
}

/**
 * The fields that win over the tracker's subject for one event: the call's subject over the request's,
 * field by field. A new object only when both are set.
 */
export function overrideFields(call: Subject | null | undefined): Readonly<SubjectFields> | undefined {
  const request = storage.getStore();
  if (call == null) return request?.fields;
  if (request === undefined) return call.fields;
  const merged = Object.assign(new SubjectFields(), request.fields);
  for (const [key, value] of Object.entries(call.fields)) {
    if (value !== undefined) merged[key as keyof SubjectFields] = value;
  }
  return merged;
}
