import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../support/certs.js';
import { startAgent, startServer, type ServerProcess } from '../support/processes.js';
import { sleep } from '../support/wait.js';

// Fault test 5: the server speaks HTTPS/WSS from configured files; an agent connects over wss
// when it trusts the right CA and is refused when it trusts another one.
describe('TLS', () => {
	let pki: TestPki;
	let server: ServerProcess;
	let url: string;

	beforeAll(async () => {
		pki = makeTestPki();
		server = await startServer({ PULSE_TLS_CERT: pki.serverCert, PULSE_TLS_KEY: pki.serverKey });
		url = `https://localhost:${server.port}`;
	});
	afterAll(async () => {
		await server?.cleanup();
		if (pki) rmSync(pki.dir, { recursive: true, force: true });
	});

	it('serves HTTPS only', async () => {
		const listening = server.logs.find((e) => e.msg === 'listening');
		expect(listening).toMatchObject({ tls: true });
		await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
	});

	it('accepts an agent over wss that trusts the CA', async () => {
		const agent = startAgent(url, server.token, ['--host-id', 'tls-ok', '--ca', pki.caCert]);
		try {
			await agent.waitForLog('hello accepted', (e) => e.msg === 'hello accepted; streaming');
			expect(agent.logs.find((e) => e.msg === 'connected')).toMatchObject({ transport: 'websocket' });
		} finally {
			await agent.stop();
		}
	});

	it('refuses to talk to a server whose certificate it cannot verify', async () => {
		for (const args of [['--ca', pki.otherCaCert], []]) {
			const agent = startAgent(url, server.token, ['--host-id', 'tls-refused', ...args]);
			try {
				const failure = await agent.waitForLog('a failed connection attempt', (e) => e.msg === 'cannot reach server; retrying');
				expect(String(failure.cause)).toMatch(/certificate|self.signed|verify/i);
				await sleep(1_500);
				expect(agent.logs.some((e) => e.msg === 'connected' || e.msg === 'hello accepted; streaming')).toBe(false);
			} finally {
				await agent.stop();
			}
		}
		expect(server.logs.some((e) => e.msg === 'agent connected' && e.hostId === 'tls-refused')).toBe(false);
	});

	it('connects to an unverifiable server only when told --insecure', async () => {
		const agent = startAgent(url, server.token, ['--host-id', 'tls-insecure', '--insecure']);
		try {
			await agent.waitForLog('hello accepted', (e) => e.msg === 'hello accepted; streaming');
		} finally {
			await agent.stop();
		}
	});
});
