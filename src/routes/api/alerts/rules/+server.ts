import { json } from '@sveltejs/kit';
import { readJson, respond, withRuntime } from '$lib/server/api/alerts-http';

/** Every alert rule. */
export const GET = () => withRuntime((r) => json({ rules: r.alerts.listRules() }));

/** Creates a rule; 400 with the reason if it is invalid. */
export const POST = ({ request }) =>
	withRuntime(async (r) => {
		const body = await readJson(request);
		if (!body.ok) return body.response;
		return respond(r.alerts.saveRule(body.body), (rule) => ({ rule }), 201);
	});
