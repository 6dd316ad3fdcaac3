// The browser of scenario 5: Debian's chromium driven by Playwright (no browser download here),
// and the CPU its processes (browser, renderers, GPU/compositor, network) use, read from procfs.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS as ARGS, CHROMIUM_PATH as DEFAULT_CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { cpuSeconds } from './proc-stats.mjs';

export const CHROMIUM_PATH = process.env.BENCH_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;

/** Launches chromium; Playwright kills it if this process exits without closing it. */
export function launchChromium() {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

function parentOf(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return null;
	}
}

function commOf(pid) {
	try {
		return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	} catch {
		return '';
	}
}

/** Pids of every chromium process descending from this node process (the browser we launched). */
export function ourChromiumPids() {
	const parents = new Map();
	for (const name of readdirSync('/proc')) if (/^\d+$/.test(name)) parents.set(Number(name), parentOf(Number(name)));
	const ours = (pid) => {
		for (let p = pid, hops = 0; p && hops < 10; p = parents.get(p), hops++) if (p === process.pid) return true;
		return false;
	};
	return [...parents.keys()].filter((pid) => pid !== process.pid && /chrom/i.test(commOf(pid)) && ours(pid));
}

/**
 * CPU of all our chromium processes over a window, as % of one core. A process started inside
 * the window counts from its start; one that ended inside it is missed (renderers live as long
 * as their page, so measure with the pages of interest open).
 */
export class ChromiumCpu {
	start() {
		this.t0 = performance.now();
		this.at0 = this.read();
		return this;
	}

	read() {
		const m = new Map();
		for (const pid of ourChromiumPids()) {
			try {
				m.set(pid, cpuSeconds(pid));
			} catch {
				// exited between listing and reading
			}
		}
		return m;
	}

	stop() {
		const seconds = (performance.now() - this.t0) / 1000;
		let used = 0;
		for (const [pid, s] of this.read()) used += s - (this.at0.get(pid) ?? 0);
		return { cpuPercent: (used / seconds) * 100, seconds };
	}
}
