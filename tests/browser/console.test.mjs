// Browser test of the web console against a real `cistern serve` on an ephemeral port, driving
// Debian's chromium through playwright-core (no downloaded browsers). See harness.mjs for the
// environment (CISTERN_BIN, CHROMIUM_BIN); screenshots land in build/screenshots/.
// Run from the repository root: node --test tests/browser/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, password, withConsole } from './harness.mjs';

test('web console: sign in, search, account page, notes, new account, roles, lockout', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn }) => {
    await step('wrong password shows the API message', async () => {
      await page.goto(base + '/');
      await page.locator('#signin-username').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-username');
      const expected = await fetch(`${base}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'csr', password: 'not-the-password' }),
      }).then((r) => r.json());
      await signIn('csr', 'also-not-the-password');
      const alert = page.locator('#signin-error');
      await alert.waitFor();
      assert.equal((await alert.innerText()).trim(), expected.error.message);
      await shot('01-signin-error');
    });

    await step('sign in as csr shows the shell with user and role', async () => {
      await signIn('csr', password('csr'));
      await page.locator('#global-search').waitFor();
      const session = await page.evaluate(() =>
        fetch('/api/v1/sessions/current', { credentials: 'same-origin' }).then((r) => r.json()),
      );
      assert.equal(session.user.username, 'csr');
      assert.match(await page.locator('.topbar-user').innerText(), new RegExp(session.user.display_name));
      assert.equal(await page.getByRole('link', { name: 'New account' }).first().isVisible(), true);
      await shot('02-home');
    });

    let opened; // the account the search opened
    await step('"/" focuses search; typing part of a name lists the API results; Enter opens one', async () => {
      // A name from the API, as a signed-in fetch in the page.
      const list = await page.evaluate(() =>
        fetch('/api/v1/accounts?page_size=20', { credentials: 'same-origin' }).then((r) => r.json()),
      );
      const target = list.data.find((a) => !a.confidential) ?? list.data[0];
      assert.ok(target, 'the demo city has accounts');
      const lastName = target.customer_name.trim().split(/\s+/).pop();
      const typed = lastName.slice(0, Math.min(4, lastName.length));
      const expected = await page.evaluate(
        (q) => fetch(`/api/v1/accounts?q=${encodeURIComponent(q)}&page_size=8`, { credentials: 'same-origin' }).then((r) => r.json()),
        typed,
      );
      assert.ok(expected.data.length > 0, `the API finds "${typed}"`);

      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'global-search', '"/" focuses the search box');
      await page.keyboard.type(typed, { delay: 40 });
      const options = page.locator('#global-search-results [role=option]');
      await page.locator('#global-search-results [role=option]').first().waitFor();
      // Wait until the list shows this query's results (the debounce may have shown a shorter prefix first).
      await page.waitForFunction(
        (first) => document.querySelector('#search-option-0')?.textContent?.includes(first),
        expected.data[0].account_number,
      );
      const shown = await options.allInnerTexts();
      // Each account row plus the "all results" row.
      assert.equal(shown.length, expected.data.length + 1);
      expected.data.forEach((account, index) => {
        assert.ok(shown[index].includes(account.account_number), `row ${index} is ${account.account_number}`);
        assert.ok(shown[index].includes(account.customer_name), `row ${index} shows ${account.customer_name}`);
      });
      const pick = Math.min(1, expected.data.length - 1);
      for (let i = 0; i <= pick; i++) await page.keyboard.press('ArrowDown');
      assert.equal(
        await page.locator('#global-search').getAttribute('aria-activedescendant'),
        `search-option-${pick}`,
      );
      await shot('03-search-dropdown');
      opened = expected.data[pick];
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => location.hash === `#/accounts/${id}`, opened.id);
    });

    await step('account page shows account, customer, premise and history', async () => {
      const heading = page.locator('h1');
      await heading.filter({ hasText: opened.account_number }).waitFor();
      const account = await page.evaluate(
        (id) => fetch(`/api/v1/accounts/${id}`, { credentials: 'same-origin' }).then((r) => r.json()),
        opened.id,
      );
      assert.match(await page.locator('#customer').innerText(), new RegExp(account.customer.display_name));
      const premiseText = await page.locator('#premise').innerText();
      assert.ok(premiseText.includes(account.premise.address.line1), 'premise address shown');
      assert.ok(premiseText.includes(account.premise.inside_city_limits ? 'Inside city limits' : 'Outside city limits'));
      assert.ok((await page.locator('.account-head').innerText()).toLowerCase().includes(account.status));
      await page.locator('#history tbody tr').first().waitFor();
      await shot('04-account');
    });

    const noteText = 'Customer called about a high bill; explained the re-read process. (browser test)';
    await step('adding a note with Ctrl+Enter lists it first and records it in history', async () => {
      const historyBefore = await page.locator('#history tbody tr').count();
      await page.locator('#note-text').focus();
      await page.keyboard.type(noteText);
      await page.keyboard.press('Control+Enter');
      await page.locator('ol.notes li').first().filter({ hasText: noteText }).waitFor();
      assert.equal((await page.locator('ol.notes li .note-text').first().innerText()).trim(), noteText);
      assert.equal(await page.locator('#note-text').inputValue(), '', 'the box is cleared');
      await page.waitForFunction((n) => document.querySelectorAll('#history tbody tr').length > n, historyBefore);
      const newest = await page.locator('#history tbody tr').first().innerText();
      assert.match(newest, /note/i, 'the newest history event is the note');
      const notes = await page.evaluate(
        (id) => fetch(`/api/v1/accounts/${id}/notes`, { credentials: 'same-origin' }).then((r) => r.json()),
        opened.id,
      );
      assert.equal(notes.data[0].text, noteText, 'the note is stored');
      await shot('05-account-with-note');
    });

    await step('full results page pages with "More results"', async () => {
      await page.goto(`${base}/#/search?q=`);
      await page.locator('table tbody tr').first().waitFor();
      const first = await page.locator('table tbody tr').count();
      assert.ok(first > 0);
      const more = page.getByRole('button', { name: 'More results' });
      if (await more.isVisible()) {
        await more.click();
        await page.waitForFunction((n) => document.querySelectorAll('table tbody tr').length > n, first);
      }
      await shot('06-search-results');
    });

    await step('Enter on an exact account number (typed with a space) opens that account', async () => {
      const list = await page.evaluate(() =>
        fetch('/api/v1/accounts?page_size=5', { credentials: 'same-origin' }).then((r) => r.json()),
      );
      const target = list.data[list.data.length - 1];
      const spaced = `${target.account_number.slice(0, 5)} ${target.account_number.slice(5)}`;
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('/');
      await page.keyboard.type(spaced);
      await page.keyboard.press('Enter'); // before the debounce fires: the box searches at once
      await page.waitForFunction((id) => location.hash === `#/accounts/${id}`, target.id);
      await page.locator('h1').filter({ hasText: target.account_number }).waitFor();
    });

    await step('new account: a missing last name is flagged and focused; the server error lands beside its field', async () => {
      await page.getByRole('link', { name: 'New account' }).first().click();
      await page.locator('#f-customer-first_name').waitFor();
      const reference = await page.evaluate(() =>
        fetch('/api/v1/reference-data', { credentials: 'same-origin' }).then((r) => r.json()),
      );
      await page.locator('#f-customer-first_name').fill('Rosa');
      await page.locator('#f-customer-phones-0-number').fill('405-555-0199');
      await page.locator('#f-customer-emails-0').fill('rosa.parks@example.com');
      await page.locator('#f-customer-mailing_address-line1').fill('1204 N Broadway Ave');
      // "/" typed into a field stays in the field.
      await page.locator('#f-customer-mailing_address-line2').focus();
      await page.keyboard.type('Unit 2/B');
      assert.equal(await page.locator('#f-customer-mailing_address-line2').inputValue(), 'Unit 2/B');
      await page.locator('#f-customer-mailing_address-city').fill('Moore');
      await page.locator('#f-customer-mailing_address-state').selectOption(reference.states[0]);
      await page.locator('#f-customer-mailing_address-postal_code').fill('7316'); // one digit short
      const route = reference.routes[0];
      await page.locator('#f-premise-route').selectOption(route.code);
      assert.equal(await page.locator('#f-premise-cycle').inputValue(), route.cycle, 'the route sets its cycle');

      await page.getByRole('button', { name: 'Create account' }).click();
      const lastName = page.locator('#f-customer-last_name');
      await page.waitForFunction(() => document.activeElement?.id === 'f-customer-last_name');
      assert.equal(await lastName.getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator('#f-customer-last_name-error').innerText(), /last name/i);
      await shot('07-new-account-missing-last-name');

      // Now only the server can object: the ZIP code is malformed.
      await lastName.fill('Parks');
      assert.equal(await lastName.getAttribute('aria-invalid'), null, 'fixing the field clears its error');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForFunction(() => /postal_code$/.test(document.activeElement?.getAttribute('name') ?? ''));
      const focusedId = await page.evaluate(() => document.activeElement.id);
      assert.equal(await page.locator(`#${focusedId}`).getAttribute('aria-invalid'), 'true');
      assert.ok((await page.locator(`#${focusedId}-error`).innerText()).trim().length > 0, 'the API message is shown');
      await shot('08-new-account-server-error');

      await page.locator('#f-customer-mailing_address-postal_code').fill('73160');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForFunction(() => /^#\/accounts\/acct_/.test(location.hash));
      await page.locator('h1').filter({ hasText: 'Rosa Parks' }).waitFor();
      assert.match(await page.locator('.account-head').innerText(), /pending/i);
      await shot('09-new-account-created');
    });

    await step('sign out; an auditor sees no "New account" and no "Add note"', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#signin-username').waitFor();
      await signIn('auditor', password('auditor'));
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${opened.id}`);
      await page.locator('h1').filter({ hasText: opened.account_number }).waitFor();
      await page.locator('ol.notes li').first().waitFor();
      assert.equal(await page.locator('#note-text').count(), 0, 'no note box');
      assert.equal(await page.getByRole('link', { name: 'New account' }).count(), 0, 'no New account link');
      await shot('10-auditor-account');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#signin-username').waitFor();
    });

    await step('five failed sign-ins lock the username and the page says so', async () => {
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${base}/api/v1/sessions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'field', password: 'wrong-password' }),
        });
        assert.ok(r.status === 401 || r.status === 429, `failed sign-in answered ${r.status}`);
      }
      await signIn('field', password('field'));
      const alert = page.locator('#signin-error');
      await alert.waitFor();
      assert.match(await alert.innerText(), /locked/i);
      await shot('11-signin-locked');
    });

    await step('a confidential customer shows hidden contact details to a csr', async () => {
      const csr = await apiSession(base, 'csr');
      let token = '';
      let hidden = null;
      for (let pageCount = 0; pageCount < 5 && !hidden; pageCount++) {
        const list = await csr.get(`/api/v1/accounts?page_size=100${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
        hidden = list.data.find((a) => a.confidential) ?? null;
        if (!list.next_page_token) break;
        token = list.next_page_token;
      }
      if (!hidden) {
        t.diagnostic('the demo city has no confidential customer; skipped');
        return;
      }
      await signIn('csr', password('csr'));
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${hidden.id}`);
      await page.locator('#customer').filter({ hasText: 'Contact details hidden (confidential)' }).waitFor();
      await shot('12-confidential');
    });
  });
});
