import type { HostSummary } from '$lib/protocol/dashboard';
import type { HostStatus } from '$lib/protocol/schemas';

/** Orders the overview offers; the first is the default. */
export const SORT_KEYS = ['name', 'status', 'cpu', 'mem', 'disk'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Status filters the overview offers; the first is the default. */
export const STATUS_FILTERS = ['all', 'online', 'stale', 'offline'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The overview's sort and filters, as kept in the URL query (`?sort=cpu&q=web&status=online`). */
export interface OverviewQuery {
	sort: SortKey;
	q: string;
	status: StatusFilter;
}

/** The fields ordering and filtering look at. */
export type Orderable = Pick<HostSummary, 'id' | 'hostname' | 'os' | 'labels' | 'status' | 'cpu' | 'mem' | 'disk'>;

/** Reads the query from URL parameters; unknown values fall back to the defaults. */
export function parseQuery(params: URLSearchParams): OverviewQuery {
	const sort = params.get('sort');
	const status = params.get('status');
	return {
		sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : SORT_KEYS[0],
		q: params.get('q') ?? '',
		status: (STATUS_FILTERS as readonly string[]).includes(status ?? '') ? (status as StatusFilter) : STATUS_FILTERS[0]
	};
}

/** URL parameters for `query`, leaving defaults out so plain links stay plain. */
export function queryParams(query: OverviewQuery): URLSearchParams {
	const params = new URLSearchParams();
	if (query.sort !== SORT_KEYS[0]) params.set('sort', query.sort);
	if (query.q.trim() !== '') params.set('q', query.q);
	if (query.status !== STATUS_FILTERS[0]) params.set('status', query.status);
	return params;
}

/**
 * Whether a host passes the filters: every whitespace-separated term of `q` must appear
 * (case-insensitive) in the hostname, id, OS, a label value or a `key=value` label.
 */
export function matches(host: Orderable, query: Pick<OverviewQuery, 'q' | 'status'>): boolean {
	if (query.status !== 'all' && host.status !== query.status) return false;
	const terms = query.q.toLowerCase().split(/\s+/).filter(Boolean);
	if (terms.length === 0) return true;
	const fields = [host.hostname, host.id, host.os];
	for (const [key, value] of Object.entries(host.labels)) fields.push(value, `${key}=${value}`);
	const haystack = fields.join('\n').toLowerCase();
	return terms.every((term) => haystack.includes(term));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Problems first: a status sort shows offline, then stale, then online hosts. */
const STATUS_RANK: Record<HostStatus, number> = { offline: 0, stale: 1, online: 2 };

const byName = (a: Orderable, b: Orderable) => collator.compare(a.hostname, b.hostname) || collator.compare(a.id, b.id);

/** Highest first; hosts without a value last. */
function byMetric(pick: (h: Orderable) => number | null) {
	return (a: Orderable, b: Orderable) => {
		const x = pick(a);
		const y = pick(b);
		if (x === y) return byName(a, b);
		if (x === null) return 1;
		if (y === null) return -1;
		return y - x || byName(a, b);
	};
}

const COMPARATORS: Record<SortKey, (a: Orderable, b: Orderable) => number> = {
	name: byName,
	status: (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || byName(a, b),
	cpu: byMetric((h) => h.cpu),
	mem: byMetric((h) => h.mem),
	disk: byMetric((h) => h.disk)
};

/** The hosts that pass the filters, in the query's order (names in natural order: web-2 before web-10). */
export function orderHosts<T>(items: Iterable<T>, view: (item: T) => Orderable, query: OverviewQuery): T[] {
	const kept: { item: T; host: Orderable }[] = [];
	for (const item of items) {
		const host = view(item);
		if (matches(host, query)) kept.push({ item, host });
	}
	const compare = COMPARATORS[query.sort];
	kept.sort((a, b) => compare(a.host, b.host));
	return kept.map((k) => k.item);
}
