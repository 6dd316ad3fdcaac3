/**
 * Display formatters. Pure and locale-independent, so tests pin exact strings.
 * Byte sizes use SI prefixes, base 1000 (1 kB = 1000 B), like disk vendors and network rates.
 * Every formatter shows an unknown value (null, undefined, NaN, ±Infinity) as "—".
 */

/** Shown for a value that is not known. */
export const MISSING = '—';

const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

function known(value: number | null | undefined): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Three significant digits at most, never fewer than zero decimals: 1.23, 12.3, 123. */
function threeDigits(value: number): string {
	const abs = Math.abs(value);
	if (abs < 10) return value.toFixed(2);
	if (abs < 100) return value.toFixed(1);
	return value.toFixed(0);
}

/** Percent with one decimal: `42.3%`. */
export function formatPercent(value: number | null | undefined, decimals = 1): string {
	return known(value) ? `${value.toFixed(decimals)}%` : MISSING;
}

/** Bytes with SI prefixes, base 1000: `1.23 MB`. Whole bytes below 1 kB: `999 B`. */
export function formatBytes(value: number | null | undefined): string {
	if (!known(value)) return MISSING;
	const sign = value < 0 ? '-' : '';
	let abs = Math.abs(value);
	if (abs < 1000) return `${sign}${Math.round(abs)} B`;
	let unit = 0;
	while (abs >= 1000 && unit < SI_UNITS.length - 1) {
		abs /= 1000;
		unit++;
	}
	// 999.96 kB rounds to "1000 kB": carry into the next prefix instead.
	if (Number(threeDigits(abs)) >= 1000 && unit < SI_UNITS.length - 1) {
		abs /= 1000;
		unit++;
	}
	return `${sign}${threeDigits(abs)} ${SI_UNITS[unit]}`;
}

/** A byte rate with SI prefixes, base 1000: `1.23 MB/s`. */
export function formatBytesPerSecond(value: number | null | undefined): string {
	return known(value) ? `${formatBytes(value)}/s` : MISSING;
}

/** A plain number with a fixed count of decimals (load averages): `1.25`. */
export function formatNumber(value: number | null | undefined, decimals = 2): string {
	return known(value) ? value.toFixed(decimals) : MISSING;
}

/** Temperature in degrees Celsius: `54 °C`. */
export function formatTemperature(value: number | null | undefined): string {
	return known(value) ? `${Math.round(value)} °C` : MISSING;
}

/** A duration in seconds as its two largest units: `3d 4h`, `4h 12m`, `12m 5s`, `45s`. */
export function formatDuration(seconds: number | null | undefined): string {
	if (!known(seconds) || seconds < 0) return MISSING;
	const total = Math.floor(seconds);
	const days = Math.floor(total / 86_400);
	const hours = Math.floor((total % 86_400) / 3_600);
	const minutes = Math.floor((total % 3_600) / 60);
	const secs = total % 60;
	if (days > 0) return `${days}d ${hours}h`;
	if (hours > 0) return `${hours}h ${minutes}m`;
	if (minutes > 0) return `${minutes}m ${secs}s`;
	return `${secs}s`;
}

/** How long ago `then` was, seen at `now` (both ms): `just now`, `12 s ago`, `3 min ago`, `2 h ago`, `4 d ago`. */
export function formatAgo(then: number | null | undefined, now: number): string {
	if (!known(then) || !known(now)) return MISSING;
	// Clocks of server and browser differ a little: a moment "in the future" is simply now.
	const seconds = Math.max(0, Math.floor((now - then) / 1000));
	if (seconds < 1) return 'just now';
	if (seconds < 60) return `${seconds} s ago`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ago`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} h ago`;
	return `${Math.floor(hours / 24)} d ago`;
}

/** Clock time of a timestamp (ms) in the browser's zone, 24-hour: `14:05:09`. */
export function formatClock(ts: number | null | undefined): string {
	if (!known(ts)) return MISSING;
	const d = new Date(ts);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A span of time in ms in its largest whole unit: `4 s`, `2 min`, `44 min`, `6 h`, `7 d`; `1.5 s` below whole seconds. */
export function formatSpan(ms: number | null | undefined): string {
	if (!known(ms) || ms <= 0) return MISSING;
	const units: [number, string][] = [
		[86_400_000, 'd'],
		[3_600_000, 'h'],
		[60_000, 'min'],
		[1_000, 's']
	];
	for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
	return ms < 1_000 ? `${Math.round(ms)} ms` : `${Number((ms / 1_000).toFixed(1))} s`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A range of timestamps (ms) in the browser's zone: clock times when both ends fall on the
 * same day (`14:05:09 – 14:25:00`), else with dates (`Nov 25 14:05 – Nov 26 10:00`).
 */
export function formatTimeRange(from: number | null | undefined, to: number | null | undefined): string {
	if (!known(from) || !known(to)) return MISSING;
	const a = new Date(from);
	const b = new Date(to);
	const sameDay = a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
	if (sameDay) return `${formatClock(from)} – ${formatClock(to)}`;
	const pad = (n: number) => String(n).padStart(2, '0');
	const short = (d: Date) => `${MONTHS[d.getMonth()]} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
	return `${short(a)} – ${short(b)}`;
}
