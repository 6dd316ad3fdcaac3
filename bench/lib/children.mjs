// Every child process the bench starts is tracked here, so an interrupted run (Ctrl-C,
// SIGTERM, a crash) kills exactly those — servers, generators, agents — and nothing else.

const live = new Set();

/** Tracks `child` until it exits; returns it. */
export function track(child) {
	live.add(child);
	child.once('exit', () => live.delete(child));
	return child;
}

/** SIGKILLs every tracked child still running (by its own pid). */
export function killAll() {
	for (const child of live) {
		try {
			child.kill('SIGKILL');
		} catch {
			// already gone
		}
	}
	live.clear();
}
