import {
	STATE_METRICS,
	type AlertMetric,
	type Comparator,
	type HostSelector,
	type RuleInput,
	type RuleSpec,
	type Severity
} from '$lib/protocol/alerts';
import type { Problem } from './api';

/**
 * What the rule form edits: every RuleInput field as its input holds it. Numbers are null when
 * the input is empty (Svelte binds an empty number input as null); the selector's three
 * variants keep their own text, so switching the kind back and forth loses nothing.
 */
export interface RuleForm {
	name: string;
	enabled: boolean;
	metric: AlertMetric;
	mount: string;
	selectorKind: HostSelector['kind'];
	/** Host ids, separated by commas or spaces. */
	ids: string;
	glob: string;
	/** `key=value` pairs, separated by commas. */
	labels: string;
	comparator: Comparator;
	threshold: number | null;
	clear: number | null;
	forS: number | null;
	severity: Severity;
	summary: string;
	renotifyS: number | null;
}

export type Converted<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Whether the metric is a state (offline, stale): no comparator, threshold or clear value. */
export function isStateMetric(metric: AlertMetric): boolean {
	return STATE_METRICS.includes(metric);
}

/** A new rule's form: fires when CPU is above 90 % for 5 minutes, like the shipped default. */
export function emptyRuleForm(): RuleForm {
	return {
		name: '',
		enabled: true,
		metric: 'cpu',
		mount: '*',
		selectorKind: 'all',
		ids: '',
		glob: '',
		labels: '',
		comparator: '>',
		threshold: 90,
		clear: null,
		forS: 300,
		severity: 'warning',
		summary: '{rule} on {hostname}: {value}',
		renotifyS: 0
	};
}

/** The form showing an existing rule. */
export function ruleToForm(rule: RuleSpec): RuleForm {
	const selector = rule.selector;
	return {
		name: rule.name,
		enabled: rule.enabled,
		metric: rule.metric,
		mount: rule.mount ?? '*',
		selectorKind: selector.kind,
		ids: selector.kind === 'ids' ? selector.ids.join(', ') : '',
		glob: selector.kind === 'hostname' ? selector.glob : '',
		labels: selector.kind === 'labels' ? formatLabels(selector.labels) : '',
		comparator: rule.comparator ?? '>',
		threshold: rule.threshold ?? null,
		clear: rule.clear ?? null,
		forS: rule.forS,
		severity: rule.severity,
		summary: rule.summary,
		renotifyS: rule.renotifyS
	};
}

/**
 * The RuleInput the form describes: only the fields that apply to its metric, empty numbers
 * left out (the server's defaults apply). Validation is the server's — it is the one judge of
 * a rule, and its reasons are shown — so this refuses only what JSON could not carry faithfully.
 */
export function formToRuleInput(form: RuleForm): Converted<RuleInput> {
	const selector = formToSelector(form);
	if (!selector.ok) return selector;
	const input: RuleInput = {
		name: form.name,
		enabled: form.enabled,
		metric: form.metric,
		selector: selector.value,
		severity: form.severity,
		summary: form.summary
	};
	if (form.metric === 'disk' && form.mount.trim() !== '') input.mount = form.mount.trim();
	if (!isStateMetric(form.metric)) {
		input.comparator = form.comparator;
		if (isNumber(form.threshold)) input.threshold = form.threshold;
		if (isNumber(form.clear)) input.clear = form.clear;
	}
	if (isNumber(form.forS)) input.forS = form.forS;
	if (isNumber(form.renotifyS)) input.renotifyS = form.renotifyS;
	return { ok: true, value: input };
}

function formToSelector(form: RuleForm): Converted<HostSelector> {
	switch (form.selectorKind) {
		case 'all':
			return { ok: true, value: { kind: 'all' } };
		case 'ids':
			// An empty list is sent as it is: the server says why it will not do.
			return { ok: true, value: { kind: 'ids', ids: form.ids.split(/[\s,]+/).filter(Boolean) } };
		case 'hostname':
			return { ok: true, value: { kind: 'hostname', glob: form.glob.trim() } };
		case 'labels': {
			const labels = parseLabels(form.labels);
			return labels.ok ? { ok: true, value: { kind: 'labels', labels: labels.value } } : labels;
		}
	}
}

/** `role=web, zone=a` → `{ role: 'web', zone: 'a' }`; a pair without `=` or a repeated key is refused. */
export function parseLabels(text: string): Converted<Record<string, string>> {
	const labels: Record<string, string> = {};
	const problems: Problem[] = [];
	for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
		const eq = pair.indexOf('=');
		if (eq <= 0) {
			problems.push({ field: 'selector', message: `selector: "${pair}" is not key=value` });
			continue;
		}
		const key = pair.slice(0, eq).trim();
		if (Object.hasOwn(labels, key)) problems.push({ field: 'selector', message: `selector: label "${key}" given twice` });
		labels[key] = pair.slice(eq + 1).trim();
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value: labels };
}

/** `{ role: 'web', zone: 'a' }` → `role=web, zone=a`. */
export function formatLabels(labels: Record<string, string>): string {
	return Object.entries(labels)
		.map(([k, v]) => `${k}=${v}`)
		.join(', ');
}

function isNumber(value: number | null | undefined): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}
