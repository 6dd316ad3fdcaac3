import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, HostSnapshot, OverviewSnapshot } from '../../src/lib/protocol/index.js';
import { DashboardClient } from '../support/clients.js';
import { startServer, type ServerProcess } from '../support/processes.js';

// Debian's python3-socketio lives in the system interpreter, not in a pyenv one on the PATH.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PEER = resolve(import.meta.dirname, '../peers/doc_agent.py');

type Line = { event: string; ack?: Ack<Record<string, number>>; data?: { message?: string; data?: { code?: string } }; resend?: boolean; invalid?: boolean };

function runPeer(url: string, token: string, hostId: string, count: number) {
	const run = spawnSync(PYTHON, [PEER, url, token, hostId, String(count)], { encoding: 'utf8', timeout: 60_000 });
	const lines: Line[] = run.stdout
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.map((l) => JSON.parse(l));
	return { status: run.status, lines, stderr: run.stderr };
}

// A Python client written from docs/protocol.md alone joins as an agent and gets charted.
describe('an agent written from docs/protocol.md with a stock Socket.IO client', () => {
	let server: ServerProcess;
	beforeAll(async () => {
		const probe = spawnSync(PYTHON, ['-c', 'import socketio'], { encoding: 'utf8' });
		if (probe.status !== 0) throw new Error(`python3-socketio is missing (apt-get install -y python3-socketio python3-websocket): ${probe.stderr}`);
		server = await startServer();
	});
	afterAll(async () => {
		await server?.cleanup();
	});

	it('is accepted, acknowledged as documented, and its samples are served to dashboards', async () => {
		const count = 8;
		const peer = runPeer(server.url, server.token, 'py-doc-1', count);
		expect(peer.status, peer.stderr).toBe(0);
		expect(peer.lines[0]).toMatchObject({ event: 'agent:hello', ack: { ok: true } });
		const sampleAcks = peer.lines.filter((l) => l.event === 'agent:samples' && !l.resend && !l.invalid);
		expect(sampleAcks).toHaveLength(count);
		sampleAcks.forEach((l, seq) => expect(l.ack).toEqual({ ok: true, data: { accepted: 1, duplicates: 0, lastSeq: seq } }));
		expect(peer.lines.find((l) => l.resend)?.ack).toEqual({ ok: true, data: { accepted: 0, duplicates: 3, lastSeq: count - 1 } });
		const invalid = peer.lines.find((l) => l.invalid)?.ack;
		expect(invalid).toMatchObject({ ok: false, error: 'invalid_payload' });
		expect(invalid && !invalid.ok && invalid.details).toMatch(/samples\.0\.cpu\.total/);

		const dash = new DashboardClient(server.url);
		await dash.connected();
		const overview: Ack<OverviewSnapshot> = await dash.socket.emitWithAck('overview:subscribe', {});
		const host: Ack<HostSnapshot> = await dash.socket.emitWithAck('host:subscribe', { hostId: 'py-doc-1' });
		dash.close();
		if (!overview.ok || !host.ok) throw new Error('subscribe failed');
		expect(overview.data.hosts.find((h) => h.id === 'py-doc-1')).toMatchObject({
			hostname: 'py-doc-1.python',
			labels: { written_from: 'docs' },
			cpu: 10 + count - 1,
			disk: 25
		});
		expect(host.data.window.ts).toHaveLength(count);
		expect(host.data.window.series.cpu).toEqual(Array.from({ length: count }, (_, i) => 10 + i));
		expect(host.data.window.series.netRx).toEqual([null, ...Array.from({ length: count - 1 }, (_, i) => 1000 * (i + 1))]);
	});

	it('gets the documented refusal for a wrong token', () => {
		const peer = runPeer(server.url, 'not-the-token-at-all', 'py-doc-2', 1);
		expect(peer.status).toBe(3);
		expect(peer.lines[0].event).toBe('refused');
		expect(JSON.stringify(peer.lines[0].data)).toContain('unauthorized');
	});
});
