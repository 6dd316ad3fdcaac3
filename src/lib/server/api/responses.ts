import { json } from '@sveltejs/kit';

/** API errors: a status, a code and a readable reason, like the socket acks. */
export function apiError(status: 400 | 404 | 503, error: 'bad_request' | 'not_found' | 'unavailable', details: string): Response {
	return json({ error, details }, { status });
}
