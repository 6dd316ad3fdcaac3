// Turns scenario results into the report's rows: one metric each, product next to bare relay,
// with the targets. Targets live here, in the benchmark's report, never in tests.

/**
 * A row. `target` is checked on the product's figure ({ op: '>=' | '<=', value }),
 * `ratioTarget` on product / relay; the verdict is pass only if every given target holds.
 * `bound` marks figures whose generator was saturated (the figure is then a lower bound
 * on what the server can do, not a measurement of it).
 */
function row(id, metric, unit, product, relay, extra = {}) {
	return { id, metric, unit, product: product ?? null, relay: relay ?? null, ...extra };
}

const pick = (results, target, fn) => {
	const r = results?.[target];
	if (!r || r.error) return null;
	return fn(r);
};

/** Rows of scenario 1. */
export function ingestRows(res) {
	const p = (fn) => pick(res, 'product', fn);
	const r = (fn) => pick(res, 'relay', fn);
	const bound = { product: p((x) => x.generator.bound), relay: r((x) => x.generator.bound) };
	const errors = (x) => x.trouble.reduce((n, t) => n + t.ackErrors + t.unexpectedDisconnects, 0);
	return [
		row('ingest.samplesPerSec', 'samples/s sustained (acked)', '/s', p((x) => x.samplesPerSec), r((x) => x.samplesPerSec), {
			target: { op: '>=', value: 50_000 },
			ratioTarget: { op: '>=', value: 0.3 },
			bound
		}),
		row('ingest.serverCpu', 'server CPU, % of one core', '%', p((x) => x.server.cpuPercent), r((x) => x.server.cpuPercent), { bound }),
		row('ingest.perCoreSec', 'samples per server core-second', '/s', p((x) => x.samplesPerCoreSec), r((x) => x.samplesPerCoreSec), {
			target: { op: '>=', value: 50_000 },
			bound
		}),
		row('ingest.ackP99', 'batch ack p99 (queueing under flood)', 'ms', p((x) => x.ackLatency.p99), r((x) => x.ackLatency.p99), { bound }),
		row('ingest.errors', 'ack errors + disconnects', 'n', p(errors), r(errors), { target: { op: '<=', value: 0 } })
	];
}

/**
 * RSS growth over the second half of the measurement window: the first half still has heap
 * warm-up in it. A steady climb here in a long run (--fleet-seconds 300) is a leak to chase.
 */
function lateGrowth(x) {
	const s = x.server.rssSeriesMB;
	return s.length >= 4 ? s[s.length - 1] - s[Math.floor(s.length / 2)] : null;
}

/** Rows of scenario 2 for one fleet size. */
export function fleetRows(size, res) {
	const p = (fn) => pick(res, 'product', fn);
	const r = (fn) => pick(res, 'relay', fn);
	const bound = { product: p((x) => x.generator.bound), relay: r((x) => x.generator.bound) };
	const id = `fleet${size}`;
	const k = size >= 1000 ? `${size / 1000}k` : String(size);
	const p99Target = size >= 10_000 ? 50 : size <= 1000 ? 10 : null;
	const troubles = (x) =>
		x.trouble.reduce((n, t) => n + t.ackErrors + t.unexpectedDisconnects, 0) + x.ramp.failures.reduce((n, f) => n + f.failed + f.skipped, 0);
	return [
		row(`${id}.connected`, `${k}: agents connected (of ${size})`, 'n', p((x) => x.connected.agents), r((x) => x.connected.agents), {
			target: { op: '>=', value: size }
		}),
		row(`${id}.p50`, `${k}: agent→dashboard p50`, 'ms', p((x) => x.latency.p50), r((x) => x.latency.p50), { bound }),
		row(`${id}.p99`, `${k}: agent→dashboard p99`, 'ms', p((x) => x.latency.p99), r((x) => x.latency.p99), {
			target: p99Target === null ? undefined : { op: '<=', value: p99Target },
			bound
		}),
		row(`${id}.max`, `${k}: agent→dashboard max`, 'ms', p((x) => x.latency.max), r((x) => x.latency.max), { bound }),
		row(`${id}.lost`, `${k}: host:sample lost (not delivered in 16 s)`, 'n', p((x) => x.lost), r((x) => x.lost), { target: { op: '<=', value: 0 } }),
		row(`${id}.overviewDelivery`, `${k}: overview tick→dashboard p99`, 'ms', p((x) => x.overview.delivery.p99), r((x) => x.overview.delivery.p99), { bound }),
		row(`${id}.overviewAge`, `${k}: overview data age p99 (sample→screen)`, 'ms', p((x) => x.overview.age.p99), r((x) => x.overview.age.p99), { bound }),
		row(`${id}.overviewBytes`, `${k}: overview update size (avg)`, 'KB', p((x) => x.overview.avgBytes / 1024), r((x) => x.overview.avgBytes / 1024)),
		row(`${id}.serverCpu`, `${k}: server CPU, % of one core`, '%', p((x) => x.server.cpuPercent), r((x) => x.server.cpuPercent), {
			target: size >= 10_000 ? { op: '<=', value: 50 } : undefined,
			bound
		}),
		row(`${id}.rss`, `${k}: server RSS (max)`, 'MB', p((x) => x.server.rssMaxMB), r((x) => x.server.rssMaxMB)),
		row(`${id}.rssGrowth`, `${k}: server RSS growth, 2nd half of window`, 'MB', p(lateGrowth), r(lateGrowth), { noRatio: true }),
		row(`${id}.lag`, `${k}: server loop lag: /healthz p99`, 'ms', p((x) => x.server.healthz.p99), r((x) => x.server.healthz.p99), { bound }),
		row(`${id}.errors`, `${k}: errors, disconnects, ramp failures`, 'n', p(troubles), r(troubles), { target: { op: '<=', value: 0 } })
	];
}

/** Rows of scenario 3. */
export function connectionRows(n, res) {
	const p = (fn) => pick(res, 'product', fn);
	const r = (fn) => pick(res, 'relay', fn);
	const bound = { product: p((x) => x.generator.bound), relay: r((x) => x.generator.bound) };
	return [
		row('connections.acceptS', `accept ${n} agents (connect + hello acked)`, 's', p((x) => x.acceptS), r((x) => x.acceptS), { bound }),
		row('connections.kbPerAgent', 'server memory per idle agent (after hello)', 'KB', p((x) => x.kbPerAgent), r((x) => x.kbPerAgent), {
			target: { op: '<=', value: 25 }
		}),
		row('connections.kbPerConnection', '  of which the connection alone (before hello)', 'KB', p((x) => x.kbPerConnection), r((x) => x.kbPerConnection))
	];
}

/** Rows of scenario 4 (the agent has no relay counterpart). */
export function agentRows(res) {
	const ok = res && !res.error;
	return [
		row('agent.cpu', `real agent at 1 Hz: CPU incl. children (${res?.seconds ?? '?'} s)`, '%', ok ? res.cpuPercent : null, null, {
			target: { op: '<=', value: 1 }
		}),
		row('agent.rss', 'real agent at 1 Hz: RSS (median)', 'MB', ok ? res.rssMedianMB : null, null, { target: { op: '<=', value: 50 } })
	];
}

/**
 * Rows of scenario 5 (the browser has no relay counterpart). A heap trend below 1 MB/min is
 * "no growth": at 1,000 hosts updating every second, keeping even 17 bytes per host update
 * would exceed it.
 */
export function browserRows(res) {
	const ok = res && !res.error;
	const o = (fn) => (ok ? fn(res.overview) : null);
	const h = (fn) => (ok ? fn(res.host) : null);
	const n = res?.params?.agents ?? 1000;
	const k = `${n / 1000}k`;
	const heapS = (x) => (ok ? `${Math.round(x.heap.overS)} s` : '?');
	const noGrowth = { op: '<=', value: 1 };
	return [
		row('browser.baselineFps', 'browser: empty page, frames per second (rAF ceiling here)', 'fps', ok ? res.baseline.fps : null, null),
		row('browser.overviewFcp', `overview ${k}: first contentful paint`, 'ms', o((x) => x.load.fcp), null, { target: { op: '<=', value: 1000 } }),
		row('browser.overviewCards', `overview ${k}: all ${n.toLocaleString('en-US')} cards rendered (from navigation)`, 'ms', o((x) => x.load.cardsMs), null, {
			target: { op: '<=', value: 1000 }
		}),
		row('browser.overviewFps', `overview ${k}: frames per second while streaming`, 'fps', o((x) => x.frames.fps), null, {
			target: { op: '>=', value: 55 }
		}),
		row('browser.overviewLongTasks', `overview ${k}: long tasks (> 50 ms) per minute`, '', o((x) => x.longTasks.perMinute), null),
		row('browser.overviewLongestTask', `overview ${k}: longest task`, 'ms', o((x) => x.longTasks.maxMs), null),
		row('browser.overviewPerUpdate', `overview ${k}: main thread per overview update`, 'ms', o((x) => x.busyMsPerUpdate), null),
		row('browser.overviewHeapTrend', `overview ${k}: JS heap trend after GC (${heapS(res?.overview)})`, 'MB/min', o((x) => x.heap.slopeMBPerMin), null, {
			target: noGrowth,
			noRatio: true
		}),
		row('browser.overviewHeap', `overview ${k}: JS heap after GC (end)`, 'MB', o((x) => x.heap.endMB), null),
		row('browser.hostFps', 'host page: frames per second while streaming', 'fps', h((x) => x.frames.fps), null),
		row('browser.hostLongTasks', 'host page: long tasks (> 50 ms) per minute', '', h((x) => x.longTasks.perMinute), null),
		row('browser.hostPerUpdate', `host page: main thread per update (${ok ? res.host.points : '?'} points per chart)`, 'ms', h((x) => x.busyMsPerUpdate), null, {
			target: { op: '<=', value: 4 }
		}),
		row('browser.hostScriptPerUpdate', '  of which script', 'ms', h((x) => (x.redraws ? x.quiet.mainThread.scriptMs / x.redraws : null)), null),
		row('browser.hostHeapTrend', `host page: JS heap trend after GC (${heapS(res?.host)})`, 'MB/min', h((x) => x.heap.slopeMBPerMin), null, {
			target: noGrowth,
			noRatio: true
		}),
		row('browser.chromiumCpu', 'chromium CPU on the overview (all processes), % of one core', '%', o((x) => x.cpu.chromium), null)
	];
}

/** Adds ratio and verdict to each row. */
export function judge(rows) {
	const holds = (t, v) => (t.op === '>=' ? v >= t.value : v <= t.value);
	return rows.map((x) => {
		// A ratio of two differences (growth) says nothing: such rows opt out.
		const ratio = !x.noRatio && x.product !== null && x.relay !== null && x.relay !== 0 ? x.product / x.relay : null;
		let verdict = '';
		if (x.todo) verdict = 'todo';
		else if (x.target || x.ratioTarget) {
			if (x.product === null) verdict = 'no data';
			else {
				const okAbs = !x.target || holds(x.target, x.product);
				// Without a relay figure (--targets product) the ratio cannot be judged: say so.
				const okRatio = !x.ratioTarget || ratio === null || holds(x.ratioTarget, ratio);
				verdict = okAbs && okRatio ? 'pass' : 'SHORT';
				if (x.ratioTarget && ratio === null) verdict += ' (ratio n/a)';
			}
		}
		return { ...x, ratio, verdict };
	});
}

/** Rows of the store ingest scenario (issue 5): simulated 1,000 hosts at 1 Hz into SQLite. */
export function storeRows(res) {
	const ok = res && !res.error;
	const r = (fn) => (ok ? fn(res.realistic) : null);
	const u = (fn) => (ok ? fn(res.uniform) : null);
	const n = res?.params?.hosts ?? 1000;
	return [
		row('store.samplesPerCpuS', `store: ${n} hosts at 1 Hz, samples per CPU-second of store work`, '/s', r((x) => x.storeSamplesPerCpuSecond), null, {
			target: { op: '>=', value: 50_000 }
		}),
		row('store.flushP50', 'store: flush (write) latency p50', 'ms', r((x) => x.flushP50Ms), null),
		row('store.flushMax', 'store: flush duration max (minute boundary; runs in ~5 ms slices)', 'ms', r((x) => x.flushMaxMs), null),
		row('store.bytesPerValue', 'store: raw tier, bytes per value (realistic host model)', 'B', r((x) => x.rawPayloadBytesPerValue), null, {
			target: { op: '<=', value: 1 }
		}),
		row('store.bytesPerValueUniform', 'store: raw tier, bytes per value (uniform noise, worst case)', 'B', u((x) => x.rawPayloadBytesPerValue), null),
		row('store.perHostDay', 'store: database size per host per day (realistic, all tiers)', 'MB', r((x) => x.bytesPerHostPerDay / 1e6), null)
	];
}
