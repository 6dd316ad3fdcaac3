import { z } from 'zod';
import { HostIdSchema, LabelsSchema } from './schemas.js';

/**
 * Alert rules, destinations and what the dashboard sees of alerts. Rules and destinations
 * cross a trust boundary (the API): these schemas refuse anything invalid with a reason.
 */

/** What a rule watches: a figure of the host's latest sample, or the host's own state. */
export const ALERT_METRICS = ['cpu', 'mem', 'swap', 'disk', 'load1', 'load5', 'load15', 'netRx', 'netTx', 'temp', 'offline', 'stale'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
/** Metrics that are states, not values: no comparator or threshold. */
export const STATE_METRICS: readonly AlertMetric[] = ['offline', 'stale'];

export const COMPARATORS = ['>', '>=', '<', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const HostSelectorSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('all') }),
	z.object({ kind: z.literal('ids'), ids: z.array(HostIdSchema).min(1).max(500) }),
	/** `*` any run of characters, `?` one character; matched against the hostname and the host id. */
	z.object({ kind: z.literal('hostname'), glob: z.string().min(1).max(256) }),
	z.object({ kind: z.literal('labels'), labels: LabelsSchema.refine((l) => Object.keys(l).length > 0, 'at least one label') })
]);
export type HostSelector = z.infer<typeof HostSelectorSchema>;

const TEMPLATE_FIELDS = ['host', 'hostname', 'value', 'threshold', 'metric', 'mount', 'severity', 'rule'] as const;

export const RuleInputSchema = z
	.object({
		name: z.string().trim().min(1).max(100),
		enabled: z.boolean().default(true),
		metric: z.enum(ALERT_METRICS),
		/** For `disk`: the mount point, or `*` for any filesystem (the fullest one counts). */
		mount: z.string().min(1).max(256).optional(),
		selector: HostSelectorSchema.default({ kind: 'all' }),
		comparator: z.enum(COMPARATORS).optional(),
		threshold: z.number().optional(),
		/** Hysteresis: a firing alert resolves only once the value is past this (default: the threshold). */
		clear: z.number().optional(),
		/** How long the condition must hold before firing, seconds. */
		forS: z.int().min(0).max(86_400).default(0),
		severity: z.enum(SEVERITIES).default('warning'),
		/** `{host}`, `{hostname}`, `{value}`, `{threshold}`, `{metric}`, `{mount}`, `{severity}`, `{rule}` are filled in. */
		summary: z.string().min(1).max(500),
		/** While firing, notify again every this many seconds; 0: once per state change. */
		renotifyS: z.int().min(0).max(604_800).default(0)
	})
	.strict()
	.superRefine((r, ctx) => {
		const stateMetric = STATE_METRICS.includes(r.metric);
		if (stateMetric) {
			for (const key of ['comparator', 'threshold', 'clear'] as const)
				if (r[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `not used with metric "${r.metric}"` });
		} else {
			if (r.comparator === undefined) ctx.addIssue({ code: 'custom', path: ['comparator'], message: `required with metric "${r.metric}"` });
			if (r.threshold === undefined) ctx.addIssue({ code: 'custom', path: ['threshold'], message: `required with metric "${r.metric}"` });
		}
		if (r.mount !== undefined && r.metric !== 'disk') ctx.addIssue({ code: 'custom', path: ['mount'], message: 'only for metric "disk"' });
		if (r.clear !== undefined && r.threshold !== undefined && r.comparator) {
			const above = r.comparator === '>' || r.comparator === '>=';
			if (above ? r.clear > r.threshold : r.clear < r.threshold)
				ctx.addIssue({ code: 'custom', path: ['clear'], message: `must be on the clear side of the threshold (${above ? '≤' : '≥'} ${r.threshold})` });
		}
		for (const m of r.summary.matchAll(/\{(\w+)\}/g))
			if (!(TEMPLATE_FIELDS as readonly string[]).includes(m[1]))
				ctx.addIssue({ code: 'custom', path: ['summary'], message: `unknown field {${m[1]}}; use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}` });
	});
export type RuleInput = z.input<typeof RuleInputSchema>;
export type RuleSpec = z.output<typeof RuleInputSchema>;

export interface Rule extends RuleSpec {
	id: string;
	createdAt: number;
	updatedAt: number;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** Headers Pulse sets itself or that would break the request. */
const RESERVED_HEADERS = ['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'x-pulse-signature', 'x-pulse-timestamp', 'idempotency-key'];

export const WEBHOOK_FORMATS = ['json', 'slack', 'alertmanager'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const DestinationInputSchema = z
	.object({
		name: z.string().trim().min(1).max(100),
		enabled: z.boolean().default(true),
		url: z
			.string()
			.max(2_000)
			.refine((u) => URL.canParse(u), 'not a URL')
			.refine((u) => !URL.canParse(u) || ['http:', 'https:'].includes(new URL(u).protocol), 'only http:// and https:// URLs'),
		format: z.enum(WEBHOOK_FORMATS).default('json'),
		/** With a secret, deliveries are signed (HMAC-SHA256, see docs/webhooks.md). */
		secret: z.string().min(16, 'at least 16 characters').max(256).optional(),
		headers: z
			.record(
				z.string().regex(HEADER_NAME, 'a header name').refine((h) => !RESERVED_HEADERS.includes(h.toLowerCase()), 'set by Pulse'),
				z.string().max(2_000).regex(/^[^\r\n]*$/, 'no line breaks')
			)
			.refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
			.default({})
	})
	.strict();
export type DestinationInput = z.input<typeof DestinationInputSchema>;
export type DestinationSpec = z.output<typeof DestinationInputSchema>;

/** A destination as the API shows it: the secret is never sent back, only whether there is one. */
export interface Destination extends Omit<DestinationSpec, 'secret'> {
	id: string;
	hasSecret: boolean;
	createdAt: number;
	updatedAt: number;
}

export type AlertState = 'pending' | 'firing';

/** A (rule, host) pair that is pending or firing now. */
export interface ActiveAlert {
	ruleId: string;
	ruleName: string;
	hostId: string;
	state: AlertState;
	severity: Severity;
	/** Server clock: when the condition started to hold. */
	since: number;
	/** When it fired; null while pending. */
	firedAt: number | null;
	/** The latest value that was compared (null for offline/stale). */
	value: number | null;
	summary: string;
}

/** One state change of an alert, as kept in the history and sent to webhooks. */
export interface AlertEvent {
	id: string;
	ruleId: string;
	ruleName: string;
	hostId: string;
	hostname: string;
	kind: 'firing' | 'resolved';
	severity: Severity;
	at: number;
	/** When the alert fired (for resolved events: how long it lasted). */
	firedAt: number;
	value: number | null;
	summary: string;
	labels: Record<string, string>;
	/** A re-notification of an alert still firing. */
	repeat: boolean;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** One notification to one destination, as the delivery log shows it. */
export interface Delivery {
	id: string;
	/** Same for every attempt of the notification; sent as Idempotency-Key. */
	key: string;
	destinationId: string;
	destinationName: string;
	eventId: string | null;
	/** "firing", "resolved" or "test". */
	kind: string;
	summary: string;
	status: DeliveryStatus;
	attempts: number;
	lastStatusCode: number | null;
	lastError: string | null;
	createdAt: number;
	nextAttemptAt: number | null;
	deliveredAt: number | null;
}

/** Dashboard socket: `alerts:subscribe` answers with this, `alerts:active` pushes it on change. */
export interface ActiveAlerts {
	serverTime: number;
	alerts: ActiveAlert[];
}
