import { json } from '@sveltejs/kit';
import { readJson, respond, withRuntime } from '$lib/server/api/alerts-http';

/** Every webhook destination (secrets are never shown). */
export const GET = () => withRuntime((r) => json({ destinations: r.alerts.listDestinations() }));

export const POST = ({ request }) =>
	withRuntime(async (r) => {
		const body = await readJson(request);
		if (!body.ok) return body.response;
		return respond(r.alerts.saveDestination(body.body), (destination) => ({ destination }), 201);
	});
