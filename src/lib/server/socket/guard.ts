import type { Socket } from 'socket.io';
import type { ZodError, ZodType } from 'zod';
import { fail, type Ack, type ErrorCode, type HandshakeError } from '../../protocol/index.js';

export type AckFn<T> = (res: Ack<T>) => void;

const noop: AckFn<unknown> = () => {};

/** The ack callback if the peer sent one; a peer that did not ask for an answer gets none. */
export function ackOf<T>(arg: unknown): AckFn<T> {
	return typeof arg === 'function' ? (arg as AckFn<T>) : noop;
}

/** A readable reason from a zod error: the first few issues as `path: message`. */
export function describeZodError(error: ZodError, max = 3): string {
	const parts = error.issues.slice(0, max).map((issue) => {
		const path = issue.path.length > 0 ? issue.path.join('.') : '(payload)';
		// Record keys and unions nest their reasons: say the inner one, it is the useful one.
		const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message;
		return `${path}: ${inner ? `${issue.message} (${inner})` : issue.message}`;
	});
	const more = error.issues.length - max;
	return more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ');
}

export type Validated<T> = { ok: true; data: T } | { ok: false; details: string };

export function validate<T>(schema: ZodType<T>, payload: unknown): Validated<T> {
	const result = schema.safeParse(payload);
	return result.success ? { ok: true, data: result.data } : { ok: false, details: describeZodError(result.error) };
}

/** The error a namespace middleware passes to `next()` to refuse a connection with a reason. */
export function refusal(code: HandshakeError, details: string): Error & { data: { code: HandshakeError; details: string } } {
	return Object.assign(new Error(code), { data: { code, details } });
}

/**
 * Socket middleware that stops events outside `known` before any handler sees them,
 * answering through the ack (if any) and reporting through `onReject`.
 */
export function allowOnly(
	socket: Socket,
	known: ReadonlySet<string>,
	onReject: (event: string, code: ErrorCode) => void
): void {
	socket.use((packet, next) => {
		const [event] = packet;
		if (typeof event === 'string' && known.has(event)) return next();
		const name = typeof event === 'string' ? event.slice(0, 64) : typeof event;
		onReject(name, 'unknown_event');
		const last = packet[packet.length - 1];
		ackOf(last)(fail('unknown_event', `"${name}" is not an event of this namespace`));
	});
}
