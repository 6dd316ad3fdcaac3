// A fixed-bucket latency histogram in milliseconds: constant memory however many values
// (10,000 agents × 30 s is 300,000 values per run), mergeable across worker processes.
// Resolution: 0.05 ms up to 200 ms, then 1 ms up to 20 s; beyond that only the count and max.

const FINE_MS = 200;
const FINE_STEP = 0.05;
const FINE = FINE_MS / FINE_STEP;
const COARSE_MS = 20_000;
const BUCKETS = FINE + (COARSE_MS - FINE_MS);

export class Histogram {
	constructor() {
		this.counts = new Uint32Array(BUCKETS + 1); // last bucket: overflow
		this.n = 0;
		this.sum = 0;
		this.max = 0;
	}

	record(ms) {
		if (!(ms >= 0)) ms = 0; // clock granularity can give -0.x for same-ms stamps
		const b = ms < FINE_MS ? Math.floor(ms / FINE_STEP) : ms < COARSE_MS ? FINE + Math.floor(ms - FINE_MS) : BUCKETS;
		this.counts[b]++;
		this.n++;
		this.sum += ms;
		if (ms > this.max) this.max = ms;
	}

	/** Upper edge of the bucket holding the q-quantile (0..1); null when empty. */
	quantile(q) {
		if (this.n === 0) return null;
		const rank = Math.max(1, Math.ceil(q * this.n));
		let seen = 0;
		for (let b = 0; b <= BUCKETS; b++) {
			seen += this.counts[b];
			if (seen >= rank) {
				const upper = b < FINE ? (b + 1) * FINE_STEP : b < BUCKETS ? FINE_MS + (b - FINE) + 1 : this.max;
				return Math.min(upper, this.max);
			}
		}
		return this.max;
	}

	summary() {
		return {
			count: this.n,
			mean: this.n ? this.sum / this.n : null,
			p50: this.quantile(0.5),
			p90: this.quantile(0.9),
			p99: this.quantile(0.99),
			p999: this.quantile(0.999),
			max: this.n ? this.max : null
		};
	}

	/** Sparse form for IPC: [bucket, count] pairs. */
	toJSON() {
		const pairs = [];
		for (let b = 0; b <= BUCKETS; b++) if (this.counts[b]) pairs.push([b, this.counts[b]]);
		return { pairs, n: this.n, sum: this.sum, max: this.max };
	}

	static from(json) {
		const h = new Histogram();
		h.merge(json);
		return h;
	}

	merge(other) {
		const src = other instanceof Histogram ? other.toJSON() : other;
		for (const [b, c] of src.pairs) this.counts[b] += c;
		this.n += src.n;
		this.sum += src.sum;
		this.max = Math.max(this.max, src.max);
		return this;
	}
}
