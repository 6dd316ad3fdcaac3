import { expect, test, type Locator, type Page } from '@playwright/test';
import { hostname } from 'node:os';

const HOUR = 3_600_000;

/** The number a data attribute holds. */
async function numberAttr(locator: Locator, name: string): Promise<number> {
	return Number((await locator.getAttribute(name)) ?? 'NaN');
}

/** The span (ms) a chart's x axis shows. */
async function shownSpan(chart: Locator): Promise<number> {
	return (await numberAttr(chart, 'data-range-to')) - (await numberAttr(chart, 'data-range-from'));
}

/** Resolves after the page has drawn a frame (charts redraw in animation frames). */
async function nextFrame(page: Page): Promise<void> {
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Opens the local host's page (its link on the overview), with `query` appended. */
async function openHost(page: Page, query = ''): Promise<void> {
	await page.goto('/');
	const link = page.getByTestId('host-card').filter({ hasText: hostname() }).getByRole('link', { name: hostname() });
	const href = await link.getAttribute('href');
	expect(href).toMatch(/\/hosts\//);
	await page.goto(`${href}${query}`);
	await expect(page.getByRole('heading', { name: hostname() })).toBeVisible();
}

test('a 1 h range is fetched from the series API, keeps growing at the right edge, and survives a reload', async ({ page }) => {
	await openHost(page);
	const picker = page.getByTestId('range-picker');
	const cpu = page.getByTestId('chart-cpu');
	await expect(cpu).toHaveAttribute('data-mode', 'live');

	const request = page.waitForRequest((r) => /\/api\/hosts\/[^/]+\/series\?/.test(r.url()));
	await picker.getByRole('button', { name: '1 h', exact: true }).click();
	await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
	await expect(picker.getByRole('button', { name: '1 h', exact: true })).toHaveAttribute('aria-pressed', 'true');

	const asked = await request;
	const params = new URL(asked.url()).searchParams;
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	expect(to - from).toBeGreaterThan(0.99 * HOUR);
	expect(to - from).toBeLessThan(1.01 * HOUR);
	expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
	expect(params.get('metrics')?.split(',')).toEqual(expect.arrayContaining(['cpu', 'memUsed', 'netRx', 'diskRead', 'load1', 'core0']));
	expect((await asked.response())?.status()).toBe(200);

	// An hour of 1 s samples is more than ~1,000 points: the server answers in buckets.
	await expect(cpu).toHaveAttribute('data-mode', 'bucketed');
	await expect.poll(() => numberAttr(cpu, 'data-points')).toBeGreaterThan(0);
	expect(await shownSpan(cpu)).toBe(HOUR);
	for (const name of ['memory', 'network', 'disk', 'load']) {
		await expect.poll(() => numberAttr(page.getByTestId(`chart-${name}`), 'data-points')).toBeGreaterThan(0);
	}

	// Live samples keep arriving at the right edge of the hour.
	const lastTs = await numberAttr(cpu, 'data-last-ts');
	await expect.poll(() => numberAttr(cpu, 'data-last-ts'), { timeout: 10_000 }).toBeGreaterThan(lastTs);
	expect((await numberAttr(cpu, 'data-range-to')) - (await numberAttr(cpu, 'data-last-ts'))).toBeLessThan(5_000);

	await page.reload();
	await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
	await expect(page.getByTestId('range-picker').getByRole('button', { name: '1 h', exact: true })).toHaveAttribute('aria-pressed', 'true');
	await expect(cpu).toHaveAttribute('data-mode', 'bucketed');
	await expect.poll(() => numberAttr(cpu, 'data-points')).toBeGreaterThan(0);

	// Back and forward walk the ranges.
	await page.getByTestId('range-picker').getByRole('button', { name: '6 h', exact: true }).click();
	await expect(page).toHaveURL(/[?&]range=6h(&|$)/);
	await expect.poll(() => shownSpan(cpu)).toBe(6 * HOUR);
	await page.goBack();
	await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
	await expect.poll(() => shownSpan(cpu)).toBe(HOUR);
});

test('dragging across a chart zooms every chart into that range, and Reset goes back', async ({ page }) => {
	await openHost(page, '?range=1h');
	const cpu = page.getByTestId('chart-cpu');
	const memory = page.getByTestId('chart-memory');
	await expect(cpu).toHaveAttribute('data-mode', 'bucketed');
	await expect.poll(() => numberAttr(cpu, 'data-points')).toBeGreaterThan(0);
	const reset = page.getByTestId('zoom-reset');
	await expect(reset).toBeDisabled();

	// From the middle of the plot to its right edge (now): the last half hour or so.
	const box = (await cpu.boundingBox())!;
	const y = box.y + box.height * 0.6;
	await page.mouse.move(box.x + box.width * 0.5, y);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.75, y, { steps: 4 });
	await page.mouse.move(box.x + box.width - 1, y, { steps: 4 });
	await page.mouse.up();

	await expect(page).toHaveURL(/[?&]from=\d+&to=\d+/);
	const url = new URL(page.url());
	expect(url.searchParams.get('range')).toBe('1h');
	const from = Number(url.searchParams.get('from'));
	const to = Number(url.searchParams.get('to'));
	expect(to - from).toBeGreaterThan(0.2 * HOUR);
	expect(to - from).toBeLessThan(0.7 * HOUR);

	// Every chart shows the zoomed range, fixed where it was picked, with the data in it.
	await expect.poll(() => numberAttr(cpu, 'data-range-from')).toBe(from);
	await expect.poll(() => numberAttr(cpu, 'data-range-to')).toBe(to);
	await expect.poll(() => numberAttr(memory, 'data-range-from')).toBe(from);
	await expect(cpu).toHaveAttribute('data-mode', /^(raw|bucketed)$/);
	await expect.poll(() => numberAttr(cpu, 'data-points')).toBeGreaterThan(0);

	await expect(reset).toBeEnabled();
	await reset.click();
	await expect(page).not.toHaveURL(/[?&](from|to)=/);
	await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
	await expect.poll(() => shownSpan(cpu)).toBe(HOUR);
	await expect.poll(() => shownSpan(memory)).toBe(HOUR);
	await expect(reset).toBeDisabled();
});

for (const range of ['Live', '1 h']) {
	test(`pause holds the charts still and resume applies what came meanwhile (${range})`, async ({ page }) => {
		await openHost(page, range === 'Live' ? '' : '?range=1h');
		const cpu = page.getByTestId('chart-cpu');
		await expect(cpu).toHaveAttribute('data-mode', range === 'Live' ? 'live' : 'bucketed');
		await expect.poll(() => numberAttr(cpu, 'data-points')).toBeGreaterThan(0);
		// Wait for a sample to land, so the pause starts right after one.
		const before = await numberAttr(cpu, 'data-last-ts');
		await expect.poll(() => numberAttr(cpu, 'data-last-ts'), { timeout: 10_000 }).toBeGreaterThan(before);

		const toggle = page.getByTestId('live-toggle');
		await toggle.click();
		await expect(toggle).toHaveText(/Resume/);
		await nextFrame(page);
		const frozenTs = await numberAttr(cpu, 'data-last-ts');
		const frozenPoints = await numberAttr(cpu, 'data-points');
		const frozenRange = await cpu.getAttribute('data-range-to');
		// Measuring that nothing changes needs time to pass: the one place for a fixed wait.
		await page.waitForTimeout(3_000);
		expect(await numberAttr(cpu, 'data-last-ts')).toBe(frozenTs);
		expect(await cpu.getAttribute('data-range-to')).toBe(frozenRange);

		await toggle.click();
		await expect(toggle).toHaveText(/Pause/);
		// The samples received during the pause are drawn at once, in the first frame after resuming
		// (waiting for later samples would hide a hole).
		await nextFrame(page);
		expect(await numberAttr(cpu, 'data-last-ts')).toBeGreaterThanOrEqual(frozenTs + 2_000);
		if (range === 'Live') {
			// One row per sample (unless the 5-minute window is already full and trims as it grows).
			expect(await numberAttr(cpu, 'data-points')).toBeGreaterThanOrEqual(Math.min(frozenPoints + 2, 290));
		}
		const resumed = await numberAttr(cpu, 'data-last-ts');
		await expect.poll(() => numberAttr(cpu, 'data-last-ts'), { timeout: 10_000 }).toBeGreaterThan(resumed);
	});
}
