import { expect, test, type Locator, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';

/** One request the webhook receiver got. */
interface Received {
	method: string;
	path: string;
	contentType: string | undefined;
	/** The custom header the destination is given. */
	team: string | undefined;
	body: { kind?: string; alert?: { rule?: { id?: string }; host?: { id?: string } } } | null;
}

/** A webhook receiver on 127.0.0.1 (a free port) that records every request and answers 200. */
async function startReceiver(): Promise<{ url: string; requests: Received[]; close: () => Promise<void> }> {
	const requests: Received[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			let body: Received['body'] = null;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				// recorded as null: the assertions then fail with what was received
			}
			requests.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], team: req.headers['x-team'] as string | undefined, body });
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** The local host's card on the overview, and its host id. */
async function localHost(page: Page): Promise<{ card: Locator; hostId: string }> {
	await page.goto('/');
	const card = page.getByTestId('host-card').filter({ hasText: hostname() });
	await expect(card).toBeVisible();
	const hostId = await card.getAttribute('data-host-id');
	expect(hostId).toBeTruthy();
	return { card, hostId: hostId! };
}

/** Deletes a table row's item through its two-step Delete button. */
async function deleteRow(row: Locator): Promise<void> {
	await row.getByRole('button', { name: 'Delete', exact: false }).click();
	await row.getByRole('button', { name: /^Confirm: delete/ }).click();
	await expect(row).toHaveCount(0);
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;

test.beforeAll(async () => {
	receiver = await startReceiver();
});

test.afterAll(async () => {
	await receiver.close();
});

test('a webhook gets a test, then a rule fires live on the overview, notifies, and resolves when deleted', async ({ page }) => {
	const { hostId } = await localHost(page);
	const unique = Date.now().toString(36);
	const activeAlerts = page.getByTestId('active-alerts');
	await expect(activeAlerts).toBeVisible();
	await expect(activeAlerts).not.toContainText('Loading');

	await page.getByRole('navigation').getByRole('link', { name: 'Alerts', exact: true }).click();
	await expect(page).toHaveURL(/\/alerts$/);

	// A destination pointing at the receiver, and its "Send test".
	const destinationName = `e2e receiver ${unique}`;
	const destinationForm = page.getByTestId('destination-form');
	await destinationForm.getByLabel('Name', { exact: true }).fill(destinationName);
	await destinationForm.getByLabel('URL', { exact: true }).fill(receiver.url);
	await destinationForm.getByLabel('Format', { exact: true }).selectOption('json');
	await destinationForm.getByRole('button', { name: 'Add header' }).click();
	await destinationForm.getByLabel('Header 1 name', { exact: true }).fill('X-Team');
	await destinationForm.getByLabel('Header 1 value', { exact: true }).fill('ops');
	await destinationForm.getByRole('button', { name: 'Create destination' }).click();
	const destinationRow = page.getByTestId('destination-row').filter({ hasText: destinationName });
	await expect(destinationRow).toBeVisible();
	const destinationId = await destinationRow.getAttribute('data-destination-id');
	expect(destinationId).toBeTruthy();

	await destinationRow.getByTestId('send-test').click();
	await expect.poll(() => receiver.requests.filter((r) => r.body?.kind === 'test').length).toBe(1);
	const testRequest = receiver.requests.find((r) => r.body?.kind === 'test')!;
	expect(testRequest.method).toBe('POST');
	expect(testRequest.path).toBe('/hook');
	expect(testRequest.contentType).toContain('application/json');
	expect(testRequest.team).toBe('ops');
	const delivery = page.locator(`[data-testid="delivery-row"][data-destination-id="${destinationId}"]`);
	await expect(delivery).toHaveCount(1);
	await expect(delivery).toHaveAttribute('data-status', 'delivered');
	await expect(delivery).toContainText('test');
	await expect(delivery).toContainText('200');

	// A rule that holds at once for the local host: CPU ≥ 0 for 0 s.
	const ruleName = `e2e CPU ≥ 0 ${unique}`;
	const ruleForm = page.getByTestId('rule-form');
	await ruleForm.getByLabel('Name', { exact: true }).fill(ruleName);
	await ruleForm.getByLabel('Metric', { exact: true }).selectOption('cpu');
	await ruleForm.getByLabel('Comparator', { exact: true }).selectOption('>=');
	await ruleForm.getByLabel('Threshold').fill('0');
	await ruleForm.getByLabel('For (seconds)', { exact: true }).fill('0');
	await ruleForm.getByLabel('Severity', { exact: true }).selectOption('critical');
	await ruleForm.getByLabel('Hosts', { exact: true }).selectOption('ids');
	await ruleForm.getByLabel('Host ids', { exact: true }).fill(hostId);
	await ruleForm.getByLabel('Summary', { exact: true }).fill('e2e: CPU on {hostname} at {value}');
	await ruleForm.getByRole('button', { name: 'Create rule' }).click();
	const ruleRow = page.getByTestId('rule-row').filter({ hasText: ruleName });
	await expect(ruleRow).toBeVisible();
	await expect(ruleRow).toContainText('CPU ≥ 0.0 %');
	const ruleId = await ruleRow.getAttribute('data-rule-id');
	expect(ruleId).toBeTruthy();
	await expect(ruleForm.getByTestId('form-problems')).toHaveCount(0);

	// The receiver is told it fires.
	const about = (kind: string) => receiver.requests.filter((r) => r.body?.kind === kind && r.body.alert?.rule?.id === ruleId);
	await expect.poll(() => about('firing').length).toBeGreaterThanOrEqual(1);
	expect(about('firing')[0].body?.alert?.host?.id).toBe(hostId);

	// The overview shows it live: in the active alerts panel, and as a badge on the host's card.
	await page.getByRole('navigation').getByRole('link', { name: 'Overview', exact: true }).click();
	const mine = activeAlerts.locator(`[data-testid="active-alert"][data-rule-id="${ruleId}"]`);
	await expect(mine).toHaveAttribute('data-state', 'firing');
	await expect(mine).toHaveAttribute('data-host-id', hostId);
	await expect(mine).toContainText(ruleName);
	const card = page.locator(`[data-testid="host-card"][data-host-id="${hostId}"]`);
	const badge = card.getByTestId('alert-badge');
	await expect(badge).toBeVisible();
	await expect(badge).toHaveAttribute('data-severity', 'critical');
	expect(Number(await badge.getAttribute('data-firing'))).toBeGreaterThanOrEqual(1);

	// Deleting the rule resolves its alert: the panel is back to what it was, the receiver is told.
	await page.getByRole('navigation').getByRole('link', { name: 'Alerts', exact: true }).click();
	await deleteRow(page.getByTestId('rule-row').filter({ hasText: ruleName }));
	await expect.poll(() => about('resolved').length).toBeGreaterThanOrEqual(1);
	await page.getByRole('navigation').getByRole('link', { name: 'Overview', exact: true }).click();
	await expect(mine).toHaveCount(0);
	// Alerts of the shipped rules (CPU or memory on a busy CI machine) come and go on their own:
	// only when none is active can the panel be asserted empty and the badge gone.
	const others = await activeAlerts.getByTestId('active-alert').count();
	if (others === 0) {
		await expect(activeAlerts.getByTestId('no-active-alerts')).toBeVisible();
		await expect(badge).toHaveCount(0);
	}

	// The host page's history has both state changes, newest first.
	await card.getByRole('link', { name: hostname() }).click();
	const history = page.getByTestId('alert-history');
	const events = history.locator(`[data-testid="alert-event"][data-rule-id="${ruleId}"]`);
	await expect(events).toHaveCount(2);
	await expect(events.nth(0)).toHaveAttribute('data-kind', 'resolved');
	await expect(events.nth(1)).toHaveAttribute('data-kind', 'firing');

	// Leave no destination behind for other tests.
	await page.goto('/alerts');
	await deleteRow(page.getByTestId('destination-row').filter({ hasText: destinationName }));
});

test('a rule or destination the server refuses shows its reason by the form, and nothing is saved', async ({ page }) => {
	await page.goto('/alerts');
	const ruleForm = page.getByTestId('rule-form');
	const ruleName = `e2e refused ${Date.now().toString(36)}`;
	await ruleForm.getByLabel('Name', { exact: true }).fill(ruleName);
	await ruleForm.getByLabel('Metric', { exact: true }).selectOption('mem');
	const threshold = ruleForm.getByLabel('Threshold');
	await threshold.fill('');
	await ruleForm.getByRole('button', { name: 'Create rule' }).click();
	const problems = ruleForm.getByTestId('form-problems');
	await expect(problems).toContainText('threshold');
	await expect(problems).toContainText('required with metric "mem"');
	await expect(threshold).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByTestId('rule-row').filter({ hasText: ruleName })).toHaveCount(0);

	// Fields follow the metric: a state has no threshold, only disk has a mount.
	await ruleForm.getByLabel('Metric', { exact: true }).selectOption('offline');
	await expect(ruleForm.getByLabel('Threshold')).toHaveCount(0);
	await expect(ruleForm.getByLabel('Comparator', { exact: true })).toHaveCount(0);
	await expect(ruleForm.getByLabel('Mount', { exact: true })).toHaveCount(0);
	await ruleForm.getByLabel('Metric', { exact: true }).selectOption('disk');
	await expect(ruleForm.getByLabel('Mount', { exact: true })).toBeVisible();

	const destinationForm = page.getByTestId('destination-form');
	await destinationForm.getByLabel('Name', { exact: true }).fill('e2e refused destination');
	await destinationForm.getByLabel('URL', { exact: true }).fill('ftp://example.com/hook');
	await destinationForm.getByRole('button', { name: 'Create destination' }).click();
	await expect(destinationForm.getByTestId('form-problems')).toContainText('only http:// and https:// URLs');
	await expect(destinationForm.getByLabel('URL', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByTestId('destination-row').filter({ hasText: 'e2e refused destination' })).toHaveCount(0);
});

test('editing a rule and a destination saves the changes, and the secret stays write-only', async ({ page, request }) => {
	const unique = Date.now().toString(36);
	const created = await request.post('/api/alerts/rules', {
		data: { name: `e2e edit ${unique}`, metric: 'mem', comparator: '>', threshold: 99, forS: 600, summary: '{hostname}' }
	});
	expect(created.status()).toBe(201);
	const { rule } = (await created.json()) as { rule: { id: string } };
	const dest = await request.post('/api/alerts/destinations', {
		data: { name: `e2e secret ${unique}`, url: 'http://127.0.0.1:9/never', secret: 'a-secret-of-16-chars-at-least' }
	});
	expect(dest.status()).toBe(201);
	const { destination } = (await dest.json()) as { destination: { id: string } };

	await page.goto('/alerts');
	const ruleRow = page.locator(`[data-testid="rule-row"][data-rule-id="${rule.id}"]`);
	await ruleRow.getByRole('button', { name: /^Edit / }).click();
	const ruleForm = page.getByTestId('rule-form');
	await expect(ruleForm.getByLabel('Name', { exact: true })).toHaveValue(`e2e edit ${unique}`);
	await expect(ruleForm.getByLabel('Threshold')).toHaveValue('99');
	await ruleForm.getByLabel('Threshold').fill('95');
	await ruleForm.getByLabel('Enabled', { exact: true }).uncheck();
	await ruleForm.getByRole('button', { name: 'Save rule' }).click();
	await expect(ruleRow).toContainText('Memory > 95.0 % for 10 min');
	await expect(ruleRow).toContainText('disabled');
	await expect(ruleForm.getByRole('button', { name: 'Create rule' })).toBeVisible();

	const destinationRow = page.locator(`[data-testid="destination-row"][data-destination-id="${destination.id}"]`);
	const signed = destinationRow.getByRole('cell').nth(3);
	await expect(signed).toHaveText('yes');
	await destinationRow.getByRole('button', { name: /^Edit / }).click();
	const destinationForm = page.getByTestId('destination-form');
	// The stored secret is never shown: the field starts empty, and saving it empty keeps it.
	await expect(destinationForm.getByLabel('Secret', { exact: true })).toHaveValue('');
	await destinationForm.getByLabel('Format', { exact: true }).selectOption('slack');
	await destinationForm.getByRole('button', { name: 'Save destination' }).click();
	await expect(destinationRow.getByRole('cell').nth(2)).toHaveText('slack');
	await expect(signed).toHaveText('yes');
	await destinationRow.getByRole('button', { name: /^Edit / }).click();
	await destinationForm.getByLabel('Remove the secret', { exact: true }).check();
	await destinationForm.getByRole('button', { name: 'Save destination' }).click();
	await expect(signed).toHaveText('no');

	const listed = (await (await request.get('/api/alerts/destinations')).json()) as { destinations: { id: string; hasSecret: boolean; format: string }[] };
	expect(listed.destinations.find((d) => d.id === destination.id)).toMatchObject({ hasSecret: false, format: 'slack' });

	expect((await request.delete(`/api/alerts/rules/${rule.id}`)).status()).toBe(204);
	expect((await request.delete(`/api/alerts/destinations/${destination.id}`)).status()).toBe(204);
});
