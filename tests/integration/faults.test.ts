import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardClient } from '../support/clients.js';
import { startAgent, startServer, type Proc, type ServerProcess } from '../support/processes.js';
import { seqProblems, storedSamples } from '../support/stored.js';
import { TcpRelay } from '../support/tcp-relay.js';
import { sleep, waitFor } from '../support/wait.js';

// Fault tests on real processes: the server dies, the network goes silent, the agent dies.
// Afterwards the store must hold every sequence number of every agent exactly once.
const FAST = { PULSE_PING_INTERVAL_MS: '1000', PULSE_PING_TIMEOUT_MS: '1000', PULSE_FLUSH_INTERVAL_MS: '200' };
const AGENT_ARGS = ['--interval', '200', '--reconnect-min', '100', '--reconnect-max', '1000', '--replay-rate', '2000'];

describe('fault tolerance', () => {
	const procs: { stop(sig?: NodeJS.Signals): Promise<unknown> }[] = [];
	const cleanups: (() => Promise<void>)[] = [];
	afterEach(async () => {
		for (const p of procs.splice(0)) await p.stop('SIGKILL');
		for (const c of cleanups.splice(0)) await c();
	});

	/** Stops agents gracefully (they send what they hold), then the server (it flushes). */
	async function finish(agents: Proc[], server: ServerProcess): Promise<void> {
		for (const agent of agents) expect(await agent.stop('SIGTERM')).toBe(0);
		for (const agent of agents) expect(agent.logs.find((e) => e.msg === 'stopped')).toMatchObject({ unsent: 0 });
		expect(await server.stop('SIGTERM')).toBe(0);
	}

	it('loses nothing and stores nothing twice when the server is killed -9 and restarted', async () => {
		let server = await startServer(FAST);
		const { dataDir, token, port } = server;
		cleanups.push(() => server.cleanup());
		const hosts = ['fault-a', 'fault-b', 'fault-c'];
		const agents = hosts.map((id) => startAgent(server.url, token, ['--host-id', id, ...AGENT_ARGS]));
		procs.push(...agents);
		for (const agent of agents) await agent.waitForLog('streaming', (e) => e.msg === 'hello accepted; streaming');
		await sleep(3_000);

		await server.stop('SIGKILL');
		await sleep(2_000); // agents keep sampling into their buffers
		server = await startServer({ ...FAST, PORT: String(port), PULSE_DATA_DIR: dataDir, PULSE_AGENT_TOKEN: token });
		for (const agent of agents)
			await agent.waitForLog('reconnected after the restart', (e) => e.msg === 'server restarted; sending recent samples again', 20_000);
		await sleep(2_000);
		await finish(agents, server);

		for (const id of hosts) {
			const stored = storedSamples(dataDir, id);
			const problems = seqProblems(stored);
			expect(problems.last, id).toBeGreaterThan(25); // ~7 s at 5 Hz
			expect(problems.missing, id).toEqual([]);
			expect(problems.duplicated, id).toEqual([]);
		}
	}, 60_000);

	it('marks a silently partitioned host offline within ping interval + timeout, then replays the gap', async () => {
		const server = await startServer(FAST);
		cleanups.push(() => server.cleanup());
		const relay = new TcpRelay(server.port);
		cleanups.push(() => relay.close());
		await relay.listen();
		const agent = startAgent(`http://127.0.0.1:${relay.port}`, server.token, ['--host-id', 'silent', ...AGENT_ARGS]);
		procs.push(agent);
		await agent.waitForLog('streaming', (e) => e.msg === 'hello accepted; streaming');
		const dash = new DashboardClient(server.url);
		await dash.connected();
		await dash.socket.emitWithAck('host:subscribe', { hostId: 'silent' });
		await sleep(1_000);

		relay.partition();
		const partitionedAt = Date.now();
		await waitFor('the host to go offline', () => dash.statuses.some((c) => c.hostId === 'silent' && c.status === 'offline'), 15_000);
		const detectedMs = Date.now() - partitionedAt;
		// Documented bound: PULSE_PING_INTERVAL_MS + PULSE_PING_TIMEOUT_MS (2 s here), plus scheduling slack.
		expect(detectedMs).toBeLessThanOrEqual(2_000 + 2_000);

		await sleep(2_000);
		relay.heal();
		await waitFor('the host back online', () => dash.statuses.filter((c) => c.hostId === 'silent').at(-1)?.status === 'online', 20_000);
		await sleep(1_500);
		dash.close();
		await finish([agent], server);

		const problems = seqProblems(storedSamples(server.dataDir, 'silent'));
		expect(problems.last).toBeGreaterThan(30); // ~7 s at 5 Hz, ~4 s of it during the partition
		expect(problems.missing).toEqual([]);
		expect(problems.duplicated).toEqual([]);
	}, 60_000);

	it('loses nothing when the agent is killed with a full spool and started again', async () => {
		let server = await startServer(FAST);
		const { dataDir, token, port } = server;
		cleanups.push(() => server.cleanup());
		const stateDir = mkdtempSync(join(tmpdir(), 'pulse-spool-it-'));
		const args = ['--host-id', 'spooled', '--state-dir', stateDir, ...AGENT_ARGS];
		const first = startAgent(server.url, token, args);
		procs.push(first);
		await first.waitForLog('streaming', (e) => e.msg === 'hello accepted; streaming');
		await sleep(1_000);
		expect(await server.stop('SIGTERM')).toBe(0);
		await sleep(2_000); // samples pile up in the spool
		await first.stop('SIGKILL');

		server = await startServer({ ...FAST, PORT: String(port), PULSE_DATA_DIR: dataDir, PULSE_AGENT_TOKEN: token });
		const second = startAgent(server.url, token, args);
		procs.push(second);
		const restored = await second.waitForLog('spool restored', (e) => e.msg === 'unsent samples restored from the spool');
		expect(restored.samples).toBeGreaterThanOrEqual(5);
		await second.waitForLog('streaming', (e) => e.msg === 'hello accepted; streaming');
		await sleep(1_500);
		await finish([second], server);

		const problems = seqProblems(storedSamples(dataDir, 'spooled'));
		expect(problems.last).toBeGreaterThan(20);
		expect(problems.missing).toEqual([]);
		expect(problems.duplicated).toEqual([]);
	}, 60_000);
});
