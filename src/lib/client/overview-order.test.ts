import { describe, expect, it } from 'vitest';
import { matches, orderHosts, parseQuery, queryParams, type Orderable, type OverviewQuery } from './overview-order';

function host(id: string, over: Partial<Orderable> = {}): Orderable {
	return { id, hostname: id, os: 'Debian 12', labels: {}, status: 'online', cpu: null, mem: null, disk: null, ...over };
}

const query = (over: Partial<OverviewQuery> = {}): OverviewQuery => ({ sort: 'name', q: '', status: 'all', ...over });
const ids = (hosts: Orderable[]) => hosts.map((h) => h.id);

describe('parseQuery / queryParams', () => {
	it('reads known values and falls back to defaults for unknown ones', () => {
		expect(parseQuery(new URLSearchParams('sort=cpu&q=web&status=stale'))).toEqual({ sort: 'cpu', q: 'web', status: 'stale' });
		expect(parseQuery(new URLSearchParams('sort=bogus&status=gone'))).toEqual({ sort: 'name', q: '', status: 'all' });
	});
	it('leaves defaults out of the URL and round-trips the rest', () => {
		expect(queryParams(query()).toString()).toBe('');
		const params = queryParams(query({ sort: 'disk', q: 'db 2', status: 'offline' }));
		expect(params.toString()).toBe('sort=disk&q=db+2&status=offline');
		expect(parseQuery(params)).toEqual({ sort: 'disk', q: 'db 2', status: 'offline' });
	});
});

describe('matches', () => {
	const web = host('web-1', { hostname: 'frontend.example', os: 'Ubuntu 24.04', labels: { role: 'web', dc: 'fra1' } });
	it('finds terms in hostname, id, OS and label values, case-insensitively', () => {
		expect(matches(web, { q: 'FRONTEND', status: 'all' })).toBe(true);
		expect(matches(web, { q: 'web-1', status: 'all' })).toBe(true);
		expect(matches(web, { q: 'ubuntu', status: 'all' })).toBe(true);
		expect(matches(web, { q: 'fra1', status: 'all' })).toBe(true);
		expect(matches(web, { q: 'role=web', status: 'all' })).toBe(true);
		expect(matches(web, { q: 'debian', status: 'all' })).toBe(false);
	});
	it('requires every term', () => {
		expect(matches(web, { q: 'web fra1', status: 'all' })).toBe(true);
		expect(matches(web, { q: 'web ams3', status: 'all' })).toBe(false);
	});
	it('filters by status', () => {
		expect(matches(web, { q: '', status: 'online' })).toBe(true);
		expect(matches(web, { q: '', status: 'offline' })).toBe(false);
	});
});

describe('orderHosts', () => {
	const hosts = [
		host('web-10', { cpu: 5, mem: 70, status: 'stale' }),
		host('web-2', { cpu: 90, mem: null, status: 'online' }),
		host('db-1', { cpu: null, mem: 40, status: 'offline' }),
		host('web-1', { cpu: 90, mem: 10, status: 'online' })
	];
	const order = (over: Partial<OverviewQuery>) => ids(orderHosts(hosts, (h) => h, query(over)));

	it('sorts names in natural order', () => {
		expect(order({ sort: 'name' })).toEqual(['db-1', 'web-1', 'web-2', 'web-10']);
	});
	it('sorts metrics highest first, ties by name, unknown values last', () => {
		expect(order({ sort: 'cpu' })).toEqual(['web-1', 'web-2', 'web-10', 'db-1']);
		expect(order({ sort: 'mem' })).toEqual(['web-10', 'db-1', 'web-1', 'web-2']);
	});
	it('puts problems first when sorting by status', () => {
		expect(order({ sort: 'status' })).toEqual(['db-1', 'web-10', 'web-1', 'web-2']);
	});
	it('drops hosts that do not match before sorting', () => {
		expect(order({ sort: 'cpu', q: 'web', status: 'online' })).toEqual(['web-1', 'web-2']);
	});
});
