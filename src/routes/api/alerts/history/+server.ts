import { json } from '@sveltejs/kit';
import { HostIdSchema } from '$lib/protocol/schemas';
import { limitOf, withRuntime } from '$lib/server/api/alerts-http';
import { apiError } from '$lib/server/api/responses';

/** Alert state changes, newest first; `host` narrows to one host. */
export const GET = ({ url }) =>
	withRuntime((r) => {
		const host = url.searchParams.get('host');
		if (host !== null && !HostIdSchema.safeParse(host).success) return apiError(400, 'bad_request', `host: "${host.slice(0, 80)}" is not a valid host id`);
		const limit = limitOf(url);
		if (limit === null) return apiError(400, 'bad_request', 'limit: an integer from 1 to 1000');
		return json({ events: r.alerts.history(host, limit) });
	});
