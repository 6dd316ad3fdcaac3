import type { Destination, WebhookFormat } from '$lib/protocol/alerts';
import type { DestinationUpdate, Problem } from './api';
import type { Converted } from './rule-form';

/** One custom header as its two inputs hold it. */
export interface HeaderRow {
	name: string;
	value: string;
}

/**
 * What the destination form edits. The secret is write-only: the form never holds the stored
 * one, only a new one typed in, or the wish to remove it.
 */
export interface DestinationForm {
	name: string;
	enabled: boolean;
	url: string;
	format: WebhookFormat;
	secret: string;
	removeSecret: boolean;
	headers: HeaderRow[];
}

export function emptyDestinationForm(): DestinationForm {
	return { name: '', enabled: true, url: '', format: 'json', secret: '', removeSecret: false, headers: [] };
}

/** The form showing an existing destination (its secret, if any, stays on the server). */
export function destinationToForm(destination: Destination): DestinationForm {
	return {
		name: destination.name,
		enabled: destination.enabled,
		url: destination.url,
		format: destination.format,
		secret: '',
		removeSecret: false,
		headers: Object.entries(destination.headers).map(([name, value]) => ({ name, value }))
	};
}

/**
 * The body to send: an empty secret is left out (on an update that keeps the stored one),
 * blank header rows are skipped. Refuses what a JSON object would silently lose: a value
 * without a header name, or the same header twice (names are case-insensitive).
 */
export function formToDestinationInput(form: DestinationForm): Converted<DestinationUpdate> {
	const headers: Record<string, string> = {};
	const seen = new Set<string>();
	const problems: Problem[] = [];
	for (const [i, row] of form.headers.entries()) {
		const name = row.name.trim();
		if (name === '') {
			if (row.value !== '') problems.push({ field: 'headers', message: `headers: row ${i + 1} has a value but no name` });
			continue;
		}
		if (seen.has(name.toLowerCase())) problems.push({ field: 'headers', message: `headers: "${name}" given twice` });
		seen.add(name.toLowerCase());
		headers[name] = row.value;
	}
	if (problems.length > 0) return { ok: false, problems };
	const input: DestinationUpdate = { name: form.name, enabled: form.enabled, url: form.url.trim(), format: form.format, headers };
	if (form.removeSecret) input.removeSecret = true;
	else if (form.secret !== '') input.secret = form.secret;
	return { ok: true, value: input };
}
