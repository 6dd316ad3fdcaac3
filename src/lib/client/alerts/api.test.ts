import { describe, expect, it } from 'vitest';
import type { Rule } from '$lib/protocol/alerts';
import { AlertsApi, AlertsApiError, parseDetails } from './api';

interface Seen {
	url: string;
	method: string;
	body: unknown;
	contentType: string | null;
}

/** A fetch that answers `status` with `body` (a string as it is, null as no body) and records the request. */
function answering(status: number, body: unknown, seen: Seen[] = []): typeof fetch {
	return async (input, init) => {
		const headers = new Headers(init?.headers);
		seen.push({
			url: String(input),
			method: init?.method ?? 'GET',
			body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
			contentType: headers.get('content-type')
		});
		return new Response(body === null ? null : typeof body === 'string' ? body : JSON.stringify(body), { status });
	};
}

const rule = { id: 'r1', name: 'CPU high' } as Rule;

describe('parseDetails', () => {
	it("splits the server's `path: message; path: message` into problems per top-level field", () => {
		expect(parseDetails('threshold: required with metric "cpu"; selector.ids: Too small')).toEqual([
			{ field: 'threshold', message: 'threshold: required with metric "cpu"' },
			{ field: 'selector', message: 'selector.ids: Too small' }
		]);
	});

	it('takes a header name, dashes and all, as part of the path', () => {
		expect(parseDetails('headers.Content-Type: set by Pulse')).toEqual([{ field: 'headers', message: 'headers.Content-Type: set by Pulse' }]);
	});

	it('keeps a message that itself contains "; " in one piece', () => {
		const details = 'summary: unknown field {x}; use {host} {hostname}; name: Too small';
		expect(parseDetails(details)).toEqual([
			{ field: 'summary', message: 'summary: unknown field {x}; use {host} {hostname}' },
			{ field: 'name', message: 'name: Too small' }
		]);
	});

	it('gives a reason without a path as a form-wide problem', () => {
		expect(parseDetails('the body is not valid JSON')).toEqual([{ field: null, message: 'the body is not valid JSON' }]);
		expect(parseDetails('(payload): Invalid input')).toEqual([{ field: null, message: 'Invalid input' }]);
	});
});

describe('AlertsApi', () => {
	it('sends JSON bodies with the right method and path, and unwraps the answer', async () => {
		const seen: Seen[] = [];
		const api = new AlertsApi(answering(201, { rule }, seen));
		expect(await api.createRule({ name: 'x', metric: 'offline', summary: 's' })).toEqual(rule);
		await new AlertsApi(answering(200, { rule }, seen)).updateRule('a/b', { name: 'x', metric: 'offline', summary: 's' });
		expect(seen.map((s) => [s.method, s.url, s.contentType])).toEqual([
			['POST', '/api/alerts/rules', 'application/json'],
			['PUT', '/api/alerts/rules/a%2Fb', 'application/json']
		]);
		expect(seen[0].body).toEqual({ name: 'x', metric: 'offline', summary: 's' });
	});

	it('takes 204 as success and sends no body where there is none', async () => {
		const seen: Seen[] = [];
		await expect(new AlertsApi(answering(204, null, seen)).deleteRule('r1')).resolves.toBeUndefined();
		expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/api/alerts/rules/r1', contentType: null, body: undefined });
	});

	it('asks for history and deliveries with their parameters', async () => {
		const seen: Seen[] = [];
		expect(await new AlertsApi(answering(200, { events: [] }, seen)).history('web-1', 50)).toEqual([]);
		expect(await new AlertsApi(answering(200, { deliveries: [] }, seen)).deliveries(20)).toEqual([]);
		expect(seen.map((s) => s.url)).toEqual(['/api/alerts/history?host=web-1&limit=50', '/api/alerts/deliveries?limit=20']);
	});

	it("rejects a refusal with the server's reasons", async () => {
		const api = new AlertsApi(answering(400, { error: 'bad_request', details: 'threshold: required with metric "cpu"' }));
		const refusal = api.createRule({ name: 'x', metric: 'cpu', summary: 's' });
		await expect(refusal).rejects.toBeInstanceOf(AlertsApiError);
		await expect(refusal).rejects.toMatchObject({
			status: 400,
			message: 'bad_request: threshold: required with metric "cpu"',
			problems: [{ field: 'threshold', message: 'threshold: required with metric "cpu"' }]
		});
	});

	it('reports an unreachable server, an answer without JSON and one of the wrong shape', async () => {
		const down: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		await expect(new AlertsApi(down).rules()).rejects.toThrow('the server could not be reached');
		await expect(new AlertsApi(answering(502, '<html>')).rules()).rejects.toThrow('502 without JSON');
		await expect(new AlertsApi(answering(200, { rules: 'no' })).rules()).rejects.toThrow('unexpected shape');
		await expect(new AlertsApi(answering(202, { delivery: {} })).testDestination('d1')).rejects.toThrow('unexpected shape');
	});

	it('rejects with the abort, not as a failure, when aborted', async () => {
		const controller = new AbortController();
		const hanging: typeof fetch = (_url, init) =>
			new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
		const pending = new AlertsApi(hanging).deliveries(10, controller.signal);
		controller.abort();
		await expect(pending).rejects.not.toBeInstanceOf(AlertsApiError);
	});
});
