// The bare Socket.IO relay: the baseline every product figure is divided by.
// Same socket.io version and transport settings as the product (src/lib/server/runtime.ts),
// same namespaces, event names and room layout (a room per host + the overview room), same
// payloads — but no validation, no storage, no host state machine: it only rebroadcasts.
// Its overview is deliberately naive: a full snapshot of every host's latest summary each
// second (what a first implementation does; serialising it stalls the event loop at 10k hosts).
// Run: PORT=0 HOST=127.0.0.1 node bench/relay/bare-relay.mjs
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const PING_INTERVAL_MS = Number(process.env.PULSE_PING_INTERVAL_MS ?? 5000);
const PING_TIMEOUT_MS = Number(process.env.PULSE_PING_TIMEOUT_MS ?? 5000);
const OVERVIEW_INTERVAL_MS = Number(process.env.PULSE_OVERVIEW_INTERVAL_MS ?? 1000);
const OVERVIEW_ROOM = 'overview';
const hostRoom = (hostId) => `host:${hostId}`;

/** hostId → { info, latest, online }: only the latest sample, for summaries. */
const hosts = new Map();
let samplesRelayed = 0;

const round1 = (v) => Math.round(v * 10) / 10;

/** Same shape as the product's HostSummary (src/lib/protocol/dashboard.ts), computed naively. */
function summary(id, h) {
	const s = h.latest;
	const info = h.info;
	let disk = null;
	for (const f of s?.fs ?? []) if (f.size > 0) disk = Math.max(disk ?? 0, round1((f.used / f.size) * 100));
	return {
		id,
		hostname: info?.hostname ?? id,
		os: info ? `${info.os.distro} ${info.os.release}` : '',
		labels: info?.labels ?? {},
		status: h.online ? 'online' : 'offline',
		lastSeen: h.lastSeen,
		lastSampleTs: s?.ts ?? null,
		cpu: s ? round1(s.cpu.total) : null,
		mem: s && s.mem.total > 0 ? round1((s.mem.used / s.mem.total) * 100) : null,
		disk,
		netRx: s?.net.rxBps ?? null,
		netTx: s?.net.txBps ?? null,
		load1: s ? s.load[0] : null,
		temp: s?.temp ?? null,
		uptime: s?.uptime ?? null,
		cores: info?.cpu.cores ?? s?.cpu.cores.length ?? null
	};
}

function allSummaries() {
	const out = [];
	for (const [id, h] of hosts) out.push(summary(id, h));
	return out;
}

const httpServer = createServer((req, res) => {
	if (req.url === '/healthz') {
		res.setHeader('content-type', 'application/json');
		res.end(
			JSON.stringify({
				status: 'ok',
				hosts: hosts.size,
				agents: io.of('/agent').sockets.size,
				dashboards: io.of('/dashboard').sockets.size,
				samplesAccepted: samplesRelayed
			})
		);
		return;
	}
	res.statusCode = 404;
	res.end('Not found');
});

// The product's transport settings, so the difference we measure is the product's own work.
const io = new Server(httpServer, {
	pingInterval: PING_INTERVAL_MS,
	pingTimeout: PING_TIMEOUT_MS,
	maxHttpBufferSize: 1_000_000,
	perMessageDeflate: false,
	httpCompression: false,
	serveClient: false,
	transports: ['polling', 'websocket']
});
const agents = io.of('/agent');
const dashboards = io.of('/dashboard');
/** The product skips rooms nobody watches; so does the relay, so the baseline is not a strawman. */
const watched = (room) => (dashboards.adapter.rooms.get(room)?.size ?? 0) > 0;
const status = (hostId, h) =>
	dashboards.to(OVERVIEW_ROOM).to(hostRoom(hostId)).emit('host:status', { hostId, status: h.online ? 'online' : 'offline', lastSeen: h.lastSeen });

agents.on('connection', (socket) => {
	const hostId = String(socket.handshake.auth?.hostId ?? socket.id);
	const h = hosts.get(hostId) ?? { info: null, latest: null, online: false, lastSeen: null };
	hosts.set(hostId, h);
	h.online = true;
	h.lastSeen = Date.now();
	status(hostId, h);

	socket.on('agent:hello', (info, ack) => {
		h.info = info;
		if (typeof ack === 'function') ack({ ok: true, data: { serverTime: Date.now() } });
	});
	socket.on('agent:samples', (batch, ack) => {
		const samples = batch.samples;
		let lastSeq = -1;
		for (const s of samples) if (s.seq > lastSeq) lastSeq = s.seq;
		h.latest = samples[samples.length - 1];
		h.lastSeen = Date.now();
		samplesRelayed += samples.length;
		if (typeof ack === 'function') ack({ ok: true, data: { accepted: samples.length, duplicates: 0, lastSeq } });
		const room = hostRoom(hostId);
		if (watched(room)) for (const s of samples) dashboards.to(room).emit('host:sample', s);
	});
	socket.on('disconnect', () => {
		h.online = false;
		h.lastSeen = Date.now();
		status(hostId, h);
	});
});

dashboards.on('connection', (socket) => {
	socket.on('overview:subscribe', (_req, ack) => {
		socket.join(OVERVIEW_ROOM);
		if (typeof ack === 'function')
			ack({ ok: true, data: { serverTime: Date.now(), hosts: allSummaries().map((s) => ({ ...s, spark: [] })) } });
	});
	socket.on('overview:unsubscribe', () => socket.leave(OVERVIEW_ROOM));
	socket.on('host:subscribe', (req, ack) => {
		const hostId = String(req?.hostId);
		socket.join(hostRoom(hostId));
		const h = hosts.get(hostId);
		if (typeof ack === 'function')
			ack({
				ok: true,
				data: {
					summary: h ? summary(hostId, h) : null,
					info: h?.info ?? null,
					window: { ts: [], series: {} },
					fs: null,
					procs: null,
					latest: h?.latest ?? null
				}
			});
	});
	socket.on('host:unsubscribe', (req) => socket.leave(hostRoom(String(req?.hostId))));
});

// The naive overview: every host's summary, every tick, whether it changed or not.
setInterval(() => {
	if (watched(OVERVIEW_ROOM)) dashboards.to(OVERVIEW_ROOM).emit('overview:update', { serverTime: Date.now(), hosts: allSummaries() });
}, OVERVIEW_INTERVAL_MS).unref();

const shutdown = () => {
	io.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
	const { port } = httpServer.address();
	console.log(JSON.stringify({ level: 30, msg: 'listening', port }));
});
