import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { HostInfo, Sample, SeriesQueryResult, SeriesWindow, StoredHost } from '../../protocol/index.js';
import type { Logger } from '../logger.js';
import { aggregate, aggColumnDecimals } from './chunks/rollup.js';
import { fromStoredRaw, rawDecimals, rawRow, spanStart, TIERS, toStoredRaw, type TierName } from './chunks/layout.js';
import { fixedSeriesValues } from '../../protocol/index.js';
import { RowSet } from './chunks/row-set.js';
import { decodeChunk, encodeChunk, type Column } from './codec/columns.js';
import { MemoryStore } from './memory-store.js';
import { answer, planQuery, type Retention, type SeriesQuery } from './query.js';
import { DB_FILE, openDatabase, type Db } from './sqlite/database.js';
import type { AppendResult, SampleStore, StoreStats } from './types.js';

export interface SqliteStoreOptions {
	dataDir: string;
	/** Recent history kept in memory in front of the database (the live charts' window). */
	windowMs: number;
	flushIntervalMs: number;
	retention: Retention;
	log: Logger;
	now?: () => number;
}

/** A chunk that is being filled (or was reopened by a late sample), held in memory. */
interface OpenChunk {
	hostKey: number;
	hostId: string;
	tier: TierName;
	start: number;
	rows: RowSet;
	dirty: boolean;
	/** Rows [0, written) are on disk (chunk row + parts); the rest go out as a new part. */
	written: number;
	/** A row was inserted before `written` (late data): the next write rewrites it whole. */
	rewrite: boolean;
	/** Server clock of the last change. */
	touchedAt: number;
}

/** A chunk closes once the host's newest sample is this far past its end… */
const CLOSE_GRACE_MS = 5_000;
/** …or once nothing has touched it for this long (the host went quiet). */
const IDLE_CLOSE_MS = 60_000;
/** Chunks written per slice of a flush (~5 ms): the socket path gets a turn between slices. */
const FLUSH_SLICE = 25;
const RETENTION_EVERY_MS = 10 * 60_000;
const FLUSH_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

const UPPER: Partial<Record<TierName, TierName>> = { raw: 'minute', minute: 'hour' };
const decimalsOf = (tier: TierName) => (tier === 'raw' ? rawDecimals : aggColumnDecimals);

/**
 * The embedded time-series store: SQLite through better-sqlite3 (WAL), one row per host and
 * time span per tier holding the span's rows column-wise and compressed (see codec/). Raw
 * samples go into one-minute chunks; closing a minute adds its min/avg/max row to the hour's
 * chunk of the 1-minute tier, closing an hour adds a row to the day's chunk of the 1-hour
 * tier: rollups are incremental, never a rescan. Appends only touch memory; a timer flushes
 * changed chunks in batches (open chunks uncompressed, closed ones compressed), so a crash
 * loses at most one flush interval — which agents resend after seeing the server restart.
 * Recent samples are also kept in a MemoryStore, which serves the live window and sparklines.
 */
export class SqliteStore implements SampleStore {
	private readonly db: Db;
	private readonly hot: MemoryStore;
	private readonly now: () => number;
	private readonly hostKeys = new Map<string, number>();
	private readonly intervals = new Map<string, number>();
	private readonly open = new Map<string, OpenChunk>();
	/** Newest sample timestamp per host (host clock): drives chunk closing. */
	private readonly newest = new Map<string, number>();
	/** Hosts whose recent window was loaded into the hot cache in this run. */
	private readonly warmed = new Set<string>();
	private readonly seen = new Map<string, number>();
	/** Newest span start on disk per `hostKey:tier` (see newestStored). */
	private readonly storedMax = new Map<string, number>();
	private flushTimer: NodeJS.Timeout;
	private retentionTimer: NodeJS.Timeout;
	private flushing: Promise<void> | null = null;
	private closed = false;
	private readonly figures = {
		lastFlushMs: null as number | null,
		lastFlushAt: null as number | null,
		flushErrors: 0,
		flushCount: 0,
		flushSumMs: 0,
		flushHistogram: new Map<number, number>(FLUSH_BUCKETS_MS.map((b) => [b, 0]))
	};
	private readonly sql;

	constructor(private readonly opts: SqliteStoreOptions) {
		this.now = opts.now ?? Date.now;
		this.db = openDatabase(opts.dataDir);
		this.hot = new MemoryStore(opts.windowMs);
		this.sql = {
			hostKey: this.db.prepare<[string], { id: number }>('SELECT id FROM hosts WHERE host_id = ?'),
			hostInfo: this.db.prepare<[string], { info: string | null }>('SELECT info FROM hosts WHERE host_id = ?'),
			insertHost: this.db.prepare<[string, number]>('INSERT INTO hosts (host_id, first_seen) VALUES (?, ?) ON CONFLICT(host_id) DO NOTHING'),
			saveInfo: this.db.prepare<[string, number, string]>('UPDATE hosts SET info = ?, last_seen = ? WHERE host_id = ?'),
			touchHost: this.db.prepare<[number, string]>('UPDATE hosts SET last_seen = ? WHERE host_id = ?'),
			hosts: this.db.prepare<[], { host_id: string; info: string | null; first_seen: number; last_seen: number | null }>(
				'SELECT host_id, info, first_seen, last_seen FROM hosts ORDER BY host_id'
			),
			chunk: this.db.prepare<[number, number, number], { data: Buffer }>('SELECT data FROM chunks WHERE host = ? AND tier = ? AND start = ?'),
			parts: this.db.prepare<[number, number, number], { data: Buffer }>('SELECT data FROM chunk_parts WHERE host = ? AND tier = ? AND start = ? ORDER BY rowid'),
			range: this.db.prepare<[number, number, number, number], { start: number; data: Buffer }>(
				'SELECT start, data FROM chunks WHERE host = ? AND tier = ? AND start < ? AND end > ? ORDER BY start'
			),
			rangeParts: this.db.prepare<[number, number, number, number], { start: number; data: Buffer }>(
				'SELECT start, data FROM chunk_parts WHERE host = ? AND tier = ? AND start < ? AND start > ? ORDER BY rowid'
			),
			addPart: this.db.prepare<[number, number, number, Buffer]>('INSERT INTO chunk_parts (host, tier, start, data) VALUES (?, ?, ?, ?)'),
			dropParts: this.db.prepare<[number, number, number]>('DELETE FROM chunk_parts WHERE host = ? AND tier = ? AND start = ?'),
			expireParts: this.db.prepare<[number, number]>('DELETE FROM chunk_parts WHERE tier = ? AND start < ?'),
			maxStart: this.db.prepare<[{ host: number; tier: number }], { start: number | null }>(
				'SELECT MAX(start) AS start FROM (SELECT start FROM chunks WHERE host = @host AND tier = @tier UNION ALL SELECT start FROM chunk_parts WHERE host = @host AND tier = @tier)'
			),
			put: this.db.prepare<[number, number, number, number, number, Buffer]>(
				'INSERT INTO chunks (host, tier, start, end, rows, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (host, tier, start) DO UPDATE SET end = excluded.end, rows = excluded.rows, data = excluded.data'
			),
			expire: this.db.prepare<[number, number]>('DELETE FROM chunks WHERE tier = ? AND end < ?')
		};
		this.flushTimer = setInterval(() => void this.flush(), opts.flushIntervalMs);
		this.flushTimer.unref();
		this.retentionTimer = setInterval(() => this.enforceRetention(), RETENTION_EVERY_MS);
		this.retentionTimer.unref();
		this.enforceRetention();
	}

	declareHost(hostId: string, info: HostInfo, now: number): void {
		this.intervals.set(hostId, info.intervalMs);
		this.hot.declareHost(hostId, info);
		this.hostKey(hostId);
		this.sql.saveInfo.run(JSON.stringify(info), now, hostId);
	}

	knownHosts(): StoredHost[] {
		return this.sql.hosts.all().map((h) => ({
			hostId: h.host_id,
			info: h.info ? (JSON.parse(h.info) as HostInfo) : null,
			firstSeen: h.first_seen,
			lastSeen: h.last_seen
		}));
	}

	append(hostId: string, samples: readonly Sample[]): AppendResult {
		this.warm(hostId);
		const now = this.now();
		let accepted = 0;
		let duplicates = 0;
		for (const s of samples) {
			const chunk = this.chunkFor(hostId, 'raw', spanStart('raw', s.ts));
			const fixed = fixedSeriesValues(s);
			const lateInChunk = chunk.rows.size > 0 && s.ts < chunk.rows.ts[chunk.rows.size - 1];
			if (!chunk.rows.insert(s.ts, rawRow(s, fixed), rawDecimals)) {
				duplicates++;
				continue;
			}
			if (lateInChunk) chunk.rewrite = true;
			chunk.dirty = true;
			chunk.touchedAt = now;
			accepted++;
			this.hot.appendRow(hostId, s.ts, fixed, s.cpu.cores);
			if (s.ts > (this.newest.get(hostId) ?? -Infinity)) this.newest.set(hostId, s.ts);
		}
		if (accepted > 0) this.seen.set(hostId, now);
		return { accepted, duplicates };
	}

	async window(hostId: string, fromTs: number): Promise<SeriesWindow> {
		this.warm(hostId);
		return this.hot.window(hostId, fromTs);
	}

	sparkline(hostId: string, points: number): number[] {
		this.warm(hostId);
		return this.hot.sparkline(hostId, points);
	}

	async query(q: SeriesQuery): Promise<SeriesQueryResult | null> {
		const key = this.existingHostKey(q.hostId);
		if (key === null) return null;
		const plan = planQuery(q, this.intervals.get(q.hostId) ?? this.storedInterval(q.hostId), this.now(), this.opts.retention);
		const tier = TIERS[plan.tier];
		const sets = new Map<number, RowSet>();
		for (const [start, rows] of this.storedRange(key, plan.tier, q.from, q.to + 1)) sets.set(start, rows);
		// Chunks open in memory are newer than their stored copy.
		for (const chunk of this.open.values()) {
			if (chunk.hostKey !== key || chunk.tier !== plan.tier) continue;
			if (chunk.start <= q.to && chunk.start + tier.spanMs > q.from) sets.set(chunk.start, chunk.rows);
		}
		return answer(q, plan, [...sets.values()]);
	}

	stats(): StoreStats {
		const size = (file: string) => {
			try {
				return statSync(file).size;
			} catch {
				return 0;
			}
		};
		const db = join(this.opts.dataDir, DB_FILE);
		return {
			kind: 'sqlite',
			bytesOnDisk: size(db) + size(`${db}-wal`),
			openChunks: this.open.size,
			...this.figures
		};
	}

	/**
	 * Writes what changed: closable chunks compressed (feeding their rollup), the others as
	 * they are. In slices, each in one transaction, so the socket path keeps its turns.
	 */
	flush(all = false): Promise<void> {
		this.flushing ??= this.runFlush(all).finally(() => {
			this.flushing = null;
		});
		return this.flushing;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		clearInterval(this.flushTimer);
		clearInterval(this.retentionTimer);
		if (this.flushing) await this.flushing;
		await this.flush();
		this.closed = true;
		this.db.close();
	}

	private async runFlush(all: boolean): Promise<void> {
		if (this.closed) return;
		const started = performance.now();
		try {
			// Raw first: closing raw chunks dirties minute chunks, closing those dirties hour ones.
			for (const tier of ['raw', 'minute', 'hour'] as const) {
				const work = [...this.open.values()].filter((c) => c.tier === tier && (c.dirty || this.closable(c, all)));
				for (let i = 0; i < work.length; i += FLUSH_SLICE) {
					const slice = work.slice(i, i + FLUSH_SLICE);
					this.db.transaction(() => {
						for (const chunk of slice) this.write(chunk, this.closable(chunk, all));
					})();
					if (i + FLUSH_SLICE < work.length) await new Promise((r) => setImmediate(r));
				}
			}
			this.db.transaction(() => {
				for (const [hostId, at] of this.seen) this.sql.touchHost.run(at, hostId);
			})();
			this.seen.clear();
			this.recordFlush(performance.now() - started);
		} catch (err) {
			this.figures.flushErrors++;
			this.opts.log.error({ err }, 'store flush failed; will retry');
		}
	}

	private recordFlush(ms: number): void {
		this.figures.lastFlushMs = ms;
		this.figures.lastFlushAt = this.now();
		this.figures.flushCount++;
		this.figures.flushSumMs += ms;
		const bucket = FLUSH_BUCKETS_MS.find((b) => ms <= b);
		if (bucket !== undefined) this.figures.flushHistogram.set(bucket, (this.figures.flushHistogram.get(bucket) ?? 0) + 1);
	}

	private closable(chunk: OpenChunk, all: boolean): boolean {
		if (all) return false;
		const end = chunk.start + TIERS[chunk.tier].spanMs;
		const newest = this.newest.get(chunk.hostId) ?? -Infinity;
		return newest >= end + CLOSE_GRACE_MS || this.now() - chunk.touchedAt >= IDLE_CLOSE_MS;
	}

	/**
	 * Writes one chunk. An open one appends its new rows as a part (or is rewritten whole after
	 * a late row); a closing one is written whole and compressed, its parts dropped, its rollup
	 * row added to the tier above, and it leaves memory.
	 */
	private write(chunk: OpenChunk, closing: boolean): void {
		const tier = TIERS[chunk.tier];
		const end = chunk.start + tier.spanMs;
		if (closing || chunk.rewrite) {
			if (chunk.rows.size > 0) {
				const data = encodeRows(chunk.tier, chunk.rows.ts, chunk.rows.toColumns(), closing);
				this.sql.put.run(chunk.hostKey, tier.id, chunk.start, end, chunk.rows.size, data);
			}
			this.sql.dropParts.run(chunk.hostKey, tier.id, chunk.start);
		} else if (chunk.written < chunk.rows.size) {
			const tail = chunk.rows.tailColumns(chunk.written);
			this.sql.addPart.run(chunk.hostKey, tier.id, chunk.start, encodeRows(chunk.tier, tail.ts, tail.columns, false));
		}
		chunk.written = chunk.rows.size;
		chunk.rewrite = false;
		const maxKey = `${chunk.hostKey}:${chunk.tier}`;
		if (chunk.start > (this.storedMax.get(maxKey) ?? -Infinity)) this.storedMax.set(maxKey, chunk.start);
		chunk.dirty = false;
		if (!closing) return;
		this.open.delete(openKey(chunk.hostKey, chunk.tier, chunk.start));
		const upper = UPPER[chunk.tier];
		if (!upper) return;
		const cells = aggregate(chunk.rows, chunk.start, end, chunk.tier === 'raw');
		if (!cells) return;
		const target = this.chunkFor(chunk.hostId, upper, spanStart(upper, chunk.start));
		const replacing = target.rows.has(chunk.start) || (target.rows.size > 0 && chunk.start < target.rows.ts[target.rows.size - 1]);
		target.rows.upsert(chunk.start, cells, aggColumnDecimals);
		if (replacing) target.rewrite = true;
		target.dirty = true;
		target.touchedAt = this.now();
	}

	/** A chunk as stored: its row in chunks (if any) with every part written since merged in. */
	private loadStored(hostKey: number, tier: TierName, start: number): RowSet {
		const id = TIERS[tier].id;
		const base = this.sql.chunk.get(hostKey, id, start);
		const rows = base ? decodeRows(tier, base.data) : new RowSet();
		for (const part of this.sql.parts.all(hostKey, id, start)) rows.merge(decodeRows(tier, part.data), decimalsOf(tier));
		return rows;
	}

	/** Stored chunks of a tier overlapping [from, to), parts merged in, by start. */
	private storedRange(hostKey: number, tier: TierName, from: number, to: number): Map<number, RowSet> {
		const id = TIERS[tier].id;
		const sets = new Map<number, RowSet>();
		for (const row of this.sql.range.all(hostKey, id, to, from)) sets.set(row.start, decodeRows(tier, row.data));
		for (const part of this.sql.rangeParts.all(hostKey, id, to, from - TIERS[tier].spanMs)) {
			let set = sets.get(part.start);
			if (!set) sets.set(part.start, (set = new RowSet()));
			set.merge(decodeRows(tier, part.data), decimalsOf(tier));
		}
		return sets;
	}

	/** The open chunk of a host, tier and span; reopened from the database if it was written. */
	private chunkFor(hostId: string, tier: TierName, start: number): OpenChunk {
		const hostKey = this.hostKey(hostId);
		const key = openKey(hostKey, tier, start);
		let chunk = this.open.get(key);
		if (!chunk) {
			// A span later than anything on disk for this host and tier is new: nothing to read.
			const rows = start > this.newestStored(hostKey, tier) ? new RowSet() : this.loadStored(hostKey, tier, start);
			chunk = { hostKey, hostId, tier, start, rows, dirty: false, touchedAt: this.now(), written: rows.size, rewrite: false };
			this.open.set(key, chunk);
		}
		return chunk;
	}

	/** Start of the newest span on disk for a host and tier (read once per run, then kept up to date). */
	private newestStored(hostKey: number, tier: TierName): number {
		const key = `${hostKey}:${tier}`;
		let start = this.storedMax.get(key);
		if (start === undefined) {
			const id = TIERS[tier].id;
			const row = this.sql.maxStart.get({ host: hostKey, tier: id });
			start = row?.start ?? -Infinity;
			this.storedMax.set(key, start);
		}
		return start;
	}

	/** Loads a host's recent stored samples into the hot cache, once per run. */
	private warm(hostId: string): void {
		if (this.warmed.has(hostId)) return;
		this.warmed.add(hostId);
		const key = this.existingHostKey(hostId);
		if (key === null) return;
		const from = this.now() - this.opts.windowMs - TIERS.raw.spanMs;
		for (const set of this.storedRange(key, 'raw', from, Number.MAX_SAFE_INTEGER).values()) {
			this.hot.appendRows(hostId, set);
			const last = set.ts[set.size - 1];
			if (last !== undefined && last > (this.newest.get(hostId) ?? -Infinity)) this.newest.set(hostId, last);
		}
	}

	private enforceRetention(): void {
		const now = this.now();
		const limits: [TierName, number][] = [
			['raw', this.opts.retention.rawMs],
			['minute', this.opts.retention.minuteMs],
			['hour', this.opts.retention.hourMs]
		];
		let deleted = 0;
		for (const [tier, keep] of limits) {
			deleted += this.sql.expire.run(TIERS[tier].id, now - keep).changes;
			this.sql.expireParts.run(TIERS[tier].id, now - keep - TIERS[tier].spanMs);
		}
		if (deleted > 0) {
			this.db.pragma('incremental_vacuum');
			this.opts.log.info({ deleted }, 'retention: old chunks deleted');
		}
	}

	private hostKey(hostId: string): number {
		let key = this.hostKeys.get(hostId);
		if (key === undefined) {
			this.sql.insertHost.run(hostId, this.now());
			key = this.sql.hostKey.get(hostId)!.id;
			this.hostKeys.set(hostId, key);
		}
		return key;
	}

	private existingHostKey(hostId: string): number | null {
		const cached = this.hostKeys.get(hostId);
		if (cached !== undefined) return cached;
		const row = this.sql.hostKey.get(hostId);
		if (!row) return null;
		this.hostKeys.set(hostId, row.id);
		return row.id;
	}

	/** The interval from a host's stored hello, for hosts queried before they said hello in this run. */
	private storedInterval(hostId: string): number {
		const row = this.sql.hostInfo.get(hostId);
		const interval = row?.info ? (JSON.parse(row.info) as HostInfo).intervalMs : 1_000;
		this.intervals.set(hostId, interval);
		return interval;
	}

	/** Runs retention now (tests; production runs it every 10 minutes). */
	runRetention(): void {
		this.enforceRetention();
	}
}

function openKey(hostKey: number, tier: TierName, start: number): string {
	return `${hostKey}:${tier}:${start}`;
}

/** Encodes a chunk's rows; raw rows get the raw tier's storage transforms (see toStoredRaw). */
function encodeRows(tier: TierName, ts: readonly number[], columns: Column[], compress: boolean): Buffer {
	return encodeChunk(ts, tier === 'raw' ? toStoredRaw(columns) : columns, compress);
}

function decodeRows(tier: TierName, data: Uint8Array): RowSet {
	const decoded = decodeChunk(data);
	return RowSet.from(tier === 'raw' ? { ts: decoded.ts, columns: fromStoredRaw(decoded.columns) } : decoded);
}
