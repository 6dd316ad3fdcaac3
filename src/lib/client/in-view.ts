import type { Attachment } from 'svelte/attachments';

/** Margin around the viewport within which an element counts as visible (pre-renders before scrolling in). */
const MARGIN = '300px';

let observer: IntersectionObserver | null = null;
const callbacks = new WeakMap<Element, (visible: boolean) => void>();

function shared(): IntersectionObserver {
	observer ??= new IntersectionObserver(
		(entries) => {
			for (const entry of entries) callbacks.get(entry.target)?.(entry.isIntersecting);
		},
		{ rootMargin: MARGIN }
	);
	return observer;
}

/**
 * An attachment that reports whether its element is on (or near) the screen. One observer
 * serves every element, so a thousand cards cost one observer, not a thousand.
 */
export function inView(onChange: (visible: boolean) => void): Attachment<Element> {
	return (element) => {
		callbacks.set(element, onChange);
		shared().observe(element);
		return () => {
			observer?.unobserve(element);
			callbacks.delete(element);
		};
	};
}
