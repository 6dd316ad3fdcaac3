import type { Sample, SeriesWindow } from '../../protocol/index.js';
import { HostRing } from './host-ring.js';
import type { AppendResult, SampleStore } from './types.js';

const DEFAULT_INTERVAL_MS = 1_000;
/** Headroom over window/interval, so agents sampling slightly fast still fill the window. */
const SLACK = 1.1;

/** Keeps the last `windowMs` of every host in memory; nothing survives a restart. */
export class MemoryStore implements SampleStore {
	private rings = new Map<string, HostRing>();
	private intervals = new Map<string, number>();

	constructor(private readonly windowMs: number) {}

	declareHost(hostId: string, intervalMs: number): void {
		// Rings are made on the first sample: a host that only said hello costs no buffers.
		this.intervals.set(hostId, intervalMs);
		this.rings.get(hostId)?.raiseLimit(this.capacityFor(intervalMs));
	}

	append(hostId: string, samples: readonly Sample[]): AppendResult {
		let ring = this.rings.get(hostId);
		if (!ring) {
			ring = new HostRing(this.capacityFor(this.intervals.get(hostId) ?? DEFAULT_INTERVAL_MS));
			this.rings.set(hostId, ring);
		}
		let accepted = 0;
		let duplicates = 0;
		for (const sample of samples) {
			if (ring.insert(sample) === 'duplicate') duplicates++;
			else accepted++;
		}
		return { accepted, duplicates };
	}

	async window(hostId: string, fromTs: number): Promise<SeriesWindow> {
		const ring = this.rings.get(hostId);
		if (!ring || ring.newestTs === null) return { ts: [], series: {} };
		return ring.window(Math.max(fromTs, ring.newestTs - this.windowMs));
	}

	sparkline(hostId: string, points: number): number[] {
		return this.rings.get(hostId)?.tailCpu(points) ?? [];
	}

	async close(): Promise<void> {
		this.rings.clear();
		this.intervals.clear();
	}

	private capacityFor(intervalMs: number): number {
		return Math.ceil((this.windowMs / Math.max(intervalMs, 100)) * SLACK) + 1;
	}
}
