import { json } from '@sveltejs/kit';
import { limitOf, withRuntime } from '$lib/server/api/alerts-http';
import { apiError } from '$lib/server/api/responses';

/** The delivery log, newest first. */
export const GET = ({ url }) =>
	withRuntime((r) => {
		const limit = limitOf(url);
		if (limit === null) return apiError(400, 'bad_request', 'limit: an integer from 1 to 1000');
		return json({ deliveries: r.alerts.deliveries(limit) });
	});
