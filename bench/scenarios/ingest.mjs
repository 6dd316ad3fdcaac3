// Scenario 1, ingest ceiling: agents flood `agent:samples` batches with several in flight per
// connection; how many samples per second the server acks, at what CPU.
import { Histogram } from '../lib/histogram.mjs';
import { share, WorkerPool } from '../lib/pool.mjs';
import { startTarget } from '../lib/servers.mjs';
import { idleProbe, ServerMonitor } from '../lib/server-monitor.mjs';
import { generatorVerdict, sleep, sum } from '../lib/util.mjs';

/** @param {{ target: string, workers: number, connections: number, inflight: number, batch: number, warmupS: number, seconds: number }} o */
export async function runIngest(o) {
	const server = await startTarget(o.target);
	const pool = new WorkerPool(o.workers);
	try {
		const idle = await idleProbe(server);
		await pool.call('init', (i) => ({
			load: 'flood',
			url: server.url,
			token: server.token,
			prefix: 'flood',
			...share(o.connections, o.workers, i),
			inflight: o.inflight,
			batch: o.batch
		}));
		await pool.call('prepare');
		await pool.call('start');
		await sleep(o.warmupS * 1000);
		const monitor = new ServerMonitor(server).start();
		await pool.call('measure');
		await sleep(o.seconds * 1000);
		const reports = await pool.call('report');
		const srv = await monitor.stop();
		await pool.call('stop');
		const health = await server.healthz();

		const seconds = Math.max(...reports.map((r) => r.seconds));
		const samples = sum(reports.map((r) => r.samplesAcked));
		const ackLatency = new Histogram();
		for (const r of reports) ackLatency.merge(r.ackLatency);
		return {
			target: o.target,
			params: { connections: o.connections, inflight: o.inflight, batch: o.batch, seconds: o.seconds, workers: o.workers },
			samplesPerSec: samples / seconds,
			samplesPerCoreSec: samples / srv.cpuSeconds,
			duplicates: sum(reports.map((r) => r.duplicates)),
			ackLatency: ackLatency.summary(),
			server: srv,
			idleHealthz: idle,
			health,
			trouble: reports.map((r) => r.trouble),
			serverProblems: server.problems().slice(0, 10),
			serverLines: server.lineCount,
			generator: generatorVerdict(reports.map((r) => r.self))
		};
	} finally {
		await pool.close();
		await server.stop();
	}
}
