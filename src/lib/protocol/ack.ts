/** Every acknowledgement is a tagged union: success with data, or a code from a fixed list. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; details?: string };

/** Codes an ack may carry; documented in docs/protocol.md. */
export const ERROR_CODES = [
	'invalid_payload',
	'unknown_event',
	'hello_required',
	'host_mismatch',
	'internal'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Reasons the server gives when it refuses a connection (the `connect_error` message). */
export const HANDSHAKE_ERRORS = ['invalid_handshake', 'unauthorized', 'unsupported_protocol'] as const;
export type HandshakeError = (typeof HANDSHAKE_ERRORS)[number];

export function ok<T>(data: T): Ack<T> {
	return { ok: true, data };
}

export function fail(error: ErrorCode, details?: string): Ack<never> {
	return details === undefined ? { ok: false, error } : { ok: false, error, details };
}
