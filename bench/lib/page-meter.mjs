// Measures one browser page from inside and through the Chrome DevTools Protocol:
// frames (a requestAnimationFrame counter), long tasks and long animation frames
// (PerformanceObserver), main-thread time (CDP Performance.getMetrics), JS heap after a forced
// GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage), and optionally a CPU profile.
//
// A forced GC blocks the page for tens of ms: it would show up as a long task and dropped
// frames that the product did not cause. So every heap reading is taken in a *pause*: the
// in-page counters stop, the CDP metrics are read before and after, and whatever falls
// inside a pause is left out of every figure.

/**
 * Runs in the page before any of its scripts (page.addInitScript): the counters live on
 * `window.__pulseBench`. Self-contained: Playwright serialises it with toString().
 */
function pageScript() {
	const LIMIT = 5_000; // entries kept per kind: bounded memory over a long window
	const m = {
		windowStart: performance.now(),
		paused: false,
		pauseAt: 0,
		excluded: [],
		frames: 0,
		gaps: [],
		last: 0,
		longtasks: [],
		loafs: [],
		watchers: [],
		reset() {
			this.windowStart = performance.now();
			this.excluded = [];
			this.frames = 0;
			this.gaps = [];
			this.last = 0;
			for (const w of this.watchers) w.times = [];
		},
		pause() {
			this.paused = true;
			this.pauseAt = performance.now();
		},
		resume() {
			this.excluded.push([this.pauseAt, performance.now()]);
			this.paused = false;
			this.last = 0; // the gap across a pause is not a frame interval
		},
		/** Counts changes of `attr` on the first element matching `selector` (e.g. a chart's data-last-ts). */
		watch(selector, attr) {
			const el = document.querySelector(selector);
			if (!el) return false;
			const w = { selector, attr, times: [] };
			new MutationObserver((records) => records.forEach(() => w.times.push(performance.now()))).observe(el, { attributes: true, attributeFilter: [attr] });
			this.watchers.push(w);
			return true;
		}
	};
	// The counter asks for a frame every vsync: that alone costs the main thread a little per
	// frame (the empty baseline page shows how much), so it is off while main-thread time is measured.
	let rafId = 0;
	const frame = (t) => {
		if (!m.paused) {
			if (m.last) m.gaps.push(t - m.last);
			m.frames++;
			m.last = t;
		}
		rafId = requestAnimationFrame(frame);
	};
	m.countFrames = (on) => {
		cancelAnimationFrame(rafId);
		rafId = on ? requestAnimationFrame(frame) : 0;
		m.last = 0;
	};
	m.countFrames(true);
	const observe = (type, fn) => {
		try {
			new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
		} catch {
			// entry type not supported by this browser: the figure stays empty
		}
	};
	observe('longtask', (e) => m.longtasks.length < LIMIT && m.longtasks.push([e.startTime, e.duration]));
	// Long animation frames say which script ran: the answer to "where do the long tasks come from".
	observe('long-animation-frame', (e) => {
		if (m.loafs.length >= LIMIT) return;
		m.loafs.push({
			start: e.startTime,
			duration: e.duration,
			blocking: e.blockingDuration,
			renderMs: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
			styleLayoutMs: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
			scripts: e.scripts.map((s) => ({
				invoker: s.invoker,
				fn: s.sourceFunctionName,
				url: s.sourceURL.replace(location.origin, ''),
				pos: s.sourceCharPosition,
				duration: s.duration,
				forcedLayoutMs: s.forcedStyleAndLayoutDuration
			}))
		});
	});
	window.__pulseBench = m;
}

/** The in-page half, as given to page.addInitScript. */
export const PAGE_SCRIPT = `(${pageScript.toString()})()`;

/** What the page's counters hold for the current window, with pauses left out. Runs in the page. */
function readWindow() {
	const m = window.__pulseBench;
	const now = performance.now();
	const paused = m.excluded.reduce((s, [a, b]) => s + (b - a), 0);
	const inWindow = (t, d = 0) => t + d >= m.windowStart && !m.excluded.some(([a, b]) => t < b && t + d > a);
	return {
		activeMs: now - m.windowStart - paused,
		pausedMs: paused,
		frames: m.frames,
		gaps: m.gaps,
		longtasks: m.longtasks.filter(([t, d]) => inWindow(t, d)),
		loafs: m.loafs.filter((l) => inWindow(l.start, l.duration)),
		watched: m.watchers.map((w) => ({ selector: w.selector, attr: w.attr, changes: w.times.filter((t) => inWindow(t)).length }))
	};
}

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : null);

/**
 * Theil–Sen slope of y over x: the median of the slopes between every pair of points. One
 * odd reading (a GC that ran late, a burst of work between the GC and the reading) does not
 * tilt it, as it would a least-squares fit. Null with fewer than 3 points.
 */
function trendSlope(xs, ys) {
	if (xs.length < 3) return null;
	const slopes = [];
	for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
	slopes.sort((a, b) => a - b);
	const mid = slopes.length >> 1;
	return slopes.length % 2 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
}

/** CDP Performance metrics that are durations (seconds, cumulative since the page started). */
const DURATIONS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'ThreadTime'];

/**
 * Sums long animation frames' scripts by what ran (invoker, function, file and position):
 * the heaviest first. Function names are minified in a production build; `url` and `pos`
 * point into the served chunk.
 */
function topScripts(loafs, limit = 8) {
	const byKey = new Map();
	for (const l of loafs)
		for (const s of l.scripts) {
			const key = `${s.invoker} | ${s.fn || '(anonymous)'} | ${s.url}:${s.pos}`;
			const e = byKey.get(key) ?? { script: key, count: 0, ms: 0, forcedLayoutMs: 0 };
			e.count++;
			e.ms += s.duration;
			e.forcedLayoutMs += s.forcedLayoutMs;
			byKey.set(key, e);
		}
	return [...byKey.values()].sort((a, b) => b.ms - a.ms).slice(0, limit).map((e) => ({ ...e, ms: Math.round(e.ms), forcedLayoutMs: Math.round(e.forcedLayoutMs) }));
}

/**
 * Self time per function from a CDP Profiler profile, heaviest first: `name url:line`.
 * Samples are taken every `samplingInterval` µs; each sample's time is charged to its leaf.
 */
function profileTop(profile, limit = 15) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map();
	const deltas = profile.timeDeltas;
	for (let i = 0; i < profile.samples.length; i++) {
		const node = byId.get(profile.samples[i]);
		const f = node.callFrame;
		const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^https?:\/\/[^/]+/, '')}${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
		self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
	}
	// Shares of the time the thread was not idle.
	const total = [...self.entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
	return [...self.entries()]
		.filter(([k]) => !k.startsWith('(idle)'))
		.sort((a, b) => b[1] - a[1])
		.slice(0, limit)
		.map(([fn, ms]) => ({ fn, ms: Math.round(ms), percent: Math.round((ms / total) * 1000) / 10 }));
}

export class PageMeter {
	/** @param {import('@playwright/test').Page} page a page whose context ran PAGE_SCRIPT */
	constructor(page) {
		this.page = page;
	}

	async attach() {
		this.cdp = await this.page.context().newCDPSession(this.page);
		await this.cdp.send('Performance.enable');
		return this;
	}

	async metrics() {
		const { metrics } = await this.cdp.send('Performance.getMetrics');
		const out = {};
		for (const { name, value } of metrics) if (DURATIONS.includes(name)) out[name] = value;
		return out;
	}

	/** Full GC, then the heap in use: JS (V8) and Blink's (DOM objects), in MB. */
	async heapAfterGc() {
		await this.cdp.send('HeapProfiler.collectGarbage');
		const h = await this.cdp.send('Runtime.getHeapUsage');
		return { jsMB: h.usedSize / 1e6, domMB: (h.embedderHeapUsedSize ?? 0) / 1e6 };
	}

	/** Starts the heap timeline with a first reading; windows add theirs. */
	async begin() {
		this.t0 = performance.now();
		this.heap = [];
		await this.heapPoint();
	}

	async heapPoint() {
		const h = await this.heapAfterGc();
		this.heap.push({ s: (performance.now() - this.t0) / 1000, ...h });
	}

	/**
	 * One measurement window of `seconds`, with the frame counter on or off, and a heap
	 * reading after a forced GC every `heapEveryS` seconds and at the end (each in a pause
	 * that no other figure sees).
	 */
	async window({ seconds, heapEveryS, countFrames = true }) {
		const active = Object.fromEntries(DURATIONS.map((k) => [k, 0]));
		let segmentStart;
		const addSegment = (end) => {
			for (const k of DURATIONS) active[k] += end[k] - segmentStart[k];
		};
		await this.page.evaluate((on) => {
			window.__pulseBench.countFrames(on);
			window.__pulseBench.reset();
		}, countFrames);
		segmentStart = await this.metrics();
		const windowT0 = performance.now();
		const deadline = windowT0 + seconds * 1000;
		let next = windowT0 + heapEveryS * 1000;
		while (performance.now() < deadline) {
			await new Promise((r) => setTimeout(r, Math.max(0, Math.min(next, deadline) - performance.now())));
			if (performance.now() >= deadline - 50) break;
			await this.page.evaluate(() => window.__pulseBench.pause());
			addSegment(await this.metrics());
			await this.heapPoint();
			segmentStart = await this.metrics();
			await this.page.evaluate(() => window.__pulseBench.resume());
			next += heapEveryS * 1000;
		}
		await this.page.evaluate(() => window.__pulseBench.pause());
		addSegment(await this.metrics());
		const read = await this.page.evaluate(readWindow);
		const wallS = (performance.now() - windowT0) / 1000;
		await this.heapPoint();
		await this.page.evaluate(() => window.__pulseBench.resume());
		return summarise(read, active, wallS, countFrames);
	}

	/** The heap readings so far and their trend (MB per minute). */
	heapTrend() {
		const xs = this.heap.map((h) => h.s / 60);
		const js = this.heap.map((h) => h.jsMB);
		const r2 = (v) => Math.round(v * 100) / 100;
		return {
			points: this.heap.map((h) => ({ s: Math.round(h.s * 10) / 10, jsMB: r2(h.jsMB), domMB: r2(h.domMB) })),
			overS: this.heap.at(-1).s,
			startMB: js[0],
			endMB: js.at(-1),
			slopeMBPerMin: trendSlope(xs, js),
			domSlopeMBPerMin: trendSlope(xs, this.heap.map((h) => h.domMB))
		};
	}

	/** A CPU profile of the page for `seconds` (sampling every 200 µs); the profile itself and its top functions. */
	async profile(seconds) {
		await this.cdp.send('Profiler.enable');
		await this.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await this.cdp.send('Profiler.start');
		await new Promise((r) => setTimeout(r, seconds * 1000));
		const { profile } = await this.cdp.send('Profiler.stop');
		await this.cdp.send('Profiler.disable');
		return { profile, top: profileTop(profile) };
	}

	async detach() {
		await this.cdp?.detach().catch(() => {});
	}
}

/** The figures of one window, from the page's counters and the CDP metrics. */
function summarise(read, active, wallS, countFrames) {
	const activeS = read.activeMs / 1000;
	const gaps = [...read.gaps].sort((a, b) => a - b);
	const ms = (v) => Math.round(v * 1e4) / 10; // CDP seconds → ms with 0.1 ms precision
	return {
		wallS,
		activeS,
		pausedMs: read.pausedMs,
		...(countFrames
			? {
					fps: read.frames / activeS,
					frames: read.frames,
					frameMs: { p50: quantile(gaps, 0.5), p95: quantile(gaps, 0.95), p99: quantile(gaps, 0.99), max: gaps.at(-1) ?? null },
					/** Frame intervals above 1.5 × 16.7 ms: at least one frame missed at 60 Hz. */
					slowFrames: gaps.filter((g) => g > 25).length
				}
			: {}),
		longTasks: {
			count: read.longtasks.length,
			totalMs: read.longtasks.reduce((s, [, d]) => s + d, 0),
			perMinute: (read.longtasks.length / activeS) * 60,
			maxMs: Math.max(0, ...read.longtasks.map(([, d]) => d))
		},
		longFrames: {
			count: read.loafs.length,
			totalMs: read.loafs.reduce((s, l) => s + l.duration, 0),
			blockingMs: read.loafs.reduce((s, l) => s + l.blocking, 0),
			renderMs: read.loafs.reduce((s, l) => s + l.renderMs, 0),
			styleLayoutMs: read.loafs.reduce((s, l) => s + l.styleLayoutMs, 0),
			topScripts: topScripts(read.loafs)
		},
		mainThread: {
			/** Wall time of main-thread tasks (what blocks input and frames), ms per second of window. */
			busyMsPerS: ms(active.TaskDuration) / activeS,
			/** CPU time of the main thread: the same without time spent descheduled on a busy machine. */
			cpuMsPerS: ms(active.ThreadTime) / activeS,
			taskMs: ms(active.TaskDuration),
			scriptMs: ms(active.ScriptDuration),
			layoutMs: ms(active.LayoutDuration),
			styleMs: ms(active.RecalcStyleDuration),
			threadCpuMs: ms(active.ThreadTime)
		},
		watched: read.watched
	};
}
