// A generator process (child_process.fork): runs one load (flood, fleet, connect) on command
// from the orchestrator, and measures itself — CPU % of one core and event-loop lag — so
// every figure can say whether the generator, not the server, was the limit.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as connect from './connect-load.mjs';
import * as fleet from './fleet-load.mjs';
import * as flood from './flood-load.mjs';

const LOADS = { connect, fleet, flood };

/** CPU and event-loop lag of this process over the measurement window. */
const RESOLUTION_MS = 10;

class SelfMeter {
	constructor() {
		this.lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
		this.lag.enable();
		this.start();
	}

	start() {
		this.t0 = performance.now();
		this.cpu0 = process.cpuUsage();
		this.lag.reset();
	}

	read() {
		const seconds = (performance.now() - this.t0) / 1000;
		const cpu = process.cpuUsage(this.cpu0);
		return {
			pid: process.pid,
			cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
			// monitorEventLoopDelay records each whole timer interval (ns): the lag is what exceeds it.
			loopLagP99Ms: this.lag.count ? Math.max(0, this.lag.percentile(99) / 1e6 - RESOLUTION_MS) : 0,
			loopLagMaxMs: this.lag.count ? Math.max(0, this.lag.max / 1e6 - RESOLUTION_MS) : 0,
			rssMB: process.memoryUsage.rss() / 1e6
		};
	}
}

const meter = new SelfMeter();
let load = null;

/** Commands: `init` picks the load; `measure` resets counters; `report` reads them; `close` ends; anything else is the load's. */
async function handle(msg) {
	if (msg.cmd === 'init') {
		load = LOADS[msg.params.load].create(msg.params);
		return { pid: process.pid };
	}
	if (msg.cmd === 'close') {
		await load?.close();
		setTimeout(() => process.exit(0), 50); // after the answer has been sent
		return {};
	}
	if (!load) throw new Error(`no load initialised for ${msg.cmd}`);
	if (msg.cmd === 'measure') {
		meter.start();
		load.measure?.();
		return {};
	}
	if (msg.cmd === 'report') return { ...(await load.report()), self: meter.read() };
	if (typeof load[msg.cmd] !== 'function') throw new Error(`load has no command ${msg.cmd}`);
	return (await load[msg.cmd](msg.params)) ?? {};
}

process.on('message', (msg) => {
	handle(msg).then(
		(result) => process.send({ id: msg.id, ok: true, result }),
		(err) => process.send({ id: msg.id, ok: false, error: err?.stack ?? String(err) })
	);
});

// The orchestrator going away must not leave thousands of sockets behind.
process.on('disconnect', () => process.exit(0));
