import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, HostSnapshot, OverviewSnapshot } from '../../src/lib/protocol/index.js';
import { DashboardClient } from '../support/clients.js';
import { startAgent, startServer, type Proc, type ServerProcess } from '../support/processes.js';
import { sleep, waitFor } from '../support/wait.js';

// A real server process, a real agent process sampling this machine, and dashboards over
// real Socket.IO connections on loopback.
describe('live path: agent → server → dashboard', () => {
	let server: ServerProcess;
	let agent: Proc;
	const hostId = 'it-live-1';
	const intervalMs = 500;

	beforeAll(async () => {
		server = await startServer();
		agent = startAgent(server.url, server.token, ['--host-id', hostId, '--interval', String(intervalMs), '--label', 'role=test']);
		await agent.waitForLog('the agent to stream', (e) => e.msg === 'hello accepted; streaming');
	});

	afterAll(async () => {
		await agent?.stop('SIGKILL');
		await server?.cleanup();
	});

	it('shows the host in the overview, online, with its figures', async () => {
		const dash = new DashboardClient(server.url);
		await dash.connected();
		const snapshot = await waitFor('the host in the overview snapshot', async () => {
			const res: Ack<OverviewSnapshot> = await dash.socket.emitWithAck('overview:subscribe', {});
			return res.ok && res.data.hosts.find((h) => h.id === hostId && h.cpu !== null) ? res.data : null;
		});
		const entry = snapshot.hosts.find((h) => h.id === hostId)!;
		expect(entry.status).toBe('online');
		expect(entry.hostname).toBe(hostname());
		expect(entry.labels).toEqual({ role: 'test' });
		expect(entry.mem).toBeGreaterThan(0);
		expect(entry.spark.length).toBeGreaterThan(0);
		// Updates keep coming while the agent samples; after a host's first full entry they carry
		// only what changed: the host is still online and still called the same.
		const changes = () =>
			dash.overviews.flatMap((o) => o.update.hosts.filter((h) => h.id === hostId && h.lastSampleTs! > entry.lastSampleTs!));
		await waitFor('two overview updates for the host', () => changes().length >= 2);
		const change = changes()[1];
		expect(change.status).toBeUndefined();
		expect(change.hostname).toBeUndefined();
		expect(dash.statuses.filter((c) => c.hostId === hostId)).toEqual([]);
		dash.close();
	});

	it('backfills a host page from history and continues live with no gap and no duplicate', async () => {
		const dash = new DashboardClient(server.url);
		await dash.connected();
		const res: Ack<HostSnapshot> = await dash.socket.emitWithAck('host:subscribe', { hostId });
		expect(res.ok).toBe(true);
		if (!res.ok) return;
		const history = res.data.window.ts;
		expect(history.length).toBeGreaterThan(0);
		expect(res.data.info?.hostId).toBe(hostId);
		expect(res.data.window.series.cpu?.length).toBe(history.length);

		await waitFor('three live samples', () => dash.samples.length >= 3, 15_000);
		// Merge exactly as the browser does: history, then live samples newer than what is held.
		const merged = [...history];
		for (const s of dash.samples) if (s.ts > merged[merged.length - 1]) merged.push(s.ts);
		for (let i = 1; i < merged.length; i++) expect(merged[i]).toBeGreaterThan(merged[i - 1]);
		const seqs = dash.samples.map((s) => s.seq);
		for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);

		// Everything the server holds up to the newest live sample is in the merged view: no gap.
		const newest = merged[merged.length - 1];
		const again: Ack<HostSnapshot> = await dash.socket.emitWithAck('host:subscribe', { hostId });
		if (!again.ok) throw new Error(again.error);
		const held = again.data.window.ts.filter((ts) => ts <= newest && ts >= history[0]);
		expect(held.filter((ts) => !merged.includes(ts))).toEqual([]);
		dash.close();
	});

	it('coalesces the overview to at most one update per second per dashboard', async () => {
		const fast = startAgent(server.url, server.token, ['--host-id', 'it-live-fast', '--interval', '100']);
		try {
			await fast.waitForLog('the fast agent to stream', (e) => e.msg === 'hello accepted; streaming');
			const dash = new DashboardClient(server.url);
			await dash.connected();
			await dash.socket.emitWithAck('overview:subscribe', {});
			const start = Date.now();
			await sleep(4_000);
			const elapsedS = (Date.now() - start) / 1000;
			const received = dash.overviews.filter((o) => o.at - start <= elapsedS * 1000);
			// Two agents produce ~12 samples a second; the dashboard gets one update per tick.
			expect(received.length).toBeGreaterThanOrEqual(2);
			expect(received.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
			const fastUpdates = received.filter((o) => o.update.hosts.some((h) => h.id === 'it-live-fast'));
			expect(fastUpdates.length).toBeGreaterThanOrEqual(2);
			dash.close();
		} finally {
			await fast.stop('SIGKILL');
		}
	});

	it('tells dashboards at once when the agent goes away, and the agent exits cleanly', async () => {
		const dash = new DashboardClient(server.url);
		await dash.connected();
		await dash.socket.emitWithAck('host:subscribe', { hostId });
		expect(await agent.stop('SIGTERM')).toBe(0);
		const change = await waitFor('an offline status', () => dash.statuses.find((c) => c.hostId === hostId && c.status === 'offline'));
		expect(change.lastSeen).toBeGreaterThan(0);
		const res: Ack<OverviewSnapshot> = await dash.socket.emitWithAck('overview:subscribe', {});
		expect(res.ok && res.data.hosts.find((h) => h.id === hostId)?.status).toBe('offline');
		dash.close();
	});
});
