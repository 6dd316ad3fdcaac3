import type { AlertEvent, WebhookFormat } from '../../protocol/index.js';

/** What a notification is about: an alert event, or a test from the destination page. */
export type Notice = { kind: 'event'; event: AlertEvent } | { kind: 'test'; destinationName: string; at: number };

export interface PayloadContext {
	/** Base URL of the dashboard, for links back (PULSE_PUBLIC_URL). */
	publicUrl: string;
}

/** The request body for one notification in a destination's format (see docs/webhooks.md). */
export function renderPayload(format: WebhookFormat, notice: Notice, ctx: PayloadContext): string {
	switch (format) {
		case 'json':
			return JSON.stringify(genericPayload(notice, ctx));
		case 'slack':
			return JSON.stringify(slackPayload(notice, ctx));
		case 'alertmanager':
			return JSON.stringify(alertmanagerPayload(notice, ctx));
	}
}

function hostUrl(ctx: PayloadContext, hostId: string): string {
	return `${ctx.publicUrl.replace(/\/+$/, '')}/hosts/${encodeURIComponent(hostId)}`;
}

/** Pulse's own format: the event as the API shows it, versioned. */
function genericPayload(notice: Notice, ctx: PayloadContext) {
	if (notice.kind === 'test') return { version: 1, kind: 'test', at: new Date(notice.at).toISOString(), message: `Test notification from Pulse to "${notice.destinationName}"` };
	const e = notice.event;
	return {
		version: 1,
		kind: e.kind,
		repeat: e.repeat,
		alert: {
			id: e.id,
			rule: { id: e.ruleId, name: e.ruleName },
			host: { id: e.hostId, hostname: e.hostname, labels: e.labels },
			severity: e.severity,
			summary: e.summary,
			value: e.value,
			firedAt: new Date(e.firedAt).toISOString(),
			at: new Date(e.at).toISOString()
		},
		url: hostUrl(ctx, e.hostId)
	};
}

const SLACK_COLOR = { critical: '#d92d20', warning: '#f79009', info: '#2e90fa', resolved: '#12b76a' } as const;

/** Slack incoming-webhook message (also understood by Mattermost and Rocket.Chat). */
function slackPayload(notice: Notice, ctx: PayloadContext) {
	if (notice.kind === 'test') return { text: `:white_check_mark: Test notification from Pulse to "${notice.destinationName}"` };
	const e = notice.event;
	const icon = e.kind === 'resolved' ? ':large_green_circle:' : e.severity === 'critical' ? ':red_circle:' : ':large_orange_circle:';
	const state = e.kind === 'resolved' ? 'RESOLVED' : e.repeat ? 'STILL FIRING' : 'FIRING';
	return {
		text: `${icon} [${state}] ${e.summary}`,
		attachments: [
			{
				color: e.kind === 'resolved' ? SLACK_COLOR.resolved : SLACK_COLOR[e.severity],
				title: `${e.ruleName} on ${e.hostname}`,
				title_link: hostUrl(ctx, e.hostId),
				fields: [
					{ title: 'Severity', value: e.severity, short: true },
					{ title: 'Value', value: e.value === null ? '—' : String(e.value), short: true }
				],
				ts: Math.floor(e.at / 1000)
			}
		]
	};
}

/**
 * Prometheus Alertmanager's webhook receiver format (version 4), so receivers written for
 * Alertmanager work unchanged: one group per notification, one alert in it.
 */
function alertmanagerPayload(notice: Notice, ctx: PayloadContext) {
	const zero = '0001-01-01T00:00:00Z';
	if (notice.kind === 'test') {
		const labels = { alertname: 'PulseTest', severity: 'info' };
		return {
			version: '4',
			groupKey: '{}:{alertname="PulseTest"}',
			truncatedAlerts: 0,
			status: 'resolved',
			receiver: notice.destinationName,
			groupLabels: labels,
			commonLabels: labels,
			commonAnnotations: { summary: 'Test notification from Pulse' },
			externalURL: ctx.publicUrl,
			alerts: [{ status: 'resolved', labels, annotations: { summary: 'Test notification from Pulse' }, startsAt: new Date(notice.at).toISOString(), endsAt: new Date(notice.at).toISOString(), generatorURL: ctx.publicUrl, fingerprint: 'pulse-test' }]
		};
	}
	const e = notice.event;
	const labels: Record<string, string> = { ...e.labels, alertname: e.ruleName, host: e.hostId, hostname: e.hostname, severity: e.severity, rule_id: e.ruleId };
	const status = e.kind === 'resolved' ? 'resolved' : 'firing';
	const annotations = { summary: e.summary, ...(e.value === null ? {} : { value: String(e.value) }) };
	return {
		version: '4',
		groupKey: `{}:{alertname="${e.ruleName}",host="${e.hostId}"}`,
		truncatedAlerts: 0,
		status,
		receiver: 'pulse',
		groupLabels: { alertname: e.ruleName, host: e.hostId },
		commonLabels: labels,
		commonAnnotations: annotations,
		externalURL: ctx.publicUrl,
		alerts: [
			{
				status,
				labels,
				annotations,
				startsAt: new Date(e.firedAt).toISOString(),
				endsAt: e.kind === 'resolved' ? new Date(e.at).toISOString() : zero,
				generatorURL: hostUrl(ctx, e.hostId),
				fingerprint: fingerprint(`${e.ruleId}/${e.hostId}`)
			}
		]
	};
}

/** A stable 16-hex-digit id of an alert (rule, host), as Alertmanager's fingerprints look. */
function fingerprint(s: string): string {
	let h1 = 0x811c9dc5;
	let h2 = 0x01000193;
	for (let i = 0; i < s.length; i++) {
		h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619) >>> 0;
		h2 = Math.imul(h2 ^ s.charCodeAt(i), 2246822519) >>> 0;
	}
	return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
