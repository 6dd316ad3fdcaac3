// Connection storm: N agents connect (namespace accepted), then all say hello, then sit idle.
// The two phases are timed apart so the report can say where the time and memory go.
import { limited, SimAgent, Trouble } from './peers.mjs';

export function create(params) {
	return new ConnectLoad(params);
}

class ConnectLoad {
	constructor({ url, token, prefix, lo, hi, concurrency }) {
		this.trouble = new Trouble();
		this.concurrency = concurrency;
		this.agents = [];
		for (let i = lo; i < hi; i++) this.agents.push(new SimAgent({ url, token, prefix, index: i, trouble: this.trouble }));
	}

	/** Opens every connection (engine.io open + namespace connect acked); bounded at 60 s. */
	async connectAll() {
		const t0 = performance.now();
		const r = await limited(this.agents, this.concurrency, (a) => a.connect(20_000), t0 + 60_000);
		return { ...r, ms: performance.now() - t0 };
	}

	/** Sends `agent:hello` on every connection and waits for the acks; bounded at 60 s. */
	async helloAll() {
		const t0 = performance.now();
		const live = this.agents.filter((a) => a.client.connected);
		const r = await limited(live, this.concurrency, (a) => a.hello(20_000), t0 + 60_000);
		return { ...r, ms: performance.now() - t0 };
	}

	report() {
		return { connected: this.agents.filter((a) => a.client.connected).length, trouble: this.trouble.toJSON() };
	}

	close() {
		for (const a of this.agents) a.close();
	}
}
