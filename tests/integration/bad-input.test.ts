import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS, type Ack, type HostSnapshot, type Sample } from '../../src/lib/protocol/index.js';
import { hostInfo, sample } from '../fixtures/samples.js';
import { agentAuth, agentSocket, connectOrRefusal, DashboardClient, type AgentSocket } from '../support/clients.js';
import { startServer, type ServerProcess } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

type Health = { status: string; rejectedMessages: Record<string, number>; refusedConnections: Record<string, number> };

// Hostile and broken peers against a real server process, while a well-behaved agent streams:
// each gets a clear rejection, the server stays up, and the good host's data is untouched.
describe('bad input is rejected with a reason and disturbs nobody', () => {
	let server: ServerProcess;
	let good: AgentSocket;
	const goodSent: Sample[] = [];
	let goodSeq = 0;
	let goodTimer: NodeJS.Timeout;
	const t0 = Date.now() - 60_000;

	const health = async (): Promise<Health> => (await fetch(`${server.url}/healthz`)).json();
	const sendGood = async () => {
		const s = sample('victim', goodSeq, t0 + goodSeq * 100);
		goodSeq++;
		const res = await good.emitWithAck('agent:samples', { samples: [s] });
		if (res.ok) goodSent.push(s);
	};
	/** A connected agent that has said hello, for tests that need one. */
	const helloAgent = async (hostId: string) => {
		const socket = agentSocket(server.url, agentAuth(server.token, hostId));
		expect(await connectOrRefusal(socket)).toEqual({ connected: true });
		expect((await socket.emitWithAck('agent:hello', hostInfo(hostId))).ok).toBe(true);
		return socket;
	};

	beforeAll(async () => {
		server = await startServer();
		good = await helloAgent('victim');
		await sendGood();
		goodTimer = setInterval(() => void sendGood(), 50);
	});

	afterAll(async () => {
		clearInterval(goodTimer);
		good?.close();
		await server?.cleanup();
	});

	it('refuses a missing or wrong token, a bad handshake and an unknown protocol version', async () => {
		const cases: [Record<string, unknown>, string, RegExp][] = [
			[{ hostId: 'x', protocol: 1 }, 'invalid_handshake', /token/],
			[agentAuth('wrong-token-wrong-token', 'x'), 'unauthorized', /token is wrong/],
			[{ ...agentAuth(server.token, 'x'), protocol: 99 }, 'unsupported_protocol', /99/],
			[agentAuth(server.token, 'not a valid id'), 'invalid_handshake', /hostId/]
		];
		for (const [auth, code, details] of cases) {
			const socket = agentSocket(server.url, auth);
			const result = await connectOrRefusal(socket);
			socket.close();
			expect(result).toMatchObject({ connected: false, message: code });
			expect(result.connected === false && result.details).toMatch(details);
		}
		const h = await health();
		expect(h.refusedConnections).toMatchObject({ invalid_handshake: 2, unauthorized: 1, unsupported_protocol: 1 });
		expect(server.logs.filter((e) => e.msg === 'agent connection refused')).toHaveLength(4);
	});

	it('refuses connections to the main namespace', async () => {
		const { io } = await import('socket.io-client');
		const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
		const result = await connectOrRefusal(socket);
		socket.close();
		expect(result).toMatchObject({ connected: false, message: 'invalid_handshake' });
	});

	it('answers malformed payloads with invalid_payload and the offending path', async () => {
		const attacker = await helloAgent('attacker');
		const base = sample('attacker', 1, Date.now());
		const cases: [unknown, RegExp][] = [
			['just a string', /\(payload\)/],
			[42, /\(payload\)/],
			[null, /\(payload\)/],
			[[base], /\(payload\)/],
			[{ samples: 'nope' }, /samples/],
			[{ samples: [{ ...base, cpu: { ...base.cpu, total: 'high' } }] }, /samples\.0\.cpu\.total/],
			[{ samples: [{ ...base, cpu: { ...base.cpu, total: NaN } }] }, /samples\.0\.cpu\.total/], // NaN travels as null
			[{ samples: [{ ...base, mem: { ...base.mem, used: Infinity } }] }, /samples\.0\.mem\.used/],
			[{ samples: [{ ...base, mem: { ...base.mem, used: -5 } }] }, /samples\.0\.mem\.used/],
			[{ samples: [{ ...base, ts: undefined }] }, /samples\.0\.ts/],
			[{ samples: [{ ...base, cpu: { ...base.cpu, cores: new Array(LIMITS.cores + 1).fill(1) } }] }, /samples\.0\.cpu\.cores/],
			[{ samples: Array.from({ length: LIMITS.batchSamples + 1 }, (_, i) => sample('attacker', i, i + 1)) }, /samples/]
		];
		for (const [payload, path] of cases) {
			const res = await attacker.emitWithAck('agent:samples', payload as never);
			expect(res, JSON.stringify(payload).slice(0, 80)).toMatchObject({ ok: false, error: 'invalid_payload' });
			expect(!res.ok && res.details).toMatch(path);
		}
		const badHello = await attacker.emitWithAck('agent:hello', { hostId: 'attacker' } as never);
		expect(badHello).toMatchObject({ ok: false, error: 'invalid_payload' });
		expect(attacker.connected).toBe(true);
		attacker.close();
	});

	it('refuses samples before hello, samples for another host and unknown events', async () => {
		const early = agentSocket(server.url, agentAuth(server.token, 'early'));
		await connectOrRefusal(early);
		expect(await early.emitWithAck('agent:samples', { samples: [sample('early', 0, 1)] })).toMatchObject({ ok: false, error: 'hello_required' });
		early.close();

		const spoofer = await helloAgent('spoofer');
		const forged = sample('victim', 999_999, t0 + 1);
		const res = await spoofer.emitWithAck('agent:samples', { samples: [forged] });
		expect(res).toMatchObject({ ok: false, error: 'host_mismatch' });
		expect(await spoofer.emitWithAck('agent:hello', hostInfo('victim'))).toMatchObject({ ok: false, error: 'host_mismatch' });

		const unknown = await (spoofer as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<unknown>> }).emitWithAck('admin:wipe', {});
		expect(unknown).toMatchObject({ ok: false, error: 'unknown_event' });
		expect(!unknown.ok && unknown.details).toMatch(/admin:wipe/);
		// Without an ack callback the bad message is still refused, silently for the peer.
		(spoofer as unknown as { emit(e: string, ...p: unknown[]): void }).emit('agent:samples', { samples: 'x' });
		(spoofer as unknown as { emit(e: string, ...p: unknown[]): void }).emit('nope');
		expect(await spoofer.emitWithAck('agent:samples', { samples: [sample('spoofer', 0, 1)] })).toMatchObject({ ok: true });
		spoofer.close();
	});

	it('closes a connection that sends a message above the size cap, and only that one', async () => {
		const big = await helloAgent('big');
		const disconnected = new Promise<string>((r) => big.once('disconnect', (reason) => r(reason)));
		// No ack callback: the server closes the connection instead of answering.
		(big as unknown as { emit(e: string, ...p: unknown[]): void }).emit('agent:hello', hostInfo('big', { hostname: 'x'.repeat(LIMITS.messageBytes + 10) }));
		expect(await disconnected).toMatch(/transport (close|error)/);
		expect(good.connected).toBe(true);
	});

	it('closes a connection that sends a broken Socket.IO frame, and only that one', async () => {
		for (const frame of ['42/agent,["agent:samples",{"samples":[{', '42/agent,0["agent:samples",{"samples":[{"cpu":NaN}]}]', '9garbage']) {
			const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`);
			const received: string[] = [];
			ws.on('message', (m) => received.push(m.toString()));
			const closed = new Promise<void>((r) => ws.once('close', () => r()));
			await waitFor('the engine.io open packet', () => received.some((m) => m.startsWith('0')));
			ws.send(`40/agent,${JSON.stringify(agentAuth(server.token, 'raw'))}`);
			await waitFor('the namespace connect ack', () => received.some((m) => m.startsWith('40/agent,')));
			ws.send(frame);
			await closed;
		}
		expect(good.connected).toBe(true);
	});

	it('kept serving, counted and logged every rejection, and left the good host intact', async () => {
		const h = await health();
		expect(h.status).toBe('ok');
		expect(h.rejectedMessages.invalid_payload).toBeGreaterThanOrEqual(14);
		expect(h.rejectedMessages).toMatchObject({ hello_required: 1, host_mismatch: 2, unknown_event: 2 });
		expect(server.logs.filter((e) => e.msg === 'agent message rejected').length).toBeGreaterThanOrEqual(19);
		expect(server.logs.some((e) => e.msg === 'agent socket error' || e.msg === 'agent disconnected')).toBe(true);

		const sentBefore = goodSent.length;
		await waitFor('more good samples after the attacks', () => goodSent.length > sentBefore + 3);
		clearInterval(goodTimer);
		await new Promise((r) => setTimeout(r, 200));
		const dash = new DashboardClient(server.url);
		await dash.connected();
		const res: Ack<HostSnapshot> = await dash.socket.emitWithAck('host:subscribe', { hostId: 'victim' });
		dash.close();
		if (!res.ok) throw new Error(res.error);
		expect(res.data.window.ts).toEqual(goodSent.map((s) => s.ts));
		expect(res.data.window.series.cpu).toEqual(goodSent.map((s) => s.cpu.total));
		expect(res.data.window.series.diskWrite).toEqual(goodSent.map((s) => s.disk!.writeBps));
	});
});
