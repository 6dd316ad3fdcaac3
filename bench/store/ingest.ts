// Store ingest benchmark (run by bench/scenarios/store.mjs through esbuild): the real
// SqliteStore, fed N hosts × M simulated minutes at 1 Hz on a simulated clock, flushed every
// 2 simulated seconds as the server does. Prints one JSON line of figures.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import type { Sample } from '../../src/lib/protocol/index.js';
import { SqliteStore } from '../../src/lib/server/store/sqlite-store.js';

const [hosts, minutes, model] = [Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 10), process.argv[4] ?? 'realistic'];

/** Deterministic PRNG. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), a | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * One host's metrics over time. `realistic`: bounded random walks with noise and occasional
 * bursts, as hosts behave (CPU drifts, memory creeps in pages, counters mostly quiet);
 * `uniform`: every value drawn fresh each second — the worst case for any compression.
 */
function hostModel(index: number) {
	const r = rng(index + 1);
	const cores = 2 + (index % 7);
	const memTotal = [4, 8, 16, 32][index % 4] * 2 ** 30;
	let cpu = 5 + r() * 20;
	let mem = memTotal * (0.3 + r() * 0.3);
	let load = 0.5 + r();
	const walk = (v: number, step: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v + (r() - 0.5) * step));
	const r2 = (v: number) => Math.round(v * 100) / 100;
	return (seq: number, ts: number): Sample => {
		if (model === 'uniform') {
			cpu = r() * 100;
			mem = memTotal * r();
			load = r() * 8;
		} else {
			cpu = walk(cpu, 6, 0.5, 100) + (r() < 0.01 ? 40 : 0);
			mem = walk(mem, 2 ** 20, memTotal * 0.1, memTotal * 0.9);
			load = walk(load, 0.04, 0, 16);
		}
		const total = r2(Math.min(100, cpu));
		const burst = model === 'uniform' || r() < 0.05;
		const used = Math.round(mem / 4096) * 4096;
		return {
			host: `h${index}`,
			seq,
			ts,
			cpu: { total, user: r2(total * 0.7), system: r2(total * 0.3), cores: Array.from({ length: cores }, () => r2(Math.min(100, total * (0.6 + r() * 0.8)))) },
			load: [r2(load), r2(load * 0.9), r2(load * 0.8)],
			mem: { total: memTotal, used, available: memTotal - used, swapTotal: 2 * 2 ** 30, swapUsed: 0 },
			disk: { readBps: burst ? Math.round(r() * 4e6) : 0, writeBps: Math.round((burst ? r() * 8e6 : r() * 2e4) / 512) * 512 },
			net: { rxBps: Math.round(1e3 + r() * (burst ? 2e6 : 2e4)), txBps: Math.round(5e2 + r() * (burst ? 5e5 : 1e4)), ifaces: [] },
			temp: index % 2 ? Math.round((45 + total / 5) * 10) / 10 : null,
			uptime: 86_400 + seq
		};
	};
}

const dir = mkdtempSync(join(tmpdir(), 'pulse-store-bench-'));
const start = Date.UTC(2026, 0, 1);
let clock = start;
const store = new SqliteStore({
	dataDir: dir,
	windowMs: 15 * 60_000,
	flushIntervalMs: 3_600_000, // flushed by hand below, on the simulated clock
	retention: { rawMs: 48 * 3_600_000, minuteMs: 30 * 86_400_000, hourMs: 365 * 86_400_000 },
	log: pino({ level: 'silent' }),
	now: () => clock
});
const models = Array.from({ length: hosts }, (_, i) => hostModel(i));
for (let i = 0; i < hosts; i++) store.declareHost(`h${i}`, { hostId: `h${i}`, hostname: `h${i}`, os: { platform: 'linux', distro: '', release: '', kernel: '', arch: '' }, cpu: { model: '', cores: 2, physicalCores: 1 }, memTotal: 0, bootTime: null, labels: {}, agentVersion: 'bench', intervalMs: 1000 }, clock);

let appendMs = 0;
let values = 0;
const flushes: number[] = [];
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
for (let second = 0; second < minutes * 60; second++) {
	clock = start + second * 1000;
	const batch = models.map((model) => model(second, clock));
	const t = performance.now();
	for (const s of batch) store.append(s.host, [s]);
	appendMs += performance.now() - t;
	for (const s of batch) values += 16 + s.cpu.cores.length;
	if (second % 2 === 1) {
		await store.flush();
		flushes.push(store.stats().lastFlushMs ?? 0);
	}
}
clock += 2 * 60_000;
await store.flush();
await store.flush();
const cpu = process.cpuUsage(cpu0);
const wallS = (performance.now() - wall0) / 1000;
await store.close();
const fileBytes = statSync(join(dir, 'pulse.db')).size;
// What the chunks themselves take, and the file once free pages are given back (VACUUM).
const db = new Database(join(dir, 'pulse.db'));
const payload = db.prepare('SELECT tier, SUM(LENGTH(data)) AS bytes, COUNT(*) AS n FROM chunks GROUP BY tier').all() as { tier: number; bytes: number; n: number }[];
db.exec('VACUUM');
db.close();
const bytes = statSync(join(dir, 'pulse.db')).size;
const rawPayload = payload.find((p) => p.tier === 0)?.bytes ?? 0;
flushes.sort((a, b) => a - b);
const samples = hosts * minutes * 60;
console.log(
	JSON.stringify({
		model,
		hosts,
		minutes,
		samples,
		values,
		// Store CPU per sample: appends plus flushes (sample generation is left out).
		storeSamplesPerCpuSecond: samples / ((appendMs + flushes.reduce((a, b) => a + b, 0)) / 1000),
		processCpuS: (cpu.user + cpu.system) / 1e6,
		appendUsPerSample: (appendMs * 1000) / samples,
		flushP50Ms: flushes[Math.floor(flushes.length / 2)],
		flushP99Ms: flushes[Math.floor(flushes.length * 0.99)],
		flushMaxMs: flushes[flushes.length - 1],
		dbBytesBeforeVacuum: fileBytes,
		dbBytes: bytes,
		rawPayloadBytesPerValue: rawPayload / values,
		chunksByTier: payload,
		bytesPerValue: bytes / values,
		bytesPerHostPerDay: (bytes / hosts / (minutes * 60)) * 86_400,
		wallS
	})
);
rmSync(dir, { recursive: true, force: true });
