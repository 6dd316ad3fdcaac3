import { flushHistogramText } from '$lib/server/metrics';
import { getRuntime } from '$lib/server/runtime-handle';

/** The server's own figures for Prometheus. */
export async function GET() {
	const runtime = getRuntime();
	if (!runtime) return new Response('starting\n', { status: 503 });
	const body = (await runtime.metrics.metrics()) + flushHistogramText(runtime.store.stats());
	return new Response(body, { headers: { 'content-type': runtime.metrics.contentType } });
}
