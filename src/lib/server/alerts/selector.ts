import type { HostSelector } from '../../protocol/index.js';

export interface SelectableHost {
	id: string;
	hostname: string;
	labels: Record<string, string>;
}

/** A compiled host selector: globs become one regular expression, made once per rule. */
export function compileSelector(selector: HostSelector): (host: SelectableHost) => boolean {
	switch (selector.kind) {
		case 'all':
			return () => true;
		case 'ids': {
			const ids = new Set(selector.ids);
			return (host) => ids.has(host.id);
		}
		case 'hostname': {
			const re = globToRegExp(selector.glob);
			return (host) => re.test(host.hostname) || re.test(host.id);
		}
		case 'labels': {
			const wanted = Object.entries(selector.labels);
			return (host) => wanted.every(([k, v]) => host.labels[k] === v);
		}
	}
}

/** `*` any run of characters, `?` one character, everything else literal; case-insensitive. */
export function globToRegExp(glob: string): RegExp {
	const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(`^${body}$`, 'i');
}
