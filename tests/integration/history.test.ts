import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesQueryResult } from '../../src/lib/protocol/index.js';
import { hostInfo, sample } from '../fixtures/samples.js';
import { agentAuth, agentSocket, connectOrRefusal } from '../support/clients.js';
import { startServer, type ServerProcess } from '../support/processes.js';
import { sleep, waitFor } from '../support/wait.js';

const FLUSH_MS = 200;

// The SQLite store behind a real server process: what was written before a kill -9 is there
// after the restart, through the HTTP API; bad queries get a 4xx with a reason.
describe('history across restarts, and the HTTP API', () => {
	let server: ServerProcess;
	const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
	const samples = Array.from({ length: 120 }, (_, i) => sample('hist-1', i, t0 + i * 1000));
	const env = () => ({ PULSE_FLUSH_INTERVAL_MS: String(FLUSH_MS), PULSE_DATA_DIR: server.dataDir, PULSE_AGENT_TOKEN: server.token });
	const get = async (path: string) => {
		const res = await fetch(`${server.url}${path}`);
		return { status: res.status, body: await res.json() };
	};

	beforeAll(async () => {
		server = await startServer({ PULSE_FLUSH_INTERVAL_MS: String(FLUSH_MS) });
		const agent = agentSocket(server.url, agentAuth(server.token, 'hist-1'));
		await connectOrRefusal(agent);
		await agent.emitWithAck('agent:hello', hostInfo('hist-1'));
		for (let i = 0; i < samples.length; i += 30) {
			const res = await agent.emitWithAck('agent:samples', { samples: samples.slice(i, i + 30) });
			expect(res.ok).toBe(true);
		}
		agent.close();
		await sleep(FLUSH_MS * 3);
		// No goodbye: the process dies as in a crash, after at least one flush.
		await server.stop('SIGKILL');
		const restarted = await startServer(env());
		Object.assign(server, { url: restarted.url, port: restarted.port, child: restarted.child, cleanup: restarted.cleanup, logs: restarted.logs });
	});
	afterAll(async () => {
		await server?.cleanup();
	});

	it('lists the host after the restart, as offline, with what it said in its hello', async () => {
		const { status, body } = await get('/api/hosts');
		expect(status).toBe(200);
		expect(body.hosts).toHaveLength(1);
		expect(body.hosts[0]).toMatchObject({ id: 'hist-1', hostname: 'hist-1.example', status: 'offline', labels: { role: 'test' } });
		const one = await get('/api/hosts/hist-1');
		expect(one.status).toBe(200);
		expect(one.body.info).toMatchObject({ hostId: 'hist-1', intervalMs: 1000 });
	});

	it('serves every sample written before the kill', async () => {
		const { status, body } = await get(`/api/hosts/hist-1/series?metrics=cpu,diskWrite,core1&from=${t0}&to=${t0 + 119_000}`);
		expect(status).toBe(200);
		const res = body as SeriesQueryResult;
		expect(res).toMatchObject({ hostId: 'hist-1', tier: 'raw', mode: 'raw' });
		expect(res.ts).toEqual(samples.map((s) => s.ts));
		if (res.mode !== 'raw') throw new Error('raw expected');
		expect(res.series.cpu).toEqual(samples.map((s) => s.cpu.total));
		expect(res.series.diskWrite).toEqual(samples.map((s) => s.disk!.writeBps));
		expect(res.series.core1).toEqual(samples.map((s) => s.cpu.cores[1]));
	});

	it('buckets to at most ~1,000 points and accepts ISO times and a step', async () => {
		const iso = new Date(t0).toISOString();
		const { status, body } = await get(`/api/hosts/hist-1/series?metrics=cpu&from=${encodeURIComponent(iso)}&to=${t0 + 119_999}&step=10000`);
		expect(status).toBe(200);
		expect(body).toMatchObject({ mode: 'bucketed', stepMs: 10_000 });
		expect(body.ts).toHaveLength(12);
		expect(body.series.cpu.max[0]).toBe(9);
		expect(body.series.cpu.min[0]).toBe(0);
		expect(body.series.cpu.avg[0]).toBe(4.5);
	});

	it('answers bad queries with a 4xx and a reason, and keeps serving', async () => {
		const cases: [string, number, RegExp][] = [
			['/api/hosts/nobody/series', 404, /no host "nobody"/],
			['/api/hosts/nobody', 404, /no host/],
			['/api/hosts/bad%20id', 400, /not a valid host id/],
			[`/api/hosts/hist-1/series?from=${t0 + 1000}&to=${t0}`, 400, /must be before/],
			['/api/hosts/hist-1/series?from=0&to=99999999999999', 400, /longer than/],
			['/api/hosts/hist-1/series?metrics=cpu,nonsense', 400, /metrics/],
			['/api/hosts/hist-1/series?from=yesterday', 400, /from/],
			['/api/hosts/hist-1/series?step=5', 400, /step/],
			['/api/hosts/hist-1/series?cpu=1', 400, /cpu/],
			['/api/hosts/hist-1/series?from=1&from=2', 400, /more than once/]
		];
		for (const [path, status, reason] of cases) {
			const res = await get(path);
			expect(res.status, path).toBe(status);
			expect(res.body.details, path).toMatch(reason);
		}
		expect((await get('/healthz')).status).toBe(200);
	});

	it('reports its own figures in Prometheus format', async () => {
		// At least one flush since the restart (every 200 ms).
		const text = await waitFor('a flush in the metrics', async () => {
			const body = await (await fetch(`${server.url}/metrics`)).text();
			return /pulse_store_flush_seconds_count [1-9]/.test(body) ? body : null;
		});
		for (const name of ['pulse_agents_connected', 'pulse_dashboards_connected', 'pulse_samples_accepted_total', 'pulse_messages_rejected_total', 'pulse_store_flush_seconds_bucket', 'pulse_event_loop_lag_seconds', 'process_resident_memory_bytes'])
			expect(text, name).toContain(name);
		expect(text).toMatch(/pulse_hosts\{status="offline"\} 1/);
		const health = (await get('/healthz')).body;
		expect(health.store).toMatchObject({ kind: 'sqlite', status: 'ok' });
		expect(health.store.bytesOnDisk).toBeGreaterThan(0);
	});
});
