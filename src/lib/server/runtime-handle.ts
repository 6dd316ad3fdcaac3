import type { PulseRuntime } from './runtime.js';

// Vite loads server modules twice in dev (config bundle and SSR), and in production the
// entry and the SvelteKit bundle are separate module graphs: the running instance is shared
// through a global symbol so SvelteKit endpoints see the one the entry created.
const RUNTIME_KEY = Symbol.for('pulse.runtime');
type RuntimeHolder = { [RUNTIME_KEY]?: PulseRuntime };

/** The running server's runtime, for SvelteKit endpoints; undefined before start-up. */
export function getRuntime(): PulseRuntime | undefined {
	return (globalThis as RuntimeHolder)[RUNTIME_KEY];
}

export function setRuntime(runtime: PulseRuntime | undefined): void {
	if (runtime) (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
	else delete (globalThis as RuntimeHolder)[RUNTIME_KEY];
}
