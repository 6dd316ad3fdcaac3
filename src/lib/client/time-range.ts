/**
 * The host page's time range as the URL carries it: a preset (`?range=1h`; none means live)
 * and optionally a zoom into an absolute range (`&from=…&to=…`, ms since the epoch). Pure, so
 * a link, a reload and back/forward all come down to parsing the same parameters.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The ranges the picker offers; `live` is the socket's recent window, the others are fetched. */
export const RANGE_PRESETS = [
	{ id: 'live', label: 'Live', title: 'Live: the last 5 minutes', spanMs: 5 * MINUTE },
	{ id: '15m', label: '15 min', title: 'The last 15 minutes', spanMs: 15 * MINUTE },
	{ id: '1h', label: '1 h', title: 'The last hour', spanMs: HOUR },
	{ id: '6h', label: '6 h', title: 'The last 6 hours', spanMs: 6 * HOUR },
	{ id: '24h', label: '24 h', title: 'The last 24 hours', spanMs: DAY },
	{ id: '7d', label: '7 d', title: 'The last 7 days', spanMs: 7 * DAY },
	{ id: '30d', label: '30 d', title: 'The last 30 days', spanMs: 30 * DAY }
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];

/** The preset a URL without `range` shows. */
export const DEFAULT_PRESET: RangePreset = 'live';

/** Shortest zoom kept (ms): a narrower drag is a click, not a range. */
export const MIN_ZOOM_MS = 1_000;
/** Longest absolute range kept (ms): what the series API answers. */
export const MAX_ZOOM_MS = 400 * DAY;

/** What the page shows: a preset ending now, or (zoom) an absolute range picked inside it. */
export interface RangeSelection {
	preset: RangePreset;
	/** Absolute range (ms); null: the preset's span up to now. */
	zoom: { from: number; to: number } | null;
}

/** The time window a selection covers at `now`. `follows`: it ends now and moves with new samples. */
export interface RangeWindow {
	from: number;
	to: number;
	spanMs: number;
	follows: boolean;
	/** Served by the socket's live window alone, without the history API. */
	live: boolean;
}

const PRESET_IDS = new Set<string>(RANGE_PRESETS.map((p) => p.id));

export function isPreset(value: string | null): value is RangePreset {
	return value !== null && PRESET_IDS.has(value);
}

export function presetSpan(preset: RangePreset): number {
	return RANGE_PRESETS.find((p) => p.id === preset)!.spanMs;
}

/** A time parameter: ms since the epoch, or an ISO 8601 date-time; null if neither. */
function parseInstant(value: string | null): number | null {
	if (value === null || value === '') return null;
	if (/^\d{1,15}$/.test(value)) return Number(value);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : null;
}

/** Reads the range from URL parameters; anything unusable falls back to the default (never throws). */
export function parseRange(params: URLSearchParams): RangeSelection {
	const range = params.get('range');
	const preset = isPreset(range) ? range : DEFAULT_PRESET;
	const from = parseInstant(params.get('from'));
	const to = parseInstant(params.get('to'));
	const usable = from !== null && to !== null && to - from >= MIN_ZOOM_MS && to - from <= MAX_ZOOM_MS;
	return { preset, zoom: usable ? { from, to } : null };
}

/**
 * `current` with the range parameters set for `selection` (other parameters kept). The default
 * preset is left out, so the plain host URL is the live view.
 */
export function rangeParams(current: URLSearchParams, selection: RangeSelection): URLSearchParams {
	const next = new URLSearchParams(current);
	for (const key of ['range', 'from', 'to']) next.delete(key);
	if (selection.preset !== DEFAULT_PRESET) next.set('range', selection.preset);
	if (selection.zoom) {
		next.set('from', String(Math.round(selection.zoom.from)));
		next.set('to', String(Math.round(selection.zoom.to)));
	}
	return next;
}

/** A zoom into `[from, to]` from `selection` (ends swapped if need be), clamped to the allowed spans. */
export function zoomTo(selection: RangeSelection, a: number, b: number): RangeSelection {
	let from = Math.round(Math.min(a, b));
	let to = Math.round(Math.max(a, b));
	if (to - from < MIN_ZOOM_MS) {
		const mid = (from + to) / 2;
		from = Math.round(mid - MIN_ZOOM_MS / 2);
		to = from + MIN_ZOOM_MS;
	}
	if (to - from > MAX_ZOOM_MS) from = to - MAX_ZOOM_MS;
	return { preset: selection.preset, zoom: { from, to } };
}

/** The window `selection` covers when shown at `now` (ms, server clock). */
export function rangeWindow(selection: RangeSelection, now: number): RangeWindow {
	if (selection.zoom) {
		const { from, to } = selection.zoom;
		return { from, to, spanMs: to - from, follows: false, live: false };
	}
	const spanMs = presetSpan(selection.preset);
	return { from: now - spanMs, to: now, spanMs, follows: true, live: selection.preset === 'live' };
}

/** Equal selections have equal keys: a navigation to the same range is not a new range. */
export function rangeKey(selection: RangeSelection): string {
	return selection.zoom ? `${selection.preset}:${selection.zoom.from}-${selection.zoom.to}` : selection.preset;
}
