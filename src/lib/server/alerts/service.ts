import { z } from 'zod';
import {
	DestinationInputSchema,
	RuleInputSchema,
	type ActiveAlerts,
	type AlertEvent,
	type Delivery,
	type Destination,
	type Rule,
	type RuleInput
} from '../../protocol/index.js';
import type { HostRecord, HostRegistry } from '../hosts/registry.js';
import type { Logger } from '../logger.js';
import { describeZodError } from '../socket/guard.js';
import { randomUUID } from 'node:crypto';
import { AlertEngine, type AlertStateRecord, type EngineResult, type HostView } from './engine.js';
import { WebhookDelivery } from './delivery.js';
import { renderPayload, type Notice } from './payloads.js';
import type { AlertRepository, DestinationWithSecret, OutboxRow } from './repository.js';

export interface AlertServiceOptions {
	repo: AlertRepository;
	registry: HostRegistry;
	/** Pushes the active list to dashboards (the `alerts` room). */
	publish: (active: ActiveAlerts) => void;
	log: Logger;
	publicUrl: string;
	userAgent: string;
	webhook: { timeoutMs: number; retryBaseMs: number; retryMaxMs: number; giveUpMs: number };
	historyMs: number;
	now?: () => number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404; details: string };

/** Rules shipped with Pulse, created on the first start; edit or delete them like any other. */
export const DEFAULT_RULES: RuleInput[] = [
	{ name: 'Host offline', metric: 'offline', forS: 30, severity: 'critical', summary: '{hostname} is offline' },
	{ name: 'CPU high', metric: 'cpu', comparator: '>', threshold: 90, forS: 300, severity: 'warning', summary: 'CPU on {hostname} at {value} %' },
	{ name: 'Memory high', metric: 'mem', comparator: '>', threshold: 90, forS: 300, severity: 'warning', summary: 'Memory on {hostname} at {value} %' },
	{ name: 'Filesystem full', metric: 'disk', mount: '*', comparator: '>', threshold: 90, forS: 0, severity: 'critical', summary: 'A filesystem on {hostname} is {value} % full' }
];

const DestinationUpdateSchema = DestinationInputSchema.extend({ removeSecret: z.boolean().optional() });

/**
 * Alerts, end to end: rule and destination management (validated), the engine fed by
 * samples and a 1 s tick, persisted state and history, notifications queued in the same
 * transaction as the state change that causes them, and delivery of the outbox.
 */
export class AlertService {
	private readonly engine: AlertEngine;
	private readonly delivery: WebhookDelivery;
	private readonly now: () => number;
	private rules: Rule[];
	private destinations: DestinationWithSecret[];
	private timer: NodeJS.Timeout | null = null;
	private pruneTimer: NodeJS.Timeout | null = null;

	constructor(private readonly o: AlertServiceOptions) {
		this.now = o.now ?? Date.now;
		if (o.repo.meta('alerts_seeded') === null) {
			for (const input of DEFAULT_RULES) o.repo.saveRule(RuleInputSchema.parse(input), this.now());
			o.repo.setMeta('alerts_seeded', String(this.now()));
		}
		this.rules = o.repo.rules();
		this.destinations = o.repo.destinations();
		this.engine = new AlertEngine(o.repo.states());
		this.engine.setRules(this.rules);
		this.delivery = new WebhookDelivery({
			repo: o.repo,
			destination: (id) => this.destinations.find((d) => d.id === id),
			log: o.log,
			userAgent: o.userAgent,
			...o.webhook,
			now: this.now
		});
	}

	start(): void {
		this.delivery.start();
		this.timer = setInterval(() => this.tick(), 1_000);
		this.timer.unref();
		this.pruneTimer = setInterval(() => this.o.repo.prune(this.now() - this.o.historyMs), 3_600_000);
		this.pruneTimer.unref();
	}

	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		if (this.pruneTimer) clearInterval(this.pruneTimer);
		await this.delivery.stop();
	}

	// ---- evaluation

	/** A host's newest sample changed: evaluate its value rules. */
	onSample(hostId: string): void {
		const host = this.o.registry.get(hostId);
		if (host) this.apply(this.engine.onSample(view(host), this.now()));
	}

	tick(): void {
		this.apply(this.engine.tick(this.hostViews(), this.now()));
	}

	active(): ActiveAlerts {
		return { serverTime: this.now(), alerts: this.engine.active((s) => this.summaryOf(s)) };
	}

	history(hostId: string | null, limit: number): AlertEvent[] {
		return this.o.repo.events(hostId, limit);
	}

	deliveries(limit: number): Delivery[] {
		return this.o.repo.deliveries(limit);
	}

	// ---- rules

	listRules(): Rule[] {
		return this.rules;
	}

	saveRule(input: unknown, id?: string): Outcome<Rule> {
		if (id !== undefined && !this.rules.some((r) => r.id === id)) return { ok: false, status: 404, details: `no rule "${id}"` };
		const parsed = RuleInputSchema.safeParse(input);
		if (!parsed.success) return { ok: false, status: 400, details: describeZodError(parsed.error) };
		const rule = this.o.repo.saveRule(parsed.data, this.now(), id);
		this.reloadRules(new Map());
		return { ok: true, value: rule };
	}

	deleteRule(id: string): Outcome<null> {
		const rule = this.rules.find((r) => r.id === id);
		if (!rule || !this.o.repo.deleteRule(id)) return { ok: false, status: 404, details: `no rule "${id}"` };
		this.reloadRules(new Map([[id, rule]]));
		return { ok: true, value: null };
	}

	// ---- destinations

	listDestinations(): Destination[] {
		return this.destinations.map(({ secret: _secret, ...d }) => d);
	}

	saveDestination(input: unknown, id?: string): Outcome<Destination> {
		const existing = id === undefined ? undefined : this.destinations.find((d) => d.id === id);
		if (id !== undefined && !existing) return { ok: false, status: 404, details: `no destination "${id}"` };
		const parsed = DestinationUpdateSchema.safeParse(input);
		if (!parsed.success) return { ok: false, status: 400, details: describeZodError(parsed.error) };
		const { removeSecret, ...spec } = parsed.data;
		// On update, an omitted secret keeps the one stored (the API never shows it back).
		const secret = removeSecret ? undefined : (spec.secret ?? existing?.secret ?? undefined);
		const saved = this.o.repo.saveDestination({ ...spec, ...(secret ? { secret } : { secret: undefined }) }, this.now(), id);
		this.destinations = this.o.repo.destinations();
		this.delivery.kick();
		const { secret: _secret, ...shown } = saved;
		return { ok: true, value: shown };
	}

	deleteDestination(id: string): Outcome<null> {
		if (!this.o.repo.deleteDestination(id)) return { ok: false, status: 404, details: `no destination "${id}"` };
		this.destinations = this.o.repo.destinations();
		return { ok: true, value: null };
	}

	/** Queues a test notification to one destination (the "send test" button). */
	testDestination(id: string): Outcome<Delivery> {
		const dest = this.destinations.find((d) => d.id === id);
		if (!dest) return { ok: false, status: 404, details: `no destination "${id}"` };
		const now = this.now();
		const notice: Notice = { kind: 'test', destinationName: dest.name, at: now };
		const row = this.o.repo.enqueue({ ...this.notification(dest, notice, `test:${randomUUID()}`, null, 'test', `Test notification to ${dest.name}`), createdAt: now });
		this.delivery.kick();
		const { body: _body, ...delivery } = row;
		return { ok: true, value: delivery };
	}

	// ---- internals

	private reloadRules(deleted: Map<string, Rule>): void {
		this.rules = this.o.repo.rules();
		this.engine.setRules(this.rules);
		const hosts = new Map(this.hostViews().map((h) => [h.id, h]));
		this.apply(this.engine.reconcile((id) => hosts.get(id), deleted, this.now()));
	}

	/** Persists an evaluation, queues its notifications (same transaction), and tells dashboards. */
	private apply(result: EngineResult): void {
		if (result.transitions.length === 0 && result.upserts.length === 0 && result.removals.length === 0) return;
		const events: AlertEvent[] = [];
		const notifications: Omit<OutboxRow, 'id'>[] = [];
		for (const t of result.transitions) {
			const host = this.o.registry.get(t.host.id);
			const hostname = host?.info?.hostname ?? t.host.hostname;
			const event: AlertEvent = {
				id: randomUUID(),
				ruleId: t.rule.id,
				ruleName: t.rule.name,
				hostId: t.host.id,
				hostname,
				kind: t.kind,
				severity: t.rule.severity,
				at: t.at,
				firedAt: t.firedAt,
				value: t.value,
				summary: render(t.rule, t.host.id, hostname, t.value),
				labels: host?.info?.labels ?? t.host.labels,
				repeat: t.repeat
			};
			events.push(event);
			for (const dest of this.destinations.filter((d) => d.enabled))
				notifications.push({ ...this.notification(dest, { kind: 'event', event }, `${event.id}:${dest.id}`, event.id, event.kind, event.summary), createdAt: t.at });
		}
		this.o.repo.commit(result.upserts, result.removals, events, notifications);
		for (const e of events) this.o.log.info({ rule: e.ruleName, host: e.hostId, kind: e.kind, value: e.value, repeat: e.repeat }, 'alert');
		if (notifications.length > 0) this.delivery.kick();
		this.o.publish(this.active());
	}

	private notification(dest: DestinationWithSecret, notice: Notice, key: string, eventId: string | null, kind: string, summary: string) {
		return {
			key,
			destinationId: dest.id,
			destinationName: dest.name,
			eventId,
			kind,
			summary,
			body: renderPayload(dest.format, notice, { publicUrl: this.o.publicUrl }),
			status: 'pending' as const,
			attempts: 0,
			lastStatusCode: null,
			lastError: null,
			nextAttemptAt: null,
			deliveredAt: null
		};
	}

	private hostViews(): HostView[] {
		return [...this.o.registry.all()].map(view);
	}

	private summaryOf(s: AlertStateRecord): string {
		const rule = this.rules.find((r) => r.id === s.ruleId);
		const host = this.o.registry.get(s.hostId);
		return rule ? render(rule, s.hostId, host?.info?.hostname ?? s.hostId, s.value) : '';
	}
}

function view(host: HostRecord): HostView {
	return {
		id: host.id,
		hostname: host.info?.hostname ?? host.id,
		labels: host.info?.labels ?? {},
		status: host.status,
		statusSince: host.statusSince,
		sample: host.latest,
		fs: host.fs
	};
}

/** Fills a rule's summary template. */
export function render(rule: Rule, hostId: string, hostname: string, value: number | null): string {
	const fields: Record<string, string> = {
		host: hostId,
		hostname,
		value: value === null ? '—' : String(value),
		threshold: rule.threshold === undefined ? '' : String(rule.threshold),
		metric: rule.metric,
		mount: rule.mount ?? '*',
		severity: rule.severity,
		rule: rule.name
	};
	return rule.summary.replace(/\{(\w+)\}/g, (m, name: string) => fields[name] ?? m);
}
