import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../protocol/index.js';
import { hostInfo, sample } from '../../../../tests/fixtures/samples.js';
import { DB_FILE, MIGRATIONS, openDatabase, StoreOpenError } from './sqlite/database.js';
import { SqliteStore } from './sqlite-store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1); // midnight: spans line up

/** A sample whose CPU follows a known, non-trivial pattern. */
function at(seq: number, ts: number): Sample {
	const s = sample('h', seq, ts);
	s.cpu.total = (seq * 7) % 101;
	s.temp = seq % 5 === 0 ? null : 40 + (seq % 13);
	// As the kernel counts it: KiB. Odd samples report an available that is not total − used.
	s.mem = { ...s.mem, total: 8 * 2 ** 30, used: 2 * 2 ** 30 + seq * 4096, available: 6 * 2 ** 30 - seq * 4096 - (seq % 2) * 1024 };
	return s;
}

describe('SqliteStore', () => {
	let dir = '';
	let clock = T0;
	const stores: SqliteStore[] = [];
	const open = (retention = { rawMs: 48 * HOUR, minuteMs: 30 * DAY, hourMs: 365 * DAY }) => {
		const store = new SqliteStore({ dataDir: dir, windowMs: 15 * 60_000, flushIntervalMs: 3_600_000, retention, log: pino({ level: 'silent' }), now: () => clock });
		stores.push(store);
		return store;
	};

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'pulse-store-'));
		clock = T0;
	});
	afterEach(async () => {
		for (const s of stores.splice(0)) await s.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('serves after a restart what was written before it, and knows the host', async () => {
		let store = open();
		store.declareHost('h', hostInfo('h'), clock);
		const samples = Array.from({ length: 90 }, (_, i) => at(i, T0 + i * 1000));
		expect(store.append('h', samples)).toEqual({ accepted: 90, duplicates: 0 });
		clock = T0 + 95_000;
		await store.close();

		store = open();
		expect(store.knownHosts().map((h) => [h.hostId, h.info?.hostname])).toEqual([['h', 'h.example']]);
		const res = await store.query({ hostId: 'h', keys: ['cpu', 'temp', 'memUsed', 'memAvailable', 'memTotal'], from: T0, to: T0 + 100_000 });
		expect(res?.mode).toBe('raw');
		expect(res?.ts).toEqual(samples.map((s) => s.ts));
		expect(res?.mode === 'raw' && res.series.cpu).toEqual(samples.map((s) => s.cpu.total));
		expect(res?.mode === 'raw' && res.series.temp).toEqual(samples.map((s) => s.temp));
		// Memory is stored in KiB with available relative to total − used: read back exactly.
		expect(res?.mode === 'raw' && res.series.memUsed).toEqual(samples.map((s) => s.mem.used));
		expect(res?.mode === 'raw' && res.series.memAvailable).toEqual(samples.map((s) => s.mem.available));
		expect(res?.mode === 'raw' && res.series.memTotal).toEqual(samples.map((s) => s.mem.total));
		// The live window is warmed from disk, and resending is recognised as duplicate.
		expect((await store.window('h', 0)).ts).toEqual(samples.map((s) => s.ts));
		expect(store.append('h', samples.slice(80))).toEqual({ accepted: 0, duplicates: 10 });
		expect(await store.query({ hostId: 'nobody', keys: ['cpu'], from: 0, to: 1 })).toBeNull();
	});

	it('rolls raw samples up into minute and hour aggregates equal to the raw min/avg/max', async () => {
		const store = open();
		store.declareHost('h', hostInfo('h'), clock);
		const samples: Sample[] = [];
		for (let i = 0; i < 2 * 3600 + 30; i++) samples.push(at(i, T0 + i * 1000));
		for (let i = 0; i < samples.length; i += 100) {
			store.append('h', samples.slice(i, i + 100));
			clock = samples[Math.min(i + 99, samples.length - 1)].ts;
			if (i % 600 === 0) await store.flush();
		}
		clock += 2 * 60_000;
		await store.flush();
		await store.flush();

		const rawOf = (from: number, to: number) => samples.filter((s) => s.ts >= from && s.ts < to);
		const stats = (xs: (number | null)[]) => {
			const v = xs.filter((x): x is number => x !== null);
			return { min: Math.min(...v), max: Math.max(...v), avg: v.reduce((a, b) => a + b, 0) / v.length };
		};
		// 2 h at 1 Hz is 7,200 points: too many raw, so raw buckets (8 s).
		const minutes = await store.query({ hostId: 'h', keys: ['cpu', 'temp'], from: T0, to: T0 + 2 * HOUR - 1 });
		expect(minutes).toMatchObject({ tier: 'raw', mode: 'bucketed', stepMs: 8_000 });
		// Past raw retention the minute tier answers; compare minute rows with the raw samples.
		const old = open({ rawMs: 1, minuteMs: 30 * DAY, hourMs: 365 * DAY });
		await stores[0].close();
		const m = await old.query({ hostId: 'h', keys: ['cpu', 'temp'], from: T0, to: T0 + HOUR - 1 });
		if (m?.mode !== 'bucketed') throw new Error('expected buckets');
		expect(m.tier).toBe('1m');
		expect(m.ts).toHaveLength(60);
		for (const [i, start] of m.ts.entries()) {
			for (const key of ['cpu', 'temp'] as const) {
				const expected = stats(rawOf(start, start + 60_000).map((s) => (key === 'cpu' ? s.cpu.total : s.temp)));
				expect(m.series[key]!.min[i]).toBe(expected.min);
				expect(m.series[key]!.max[i]).toBe(expected.max);
				// Averages are kept to two decimals more than the series' own (temperature: 0.001 °C).
				expect(m.series[key]!.avg[i]).toBeCloseTo(expected.avg, 2);
			}
		}
		const hours = await open({ rawMs: 1, minuteMs: 1, hourMs: 365 * DAY }).query({ hostId: 'h', keys: ['cpu'], from: T0, to: T0 + 2 * HOUR - 1 });
		if (hours?.mode !== 'bucketed') throw new Error('expected buckets');
		expect(hours.tier).toBe('1h');
		expect(hours.ts).toEqual([T0, T0 + HOUR]);
		for (const [i, start] of hours.ts.entries()) {
			const expected = stats(rawOf(start, start + HOUR).map((s) => s.cpu.total));
			expect(hours.series.cpu!.min[i]).toBe(expected.min);
			expect(hours.series.cpu!.max[i]).toBe(expected.max);
			expect(hours.series.cpu!.avg[i]).toBeCloseTo(expected.avg, 3);
		}
	});

	it('merges a late sample into a written chunk and updates its aggregates', async () => {
		const store = open();
		store.declareHost('h', hostInfo('h'), clock);
		const samples = Array.from({ length: 180 }, (_, i) => at(i, T0 + i * 1000)).filter((s) => s.seq !== 30);
		store.append('h', samples);
		clock = T0 + 10 * 60_000;
		await store.flush();
		await store.flush();
		const late = at(30, T0 + 30_000);
		late.cpu.total = 100;
		expect(store.append('h', [late])).toEqual({ accepted: 1, duplicates: 0 });
		await store.flush();
		await store.flush();
		const raw = await store.query({ hostId: 'h', keys: ['cpu'], from: T0, to: T0 + 59_999 });
		expect(raw?.ts).toHaveLength(60);
		expect(raw?.mode === 'raw' && raw.series.cpu![30]).toBe(100);
		const minute = await open({ rawMs: 1, minuteMs: 30 * DAY, hourMs: 365 * DAY }).query({ hostId: 'h', keys: ['cpu'], from: T0, to: T0 + 59_999 });
		expect(minute?.mode === 'bucketed' && minute.series.cpu!.max[0]).toBe(100);
	});

	it('deletes exactly what is past each tier\'s retention', async () => {
		const store = open({ rawMs: 2 * HOUR, minuteMs: DAY, hourMs: 365 * DAY });
		store.declareHost('h', hostInfo('h'), clock);
		for (let i = 0; i < 3 * 60; i++) store.append('h', [at(i, T0 + i * 60_000)]); // one sample a minute for 3 h
		clock = T0 + 3 * HOUR + 2 * 60_000;
		await store.flush();
		await store.flush();
		await store.flush();
		clock = T0 + 4 * HOUR;
		const firstStart = (tier: number) => {
			const db = openDatabase(dir);
			// Written whole (chunks) or still open and written as parts (chunk_parts): both count.
			const row = db
				.prepare('SELECT MIN(start) AS s, COUNT(*) AS n FROM (SELECT start FROM chunks WHERE tier = @tier UNION SELECT start FROM chunk_parts WHERE tier = @tier)')
				.get({ tier }) as { s: number; n: number };
			db.close();
			return row;
		};
		expect(firstStart(0)).toEqual({ s: T0, n: 180 });
		store.runRetention();
		// Raw chunks that ended before now - 2 h (= T0 + 2 h) are gone, the one ending at it stays.
		expect(firstStart(0)).toEqual({ s: T0 + 2 * HOUR - 60_000, n: 61 });
		// Minute chunks are within their day: all kept.
		expect(firstStart(1)).toEqual({ s: T0, n: 3 });
		clock = T0 + DAY + 2 * HOUR;
		store.runRetention();
		// A chunk goes once its whole span is past the bound: hour 0 ended at T0 + 1 h, hour 1 at the bound.
		expect(firstStart(1)).toEqual({ s: T0 + HOUR, n: 2 });
	});

	it('stores real-looking 1 Hz metrics in under a byte per value', async () => {
		const store = open();
		store.declareHost('h', hostInfo('h'), clock);
		let values = 0;
		for (let i = 0; i < 3600; i++) {
			const s = sample('h', i, T0 + i * 1000);
			// An idle host: CPU a few percent, memory creeping, little traffic, load slow.
			s.cpu = { total: Math.round((2 + 3 * Math.abs(Math.sin(i / 17))) * 100) / 100, user: 1.5, system: 0.75, cores: [2.5, 3.25] };
			s.mem = { total: 8e9, used: 2e9 + Math.floor(i / 30) * 4096, available: 6e9 - Math.floor(i / 30) * 4096, swapTotal: 0, swapUsed: 0 };
			s.load = [0.2, 0.15, 0.1];
			s.disk = { readBps: 0, writeBps: i % 10 === 0 ? 40960 : 0 };
			s.net = { rxBps: 200 + (i % 7) * 10, txBps: 150, ifaces: [] };
			store.append('h', [s]);
			values += 16 + 2;
		}
		clock = T0 + 2 * HOUR;
		await store.flush();
		await store.flush();
		await store.close();
		const { statSync } = await import('node:fs');
		const db = openDatabase(dir);
		const bytes = (db.prepare('SELECT SUM(LENGTH(data)) AS b FROM chunks WHERE tier = 0').get() as { b: number }).b;
		db.close();
		expect(bytes / values).toBeLessThan(1);
		expect(statSync(join(dir, DB_FILE)).size).toBeGreaterThan(0);
	});
});

describe('opening the database', () => {
	let dir = '';
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'pulse-db-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('refuses a file that is not a database, without touching it', () => {
		writeFileSync(join(dir, DB_FILE), 'this is not sqlite, this is a grocery list');
		expect(() => openDatabase(dir)).toThrow(StoreOpenError);
		expect(() => openDatabase(dir)).toThrow(/pulse\.db cannot be used: .*move it away/);
	});

	it('upgrades an older schema and refuses a newer one', () => {
		openDatabase(dir, MIGRATIONS).close();
		const next = [...MIGRATIONS, 'CREATE TABLE later (x INTEGER)'];
		const upgraded = openDatabase(dir, next);
		expect(upgraded.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(next.length) });
		expect(upgraded.prepare("SELECT name FROM sqlite_master WHERE name = 'later'").get()).toEqual({ name: 'later' });
		upgraded.close();
		expect(() => openDatabase(dir, MIGRATIONS)).toThrow(/newer than this Pulse knows/);
	});
});
