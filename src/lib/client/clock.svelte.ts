import { createContext } from 'svelte';

/**
 * A clock that ticks once a second, corrected towards the server's clock, for "last seen
 * 12 s ago": `lastSeen` is server time, and a browser clock that is off would show nonsense.
 * One per tab: a thousand cards read the same `now` instead of running a thousand timers.
 */
export class ServerClock {
	#offset = 0;
	#now = $state(Date.now());

	/** Server time (ms) as of the last tick. */
	get now(): number {
		return this.#now;
	}

	/** Server time (ms) at the moment of the call, corrected the same way; not reactive. */
	read(): number {
		return Date.now() + this.#offset;
	}

	/** Records the server's time as just received; later ticks follow it. */
	sync(serverTime: number): void {
		this.#offset = serverTime - Date.now();
	}

	/** Starts ticking; returns the function that stops it. */
	start(): () => void {
		const tick = () => {
			this.#now = Date.now() + this.#offset;
		};
		tick();
		const timer = setInterval(tick, 1_000);
		return () => clearInterval(timer);
	}
}

const [getClock, setClock] = createContext<ServerClock>();

/** The layout's clock; call during component initialisation. */
export const useClock = getClock;
/** Makes `clock` available to the layout's descendants. */
export const provideClock = setClock;
