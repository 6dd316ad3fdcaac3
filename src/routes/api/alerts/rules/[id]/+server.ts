import { readJson, respond, withRuntime } from '$lib/server/api/alerts-http';

/** Replaces a rule (its pending and firing alerts are evaluated with the new version). */
export const PUT = ({ params, request }) =>
	withRuntime(async (r) => {
		const body = await readJson(request);
		if (!body.ok) return body.response;
		return respond(r.alerts.saveRule(body.body, params.id), (rule) => ({ rule }));
	});

/** Deletes a rule; its firing alerts resolve. */
export const DELETE = ({ params }) => withRuntime((r) => respond(r.alerts.deleteRule(params.id), () => null));
