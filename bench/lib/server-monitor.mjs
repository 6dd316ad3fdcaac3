// Watches the server under test from outside during a measurement window:
// CPU % of one core (/proc/<pid>/stat), RSS (/proc/<pid>/status, every second), and its
// event-loop responsiveness as the latency of `GET /healthz` probes (one at a time, every
// 100 ms, from the orchestrator, which does nothing else meanwhile). A probe's latency is the
// loop's lag plus the cost of a tiny HTTP handler (~0.3–1 ms when idle: the report shows the
// idle baseline next to it).
import { Histogram } from './histogram.mjs';
import { CpuWindow, rssBytes } from './proc-stats.mjs';

const PROBE_EVERY_MS = 100;
/** A probe unanswered after this long is recorded at this value (a lower bound) and counted. */
const PROBE_TIMEOUT_MS = 5_000;
const RSS_EVERY_MS = 1000;

export class ServerMonitor {
	constructor(server) {
		this.server = server;
	}

	start() {
		this.cpu = new CpuWindow(this.server.pid).start();
		this.rss = [];
		this.probe = new Histogram();
		this.probeErrors = 0;
		this.probeTimeouts = 0;
		this.running = true;
		this.rssTimer = setInterval(() => this.rss.push(rssBytes(this.server.pid)), RSS_EVERY_MS);
		this.probing = this.probeLoop();
		return this;
	}

	async probeLoop() {
		while (this.running) {
			const t0 = performance.now();
			try {
				const res = await fetch(`${this.server.url}/healthz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
				await res.arrayBuffer();
				if (res.ok) this.probe.record(performance.now() - t0);
				else this.probeErrors++;
			} catch (err) {
				// A server too busy to answer in 5 s must not vanish from the percentiles.
				if (err.name === 'TimeoutError') {
					this.probe.record(PROBE_TIMEOUT_MS);
					this.probeTimeouts++;
				} else this.probeErrors++;
			}
			const wait = PROBE_EVERY_MS - (performance.now() - t0);
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		}
	}

	async stop() {
		const cpu = this.cpu.stop();
		this.running = false;
		clearInterval(this.rssTimer);
		this.rss.push(rssBytes(this.server.pid));
		await this.probing;
		const rss = this.rss.filter(Number.isFinite);
		return {
			cpuPercent: cpu.cpuPercent,
			cpuSeconds: cpu.cpuSeconds,
			seconds: cpu.seconds,
			machinePercent: cpu.machinePercent,
			rssStartMB: rss[0] / 1e6,
			rssEndMB: rss[rss.length - 1] / 1e6,
			rssMaxMB: Math.max(...rss) / 1e6,
			/** One reading per second: a steady climb under constant load is a leak to chase. */
			rssSeriesMB: rss.map((v) => Math.round(v / 1e5) / 10),
			healthz: this.probe.summary(),
			healthzErrors: this.probeErrors,
			healthzTimeouts: this.probeTimeouts
		};
	}
}

/** Idle /healthz latency: the baseline a loaded probe is compared with. */
export async function idleProbe(server, count = 20) {
	const h = new Histogram();
	for (let i = 0; i < count; i++) {
		const t0 = performance.now();
		const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
		await res.arrayBuffer();
		h.record(performance.now() - t0);
		await new Promise((r) => setTimeout(r, 20));
	}
	return h.summary();
}
