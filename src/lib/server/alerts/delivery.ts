import type { Logger } from '../logger.js';
import type { AlertRepository, DestinationWithSecret, OutboxRow } from './repository.js';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signing.js';

export interface DeliveryOptions {
	repo: AlertRepository;
	destination: (id: string) => DestinationWithSecret | undefined;
	log: Logger;
	userAgent: string;
	timeoutMs: number;
	/** First retry delay; doubles per attempt (±50 % jitter) up to `retryMaxMs`. */
	retryBaseMs: number;
	retryMaxMs: number;
	/** A notification not delivered this long after it was queued is given up (status failed). */
	giveUpMs: number;
	now?: () => number;
}

const POLL_MS = 1_000;

/**
 * Sends the webhook outbox. Each destination gets its notifications one at a time, oldest
 * first (a receiver sees firing before resolved); a failed attempt is retried with
 * exponential backoff and jitter until it succeeds or `giveUpMs` passes. Every state lives in
 * the outbox table, so a restart resumes where it stopped. Each notification carries the same
 * Idempotency-Key on every attempt, for receivers to drop a repeat after a lost response.
 */
export class WebhookDelivery {
	private timer: NodeJS.Timeout | null = null;
	private running: Promise<void> | null = null;
	private again = false;
	private stopped = false;
	private readonly now: () => number;

	constructor(private readonly o: DeliveryOptions) {
		this.now = o.now ?? Date.now;
	}

	start(): void {
		this.timer = setInterval(() => this.kick(), POLL_MS);
		this.timer.unref();
		this.kick();
	}

	/** Something was queued: send now rather than at the next poll. */
	kick(): void {
		if (this.stopped) return;
		if (this.running) {
			this.again = true;
			return;
		}
		this.running = this.run().finally(() => {
			this.running = null;
			if (this.again) {
				this.again = false;
				this.kick();
			}
		});
	}

	/** Stops polling and waits (bounded by the request timeout) for attempts under way. */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
		await this.running;
	}

	private async run(): Promise<void> {
		try {
			const due = this.o.repo.due(this.now());
			await Promise.all(due.map((row) => this.attempt(row)));
		} catch (err) {
			this.o.log.error({ err }, 'webhook delivery round failed');
		}
	}

	private async attempt(row: OutboxRow): Promise<void> {
		const dest = this.o.destination(row.destinationId);
		if (!dest) {
			this.o.repo.recordAttempt(row.id, { status: 'failed', code: null, error: 'the destination was deleted', nextAttemptAt: null, deliveredAt: null });
			return;
		}
		if (!dest.enabled) return; // paused: stays queued until the destination is enabled again
		const headers: Record<string, string> = {
			...dest.headers,
			'content-type': 'application/json',
			'user-agent': this.o.userAgent,
			'idempotency-key': row.key
		};
		if (dest.secret) {
			const ts = Math.floor(this.now() / 1000);
			headers[TIMESTAMP_HEADER] = String(ts);
			headers[SIGNATURE_HEADER] = sign(dest.secret, ts, row.body);
		}
		let code: number | null = null;
		let error: string | null = null;
		try {
			const res = await fetch(dest.url, { method: 'POST', headers, body: row.body, redirect: 'manual', signal: AbortSignal.timeout(this.o.timeoutMs) });
			code = res.status;
			await res.body?.cancel().catch(() => undefined);
			if (res.ok) {
				this.o.repo.recordAttempt(row.id, { status: 'delivered', code, error: null, nextAttemptAt: null, deliveredAt: this.now() });
				this.o.log.info({ delivery: row.id, destination: dest.name, kind: row.kind, attempts: row.attempts + 1 }, 'webhook delivered');
				return;
			}
			error = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
		} catch (err) {
			const cause = (err as { cause?: { code?: string; message?: string } }).cause;
			error = (err as Error).name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (cause?.code ?? cause?.message ?? (err as Error).message);
		}
		const now = this.now();
		if (now - row.createdAt >= this.o.giveUpMs) {
			this.o.repo.recordAttempt(row.id, { status: 'failed', code, error: `${error}; gave up after ${row.attempts + 1} attempts`, nextAttemptAt: null, deliveredAt: null });
			this.o.log.error({ delivery: row.id, destination: dest.name, error }, 'webhook given up');
			return;
		}
		const delay = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** row.attempts) * (0.5 + Math.random());
		this.o.repo.recordAttempt(row.id, { status: 'retrying', code, error, nextAttemptAt: Math.round(now + delay), deliveredAt: null });
		this.o.log.warn({ delivery: row.id, destination: dest.name, error, retryInMs: Math.round(delay) }, 'webhook failed; will retry');
	}
}
