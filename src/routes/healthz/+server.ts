import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime-handle';

/** Liveness: 200 once the socket server is up, with a few figures for a quick look. */
export function GET() {
	const runtime = getRuntime();
	if (!runtime) return json({ status: 'starting' }, { status: 503 });
	const store = storeStatus(runtime);
	return json({
		status: store.status === 'ok' ? 'ok' : 'degraded',
		uptimeS: Math.round((Date.now() - runtime.startedAt) / 1000),
		hosts: runtime.registry.size,
		agents: runtime.io.of('/agent').sockets.size,
		dashboards: runtime.io.of('/dashboard').sockets.size,
		samplesAccepted: runtime.stats.samplesAccepted,
		rejectedMessages: Object.fromEntries(runtime.stats.rejected),
		refusedConnections: Object.fromEntries(runtime.stats.refused),
		store
	}, { status: store.status === 'ok' ? 200 : 503 });
}

function storeStatus(runtime: NonNullable<ReturnType<typeof getRuntime>>) {
	const s = runtime.store.stats();
	// Flushing runs every PULSE_FLUSH_INTERVAL_MS: no flush for ten of those means trouble.
	const stalled = s.kind === 'sqlite' && s.lastFlushAt !== null && Date.now() - s.lastFlushAt > 10 * runtime.config.flushIntervalMs;
	return {
		kind: s.kind,
		status: s.flushErrors > 0 && stalled ? 'failing' : 'ok',
		bytesOnDisk: s.bytesOnDisk,
		openChunks: s.openChunks,
		lastFlushMs: s.lastFlushMs,
		flushErrors: s.flushErrors
	};
}
