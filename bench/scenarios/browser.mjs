// Scenario 5, browser: the product's dashboards in Playwright's chromium while 1,000 simulated
// agents stream at 1 Hz. First an empty page (the rAF rate this machine's headless chromium
// gives at all), then one host page, then the overview with 1,000 cards, one after the other
// so neither competes with the other for the machine's cores. Per page: paint timings, frames
// per second, long tasks, main-thread time (per update), JS heap after GC over the window.
//
// Both pages are measured in their steady state, not while they fill up: the host page's host
// has a full history window (backfilled at start), so its charts hold as many points as after
// 15 minutes; the overview is opened once every sparkline is full (a minute of samples).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChromiumCpu, launchChromium } from '../lib/chromium.mjs';
import { PAGE_SCRIPT, PageMeter } from '../lib/page-meter.mjs';
import { SimAgent, Trouble } from '../generator/peers.mjs';
import { sampleJson } from '../lib/samples.mjs';
import { share, WorkerPool } from '../lib/pool.mjs';
import { CpuWindow } from '../lib/proc-stats.mjs';
import { startProduct } from '../lib/servers.mjs';
import { generatorVerdict, sleep, sum } from '../lib/util.mjs';

/** A big dashboard screen: more cards on screen than the default 1280×720. */
const VIEWPORT = { width: 1920, height: 1080 };
const PREFIX = 'host';
/** Sparkline length (LIMITS.sparklinePoints) at 1 Hz, plus margin: the overview waits for this much fleet age. */
const SPARKS_FULL_MS = 65_000;
/** The server's history window in the bench (PULSE_HISTORY_WINDOW_S default): what a host page holds at most. */
const HISTORY_S = 900;
/** After a page is ready, before its window: the load's first reactions are not the steady state. */
const PAGE_SETTLE_MS = 3_000;

/**
 * Counts Socket.IO events the page receives, by name, from Playwright's view of its WebSocket
 * frames (Playwright follows them anyway: counting costs the page nothing).
 */
function countEvents(page) {
	const counts = {};
	page.on('websocket', (ws) =>
		ws.on('framereceived', ({ payload }) => {
			if (typeof payload !== 'string') return;
			const m = /^42\/dashboard,\["([^"]+)"/.exec(payload);
			if (m) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
		})
	);
	return {
		snapshot: () => ({ ...counts }),
		since: (before, name) => (counts[name] ?? 0) - (before[name] ?? 0)
	};
}

/**
 * The host whose page is measured: one more agent, driven from this process rather than a
 * generator, so that it can first backfill a full history window (HISTORY_S samples, 1 s
 * apart, ending now) and then sample at 1 Hz like the rest of the fleet.
 */
class MeasuredHost {
	constructor(server, index) {
		this.trouble = new Trouble();
		this.agent = new SimAgent({ url: server.url, token: server.token, prefix: PREFIX, index, trouble: this.trouble });
		this.id = this.agent.id;
		this.sent = 0;
		this.lastTs = 0;
	}

	async start() {
		await this.agent.connect(10_000);
		await this.agent.hello(10_000);
		const now = Date.now();
		const batch = 450; // below LIMITS.batchSamples (600)
		for (let first = HISTORY_S; first > 0; first -= batch) {
			const parts = [];
			for (let k = first; k > Math.max(0, first - batch); k--) parts.push(this.sample(now - k * 1000));
			const res = await new Promise((resolve) => this.agent.client.emitRaw('agent:samples', `{"samples":[${parts.join(',')}]}`, resolve));
			if (!res.ok) throw new Error(`backfill of ${this.id}: ${JSON.stringify(res).slice(0, 300)}`);
		}
		this.timer = setInterval(() => {
			const json = this.sample(Math.max(Date.now(), this.lastTs + 1));
			this.agent.client.emitRaw('agent:samples', `{"samples":[${json}]}`, (res) => res.ok || this.trouble.ackError(res));
		}, 1000);
	}

	sample(ts) {
		this.lastTs = ts;
		this.sent++;
		return sampleJson(this.id, this.agent.index, this.agent.seq++, ts);
	}

	close() {
		clearInterval(this.timer);
		this.agent.close();
	}
}

/** A fresh context and page with the meter installed; page errors are collected, not thrown. */
async function openPage(browser) {
	const context = await browser.newContext({ viewport: VIEWPORT });
	await context.addInitScript(PAGE_SCRIPT);
	const page = await context.newPage();
	const errors = [];
	page.on('pageerror', (err) => errors.length < 10 && errors.push(`pageerror: ${err.message.slice(0, 300)}`));
	page.on('console', (msg) => msg.type() === 'error' && errors.length < 10 && errors.push(`console: ${msg.text().slice(0, 300)}`));
	const events = countEvents(page);
	const meter = await new PageMeter(page).attach();
	return { context, page, errors, events, meter };
}

/** Paint timings since navigation start (ms), from the page's performance entries. */
function paints() {
	const at = (name) => performance.getEntriesByName(name, 'paint')[0]?.startTime ?? null;
	return { firstPaint: at('first-paint'), fcp: at('first-contentful-paint') };
}

/** Long tasks of both windows together: in both, the page is streaming. */
function longTasks(windows) {
	const activeS = sum(windows.map((w) => w.activeS));
	const count = sum(windows.map((w) => w.longTasks.count));
	const totalMs = sum(windows.map((w) => w.longTasks.totalMs));
	return { count, totalMs, perMinute: (count / activeS) * 60, msPerMinute: (totalMs / activeS) * 60, maxMs: Math.max(...windows.map((w) => w.longTasks.maxMs)) };
}

/**
 * The two windows of one page, with who was busy meanwhile (the server, chromium's processes,
 * the whole machine) and the JS heap after GC across both:
 *  - `frames`: the rAF counter on: frames per second, frame intervals, long tasks;
 *  - `quiet`: the counter off (it costs the main thread a little every frame): main-thread
 *    time, to be divided by the updates the page handled meanwhile.
 */
async function measured(server, p, o) {
	await p.meter.begin();
	const srv = new CpuWindow(server.pid).start();
	const browserCpu = new ChromiumCpu().start();
	const count = async (fn) => {
		const before = p.events.snapshot();
		const w = await fn();
		w.events = Object.fromEntries(['overview:update', 'host:sample', 'host:status'].map((n) => [n, p.events.since(before, n)]));
		return w;
	};
	const frames = await count(() => p.meter.window({ seconds: o.framesS, heapEveryS: o.heapEveryS, countFrames: true }));
	const quiet = await count(() => p.meter.window({ seconds: o.quietS, heapEveryS: o.heapEveryS, countFrames: false }));
	const s = srv.stop();
	const out = {
		frames,
		quiet,
		longTasks: longTasks([frames, quiet]),
		heap: p.meter.heapTrend(),
		cpu: { server: s.cpuPercent, chromium: browserCpu.stop().cpuPercent, machine: s.machinePercent, seconds: s.seconds }
	};
	if (o.profileDir) {
		const { profile, top } = await p.meter.profile(o.profileS);
		out.profileTop = top;
		out.profileFile = join(o.profileDir, `${p.name}.cpuprofile`);
		writeFileSync(out.profileFile, JSON.stringify(profile));
	}
	out.pageErrors = p.errors;
	return out;
}

/** An empty page: the frame rate and main-thread floor of this chromium on this machine, under the same load. */
async function baseline(browser, seconds) {
	const p = await openPage(browser);
	try {
		await p.page.setContent('<!doctype html><title>baseline</title><p>nothing happens here</p>');
		await sleep(500);
		await p.meter.begin();
		const w = await p.meter.window({ seconds, heapEveryS: seconds + 1 });
		return { fps: w.fps, frameMs: w.frameMs, slowFrames: w.slowFrames, longTasks: w.longTasks, mainThread: w.mainThread };
	} finally {
		await p.context.close();
	}
}

/** The overview with every host: time to first paint and to all cards, then the streaming window. */
async function overview(browser, server, o) {
	const p = await openPage(browser);
	p.name = 'overview';
	try {
		await p.page.goto(`${server.url}/`, { waitUntil: 'commit' });
		// Polled every frame: the first frame that starts with every card in the DOM paints them.
		await p.page.waitForFunction(
			(n) => {
				if (document.querySelectorAll('[data-testid="host-card"]').length < n) return false;
				window.__pulseBench.cardsAt ??= performance.now();
				return true;
			},
			o.agents,
			{ polling: 'raf', timeout: 60_000 }
		);
		const load = { ...(await p.page.evaluate(paints)), cardsMs: await p.page.evaluate(() => window.__pulseBench.cardsAt) };
		await sleep(PAGE_SETTLE_MS);
		const cards = await p.page.locator('[data-testid="host-card"]').count();
		const win = await measured(server, p, o);
		// Counted on the wire over the wall-clock window; pauses are short next to the 1 s interval.
		const updates = win.quiet.events['overview:update'];
		const q = win.quiet.mainThread;
		return {
			load,
			cards,
			...win,
			updatesPerS: updates / win.quiet.wallS,
			// Every main-thread millisecond of the quiet window, charged to the updates (the page does little else).
			busyMsPerUpdate: updates ? (q.busyMsPerS * win.quiet.wallS) / updates : null,
			cpuMsPerUpdate: updates ? (q.cpuMsPerS * win.quiet.wallS) / updates : null
		};
	} finally {
		await p.context.close();
	}
}

/** One host's page: its five charts redraw once per sample; main-thread time per redraw. */
async function hostPage(browser, server, o, id) {
	const p = await openPage(browser);
	p.name = 'host';
	try {
		await p.page.goto(`${server.url}/hosts/${id}`, { waitUntil: 'commit' });
		await p.page.waitForFunction(
			() => {
				const el = document.querySelector('[data-testid="chart-cpu"]');
				if (!(Number(el?.dataset.points) > 0)) return false;
				window.__pulseBench.chartsAt ??= performance.now();
				return true;
			},
			null,
			{ polling: 'raf', timeout: 30_000 }
		);
		const load = { ...(await p.page.evaluate(paints)), chartsMs: await p.page.evaluate(() => window.__pulseBench.chartsAt) };
		await sleep(PAGE_SETTLE_MS);
		if (!(await p.page.evaluate(() => window.__pulseBench.watch('[data-testid="chart-cpu"]', 'data-last-ts'))))
			throw new Error('host page: no [data-testid="chart-cpu"] to watch');
		const win = await measured(server, p, o);
		const points = Number(await p.page.locator('[data-testid="chart-cpu"]').getAttribute('data-points'));
		// Redraws of the CPU chart (its data-last-ts changes), pauses left out: one per sample shown.
		const redraws = win.quiet.watched[0].changes;
		const q = win.quiet.mainThread;
		return {
			hostId: id,
			load,
			points,
			...win,
			redraws,
			redrawsPerS: redraws / win.quiet.activeS,
			busyMsPerUpdate: redraws ? (q.busyMsPerS * win.quiet.activeS) / redraws : null,
			cpuMsPerUpdate: redraws ? (q.cpuMsPerS * win.quiet.activeS) / redraws : null
		};
	} finally {
		await p.context.close();
	}
}

/**
 * Scenario 5: the fleet, then the empty page, the host page and the overview in chromium.
 * @param {{ workers: number, agents: number, framesS: number, quietS: number, heapEveryS: number, baselineS: number,
 *           concurrency: number, settleS: number, profileDir?: string | null, profileS?: number }} o
 */
export async function runBrowser(o) {
	const server = await startProduct();
	const pool = new WorkerPool(o.workers);
	const fleet = o.agents - 1; // and the measured host
	const measuredHost = new MeasuredHost(server, fleet);
	let browser;
	try {
		await measuredHost.start();
		await pool.call('init', (i) => ({
			load: 'fleet',
			url: server.url,
			token: server.token,
			prefix: PREFIX,
			...share(fleet, o.workers, i),
			workerIndex: i,
			workers: o.workers,
			hostsPerDashboard: 0,
			overviewDashboards: 0,
			concurrency: Math.ceil(o.concurrency / o.workers)
		}));
		const fleetStart = performance.now();
		const prepared = await pool.call('prepare', () => ({}), 150_000);
		const failures = prepared.filter((p) => p.agents.failed || p.agents.skipped).map((p) => ({ kind: 'agents', ...p.agents }));
		await sleep(o.settleS * 1000);
		if (o.profileDir) mkdirSync(o.profileDir, { recursive: true });
		await pool.call('measure');
		browser = await launchChromium();
		const base = await baseline(browser, o.baselineS);
		const host = await hostPage(browser, server, o, measuredHost.id);
		await sleep(Math.max(0, fleetStart + SPARKS_FULL_MS - performance.now()));
		const ov = await overview(browser, server, o);
		const reports = await pool.call('report');
		return {
			params: {
				agents: o.agents,
				framesS: o.framesS,
				quietS: o.quietS,
				heapEveryS: o.heapEveryS,
				historyS: HISTORY_S,
				viewport: VIEWPORT,
				chromium: browser.version()
			},
			failures,
			connected: sum(reports.map((r) => r.agents)) + (measuredHost.agent.client.connected ? 1 : 0),
			sentPerSec: sum(reports.map((r) => r.sent)) / Math.max(...reports.map((r) => r.seconds)),
			baseline: base,
			host,
			overview: ov,
			trouble: [...reports.map((r) => r.trouble), measuredHost.trouble.toJSON()],
			lateSends: sum(reports.map((r) => r.lateSends)),
			maxLateMs: Math.max(...reports.map((r) => r.maxLateMs)),
			serverProblems: server.problems().slice(0, 10),
			generator: generatorVerdict(reports.map((r) => r.self), reports.map(() => 'hosts'))
		};
	} finally {
		await browser?.close().catch(() => {});
		measuredHost.close();
		await pool.close();
		await server.stop();
	}
}
