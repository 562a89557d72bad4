export { decodeBase64Url, encodeBase64Url } from './base64.js';
export { contractsEnabled, disableContracts, enableContracts } from './contracts.js';
export type { AsyncEmitterOptions } from './emitters/async.js';
export { AsyncEmitter } from './emitters/async.js';
export type { DeliveryErrorCode, DeliveryFailure } from './emitters/failure.js';
export { DeliveryError } from './emitters/failure.js';
export { Emitter } from './emitters/http.js';
export { InMemoryEmitter } from './emitters/memory.js';
export type { EmitterOptions } from './emitters/options.js';
export type { HttpMethod } from './emitters/request.js';
export { GET_PATH, PAYLOAD_DATA_SCHEMA, POST_PATH } from './emitters/request.js';
export type { RetryOptions } from './emitters/retry.js';
export type { EventStore, MemoryStoreOptions, StoredEvent, WhenFull } from './emitters/store.js';
export { MemoryStore } from './emitters/store.js';
export type { ErrorCode, SchemaViolation } from './errors.js';
export { ConfigError, ContractError, isTrackerError, TrackerError, ValidationError } from './errors.js';
export type {
  EcommerceTransaction,
  EcommerceTransactionItem,
  EventOptions,
  PageView,
  ScreenView,
  SelfDescribingEvent,
  StructEvent,
  TransactionItem,
} from './events.js';
export type {
  ContextEvent,
  ContextGenerator,
  ContextPrimitive,
  FilterProvider,
  GlobalContext,
  RuleSet,
  RuleSetProvider,
} from './global-contexts.js';
export { IGLU_URI_PATTERN, parseIgluUri } from './iglu/key.js';
export type { Logger, LoggerOptions, LogLevel, LogSink, MessageLevel, MetaFirstLogger } from './logger.js';
export { createLogger, defaultLogger, fromPino, setDefaultLogger, setLogLevel } from './logger.js';
export type { FastifyLike } from './middleware/adapters.js';
export { fastifySubject, subjectMiddleware, withSubject } from './middleware/adapters.js';
export type { TrustedProxies } from './middleware/client-ip.js';
export type { SubjectMiddlewareOptions } from './middleware/subject-from-request.js';
export type { JsonInput } from './payload.js';
export { CONTEXTS_SCHEMA, UNSTRUCT_EVENT_SCHEMA } from './payload.js';
export type { Plugin, TrackedEvent } from './plugin.js';
export { currentSubject, runWithSubject } from './request-subject.js';
export type { IgluUriLiteral, IgluUriParts, SchemaUri } from './schema-uri.js';
export { schemaUri } from './schema-uri.js';
export type { Platform, SubjectFields } from './subject.js';
export { DEFAULT_PLATFORM, PLATFORMS, Subject } from './subject.js';
export { SCREEN_VIEW_SCHEMA, Tracker } from './tracker.js';
export type { TrackerOptions, ValidationMode } from './tracker-options.js';
export type { EmitterLike, Entity, JsonValue, Payload, SelfDescribingJson } from './types.js';
export { TRACKER_VERSION, VERSION } from './version.js';
