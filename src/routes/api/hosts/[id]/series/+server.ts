import { json } from '@sveltejs/kit';
import { parseSeriesQuery } from '$lib/server/api/series-params';
import { apiError } from '$lib/server/api/responses';
import { getRuntime } from '$lib/server/runtime-handle';

/** History of a host's series over any range, from the finest tier that answers in ≤ ~1,000 points. */
export async function GET({ params, url }) {
	const runtime = getRuntime();
	if (!runtime) return apiError(503, 'unavailable', 'the server is starting');
	const parsed = parseSeriesQuery(params.id, url.searchParams, Date.now());
	if (!parsed.ok) return apiError(400, 'bad_request', parsed.details);
	const result = await runtime.store.query(parsed.query);
	if (!result) return apiError(404, 'not_found', `no host "${params.id}"`);
	return json(result);
}
