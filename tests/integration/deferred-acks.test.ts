import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, type Ack, type HostSnapshot } from '../../src/lib/protocol/index.js';
import { hostInfo, sample } from '../fixtures/samples.js';
import { agentAuth, agentSocket, connectOrRefusal, DashboardClient } from '../support/clients.js';
import { startServer, type ServerProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

// Batches sent without an ack callback are acknowledged together by `agent:acked`.
describe('deferred acknowledgements', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server?.cleanup();
	});

	it('acknowledges callback-less batches together, after storing them', async () => {
		const agent = agentSocket(server.url, agentAuth(server.token, 'deferred-1'));
		await connectOrRefusal(agent);
		expect((await agent.emitWithAck('agent:hello', hostInfo('deferred-1'))).ok).toBe(true);
		const acked: number[][] = [];
		agent.on('agent:acked', ({ seqs }) => acked.push(seqs));
		const emit = agent.emit as unknown as (event: string, payload: unknown) => void;
		const t0 = Date.now();
		for (let seq = 0; seq < 3; seq++) emit.call(agent, 'agent:samples', { samples: [sample('deferred-1', seq, t0 + seq * 1000)] });
		await waitFor('agent:acked', () => acked.length > 0, LIMITS.deferredAckMs + 3_000);
		expect(acked).toEqual([[0, 1, 2]]);
		// Invalid callback-less batches are not acknowledged (and are counted as rejected).
		emit.call(agent, 'agent:samples', { samples: [{ ...sample('deferred-1', 3, t0 + 3000), seq: -1 }] });
		const dash = new DashboardClient(server.url);
		await dash.connected();
		const res: Ack<HostSnapshot> = await dash.socket.emitWithAck('host:subscribe', { hostId: 'deferred-1' });
		expect(res.ok && res.data.window.ts).toEqual([t0, t0 + 1000, t0 + 2000]);
		dash.close();
		agent.close();
	}, 20_000);
});
