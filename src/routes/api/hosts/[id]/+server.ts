import { json } from '@sveltejs/kit';
import { HostIdSchema } from '$lib/protocol/schemas';
import { apiError } from '$lib/server/api/responses';
import { summarize } from '$lib/server/hosts/summary';
import { getRuntime } from '$lib/server/runtime-handle';

/** One host: summary, static facts, latest filesystems, processes and sample. */
export function GET({ params }) {
	const runtime = getRuntime();
	if (!runtime) return apiError(503, 'unavailable', 'the server is starting');
	if (!HostIdSchema.safeParse(params.id).success) return apiError(400, 'bad_request', `"${params.id.slice(0, 80)}" is not a valid host id`);
	const host = runtime.registry.get(params.id);
	if (!host) return apiError(404, 'not_found', `no host "${params.id}"`);
	return json({ serverTime: Date.now(), summary: summarize(host), info: host.info, fs: host.fs, procs: host.procs, latest: host.latest });
}
