import { randomUUID } from 'node:crypto';
import type { AlertEvent, Delivery, DeliveryStatus, Destination, DestinationSpec, Rule, RuleSpec } from '../../protocol/index.js';
import type { Db } from '../store/sqlite/database.js';
import type { AlertStateRecord } from './engine.js';

/** A destination with its secret, for the delivery side only. */
export interface DestinationWithSecret extends Destination {
	secret: string | null;
}

/** A row of the outbox, for the delivery worker. */
export interface OutboxRow extends Delivery {
	body: string;
}

type OutboxDbRow = {
	id: string;
	key: string;
	destination_id: string;
	destination_name: string;
	event_id: string | null;
	kind: string;
	summary: string;
	body: string;
	status: DeliveryStatus;
	attempts: number;
	last_status: number | null;
	last_error: string | null;
	created_at: number;
	next_attempt_at: number | null;
	delivered_at: number | null;
};

const toDelivery = (r: OutboxDbRow): OutboxRow => ({
	id: r.id,
	key: r.key,
	destinationId: r.destination_id,
	destinationName: r.destination_name,
	eventId: r.event_id,
	kind: r.kind,
	summary: r.summary,
	body: r.body,
	status: r.status,
	attempts: r.attempts,
	lastStatusCode: r.last_status,
	lastError: r.last_error,
	createdAt: r.created_at,
	nextAttemptAt: r.next_attempt_at,
	deliveredAt: r.delivered_at
});

/** Alert rules, destinations, states, history and the webhook outbox in the database. */
export class AlertRepository {
	constructor(private readonly db: Db) {}

	rules(): Rule[] {
		return (this.db.prepare('SELECT id, spec, created_at, updated_at FROM alert_rules ORDER BY created_at, rowid').all() as { id: string; spec: string; created_at: number; updated_at: number }[]).map(
			(r) => ({ ...(JSON.parse(r.spec) as RuleSpec), id: r.id, createdAt: r.created_at, updatedAt: r.updated_at })
		);
	}

	saveRule(spec: RuleSpec, now: number, id: string = randomUUID()): Rule {
		this.db
			.prepare('INSERT INTO alert_rules (id, spec, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at')
			.run(id, JSON.stringify(spec), now, now);
		return this.rules().find((r) => r.id === id)!;
	}

	deleteRule(id: string): boolean {
		return this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
	}

	destinations(): DestinationWithSecret[] {
		return (this.db.prepare('SELECT id, spec, created_at, updated_at FROM alert_destinations ORDER BY created_at, rowid').all() as { id: string; spec: string; created_at: number; updated_at: number }[]).map((r) => {
			const { secret, ...spec } = JSON.parse(r.spec) as DestinationSpec;
			return { ...spec, id: r.id, hasSecret: Boolean(secret), secret: secret ?? null, createdAt: r.created_at, updatedAt: r.updated_at };
		});
	}

	saveDestination(spec: DestinationSpec, now: number, id: string = randomUUID()): DestinationWithSecret {
		this.db
			.prepare('INSERT INTO alert_destinations (id, spec, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at')
			.run(id, JSON.stringify(spec), now, now);
		return this.destinations().find((d) => d.id === id)!;
	}

	deleteDestination(id: string): boolean {
		return this.db.prepare('DELETE FROM alert_destinations WHERE id = ?').run(id).changes > 0;
	}

	states(): AlertStateRecord[] {
		return (this.db.prepare('SELECT * FROM alert_states').all() as Record<string, unknown>[]).map((r) => ({
			ruleId: r.rule_id as string,
			hostId: r.host_id as string,
			state: r.state as 'pending' | 'firing',
			since: r.since as number,
			firedAt: r.fired_at as number | null,
			value: r.value as number | null,
			lastNotifiedAt: r.last_notified_at as number | null
		}));
	}

	/**
	 * Applies an evaluation's state changes and records its events and their notifications in
	 * one transaction: a crash leaves either all of it or none (so nothing fires twice).
	 */
	commit(upserts: readonly AlertStateRecord[], removals: readonly { ruleId: string; hostId: string }[], events: readonly AlertEvent[], notifications: readonly Omit<OutboxRow, 'id'>[]): void {
		const upsert = this.db.prepare(
			`INSERT INTO alert_states (rule_id, host_id, state, since, fired_at, value, last_notified_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (rule_id, host_id) DO UPDATE SET state = excluded.state, since = excluded.since, fired_at = excluded.fired_at, value = excluded.value, last_notified_at = excluded.last_notified_at`
		);
		const remove = this.db.prepare('DELETE FROM alert_states WHERE rule_id = ? AND host_id = ?');
		const event = this.db.prepare('INSERT INTO alert_events (id, host_id, at, body) VALUES (?, ?, ?, ?)');
		this.db.transaction(() => {
			for (const s of upserts) upsert.run(s.ruleId, s.hostId, s.state, s.since, s.firedAt, s.value, s.lastNotifiedAt);
			for (const r of removals) remove.run(r.ruleId, r.hostId);
			for (const e of events) event.run(e.id, e.hostId, e.at, JSON.stringify(e));
			for (const n of notifications) this.enqueueInTransaction(n);
		})();
	}

	enqueue(n: Omit<OutboxRow, 'id'>): OutboxRow {
		const id = this.enqueueInTransaction(n);
		return this.delivery(id)!;
	}

	events(hostId: string | null, limit: number): AlertEvent[] {
		const rows = hostId
			? this.db.prepare('SELECT body FROM alert_events WHERE host_id = ? ORDER BY at DESC LIMIT ?').all(hostId, limit)
			: this.db.prepare('SELECT body FROM alert_events ORDER BY at DESC LIMIT ?').all(limit);
		return (rows as { body: string }[]).map((r) => JSON.parse(r.body) as AlertEvent);
	}

	deliveries(limit: number): Delivery[] {
		return (this.db.prepare('SELECT * FROM webhook_outbox ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as OutboxDbRow[]).map((r) => {
			const { body: _body, ...delivery } = toDelivery(r);
			return delivery;
		});
	}

	delivery(id: string): OutboxRow | undefined {
		const row = this.db.prepare('SELECT * FROM webhook_outbox WHERE id = ?').get(id) as OutboxDbRow | undefined;
		return row ? toDelivery(row) : undefined;
	}

	/**
	 * The next notification to try for each destination: its oldest one not yet delivered or
	 * given up, if due. Oldest first per destination, so a receiver sees firing before resolved.
	 */
	due(now: number): OutboxRow[] {
		const rows = this.db
			.prepare(
				`SELECT o.* FROM webhook_outbox o
				 WHERE o.status IN ('pending', 'retrying')
				   AND o.rowid = (SELECT MIN(rowid) FROM webhook_outbox p WHERE p.destination_id = o.destination_id AND p.status IN ('pending', 'retrying'))
				   AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)`
			)
			.all(now) as OutboxDbRow[];
		return rows.map(toDelivery);
	}

	recordAttempt(id: string, outcome: { status: DeliveryStatus; code: number | null; error: string | null; nextAttemptAt: number | null; deliveredAt: number | null }): void {
		this.db
			.prepare('UPDATE webhook_outbox SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?')
			.run(outcome.status, outcome.code, outcome.error, outcome.nextAttemptAt, outcome.deliveredAt, id);
	}

	/** Drops history and finished deliveries older than `before`. */
	prune(before: number): void {
		this.db.prepare('DELETE FROM alert_events WHERE at < ?').run(before);
		this.db.prepare("DELETE FROM webhook_outbox WHERE created_at < ? AND status IN ('delivered', 'failed')").run(before);
	}

	meta(key: string): string | null {
		return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
	}

	setMeta(key: string, value: string): void {
		this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
	}

	private enqueueInTransaction(n: Omit<OutboxRow, 'id'>): string {
		const id = randomUUID();
		this.db
			.prepare(
				`INSERT INTO webhook_outbox (id, key, destination_id, destination_name, event_id, kind, summary, body, status, attempts, created_at, next_attempt_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL) ON CONFLICT (key) DO NOTHING`
			)
			.run(id, n.key, n.destinationId, n.destinationName, n.eventId, n.kind, n.summary, n.body, n.createdAt);
		return id;
	}
}
