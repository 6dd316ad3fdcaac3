import { z } from 'zod';
import { HostIdSchema, SERIES_KEYS, type SeriesKey } from '../../protocol/index.js';
import { describeZodError } from '../socket/guard.js';
import type { SeriesQuery } from '../store/query.js';

const DEFAULT_SPAN_MS = 15 * 60_000;
/** Longest range a query may span: the longest retention there is anyway. */
export const MAX_SPAN_MS = 400 * 86_400_000;

/** A time as ms since the epoch, or an ISO 8601 date-time. */
const Instant = z.union([
	z.string().regex(/^\d{1,15}$/, 'ms since the epoch or an ISO 8601 date-time').transform(Number),
	z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))
]);

const SeriesKeySchema = z.union([z.enum(SERIES_KEYS), z.string().regex(/^core\d{1,4}$/, 'a series name (see docs/api.md)')]);

const ParamsSchema = z
	.object({
		metrics: z
			.string()
			.max(2_000)
			.transform((s) => s.split(',').map((m) => m.trim()).filter(Boolean))
			.pipe(z.array(SeriesKeySchema).min(1, 'at least one metric').max(200))
			.optional(),
		from: Instant.optional(),
		to: Instant.optional(),
		step: z.coerce.number().int().min(1_000, 'at least 1000 (ms)').max(MAX_SPAN_MS).optional()
	})
	.strict();

export type ParsedSeriesQuery = { ok: true; query: SeriesQuery } | { ok: false; details: string };

/** Validates `GET /api/hosts/:id/series` parameters into a store query, or says what is wrong. */
export function parseSeriesQuery(hostId: string, params: URLSearchParams, now: number): ParsedSeriesQuery {
	const id = HostIdSchema.safeParse(hostId);
	if (!id.success) return { ok: false, details: `host id: ${describeZodError(id.error)}` };
	const raw: Record<string, string> = {};
	for (const [key, value] of params) {
		if (key in raw) return { ok: false, details: `${key}: given more than once` };
		raw[key] = value;
	}
	const parsed = ParamsSchema.safeParse(raw);
	if (!parsed.success) return { ok: false, details: describeZodError(parsed.error) };
	const p = parsed.data;
	const to = p.to ?? now;
	const from = p.from ?? to - DEFAULT_SPAN_MS;
	if (from >= to) return { ok: false, details: `from (${from}) must be before to (${to})` };
	if (to - from > MAX_SPAN_MS) return { ok: false, details: `the range is longer than ${MAX_SPAN_MS / 86_400_000} days` };
	const keys = (p.metrics as SeriesKey[] | undefined) ?? [...SERIES_KEYS];
	return { ok: true, query: { hostId: id.data, keys, from, to, ...(p.step ? { stepMs: p.step } : {}) } };
}
