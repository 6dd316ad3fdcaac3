import { createContext } from 'svelte';
import type { ActiveAlert, ActiveAlerts } from '$lib/protocol/alerts';
import type { ServerClock } from '../clock.svelte';
import type { Connection } from '../connection.svelte';
import { orderActive, summarizeByHost, type HostAlerts } from './summary';

/**
 * The tab's view of every pending and firing alert, kept live: one `alerts:subscribe` per
 * connection (the server forgets rooms on disconnect, so every reconnection subscribes again),
 * then each `alerts:active` push replaces the list. Every answer is the complete list, so
 * nothing is merged; an answer older than the one shown (ack and push crossing) is dropped.
 */
export class ActiveAlertsStore {
	#alerts = $state.raw<readonly ActiveAlert[]>([]);
	#loaded = $state(false);
	#error = $state<string | null>(null);
	/** Server time of the list shown; reset per connection, so a restarted server's clock is taken as it is. */
	#shownAt = -Infinity;
	#byHost = $derived(summarizeByHost(this.#alerts));

	constructor(
		private readonly connection: Pick<Connection, 'socket' | 'onConnect'>,
		private readonly clock?: Pick<ServerClock, 'sync'>
	) {}

	/** Firing before pending, worst first (see {@link orderActive}). */
	get alerts(): readonly ActiveAlert[] {
		return this.#alerts;
	}

	/** Whether a list has arrived since the store started. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Why the last subscription failed, if it did. */
	get error(): string | null {
		return this.#error;
	}

	/** Counts and worst severity of one host's alerts; undefined when it has none. */
	forHost(hostId: string): HostAlerts | undefined {
		return this.#byHost.get(hostId);
	}

	/** Subscribes now (or once connected) and on every reconnection; returns the cleanup. */
	start(): () => void {
		const socket = this.connection.socket;
		let active = true;
		const subscribe = () => {
			this.#shownAt = -Infinity;
			socket.emit('alerts:subscribe', {}, (res) => {
				if (!active) return;
				if (!res.ok) {
					this.#error = res.details ? `${res.error}: ${res.details}` : res.error;
					return;
				}
				this.#error = null;
				this.#apply(res.data);
			});
		};
		const onActive = (list: ActiveAlerts) => this.#apply(list);
		socket.on('alerts:active', onActive);
		const stopConnect = this.connection.onConnect(subscribe);
		return () => {
			// The protocol has no unsubscribe: the tab keeps one subscription for its lifetime,
			// and closing the socket (the layout's cleanup) leaves the room.
			active = false;
			stopConnect();
			socket.off('alerts:active', onActive);
		};
	}

	#apply(list: ActiveAlerts): void {
		if (list.serverTime < this.#shownAt) return;
		this.#shownAt = list.serverTime;
		this.clock?.sync(list.serverTime);
		this.#alerts = orderActive(list.alerts);
		this.#loaded = true;
	}
}

const [getActiveAlerts, setActiveAlerts] = createContext<ActiveAlertsStore>();

/** The layout's active alerts; call during component initialisation. */
export const useActiveAlerts = getActiveAlerts;
/** Makes `store` available to the layout's descendants. */
export const provideActiveAlerts = setActiveAlerts;
