/**
 * The canonical inference model, version 1 (`georoute-inference-v1`): what every surface parses into and every
 * provider converts from. Types only. Changes after v1 are additive (a new optional member, a new union member that
 * converters must handle); anything else is a new version.
 */
export type * from './inference-json.js';
export type * from './inference-content-parts.js';
export type * from './inference-messages.js';
export type * from './inference-tools.js';
export type * from './inference-settings.js';
export type * from './inference-request.js';
export type * from './inference-usage.js';
export type * from './inference-result.js';
export type * from './inference-stream-part.js';
export type * from './wire-format.js';
export type * from './deployment-capabilities.js';
export type * from './inference-provider-contract.js';
export type * from './inbound-surface-contract.js';
export type * from './inference-embedding-request.js';
export type * from './inference-embedding-result.js';
export type * from './inference-embedding-provider-contract.js';
