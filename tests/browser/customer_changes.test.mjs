// Browser test of master changes and eligibilities (see harness.mjs): a supervisor changes a
// customer's name from the account page and sees it in the history, adds a senior eligibility,
// and finds it on the expiring-eligibilities report. Screenshots: build/screenshots/cc*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, withConsole } from './harness.mjs';

function addDays(dateText, days) {
  const d = new Date(`${dateText}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('web console: customer changes and eligibility', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn }) => {
    const api = await apiSession(base, 'supervisor');
    let account = null;
    for (let n = 1; n <= 40 && !account; n += 1) {
      const found = await api.fetch(`/api/v1/accounts/acct_${n}`);
      if (found.status !== 200) continue;
      const body = JSON.parse(found.body);
      if (body.status === 'active' && body.customer.kind === 'person' && !body.customer.confidential) account = body;
    }
    assert.ok(account, 'the demo city has an active person account');
    const today = (await api.get('/api/v1/reports/expiring-eligibilities')).as_of;
    const newLast = `Zqname${Date.now() % 100000}`;

    await step('supervisor changes the customer name with a history entry', async () => {
      await page.goto(base + '/');
      await signIn('supervisor');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${account.id}`);
      await page.locator('#customer-changes').waitFor();
      await page.locator('#customer-changes').getByRole('button', { name: 'Change name' }).click();
      const dialog = page.locator('#customer-change');
      await dialog.waitFor();
      await dialog.getByLabel('Last name').fill(newLast);
      await dialog.getByLabel('Reason').fill('Marriage certificate seen');
      await dialog.getByRole('button', { name: 'Save change' }).click();
      await page.locator('#customer-changes .change-item[data-kind="name"]').first().waitFor();
      assert.match(await page.locator('#customer-changes .change-item').first().innerText(), new RegExp(newLast));
      await page.locator('.account-name', { hasText: newLast }).waitFor();
      await shot('cc01-name-changed');
    });

    await step('an unchanged value is refused beside its field', async () => {
      await page.locator('#customer-changes').getByRole('button', { name: 'Change name' }).click();
      const dialog = page.locator('#customer-change');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Save change' }).click();
      await dialog.locator('.field-error, .alert-error').first().waitFor();
      assert.match(await dialog.innerText(), /same as the current one/);
      await shot('cc02-unchanged-refused');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    });

    await step('supervisor adds a senior eligibility', async () => {
      await page.locator('#eligibility').getByRole('button', { name: 'Add eligibility' }).click();
      const dialog = page.locator('#eligibility-dialog');
      await dialog.waitFor();
      await dialog.getByLabel('Birth date').fill('1950-01-01');
      await dialog.getByLabel('Renewal date').fill(addDays(today, 30));
      await dialog.locator('button[type="submit"]').click();
      await page.locator('#eligibility tr[data-status="current"]').waitFor();
      await shot('cc03-eligibility');
    });

    await step('the expiring report lists the account', async () => {
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.locator('#report').waitFor();
      await page.locator('.report-list').getByRole('link', { name: 'Expiring eligibilities' }).click();
      await page.locator('.expiring-eligibilities', { hasText: account.account_number }).waitFor();
      await shot('cc04-expiring-report');
    });
  });
});
