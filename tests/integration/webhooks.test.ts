import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, verify } from '../../src/lib/server/alerts/signing.js';
import type { Delivery, Rule } from '../../src/lib/protocol/index.js';
import { hostInfo, sample } from '../fixtures/samples.js';
import { agentAuth, agentSocket, connectOrRefusal, type AgentSocket } from '../support/clients.js';
import { startServer, type ServerProcess } from '../support/processes.js';
import { WebhookReceiver } from '../support/receiver.js';
import { sleep, waitFor } from '../support/wait.js';

const SECRET = 'a-very-secret-webhook-key';
const FAST = { PULSE_WEBHOOK_RETRY_BASE_MS: '200', PULSE_WEBHOOK_RETRY_MAX_MS: '1000', PULSE_WEBHOOK_TIMEOUT_MS: '2000' };

// Alerts reach a real HTTP receiver on loopback: every format, signed, retried while the
// receiver is down, and kept across a server restart — each state change delivered once.
describe('alert webhooks', () => {
	let server: ServerProcess;
	let receiver: WebhookReceiver;
	let base = '';
	let seq = 0;
	const agents = new Map<string, AgentSocket>();

	const api = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${server.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		return { status: res.status, body: res.status === 204 ? null : await res.json() };
	};
	/** Connects (or reuses) a hand-driven agent for `hostId` and sends one sample with this CPU. */
	const cpu = async (hostId: string, value: number) => {
		let agent = agents.get(hostId);
		if (!agent?.connected) {
			agent = agentSocket(server.url, agentAuth(server.token, hostId));
			await connectOrRefusal(agent);
			await agent.emitWithAck('agent:hello', hostInfo(hostId));
			agents.set(hostId, agent);
		}
		const s = sample(hostId, seq, Date.now() + seq++);
		s.cpu.total = value;
		expect((await agent.emitWithAck('agent:samples', { samples: [s] })).ok).toBe(true);
	};
	const cpuRule = async (hostId: string): Promise<Rule> => {
		const res = await api('POST', '/api/alerts/rules', {
			name: `CPU ${hostId}`,
			metric: 'cpu',
			comparator: '>',
			threshold: 90,
			clear: 50,
			selector: { kind: 'ids', ids: [hostId] },
			severity: 'critical',
			summary: 'CPU on {hostname} at {value} %'
		});
		expect(res.status).toBe(201);
		return res.body.rule;
	};
	const destination = async (name: string, path: string, format: string, extra: Record<string, unknown> = {}) => {
		const res = await api('POST', '/api/alerts/destinations', { name, url: `${base}${path}`, format, ...extra });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		return res.body.destination as { id: string };
	};
	const deliveries = async (): Promise<Delivery[]> => (await api('GET', '/api/alerts/deliveries?limit=1000')).body.deliveries;
	const keysAt = (path: string) => receiver.at(path).map((r) => r.headers['idempotency-key']);

	beforeAll(async () => {
		receiver = new WebhookReceiver();
		base = await receiver.listen();
		server = await startServer(FAST);
	});
	afterAll(async () => {
		for (const a of agents.values()) a.close();
		await server?.cleanup();
		await receiver?.close();
	});

	it('sends firing and resolved in each format, signed when a secret is set', async () => {
		await destination('generic', '/json', 'json', { secret: SECRET, headers: { 'X-Team': 'ops' } });
		await destination('slack', '/slack', 'slack');
		await destination('am', '/am', 'alertmanager');
		await cpuRule('wh-1');
		await cpu('wh-1', 95);
		await waitFor('three firing notifications', () => receiver.at('/json').length >= 1 && receiver.at('/slack').length >= 1 && receiver.at('/am').length >= 1);
		await cpu('wh-1', 70); // between clear (50) and threshold: still firing
		await cpu('wh-1', 10);
		await waitFor('three resolved notifications', () => receiver.at('/json').length >= 2 && receiver.at('/slack').length >= 2 && receiver.at('/am').length >= 2);

		const [firing, resolved] = receiver.at('/json');
		expect(firing.json).toMatchObject({ version: 1, kind: 'firing', alert: { host: { id: 'wh-1' }, severity: 'critical', summary: 'CPU on wh-1.example at 95 %', value: 95 } });
		expect(resolved.json).toMatchObject({ kind: 'resolved', alert: { value: 10 } });
		for (const r of [firing, resolved]) {
			const ts = Number(r.headers['x-pulse-timestamp']);
			expect(verify(SECRET, ts, r.body, String(r.headers['x-pulse-signature']), Math.floor(Date.now() / 1000))).toBe(true);
			expect(verify('not-the-secret-at-all', ts, r.body, String(r.headers['x-pulse-signature']), Math.floor(Date.now() / 1000))).toBe(false);
			expect(r.headers['x-team']).toBe('ops');
			expect(r.headers['content-type']).toBe('application/json');
		}
		expect(firing.headers['idempotency-key']).not.toBe(resolved.headers['idempotency-key']);
		expect(receiver.at('/slack').map((r) => (r.json as { text: string }).text)).toEqual([
			':red_circle: [FIRING] CPU on wh-1.example at 95 %',
			':large_green_circle: [RESOLVED] CPU on wh-1.example at 10 %'
		]);
		expect(receiver.at('/am').map((r) => (r.json as { status: string }).status)).toEqual(['firing', 'resolved']);
		expect(receiver.at('/slack')[0].headers['x-pulse-signature']).toBeUndefined();
		// Nothing more than one notification per state change, per destination.
		await sleep(500);
		expect(receiver.received.filter((r) => r.path !== '/test')).toHaveLength(6);
	});

	it('delivers to a receiver that was down every notification exactly once, in order', async () => {
		receiver.down = true;
		const before = receiver.received.length;
		await destination('flaky', '/flaky', 'json');
		await cpuRule('wh-2');
		await cpu('wh-2', 99);
		await cpu('wh-2', 5);
		await waitFor('retries while down', async () => (await deliveries()).filter((d) => d.destinationName === 'flaky' && d.attempts >= 2).length >= 1);
		const log = (await deliveries()).filter((d) => d.destinationName === 'flaky');
		expect(log.every((d) => d.status === 'retrying' || d.status === 'pending')).toBe(true);
		expect(log.find((d) => d.attempts > 0)?.lastStatusCode).toBe(503);
		receiver.down = false;
		await waitFor('both notifications after the receiver came back', () => receiver.at('/flaky').length >= 2, 15_000);
		await sleep(1_500);
		const got = receiver.at('/flaky').map((r) => (r.json as { kind: string; alert: { host: { id: string } } }));
		expect(got.map((g) => `${g.alert.host.id}:${g.kind}`)).toEqual(['wh-2:firing', 'wh-2:resolved']);
		expect(new Set(keysAt('/flaky')).size).toBe(2);
		expect((await deliveries()).filter((d) => d.destinationName === 'flaky').every((d) => d.status === 'delivered')).toBe(true);
		// The other destinations got wh-2's notifications too, once each.
		expect(receiver.received.length - before).toBe(2 * 4);
	});

	it('loses nothing and sends nothing twice across a server restart in the middle of retries', async () => {
		receiver.down = true;
		await destination('restart', '/restart', 'json');
		const ruleId = (await cpuRule('wh-3')).id;
		await cpu('wh-3', 97);
		await waitFor('a failed attempt', async () => (await deliveries()).some((d) => d.destinationName === 'restart' && d.attempts >= 1));
		const { dataDir, token, port } = server;
		await server.stop('SIGKILL');
		for (const a of agents.values()) a.close();
		agents.clear();
		const restarted = await startServer({ ...FAST, PORT: String(port), PULSE_DATA_DIR: dataDir, PULSE_AGENT_TOKEN: token });
		Object.assign(server, { child: restarted.child, logs: restarted.logs, cleanup: restarted.cleanup });
		// The host is still above the threshold after the restart: the alert stays firing, no new notification.
		await cpu('wh-3', 98);
		receiver.down = false;
		await waitFor('the firing notification after the restart', () => receiver.at('/restart').length >= 1, 15_000);
		await sleep(2_000);
		expect(receiver.at('/restart').map((r) => (r.json as { kind: string; alert: { host: { id: string } } })).map((j) => `${j.alert.host.id}:${j.kind}`)).toEqual(['wh-3:firing']);
		const active = (await api('GET', '/api/alerts/active')).body;
		expect(active.alerts.filter((a: { ruleId: string }) => a.ruleId === ruleId)).toMatchObject([{ hostId: 'wh-3', state: 'firing' }]);
	});

	it('sends a test notification and logs it', async () => {
		const dest = await destination('tester', '/test', 'json', { secret: SECRET });
		const res = await api('POST', `/api/alerts/destinations/${dest.id}/test`);
		expect(res.status).toBe(202);
		await waitFor('the test notification', () => receiver.at('/test').length === 1);
		expect(receiver.at('/test')[0].json).toMatchObject({ version: 1, kind: 'test' });
		await waitFor('delivered in the log', async () => (await deliveries()).find((d) => d.id === res.body.delivery.id)?.status === 'delivered');
		// The API never shows the secret back.
		const listed = (await api('GET', '/api/alerts/destinations')).body.destinations.find((d: { id: string }) => d.id === dest.id);
		expect(listed).toMatchObject({ hasSecret: true });
		expect(JSON.stringify(listed)).not.toContain(SECRET);
		expect(sign(SECRET, 1, 'x')).not.toBe(sign('other-secret-value', 1, 'x'));
	});

	it('refuses invalid rules and destinations with the reason', async () => {
		const cases: [string, unknown, RegExp][] = [
			['/api/alerts/rules', { name: 'x', metric: 'gpu', summary: 's' }, /metric/],
			['/api/alerts/rules', { name: 'x', metric: 'cpu', comparator: '>', summary: 's' }, /threshold: required/],
			['/api/alerts/destinations', { name: 'x', url: 'not a url' }, /url: not a URL/],
			['/api/alerts/destinations', { name: 'x', url: 'ftp://example.com/hook' }, /only http/],
			['/api/alerts/destinations', { name: 'x', url: 'file:///etc/passwd' }, /only http/],
			['/api/alerts/destinations', { name: 'x', url: 'http://h/', secret: 'short' }, /secret/],
			['/api/alerts/destinations', { name: 'x', url: 'http://h/', headers: { 'Content-Length': '1' } }, /set by Pulse/],
			['/api/alerts/destinations', { name: 'x', url: 'http://h/', format: 'teams' }, /format/]
		];
		for (const [path, body, reason] of cases) {
			const res = await api('POST', path, body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(res.body.details).toMatch(reason);
		}
		const notJson = await fetch(`${server.url}/api/alerts/rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
		expect(notJson.status).toBe(400);
		expect((await api('PUT', '/api/alerts/rules/nope', { name: 'x', metric: 'offline', summary: 's' })).status).toBe(404);
		expect((await api('DELETE', '/api/alerts/destinations/nope')).status).toBe(404);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});
});
