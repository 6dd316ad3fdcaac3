import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../protocol/index.js';
import { renderPayload } from './payloads.js';
import { sign, verify } from './signing.js';

const event: AlertEvent = {
	id: 'e1',
	ruleId: 'r1',
	ruleName: 'CPU high',
	hostId: 'web-1',
	hostname: 'web-1.example',
	kind: 'firing',
	severity: 'critical',
	at: Date.UTC(2026, 0, 1, 12, 5),
	firedAt: Date.UTC(2026, 0, 1, 12, 5),
	value: 97.5,
	summary: 'CPU on web-1.example at 97.5 %',
	labels: { role: 'web' },
	repeat: false
};
const ctx = { publicUrl: 'https://pulse.example.com/' };

describe('webhook payloads', () => {
	it('generic JSON carries the alert, its host and a link', () => {
		const body = JSON.parse(renderPayload('json', { kind: 'event', event }, ctx));
		expect(body).toEqual({
			version: 1,
			kind: 'firing',
			repeat: false,
			alert: {
				id: 'e1',
				rule: { id: 'r1', name: 'CPU high' },
				host: { id: 'web-1', hostname: 'web-1.example', labels: { role: 'web' } },
				severity: 'critical',
				summary: 'CPU on web-1.example at 97.5 %',
				value: 97.5,
				firedAt: '2026-01-01T12:05:00.000Z',
				at: '2026-01-01T12:05:00.000Z'
			},
			url: 'https://pulse.example.com/hosts/web-1'
		});
	});

	it('Slack gets a text line and a coloured attachment', () => {
		const body = JSON.parse(renderPayload('slack', { kind: 'event', event: { ...event, kind: 'resolved' } }, ctx));
		expect(body.text).toBe(':large_green_circle: [RESOLVED] CPU on web-1.example at 97.5 %');
		expect(body.attachments[0]).toMatchObject({ color: '#12b76a', title: 'CPU high on web-1.example', title_link: 'https://pulse.example.com/hosts/web-1' });
	});

	it('Alertmanager receivers get the version 4 webhook format', () => {
		const firing = JSON.parse(renderPayload('alertmanager', { kind: 'event', event }, ctx));
		expect(firing).toMatchObject({ version: '4', status: 'firing', truncatedAlerts: 0, groupLabels: { alertname: 'CPU high', host: 'web-1' } });
		expect(firing.alerts).toHaveLength(1);
		expect(firing.alerts[0]).toMatchObject({
			status: 'firing',
			labels: { alertname: 'CPU high', host: 'web-1', severity: 'critical', role: 'web' },
			annotations: { summary: 'CPU on web-1.example at 97.5 %', value: '97.5' },
			startsAt: '2026-01-01T12:05:00.000Z',
			endsAt: '0001-01-01T00:00:00Z'
		});
		expect(firing.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
		const resolved = JSON.parse(renderPayload('alertmanager', { kind: 'event', event: { ...event, kind: 'resolved', at: event.at + 60_000 } }, ctx));
		expect(resolved.alerts[0]).toMatchObject({ status: 'resolved', endsAt: '2026-01-01T12:06:00.000Z', fingerprint: firing.alerts[0].fingerprint });
	});
});

describe('signatures', () => {
	it('verify with the secret, within the time tolerance, and for the exact body only', () => {
		const body = '{"a":1}';
		const sig = sign('s3cret-s3cret-s3cret', 1_000, body);
		expect(sig).toMatch(/^v1=[0-9a-f]{64}$/);
		expect(verify('s3cret-s3cret-s3cret', 1_000, body, sig, 1_100)).toBe(true);
		expect(verify('s3cret-s3cret-s3cret', 1_000, '{"a":2}', sig, 1_100)).toBe(false);
		expect(verify('another-secret-here', 1_000, body, sig, 1_100)).toBe(false);
		expect(verify('s3cret-s3cret-s3cret', 1_000, body, sig, 1_000 + 301)).toBe(false);
	});
});
