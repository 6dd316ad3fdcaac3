import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime-handle';

/** Liveness: 200 once the socket server is up, with a few figures for a quick look. */
export function GET() {
	const runtime = getRuntime();
	if (!runtime) return json({ status: 'starting' }, { status: 503 });
	return json({
		status: 'ok',
		uptimeS: Math.round((Date.now() - runtime.startedAt) / 1000),
		hosts: runtime.registry.size,
		agents: runtime.io.of('/agent').sockets.size,
		dashboards: runtime.io.of('/dashboard').sockets.size,
		samplesAccepted: runtime.stats.samplesAccepted,
		rejectedMessages: Object.fromEntries(runtime.stats.rejected),
		refusedConnections: Object.fromEntries(runtime.stats.refused)
	});
}
