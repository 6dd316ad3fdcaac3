import { coreKey, SERIES_KEYS, type HostInfo, type Sample, type SeriesKey, type SeriesQueryResult, type SeriesWindow, type StoredHost } from '../../protocol/index.js';
import { rawColumnId, rawDecimals } from './chunks/layout.js';
import { RowSet } from './chunks/row-set.js';
import { HostRing } from './host-ring.js';
import { answer, MAX_POINTS, type SeriesQuery } from './query.js';
import type { AppendResult, SampleStore, StoreStats } from './types.js';

const DEFAULT_INTERVAL_MS = 1_000;
/** Headroom over window/interval, so agents sampling slightly fast still fill the window. */
const SLACK = 1.1;

/** Keeps the last `windowMs` of every host in memory; nothing survives a restart. */
export class MemoryStore implements SampleStore {
	private rings = new Map<string, HostRing>();
	private intervals = new Map<string, number>();

	constructor(private readonly windowMs: number) {}

	declareHost(hostId: string, info: Pick<HostInfo, 'intervalMs'>): void {
		// Rings are made on the first sample: a host that only said hello costs no buffers.
		this.intervals.set(hostId, info.intervalMs);
		this.rings.get(hostId)?.raiseLimit(this.capacityFor(info.intervalMs));
	}

	knownHosts(): StoredHost[] {
		return [];
	}

	append(hostId: string, samples: readonly Sample[]): AppendResult {
		const ring = this.ring(hostId);
		let accepted = 0;
		let duplicates = 0;
		for (const sample of samples) {
			if (ring.insert(sample) === 'duplicate') duplicates++;
			else accepted++;
		}
		return { accepted, duplicates };
	}

	/** Adds one row given as SERIES_KEYS values and per-core values (a persistent store in front). */
	appendRow(hostId: string, ts: number, fixed: readonly (number | null)[], cores: readonly (number | null)[]): void {
		this.ring(hostId).insertRow(ts, fixed, cores);
	}

	/** Adds stored raw rows (a persistent store warming its cache after a restart). */
	appendRows(hostId: string, rows: RowSet): void {
		const ring = this.ring(hostId);
		const fixed = SERIES_KEYS.map((key) => rows.column(rawColumnId(key)));
		const cores: (number | null)[][] = [];
		for (let c = 0; rows.column(rawColumnId(coreKey(c))); c++) cores.push(rows.column(rawColumnId(coreKey(c)))!);
		for (let i = 0; i < rows.size; i++) {
			ring.insertRow(
				rows.ts[i],
				fixed.map((col) => col?.[i] ?? null),
				cores.map((col) => col[i])
			);
		}
	}

	private ring(hostId: string): HostRing {
		let ring = this.rings.get(hostId);
		if (!ring) {
			ring = new HostRing(this.capacityFor(this.intervals.get(hostId) ?? DEFAULT_INTERVAL_MS));
			this.rings.set(hostId, ring);
		}
		return ring;
	}

	async window(hostId: string, fromTs: number): Promise<SeriesWindow> {
		const ring = this.rings.get(hostId);
		if (!ring || ring.newestTs === null) return { ts: [], series: {} };
		return ring.window(Math.max(fromTs, ring.newestTs - this.windowMs));
	}

	sparkline(hostId: string, points: number): number[] {
		return this.rings.get(hostId)?.tailCpu(points) ?? [];
	}

	/** Answers from the recent window only: raw samples, bucketed when there are too many. */
	async query(q: SeriesQuery): Promise<SeriesQueryResult | null> {
		const ring = this.rings.get(q.hostId);
		if (!ring && !this.intervals.has(q.hostId)) return null;
		const window = ring ? ring.window(q.from) : { ts: [], series: {} };
		const set = RowSet.from({
			ts: window.ts,
			columns: Object.entries(window.series).map(([key, values]) => {
				const id = rawColumnId(key as SeriesKey);
				return { id, decimals: rawDecimals(id), values: values! };
			})
		});
		const interval = this.intervals.get(q.hostId) ?? DEFAULT_INTERVAL_MS;
		const span = Math.max(1, q.to - q.from);
		const stepMs = span / interval <= MAX_POINTS && !q.stepMs ? null : Math.max(q.stepMs ?? 0, Math.ceil(span / MAX_POINTS / 1000) * 1000);
		return answer(q, { tier: 'raw', stepMs }, [set]);
	}

	stats(): StoreStats {
		return {
			kind: 'memory',
			bytesOnDisk: null,
			openChunks: 0,
			lastFlushMs: null,
			lastFlushAt: null,
			flushErrors: 0,
			flushHistogram: new Map(),
			flushCount: 0,
			flushSumMs: 0
		};
	}

	async close(): Promise<void> {
		this.rings.clear();
		this.intervals.clear();
	}

	private capacityFor(intervalMs: number): number {
		return Math.ceil((this.windowMs / Math.max(intervalMs, 100)) * SLACK) + 1;
	}
}
