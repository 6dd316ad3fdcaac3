import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Pulse-Signature';
export const TIMESTAMP_HEADER = 'X-Pulse-Timestamp';

/**
 * Signs a delivery: HMAC-SHA256 over `<timestamp>.<body>` with the destination's secret, as
 * `v1=<hex>`. The timestamp (Unix seconds) is signed too, so a receiver can refuse replays
 * of old requests (docs/webhooks.md shows how to verify).
 */
export function sign(secret: string, timestamp: number, body: string): string {
	return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, and bound the age. */
export function verify(secret: string, timestamp: number, body: string, signature: string, nowS: number, toleranceS = 300): boolean {
	if (!Number.isFinite(timestamp) || Math.abs(nowS - timestamp) > toleranceS) return false;
	const expected = Buffer.from(sign(secret, timestamp, body));
	const given = Buffer.from(signature);
	return expected.length === given.length && timingSafeEqual(expected, given);
}
