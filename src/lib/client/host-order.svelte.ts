import { untrack } from 'svelte';
import type { HostStatus } from '$lib/protocol/schemas';
import type { LiveHost, OverviewStore } from './overview.svelte';
import { orderHosts, type OverviewQuery } from './overview-order';

/** How often changed figures may reorder the cards. */
export const RESORT_INTERVAL_MS = 1_000;

export type StatusCounts = Record<HostStatus, number>;

/**
 * The overview's visible cards in order. A new query or a host joining reorders at once;
 * figures changing (every host, every second) reorder at most once per interval, and only
 * when something changed: reading the figures here is untracked on purpose, so 1,000 live
 * hosts do not re-sort on every update. Call during component initialisation.
 */
export function createHostOrder(store: OverviewStore, getQuery: () => OverviewQuery) {
	let hosts = $state.raw<LiveHost[]>([]);
	let counts = $state.raw<StatusCounts>({ online: 0, stale: 0, offline: 0 });
	let sortedAt = -1;

	const resort = () => {
		sortedAt = store.revision;
		const next = orderHosts(store.hosts.values(), (h) => h, getQuery());
		// Same order: keep the array, so the keyed list does not even diff.
		if (next.length !== hosts.length || next.some((h, i) => h !== hosts[i])) hosts = next;
		const tally: StatusCounts = { online: 0, stale: 0, offline: 0 };
		for (const host of store.hosts.values()) tally[host.status]++;
		if (tally.online !== counts.online || tally.stale !== counts.stale || tally.offline !== counts.offline) counts = tally;
	};

	$effect(() => {
		// The dependencies: the query and the set of hosts.
		const query = getQuery();
		void [query.sort, query.q, query.status, store.hosts.size];
		untrack(resort);
	});

	$effect(() => {
		const timer = setInterval(() => {
			if (store.revision !== sortedAt) untrack(resort);
		}, RESORT_INTERVAL_MS);
		return () => clearInterval(timer);
	});

	return {
		/** Cards that pass the filters, in order. */
		get hosts(): LiveHost[] {
			return hosts;
		},
		/** Every host by status, filters aside. */
		get counts(): StatusCounts {
			return counts;
		}
	};
}
