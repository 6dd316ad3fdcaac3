import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/api/responses';
import { summarize } from '$lib/server/hosts/summary';
import { getRuntime } from '$lib/server/runtime-handle';

/** Every known host with its latest summary. */
export function GET() {
	const runtime = getRuntime();
	if (!runtime) return apiError(503, 'unavailable', 'the server is starting');
	const hosts = [...runtime.registry.all()].map(summarize).sort((a, b) => a.id.localeCompare(b.id));
	return json({ serverTime: Date.now(), hosts });
}
