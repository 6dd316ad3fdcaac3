import { expect, test, type Locator } from '@playwright/test';
import { hostname } from 'node:os';

/** The number a data attribute holds, for assertions that it grows. */
async function numberAttr(locator: Locator, name: string): Promise<number> {
	return Number((await locator.getAttribute(name)) ?? 'NaN');
}

test('the local host appears on the overview and its charts stream new points', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'websocket');

	const card = page.getByTestId('host-card').filter({ hasText: hostname() });
	await expect(card).toBeVisible();
	await expect(card.getByText('online', { exact: false })).toBeVisible();

	await card.getByRole('link', { name: hostname() }).click();
	await expect(page).toHaveURL(/\/hosts\//);
	await expect(page.getByRole('heading', { name: hostname() })).toBeVisible();

	for (const name of ['cpu', 'memory', 'network', 'disk', 'load']) {
		await expect(page.getByTestId(`chart-${name}`).locator('canvas')).toBeVisible();
	}
	const cpu = page.getByTestId('chart-cpu');
	await expect.poll(() => numberAttr(cpu, 'data-points')).toBeGreaterThan(0);
	const points = await numberAttr(cpu, 'data-points');
	const lastTs = await numberAttr(cpu, 'data-last-ts');
	// New samples arrive every second: the chart must gain points and move forward in time.
	await expect.poll(() => numberAttr(cpu, 'data-points'), { timeout: 10_000 }).toBeGreaterThan(points);
	await expect.poll(() => numberAttr(cpu, 'data-last-ts'), { timeout: 10_000 }).toBeGreaterThan(lastTs);
	const memory = page.getByTestId('chart-memory');
	await expect.poll(() => numberAttr(memory, 'data-points')).toBeGreaterThan(0);
});

test('the overview filter narrows the host list', async ({ page }) => {
	await page.goto('/');
	const cards = page.getByTestId('host-card');
	await expect(cards.first()).toBeVisible();
	await page.getByRole('searchbox').fill('no-such-host-anywhere');
	await expect(cards).toHaveCount(0);
	await page.getByRole('searchbox').fill(hostname());
	await expect(cards.first()).toBeVisible();
	await expect(page).toHaveURL(/q=/);
});
