import { describe, expect, it } from 'vitest';
import type { SeriesQueryResult } from '$lib/protocol/api';
import { fetchSeries, HistoryError, seriesUrl } from './history-api';

const request = { hostId: 'web 1', keys: ['cpu', 'core0'] as const, from: 1_000.7, to: 61_000.2 };
const answer: SeriesQueryResult = { hostId: 'web 1', from: 1_000, to: 61_000, tier: 'raw', mode: 'raw', stepMs: null, ts: [2_000], series: { cpu: [5] } };

/** A fetch that answers `status` with `body` (a string is sent as it is). */
function answering(status: number, body: unknown): typeof fetch {
	return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
}

describe('seriesUrl', () => {
	it('asks for the metrics over whole milliseconds covering the range', () => {
		const url = new URL(seriesUrl(request), 'http://x');
		expect(url.pathname).toBe('/api/hosts/web%201/series');
		expect(url.searchParams.get('metrics')).toBe('cpu,core0');
		expect(url.searchParams.get('from')).toBe('1000');
		expect(url.searchParams.get('to')).toBe('61001');
	});
});

describe('fetchSeries', () => {
	it('returns the answer', async () => {
		expect(await fetchSeries(request, new AbortController().signal, answering(200, answer))).toEqual(answer);
	});

	it("says what the server refused, in the server's words", async () => {
		const refusal = fetchSeries(request, new AbortController().signal, answering(400, { error: 'bad_request', details: 'from: too old' }));
		await expect(refusal).rejects.toEqual(new HistoryError('bad_request: from: too old', 400));
	});

	it('reports an unreachable server and an answer that is not JSON', async () => {
		const down: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		await expect(fetchSeries(request, new AbortController().signal, down)).rejects.toThrow('the server could not be reached');
		await expect(fetchSeries(request, new AbortController().signal, answering(502, '<html>'))).rejects.toThrow('502 without JSON');
	});

	it('refuses an answer of the wrong shape', async () => {
		const wrong = { ...answer, mode: 'bucketed', stepMs: 4_000, series: { cpu: [1] } };
		await expect(fetchSeries(request, new AbortController().signal, answering(200, wrong))).rejects.toThrow('unexpected shape');
	});

	it('rejects with the abort, not as a failure, when aborted', async () => {
		const controller = new AbortController();
		const hanging: typeof fetch = (_url, init) =>
			new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
		const pending = fetchSeries(request, controller.signal, hanging);
		controller.abort();
		await expect(pending).rejects.not.toBeInstanceOf(HistoryError);
	});
});
