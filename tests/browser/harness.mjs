// Shared by the browser tests: a demo city in a temporary directory, a real `cistern serve` on an
// ephemeral port, Debian's chromium driven by playwright-core (no downloaded browsers), steps as
// subtests that leave a screenshot when they fail, and a signed-in API client for checks.
//
//   CISTERN_BIN   the cistern binary (default: build/cistern in this repository)
//   CHROMIUM_BIN  the browser (default: /usr/bin/chromium)
//
// Screenshots land in build/screenshots/. Not a test file itself (node --test skips it by name).
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cisternBin = process.env.CISTERN_BIN || path.join(repoRoot, 'build/cistern');
export const chromiumBin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'build/screenshots');
const webDist = path.join(repoRoot, 'web/dist/index.html');

// playwright-core is a dependency of the console (web/package.json), not of the repository root.
const requireFromWeb = createRequire(path.join(repoRoot, 'web/package.json'));

export const STEP_TIMEOUT_MS = 10_000;
const SERVER_START_TIMEOUT_MS = 15_000;
export const password = (username) => `demo-${username}-2026`;

/** Starts `cistern serve` on port 0 and resolves with its base URL once it prints the line. */
function startServer(dbPath) {
  const child = spawn(cisternBin, ['serve', '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`cistern serve printed no "listening on" line within ${SERVER_START_TIMEOUT_MS} ms:\n${output}`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`cistern serve exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  return { child, ready };
}

async function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A signed-in API client for checks that do not go through the browser. */
export async function apiSession(base, username) {
  const response = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: password(username) }),
  });
  assert.equal(response.status, 201, `API sign-in as ${username}`);
  const cookie = response.headers.get('set-cookie').split(';')[0];
  const body = await response.json();
  return {
    user: body.user,
    csrf: body.csrf_token,
    async get(pathAndQuery) {
      const r = await fetch(base + pathAndQuery, { headers: { Cookie: cookie } });
      assert.equal(r.status, 200, `GET ${pathAndQuery}`);
      return r.json();
    },
    /** A raw GET: { status, headers, body (text) }. */
    async fetch(pathAndQuery) {
      const r = await fetch(base + pathAndQuery, { headers: { Cookie: cookie } });
      return { status: r.status, headers: r.headers, body: await r.text() };
    },
    async post(pathAndQuery, json, headers = {}) {
      const r = await fetch(base + pathAndQuery, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': body.csrf_token, ...headers },
        body: JSON.stringify(json),
      });
      const text = await r.text();
      return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : null };
    },
  };
}

/**
 * Runs `body` with a demo city served on an ephemeral port and a fresh chromium page:
 * { base, page, shot, step, signIn, signOut, apiErrors }. Cleans everything up afterwards and
 * asserts that the page threw no uncaught errors.
 */
export async function withConsole(t, body) {
  assert.ok(existsSync(cisternBin), `no cistern binary at ${cisternBin} (set CISTERN_BIN)`);
  assert.ok(existsSync(chromiumBin), `no chromium at ${chromiumBin} (apt-get install chromium, or set CHROMIUM_BIN)`);
  assert.ok(existsSync(webDist), `no built console at ${webDist} (run: cd web && npm run build)`);
  let chromium;
  try {
    ({ chromium } = requireFromWeb('playwright-core'));
  } catch (error) {
    assert.fail(`playwright-core is not installed in web/ (run: cd web && npm ci): ${error.message}`);
  }

  const tmp = mkdtempSync(path.join(tmpdir(), 'cistern-browser-'));
  mkdirSync(screenshotDir, { recursive: true });
  const dbPath = path.join(tmp, 't.db');
  let server = null;
  let browser = null;
  try {
    await promisify(execFile)(cisternBin, ['demo', '--db', dbPath, '--accounts', '200', '--seed', '3'], {
      timeout: 60_000,
    });
    server = startServer(dbPath);
    const base = await server.ready;

    // Playwright refuses --user-data-dir in args; launch() itself makes a fresh temporary
    // profile directory and deletes it on close.
    browser = await chromium.launch({
      executablePath: chromiumBin,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // API answers of 400 and above, printed when a step fails (some are expected: bad passwords).
    const apiErrors = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/api/') || response.status() < 400) return;
      const text = await response.text().catch(() => '');
      apiErrors.push(`${response.request().method()} ${response.url().replace(base, '')} -> ${response.status()} ${text}`);
    });
    // Full-page shots from the top, so the sticky top bar sits where a person sees it; a modal
    // dialog is shot as the screen shows it (its backdrop covers only the viewport).
    const shot = async (name, { fullPage = true } = {}) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
    };

    // Each step is a subtest; a failing one leaves a screenshot of what the page showed.
    const step = (name, run) =>
      t.test(name, async (st) => {
        try {
          await run(st);
        } catch (error) {
          const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
          await shot(`FAILED-${slug}`).catch(() => undefined);
          for (const line of apiErrors.slice(-8)) st.diagnostic(`API error seen: ${line}`);
          throw error;
        }
      });

    const signIn = async (username, secret = password(username)) => {
      await page.locator('#signin-username').fill(username);
      await page.locator('#signin-password').fill(secret);
      await page.locator('#signin-password').press('Enter');
    };

    const signOut = async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.locator('#signin-username').waitFor();
    };

    await body({ base, page, shot, step, signIn, signOut, apiErrors });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServer(server?.child);
    rmSync(tmp, { recursive: true, force: true });
  }
}
