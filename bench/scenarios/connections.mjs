// Scenario 3, connections: how long the server takes to accept N agents (namespace connect,
// then `agent:hello` acked), and how much memory each idle agent costs it (RSS delta / N after
// a settling pause; the server's GC cannot be forced from outside, so RSS includes garbage not
// yet collected — a pessimistic figure).
import { share, WorkerPool } from '../lib/pool.mjs';
import { rssBytes } from '../lib/proc-stats.mjs';
import { startTarget } from '../lib/servers.mjs';
import { generatorVerdict, median, sleep, sum } from '../lib/util.mjs';

/** Median of RSS readings over `ms`: one reading jumps with every GC. */
async function settledRss(pid, ms) {
	const readings = [];
	const end = performance.now() + ms;
	while (performance.now() < end) {
		readings.push(rssBytes(pid));
		await sleep(250);
	}
	return median(readings);
}

/** @param {{ target: string, workers: number, agents: number, concurrency: number, settleS: number }} o */
export async function runConnections(o) {
	const server = await startTarget(o.target);
	const pool = new WorkerPool(o.workers);
	try {
		await pool.call('init', (i) => ({
			load: 'connect',
			url: server.url,
			token: server.token,
			prefix: 'idle',
			...share(o.agents, o.workers, i),
			concurrency: Math.ceil(o.concurrency / o.workers)
		}));
		const rss0 = await settledRss(server.pid, 1_500);

		await pool.call('measure');
		const t0 = performance.now();
		const connected = await pool.call('connectAll', () => ({}), 90_000);
		const connectS = (performance.now() - t0) / 1000;
		await sleep(o.settleS * 1000);
		const rss1 = await settledRss(server.pid, 1_500);

		const t1 = performance.now();
		const hello = await pool.call('helloAll', () => ({}), 90_000);
		const helloS = (performance.now() - t1) / 1000;
		const reports = await pool.call('report');
		await sleep(o.settleS * 1000);
		const rss2 = await settledRss(server.pid, 1_500);
		const health = await server.healthz();

		const n = sum(connected.map((c) => c.ok));
		const helloOk = sum(hello.map((h) => h.ok));
		return {
			target: o.target,
			params: { agents: o.agents, concurrency: o.concurrency, workers: o.workers },
			connected: n,
			helloOk,
			failures: [...connected, ...hello].filter((r) => r.failed || r.skipped).map((r) => ({ failed: r.failed, skipped: r.skipped, errors: r.errors })),
			connectS,
			helloS,
			acceptS: connectS + helloS,
			acceptPerSec: helloOk / (connectS + helloS),
			rssBaseMB: rss0 / 1e6,
			rssConnectedMB: rss1 / 1e6,
			rssHelloMB: rss2 / 1e6,
			/** Per idle agent: connection + hello (what the target is about). */
			kbPerAgent: (rss2 - rss0) / Math.max(1, helloOk) / 1024,
			/** Of which the transport alone (connected, before hello). */
			kbPerConnection: (rss1 - rss0) / Math.max(1, n) / 1024,
			health,
			trouble: reports.map((r) => r.trouble),
			serverProblems: server.problems().slice(0, 10),
			serverLines: server.lineCount,
			// Over the connection storm: was the generator the one slowing it down?
			generator: generatorVerdict(reports.map((r) => r.self))
		};
	} finally {
		await pool.close();
		await server.stop();
	}
}
