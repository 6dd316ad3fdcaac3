import { json } from '@sveltejs/kit';
import type { Outcome } from '../alerts/service.js';
import type { PulseRuntime } from '../runtime.js';
import { getRuntime } from '../runtime-handle.js';
import { apiError } from './responses.js';

/** Runs `fn` with the runtime, or answers 503 while the server starts. */
export function withRuntime(fn: (runtime: PulseRuntime) => Response | Promise<Response>): Response | Promise<Response> {
	const runtime = getRuntime();
	return runtime ? fn(runtime) : apiError(503, 'unavailable', 'the server is starting');
}

/** A JSON request body, or a 400 saying why there is none. */
export async function readJson(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) return { ok: false, response: apiError(400, 'bad_request', 'send a JSON body (content-type: application/json)') };
	try {
		return { ok: true, body: await request.json() };
	} catch {
		return { ok: false, response: apiError(400, 'bad_request', 'the body is not valid JSON') };
	}
}

/** An alert service outcome as an HTTP answer. */
export function respond<T>(outcome: Outcome<T>, wrap: (value: T) => unknown, status = 200): Response {
	if (!outcome.ok) return apiError(outcome.status, outcome.status === 404 ? 'not_found' : 'bad_request', outcome.details);
	return outcome.value === null ? new Response(null, { status: 204 }) : json(wrap(outcome.value), { status });
}

/** `limit` query parameter: 1…1000, default 100. */
export function limitOf(url: URL): number | null {
	const raw = url.searchParams.get('limit');
	if (raw === null) return 100;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 1 && n <= 1_000 ? n : null;
}
