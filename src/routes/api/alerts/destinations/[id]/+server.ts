import { readJson, respond, withRuntime } from '$lib/server/api/alerts-http';

/** Replaces a destination; an omitted `secret` keeps the stored one, `removeSecret: true` drops it. */
export const PUT = ({ params, request }) =>
	withRuntime(async (r) => {
		const body = await readJson(request);
		if (!body.ok) return body.response;
		return respond(r.alerts.saveDestination(body.body, params.id), (destination) => ({ destination }));
	});

export const DELETE = ({ params }) => withRuntime((r) => respond(r.alerts.deleteDestination(params.id), () => null));
