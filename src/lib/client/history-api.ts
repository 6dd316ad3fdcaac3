import type { SeriesQueryResult } from '$lib/protocol/api';
import type { SeriesKey } from '$lib/protocol/series';

/** The series API's limit on metrics per query. */
export const MAX_METRICS = 200;

export interface SeriesRequest {
	hostId: string;
	keys: readonly SeriesKey[];
	from: number;
	to: number;
}

/** A history request that failed, with a message fit for the page. */
export class HistoryError extends Error {
	constructor(
		message: string,
		/** HTTP status; 0 when no answer came. */
		readonly status: number
	) {
		super(message);
		this.name = 'HistoryError';
	}
}

/** The URL of `GET /api/hosts/:id/series` for `request`. */
export function seriesUrl(request: SeriesRequest): string {
	const params = new URLSearchParams({
		metrics: request.keys.slice(0, MAX_METRICS).join(','),
		from: String(Math.floor(request.from)),
		to: String(Math.ceil(request.to))
	});
	return `/api/hosts/${encodeURIComponent(request.hostId)}/series?${params}`;
}

/**
 * Fetches a host's series over a range. Rejects with a {@link HistoryError} on a refusal, an
 * unreachable server or an answer of the wrong shape, and with the signal's reason when aborted.
 */
export async function fetchSeries(request: SeriesRequest, signal: AbortSignal, fetcher: typeof fetch = fetch): Promise<SeriesQueryResult> {
	let response: Response;
	try {
		response = await fetcher(seriesUrl(request), { signal, headers: { accept: 'application/json' } });
	} catch (err) {
		if (signal.aborted) throw err;
		throw new HistoryError('the server could not be reached', 0);
	}
	let body: unknown;
	try {
		body = await response.json();
	} catch (err) {
		if (signal.aborted) throw err;
		throw new HistoryError(`the server answered ${response.status} without JSON`, response.status);
	}
	if (!response.ok) {
		const { error, details } = (body ?? {}) as { error?: unknown; details?: unknown };
		const code = typeof error === 'string' ? error : `HTTP ${response.status}`;
		throw new HistoryError(typeof details === 'string' ? `${code}: ${details}` : code, response.status);
	}
	if (!isSeriesResult(body)) throw new HistoryError('the server answered with an unexpected shape', response.status);
	return body;
}

/** Enough of a shape check that drawing cannot trip over the answer. */
function isSeriesResult(body: unknown): body is SeriesQueryResult {
	if (typeof body !== 'object' || body === null) return false;
	const r = body as Record<string, unknown>;
	if (!Array.isArray(r.ts) || typeof r.series !== 'object' || r.series === null) return false;
	if (r.mode === 'raw') return Object.values(r.series).every((v) => Array.isArray(v));
	if (r.mode !== 'bucketed' || typeof r.stepMs !== 'number' || !(r.stepMs > 0)) return false;
	return Object.values(r.series).every(
		(v) => typeof v === 'object' && v !== null && Array.isArray(v.min) && Array.isArray(v.avg) && Array.isArray(v.max)
	);
}
