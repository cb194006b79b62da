// Unit test of the console's money helpers (web/src/money.ts): typed dollars become exact integer
// cents by string parsing. The TypeScript is compiled in memory with the esbuild that Vite brings
// (web/node_modules), so this needs no browser and no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromWeb = createRequire(path.join(repoRoot, 'web/package.json'));

async function loadMoney() {
  const esbuild = requireFromWeb('esbuild');
  const source = readFileSync(path.join(repoRoot, 'web/src/money.ts'), 'utf8');
  const { code } = await esbuild.transform(source, { loader: 'ts', format: 'esm', target: 'es2020' });
  return import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
}

test('money: parse typed dollars into exact cents', async () => {
  const { parseMoney, parsePositiveMoney, formatCents, centsToInput, looksLikeCardNumber, MONEY_MAX_CENTS } =
    await loadMoney();
  const cents = (text) => {
    const parsed = parseMoney(text);
    assert.ok(parsed.ok, `"${text}" parses: ${parsed.message ?? ''}`);
    return parsed.cents;
  };
  const refused = (text) => {
    const parsed = parseMoney(text);
    assert.equal(parsed.ok, false, `"${text}" is refused`);
    return parsed.message;
  };

  assert.equal(cents('125.00'), 12500);
  assert.equal(cents('125'), 12500);
  assert.equal(cents('1,234.56'), 123456);
  assert.equal(cents('$1,234,567.89'), 123456789);
  assert.equal(cents(' 0.07 '), 7);
  assert.equal(cents('.5'), 50);
  assert.equal(cents('12.'), 1200);
  assert.equal(cents('0.29'), 29); // 0.29 * 100 is 28.999999999999996 in floating point
  assert.equal(cents('1.10'), 110);
  assert.equal(cents('19.99'), 1999);
  assert.equal(cents('-5.00'), -500);
  assert.equal(cents('007.10'), 710);
  assert.equal(cents('99999999.99'), MONEY_MAX_CENTS);

  assert.match(refused('1.005'), /two decimals/);
  assert.match(refused('12.345'), /two decimals/);
  refused('');
  refused('   ');
  refused('.');
  refused('abc');
  refused('1,23');
  refused('12,34.00');
  refused('1.2.3');
  refused('1e3');
  refused('0x10');
  refused('12 34');
  assert.match(refused('100000000.00'), /too large/);
  assert.match(refused('123456789012345678901234567890'), /too large/);

  assert.equal(parsePositiveMoney('0.00').ok, false);
  assert.equal(parsePositiveMoney('-1').ok, false);
  assert.equal(parsePositiveMoney('0.01').ok, true);

  assert.equal(formatCents(123456), '$1,234.56');
  assert.equal(formatCents(-500), '-$5.00');
  assert.equal(formatCents(7), '$0.07');
  assert.equal(formatCents(0), '$0.00');
  assert.equal(formatCents(100000000), '$1,000,000.00');
  assert.equal(centsToInput(123456), '1234.56');
  assert.equal(centsToInput(5), '0.05');
  assert.equal(centsToInput(-250), '-2.50');
  for (const value of [0, 1, 99, 100, 12345, 999999, MONEY_MAX_CENTS]) {
    assert.equal(cents(centsToInput(value)), value, `${value} round-trips`);
    assert.equal(cents(formatCents(value)), value, `${formatCents(value)} round-trips`);
  }
  assert.throws(() => formatCents(1.5), RangeError);

  // Full card numbers (13–19 digits passing Luhn) are recognised; other numbers are not.
  assert.equal(looksLikeCardNumber('4111 1111 1111 1111'), true);
  assert.equal(looksLikeCardNumber('ref 4111-1111-1111-1111 paid'), true);
  assert.equal(looksLikeCardNumber('4111111111111112'), false);
  assert.equal(looksLikeCardNumber('1042'), false);
  assert.equal(looksLikeCardNumber('1234'), false);
});
