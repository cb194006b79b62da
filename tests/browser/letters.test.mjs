// Browser test of the account page's Letters panel against a real `cistern serve` (see
// harness.mjs): a CSR picks a letter, is told which fields it needs, previews it as it will print,
// sends it, sees it in the list of letters sent with its date, title and sender, and opens its PDF
// again; a template's fields come pre-filled from the account's records, marked as such until the
// CSR changes them; an auditor sees the list but no form.
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
    // An active account with a posted bill (its due date is suggested), no stop request and no
    // returned payment (so the stop date and the payment date stay empty for the CSR).
    const suggestions = (account, template) =>
      api.get(`/api/v1/accounts/${account.id}/letters/suggested-fields?template=${template}`);
    let account;
    let dueDate;
    for (const candidate of listed.data.filter((a) => a.status === 'active' && !a.confidential)) {
      const finalBill = await suggestions(candidate, 'final_bill_notice');
      const returned = await suggestions(candidate, 'returned_payment');
      if (finalBill.fields.due_date && !finalBill.fields.stop_date && !returned.fields['payment.date']) {
        account = candidate;
        dueDate = finalBill.fields.due_date;
        break;
      }
    }
    assert.ok(account, 'an active account with a bill and no returned payment');

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

    await step('a template\'s fields are pre-filled from the account\'s records, marked until changed', async () => {
      await page.locator('#f-template').selectOption('final_bill_notice');
      const due = page.locator('#f-fields-due_date');
      await due.waitFor();
      await page.waitForFunction((expected) => document.querySelector('#f-fields-due_date')?.value === expected, dueDate);
      const hint = page.locator('#f-fields-due_date-from-records');
      await hint.waitFor();
      assert.match(await hint.innerText(), /From the account's records/);
      assert.match(await due.getAttribute('aria-describedby'), /f-fields-due_date-from-records/);
      // The stop date has no record on this account: it stays empty for the CSR.
      assert.equal(await page.locator('#f-fields-stop_date').inputValue(), '');
      assert.equal(await page.locator('#f-fields-stop_date-from-records').count(), 0);
      await page.locator('#letters').scrollIntoViewIfNeeded();
      await shot('l00-letter-suggested');
      await due.fill('2027-01-15');
      await hint.waitFor({ state: 'detached' });
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
