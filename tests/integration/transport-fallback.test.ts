import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, HostSnapshot } from '../../src/lib/protocol/index.js';
import { DashboardClient } from '../support/clients.js';
import { NoUpgradeProxy } from '../support/no-upgrade-proxy.js';
import { startAgent, startServer, type Proc, type ServerProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

// Fault test 4 (agent side): a proxy that refuses the WebSocket upgrade. The agent works over
// long-polling, and upgrades as soon as the proxy lets WebSocket through.
describe('transport fallback', () => {
	let server: ServerProcess;
	let proxy: NoUpgradeProxy;
	let agent: Proc | null = null;
	afterEach(async () => {
		await agent?.stop('SIGKILL');
		await proxy?.close();
		await server?.cleanup();
	});

	async function setUp(refuseAtMost: number) {
		server = await startServer();
		proxy = new NoUpgradeProxy(server.port);
		proxy.refuseAtMost = refuseAtMost;
		await proxy.listen();
	}

	it('streams over long-polling through a proxy that refuses WebSocket', async () => {
		await setUp(Infinity);
		agent = startAgent(`http://127.0.0.1:${proxy.port}`, server.token, ['--host-id', 'behind-proxy', '--interval', '250']);
		const connected = await agent.waitForLog('connected', (e) => e.msg === 'connected');
		expect(connected.transport).toBe('polling');
		await agent.waitForLog('streaming', (e) => e.msg === 'hello accepted; streaming');
		const dash = new DashboardClient(server.url);
		await dash.connected();
		const res: Ack<HostSnapshot> = await dash.socket.emitWithAck('host:subscribe', { hostId: 'behind-proxy' });
		expect(res.ok).toBe(true);
		await waitFor('live samples through the proxy', () => dash.samples.length >= 3);
		dash.close();
		expect(proxy.upgradesRefused).toBeGreaterThanOrEqual(2); // the first attempt and the upgrade probe
		expect(agent.logs.some((e) => e.msg === 'transport upgraded')).toBe(false);
		expect(server.logs.find((e) => e.msg === 'agent connected' && e.hostId === 'behind-proxy')).toMatchObject({ transport: 'polling' });
	});

	it('upgrades to WebSocket once the proxy lets it through', async () => {
		await setUp(1);
		agent = startAgent(`http://127.0.0.1:${proxy.port}`, server.token, ['--host-id', 'upgrading', '--interval', '250']);
		const upgraded = await agent.waitForLog('upgrade', (e) => e.msg === 'transport upgraded');
		expect(upgraded.transport).toBe('websocket');
		expect(proxy.upgradesRefused).toBe(1);
		expect(proxy.upgradesPassed).toBeGreaterThanOrEqual(1);
		// It connected over polling (the WebSocket attempt was refused) and then upgraded.
		expect(server.logs.find((e) => e.msg === 'agent connected' && e.hostId === 'upgrading')).toBeTruthy();
	});
});
