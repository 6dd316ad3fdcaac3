// Ingest flood: each simulated agent keeps `inflight` batches of `batch` samples in flight,
// sending the next as soon as one is acked, so the server, not a clock, sets the pace.
import { Histogram } from '../lib/histogram.mjs';
import { sampleJson } from '../lib/samples.mjs';
import { limited, SimAgent, Trouble } from './peers.mjs';

/** Timestamps 1 s apart from a fixed past origin: unique per host (the server dedups by ts), in order. */
const TS_ORIGIN = 1_600_000_000_000;

export function create(params) {
	return new FloodLoad(params);
}

class FloodLoad {
	constructor({ url, token, prefix, lo, hi, inflight, batch }) {
		this.trouble = new Trouble();
		this.inflight = inflight;
		this.batch = batch;
		this.agents = [];
		for (let i = lo; i < hi; i++) this.agents.push(new SimAgent({ url, token, prefix, index: i, trouble: this.trouble }));
		this.running = false;
		this.outstanding = 0;
		this.measure();
	}

	async prepare() {
		const deadline = performance.now() + 30_000;
		const r = await limited(this.agents, 32, async (a) => {
			await a.connect();
			await a.hello();
		}, deadline);
		if (r.ok < this.agents.length) throw new Error(`flood: ${r.ok}/${this.agents.length} agents ready; ${r.errors.join('; ')}`);
		return { agents: r.ok };
	}

	start() {
		this.running = true;
		for (const a of this.agents) for (let k = 0; k < this.inflight; k++) this.send(a);
	}

	send(a) {
		if (!this.running) return;
		const parts = new Array(this.batch);
		for (let k = 0; k < this.batch; k++) {
			const seq = a.seq++;
			parts[k] = sampleJson(a.id, a.index, seq, TS_ORIGIN + seq * 1000);
		}
		const sentAt = performance.now();
		this.outstanding++;
		a.client.emitRaw('agent:samples', `{"samples":[${parts.join(',')}]}`, (res) => {
			this.outstanding--;
			if (res.ok) {
				this.samplesAcked += res.data.accepted + res.data.duplicates;
				this.duplicates += res.data.duplicates;
				this.batchesAcked++;
				this.ackLatency.record(performance.now() - sentAt);
			} else this.trouble.ackError(res);
			this.send(a);
		});
	}

	measure() {
		this.t0 = performance.now();
		this.samplesAcked = 0;
		this.duplicates = 0;
		this.batchesAcked = 0;
		this.ackLatency = new Histogram();
	}

	report() {
		return {
			seconds: (performance.now() - this.t0) / 1000,
			samplesAcked: this.samplesAcked,
			duplicates: this.duplicates,
			batchesAcked: this.batchesAcked,
			ackLatency: this.ackLatency.toJSON(),
			trouble: this.trouble.toJSON()
		};
	}

	/** Stops sending and waits (at most 5 s) for the batches in flight to be acked. */
	async stop() {
		this.running = false;
		const deadline = performance.now() + 5_000;
		while (this.outstanding > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		return { outstanding: this.outstanding };
	}

	close() {
		this.running = false;
		for (const a of this.agents) a.close();
	}
}
