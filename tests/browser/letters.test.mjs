// Browser test of the account page's Letters panel against a real `cistern serve` (see
// harness.mjs): a CSR picks a letter, is told which fields it needs, previews it as it will print,
// sends it, sees it in the list of letters sent with its date, title and sender, and opens its PDF
// again; an auditor sees the list but no form.
// Screenshots: build/screenshots/l*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, withConsole } from './harness.mjs';

async function fetchInPage(page, url) {
  return page.evaluate(async (target) => {
    const r = await fetch(target, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)) };
  }, url);
}

test('web console: letters on the account page', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn, signOut }) => {
    const api = await apiSession(base, 'csr');
    const listed = await api.get('/api/v1/accounts?page_size=100');
    const account = listed.data.find((a) => a.status === 'active' && !a.confidential);
    assert.ok(account, 'an active account');

    await step('the CSR opens the account page and sees the Letters panel', async () => {
      await page.goto(base + '/');
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${account.id}`);
      await page.locator('#letters').waitFor();
      await page.locator('#letters .empty').waitFor();
      assert.match(await page.locator('#letters .empty').innerText(), /No letters sent yet/);
    });

    await step('sending without a required field names it beside the field', async () => {
      await page.locator('#f-template').selectOption('returned_payment');
      await page.locator('#f-fields-payment-amount').waitFor();
      await page.locator('#f-fields-payment-amount').fill('84.10');
      await page.getByRole('button', { name: 'Send letter' }).click();
      await page.locator('#f-fields-payment-date-error').waitFor();
      assert.equal(await page.locator('#f-fields-payment-date').getAttribute('aria-invalid'), 'true');
    });

    await step('a too-long text field is refused naming the field', async () => {
      await page.locator('#f-template').selectOption('exemption_renewal');
      await page.locator('#f-fields-exemption-hauler').fill('H'.repeat(130));
      await page.locator('#f-fields-exemption-permit').fill('SAN-2025-014');
      await page.locator('#f-fields-exemption-expires_on').fill('2026-12-31');
      await page.getByRole('button', { name: 'Send letter' }).click();
      await page.locator('#f-fields-exemption-hauler-error').waitFor();
      assert.match(await page.locator('#f-fields-exemption-hauler-error').innerText(), /120 characters/);
    });

    await step('the welcome letter asks for the deposit, previews as it will print, and sends', async () => {
      await page.locator('#f-template').selectOption('welcome_deposit');
      await page.locator('#f-fields-deposit-amount').fill('100.00');
      await page.locator('#f-fields-deposit-installments').fill('2');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('.letter-preview').waitFor();
      const preview = await page.locator('.letter-preview').innerText();
      assert.match(preview, /Welcome to City of Moore utility service/);
      assert.match(preview, /A utility deposit of \$100\.00 is required/);
      assert.match(preview, /2 installment\(s\)/);
      assert.match(preview, new RegExp(account.account_number));
      await page.locator('#letters').scrollIntoViewIfNeeded();
      await shot('l01-letter-preview');
      await page.getByRole('button', { name: 'Send letter' }).click();
      await page.locator('#letters .alert-success').waitFor();
      await page.locator('#letters-table tbody tr').first().waitFor();
      assert.equal(await page.locator('#letters-table tbody tr').count(), 1);
      const row = await page.locator('#letters-table tbody tr').first().innerText();
      assert.match(row, /Welcome, with deposit terms/);
      assert.match(row, new RegExp(api.user.display_name));
      await shot('l02-letter-sent');
    });

    await step('the letter opens again as a PDF', async () => {
      const href = await page.locator('#letters-table tbody tr a').first().getAttribute('href');
      assert.match(href, /^\/api\/v1\/letters\/ltr_\d+\/pdf$/);
      const pdf = await fetchInPage(page, href);
      assert.equal(pdf.status, 200);
      assert.match(pdf.type, /^application\/pdf/);
      assert.equal(pdf.magic, '%PDF-');
    });

    await step('an auditor sees the letters but cannot send one', async () => {
      await signOut();
      await signIn('auditor');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${account.id}`);
      await page.locator('#letters-table tbody tr').first().waitFor();
      assert.equal(await page.locator('#letters .letter-form').count(), 0);
    });
  });
});
