/**
 * Wire protocol version. Bumped on any incompatible change; agents send it in the handshake
 * and the server refuses versions it does not speak (see docs/protocol.md).
 */
export const PROTOCOL_VERSION = 1;

/** Versions this build of the server accepts from agents. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];
