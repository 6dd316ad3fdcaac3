// Scenario 2, realistic fleet: A agents at 1 Hz, one dashboard per 10 hosts on host pages,
// a few dashboards on the overview. Agent→dashboard latency, overview latency, server CPU,
// RSS and event-loop responsiveness.
import { Histogram } from '../lib/histogram.mjs';
import { share, WorkerPool } from '../lib/pool.mjs';
import { startTarget } from '../lib/servers.mjs';
import { idleProbe, ServerMonitor } from '../lib/server-monitor.mjs';
import { generatorVerdict, sleep, sum } from '../lib/util.mjs';

/**
 * @param {{ target: string, workers: number, agents: number, hostsPerDashboard: number, overviewDashboards: number,
 *           concurrency: number, settleS: number, seconds: number }} o
 */
export async function runFleet(o) {
	const server = await startTarget(o.target);
	// The overview dashboards get a process of their own: parsing a multi-megabyte update
	// blocks for tens of ms, which would otherwise be counted as agent→dashboard latency.
	const overviewWorker = o.overviewDashboards > 0 ? o.workers : -1;
	const pool = new WorkerPool(o.workers + (overviewWorker >= 0 ? 1 : 0));
	try {
		const idle = await idleProbe(server);
		await pool.call('init', (i) => ({
			load: 'fleet',
			url: server.url,
			token: server.token,
			prefix: 'fleet',
			...(i === overviewWorker ? { lo: 0, hi: 0 } : share(o.agents, o.workers, i)),
			workerIndex: i,
			workers: o.workers,
			hostsPerDashboard: o.hostsPerDashboard,
			overviewDashboards: i === overviewWorker ? o.overviewDashboards : 0,
			concurrency: Math.ceil(o.concurrency / o.workers)
		}));
		const t0 = performance.now();
		const prepared = await pool.call('prepare', () => ({}), 150_000);
		const rampS = (performance.now() - t0) / 1000;
		// An overloaded server failing to accept everyone is a result to report, not a crash.
		const ramp = { seconds: rampS, agentsS: Math.max(...prepared.map((p) => p.agentsMs)) / 1000, failures: [] };
		for (const p of prepared)
			for (const kind of ['dashboards', 'overviews', 'agents'])
				if (p[kind].failed || p[kind].skipped)
					ramp.failures.push({ kind, failed: p[kind].failed, skipped: p[kind].skipped, errors: p[kind].errors });
		await sleep(o.settleS * 1000);

		const monitor = new ServerMonitor(server).start();
		await pool.call('measure');
		await sleep(o.seconds * 1000);
		const reports = await pool.call('report');
		const srv = await monitor.stop();
		const health = await server.healthz();

		const merge = (pick) => reports.reduce((h, r) => h.merge(pick(r)), new Histogram()).summary();
		const seconds = Math.max(...reports.map((r) => r.seconds));
		const overviewUpdates = sum(reports.map((r) => r.overview.updates));
		const status = {};
		for (const r of reports) for (const [k, v] of Object.entries(r.status)) status[k] = (status[k] ?? 0) + v;
		return {
			target: o.target,
			params: { agents: o.agents, hostsPerDashboard: o.hostsPerDashboard, overviewDashboards: o.overviewDashboards, seconds: o.seconds, workers: o.workers },
			ramp,
			connected: {
				agents: sum(reports.map((r) => r.agents)),
				dashboards: sum(reports.map((r) => r.dashboards)),
				overviews: sum(reports.map((r) => r.overviews))
			},
			sentPerSec: sum(reports.map((r) => r.sent)) / seconds,
			acksOk: sum(reports.map((r) => r.acksOk)),
			sent: sum(reports.map((r) => r.sent)),
			received: sum(reports.map((r) => r.received)),
			unmatched: sum(reports.map((r) => r.unmatched)),
			lost: sum(reports.map((r) => r.lost)),
			lateSends: sum(reports.map((r) => r.lateSends)),
			maxLateMs: Math.max(...reports.map((r) => r.maxLateMs)),
			hostStatusEvents: status,
			latency: merge((r) => r.latency),
			ackLatency: merge((r) => r.ackLatency),
			overview: {
				updates: overviewUpdates,
				avgBytes: overviewUpdates ? sum(reports.map((r) => r.overview.bytes)) / overviewUpdates : 0,
				avgHosts: overviewUpdates ? sum(reports.map((r) => r.overview.hosts)) / overviewUpdates : 0,
				delivery: merge((r) => r.overview.delivery),
				age: merge((r) => r.overview.age)
			},
			server: srv,
			idleHealthz: idle,
			health,
			trouble: reports.map((r) => r.trouble),
			serverProblems: server.problems().slice(0, 10),
			serverLines: server.lineCount,
			generator: generatorVerdict(
				reports.map((r) => r.self),
				reports.map((_, i) => (i === overviewWorker ? 'overview' : 'hosts'))
			)
		};
	} finally {
		await pool.close();
		await server.stop();
	}
}
