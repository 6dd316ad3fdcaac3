// Debian's chromium as the tests and the benchmark launch it: browsers cannot be downloaded
// here, and without the background-networking flags chromium keeps dialling out and failing.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
