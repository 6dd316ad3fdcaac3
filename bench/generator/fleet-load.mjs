// A realistic fleet: agents at 1 Hz (phases spread over the second, like real hosts that
// started at different times), one dashboard per N hosts watching their host pages, and a few
// dashboards on the overview. Measures agent→dashboard latency precisely: the agent and the
// dashboards watching it live in this process, so the send time is a performance.now() stamp
// kept per (host, seq); the sample's `ts` is Date.now() at send (the generator is the host).
import { Histogram } from '../lib/histogram.mjs';
import { sampleJson } from '../lib/samples.mjs';
import { dashboard, limited, SimAgent, Trouble } from './peers.mjs';

const PERIOD_MS = 1000;
const TICK_MS = 5;
/** Send stamps kept per agent; a sample not delivered within this many periods counts as lost. */
const SLOTS = 16;
/** A send later than this behind its schedule means the generator itself is falling behind. */
const LATE_MS = 50;

export function create(params) {
	return new FleetLoad(params);
}

class FleetLoad {
	/**
	 * @param {{ url: string, token: string, prefix: string, lo: number, hi: number, workerIndex: number, workers: number,
	 *           hostsPerDashboard: number, overviewDashboards: number, concurrency: number }} p
	 */
	constructor(p) {
		this.p = p;
		this.trouble = new Trouble();
		this.agents = [];
		this.byId = new Map();
		const n = p.hi - p.lo;
		for (let k = 0; k < n; k++) {
			const a = new SimAgent({ url: p.url, token: p.token, prefix: p.prefix, index: p.lo + k, trouble: this.trouble });
			// Spread evenly over the period; workers interleave so the whole fleet is even too.
			a.offset = ((k + p.workerIndex / p.workers) * PERIOD_MS) / n;
			a.ready = false;
			a.lastTs = 0;
			a.sentSeq = new Int32Array(SLOTS).fill(-1);
			a.sentAt = new Float64Array(SLOTS);
			a.delivered = new Uint8Array(SLOTS);
			this.agents.push(a);
			this.byId.set(a.id, a);
		}
		this.dashboards = [];
		this.overviews = [];
		this.running = false;
		this.measure();
	}

	/**
	 * Dashboards first (subscribing to hosts that do not exist yet is allowed: they join the
	 * room), then agents connect and hello, each starting to sample at once — the order of a
	 * server restart with dashboards open. Partial failure is returned, not thrown: an
	 * overloaded server is a result.
	 */
	async prepare() {
		const t0 = performance.now();
		const groups = [];
		for (let i = 0; this.p.hostsPerDashboard > 0 && i < this.agents.length; i += this.p.hostsPerDashboard)
			groups.push(this.agents.slice(i, i + this.p.hostsPerDashboard));
		const dashboards = await limited(groups, this.p.concurrency, async (group) => {
			const d = dashboard({ url: this.p.url, trouble: this.trouble, onEvent: (name, data, now) => this.onHostEvent(name, data, now) });
			this.dashboards.push(d);
			await d.connect(10_000);
			for (const a of group) {
				const res = await d.request('host:subscribe', { hostId: a.id }, 10_000);
				if (!res.ok) {
					this.trouble.ackError(res);
					throw new Error(`host:subscribe ${a.id}: ${JSON.stringify(res).slice(0, 200)}`);
				}
			}
		}, t0 + 30_000);
		const overviews = await limited(Array.from({ length: this.p.overviewDashboards }), 8, async () => {
			const d = dashboard({ url: this.p.url, trouble: this.trouble, rawEvents: true, onEvent: (name, text) => this.onOverviewEvent(name, text) });
			this.overviews.push(d);
			await d.connect(10_000);
			const res = await d.request('overview:subscribe', {}, 10_000);
			if (!res.ok) {
				this.trouble.ackError(res);
				throw new Error(`overview:subscribe: ${JSON.stringify(res).slice(0, 200)}`);
			}
		}, t0 + 30_000);
		const dashboardsMs = performance.now() - t0;

		this.running = true;
		this.startScheduler();
		const t1 = performance.now();
		const agents = await limited(this.agents, this.p.concurrency, async (a) => {
			await a.connect(10_000);
			await a.hello(10_000);
			a.ready = true;
		}, t1 + 40_000);
		return { dashboards, overviews, dashboardsMs, agents, agentsMs: performance.now() - t1 };
	}

	/** One timer for every agent: each period, send for the agents whose phase has come. */
	startScheduler() {
		this.epoch = performance.now();
		this.cursor = 0;
		const tick = () => {
			if (!this.running) return;
			const now = performance.now();
			for (let budget = this.agents.length; budget > 0; budget--) {
				if (this.cursor === this.agents.length) {
					this.cursor = 0;
					this.epoch += PERIOD_MS;
				}
				const a = this.agents[this.cursor];
				const due = this.epoch + a.offset;
				if (due > now) break;
				this.cursor++;
				if (!a.ready) continue;
				const late = now - due;
				if (late > LATE_MS) this.lateSends++;
				if (late > this.maxLateMs) this.maxLateMs = late;
				this.sendSample(a);
			}
			this.timer = setTimeout(tick, TICK_MS);
		};
		tick();
	}

	sendSample(a) {
		const seq = a.seq++;
		// ts is the host clock at collection: now. Never equal to the previous one (the server keeps one sample per ts).
		const ts = Math.max(Date.now(), a.lastTs + 1);
		a.lastTs = ts;
		const slot = seq % SLOTS;
		const sentAt = performance.now();
		// The slot's previous sample was sent SLOTS periods ago: if no dashboard got it by now, it is lost.
		if (a.sentSeq[slot] >= 0 && !a.delivered[slot]) this.lost++;
		a.delivered[slot] = 0;
		a.sentSeq[slot] = seq;
		a.sentAt[slot] = sentAt;
		this.sent++;
		a.client.emitRaw('agent:samples', `{"samples":[${sampleJson(a.id, a.index, seq, ts)}]}`, (res) => {
			if (res.ok) {
				this.acksOk++;
				this.ackLatency.record(performance.now() - sentAt);
			} else this.trouble.ackError(res);
		});
	}

	onHostEvent(name, data, now) {
		if (name === 'host:sample') {
			this.received++;
			const a = this.byId.get(data.host);
			const slot = data.seq % SLOTS;
			if (a && a.sentSeq[slot] === data.seq) {
				this.latency.record(now - a.sentAt[slot]);
				a.delivered[slot] = 1;
			} else this.unmatched++;
		} else if (name === 'host:status') this.status[data.status] = (this.status[data.status] ?? 0) + 1;
	}

	onOverviewEvent(name, text) {
		if (name !== 'overview:update') {
			if (name === 'host:status') this.overviewStatusEvents++;
			return;
		}
		// Date.now(): serverTime and lastSampleTs are wall clocks (server's and "host's": this machine).
		const now = Date.now();
		const update = JSON.parse(text);
		this.overviewUpdates++;
		this.overviewBytes += text.length;
		this.overviewHosts += update.hosts.length;
		this.overviewDelivery.record(now - update.serverTime);
		for (const h of update.hosts) if (typeof h.lastSampleTs === 'number') this.overviewAge.record(now - h.lastSampleTs);
	}

	measure() {
		this.t0 = performance.now();
		this.sent = 0;
		this.acksOk = 0;
		this.received = 0;
		this.unmatched = 0;
		this.lost = 0;
		this.lateSends = 0;
		this.maxLateMs = 0;
		this.status = {};
		this.latency = new Histogram();
		this.ackLatency = new Histogram();
		this.overviewUpdates = 0;
		this.overviewBytes = 0;
		this.overviewHosts = 0;
		this.overviewStatusEvents = 0;
		this.overviewDelivery = new Histogram();
		this.overviewAge = new Histogram();
	}

	report() {
		return {
			seconds: (performance.now() - this.t0) / 1000,
			agents: this.agents.filter((a) => a.client.connected).length,
			dashboards: this.dashboards.filter((d) => d.connected).length,
			overviews: this.overviews.filter((d) => d.connected).length,
			sent: this.sent,
			acksOk: this.acksOk,
			received: this.received,
			unmatched: this.unmatched,
			lost: this.lost,
			lateSends: this.lateSends,
			maxLateMs: this.maxLateMs,
			status: this.status,
			latency: this.latency.toJSON(),
			ackLatency: this.ackLatency.toJSON(),
			overview: {
				updates: this.overviewUpdates,
				bytes: this.overviewBytes,
				hosts: this.overviewHosts,
				statusEvents: this.overviewStatusEvents,
				delivery: this.overviewDelivery.toJSON(),
				age: this.overviewAge.toJSON()
			},
			trouble: this.trouble.toJSON()
		};
	}

	close() {
		this.running = false;
		clearTimeout(this.timer);
		for (const a of this.agents) a.close();
		for (const d of [...this.dashboards, ...this.overviews]) d.close();
	}
}
