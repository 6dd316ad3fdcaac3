import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { StoreStats } from './store/types.js';
import type { PulseRuntime } from './runtime.js';

/**
 * The server's own figures in Prometheus text format (GET /metrics). Values are read from
 * the runtime at scrape time; nothing here is on the socket path.
 */
export function createMetricsRegistry(runtime: () => PulseRuntime | undefined): Registry {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
	const lag = monitorEventLoopDelay({ resolution: 20 });
	lag.enable();

	const gauge = (name: string, help: string, read: (r: PulseRuntime) => number) =>
		new Gauge({
			name,
			help,
			registers: [registry],
			collect() {
				const r = runtime();
				if (r) this.set(read(r));
			}
		});
	gauge('pulse_agents_connected', 'Agent connections open now.', (r) => r.io.of('/agent').sockets.size);
	gauge('pulse_dashboards_connected', 'Dashboard connections open now.', (r) => r.io.of('/dashboard').sockets.size);
	gauge('pulse_store_bytes', 'Bytes on disk used by the store (database and WAL).', (r) => r.store.stats().bytesOnDisk ?? 0);
	gauge('pulse_store_open_chunks', 'Chunks held open in memory.', (r) => r.store.stats().openChunks);

	new Gauge({
		name: 'pulse_hosts',
		help: 'Known hosts by status.',
		labelNames: ['status'],
		registers: [registry],
		collect() {
			const r = runtime();
			if (!r) return;
			const counts = { online: 0, stale: 0, offline: 0 };
			for (const host of r.registry.all()) counts[host.status]++;
			for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
		}
	});

	const counter = (name: string, help: string, read: (r: PulseRuntime) => number) =>
		new Counter({
			name,
			help,
			registers: [registry],
			collect() {
				const r = runtime();
				if (r) this.reset(), this.inc(read(r));
			}
		});
	counter('pulse_samples_accepted_total', 'Samples stored.', (r) => r.stats.samplesAccepted);
	counter('pulse_samples_duplicate_total', 'Samples received again and dropped (replays).', (r) => r.stats.samplesDuplicate);
	counter('pulse_store_flush_errors_total', 'Store flushes that failed (retried).', (r) => r.store.stats().flushErrors);

	const labelled = (name: string, help: string, label: string, read: (r: PulseRuntime) => Map<string, number>) =>
		new Counter({
			name,
			help,
			labelNames: [label],
			registers: [registry],
			collect() {
				const r = runtime();
				if (!r) return;
				this.reset();
				for (const [value, n] of read(r)) this.inc({ [label]: value }, n);
			}
		});
	labelled('pulse_messages_rejected_total', 'Messages refused, by error code.', 'code', (r) => r.stats.rejected);
	labelled('pulse_connections_refused_total', 'Agent connections refused at the handshake, by reason.', 'reason', (r) => r.stats.refused);

	new Gauge({
		name: 'pulse_store_last_flush_seconds',
		help: 'Duration of the last store flush.',
		registers: [registry],
		collect() {
			const r = runtime();
			if (r) this.set((r.store.stats().lastFlushMs ?? 0) / 1000);
		}
	});

	new Gauge({
		name: 'pulse_event_loop_lag_seconds',
		help: 'Event-loop delay over the last minute.',
		labelNames: ['quantile'],
		registers: [registry],
		collect() {
			if (lag.count === 0) return;
			this.set({ quantile: '0.5' }, lag.percentile(50) / 1e9);
			this.set({ quantile: '0.99' }, lag.percentile(99) / 1e9);
			this.set({ quantile: '1' }, lag.max / 1e9);
		}
	});
	setInterval(() => lag.reset(), 60_000).unref();
	return registry;
}

/**
 * The store's flush durations as a Prometheus histogram. The store keeps the buckets itself
 * (it runs without prom-client in tests); this writes them in the exposition format.
 */
export function flushHistogramText(stats: StoreStats): string {
	const name = 'pulse_store_flush_seconds';
	const lines = [`# HELP ${name} Duration of store flushes (writes of buffered chunks).`, `# TYPE ${name} histogram`];
	let cumulative = 0;
	for (const [le, n] of [...stats.flushHistogram].sort((a, b) => a[0] - b[0])) {
		cumulative += n;
		lines.push(`${name}_bucket{le="${le / 1000}"} ${cumulative}`);
	}
	lines.push(`${name}_bucket{le="+Inf"} ${stats.flushCount}`, `${name}_sum ${stats.flushSumMs / 1000}`, `${name}_count ${stats.flushCount}`);
	return `${lines.join('\n')}\n`;
}
