// The ftrack browser login end to end: the real `ayon-ftrack-desktop login --no-browser` (its one-shot loopback
// listener), Debian's Chromium driven by playwright-core, and the ftrack emulator's /user/api_credentials sign-in page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const server = required('FTRACK_SERVER');
const apiUser = required('FTRACK_API_USER');
const apiKey = required('FTRACK_API_KEY');
const desktopDll = required('AYON_FTRACK_DESKTOP_DLL');
const SIGN_IN = 'ayon-ftrack-desktop login: sign in to ftrack at ';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests/Browser/run.sh`);
  return value;
}

/** Starts `login --no-browser` as the launcher does; collects its stdout and stderr lines. */
function startLogin(timeoutSeconds) {
  const env = {};
  for (const name of ['PATH', 'HOME', 'DOTNET_ROOT', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
  const child = spawn('dotnet', [desktopDll, 'login', '--server', server, '--no-browser', '--timeout', String(timeoutSeconds)], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const login = { child, out: [], err: [] };
  createInterface({ input: child.stdout }).on('line', (line) => login.out.push(line));
  let found;
  login.url = new Promise((resolve, reject) => {
    found = resolve;
    child.on('close', () => reject(new Error(`login exited before printing its URL: ${login.err.join('\n')}`)));
  });
  login.url.catch(() => {});
  createInterface({ input: child.stderr }).on('line', (line) => {
    login.err.push(line);
    if (line.startsWith(SIGN_IN)) found(line.slice(SIGN_IN.length));
  });
  login.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return login;
}

/** What a client of ftrack would do with the credentials: one query as that user. */
async function queryOwnUser(username, key) {
  const response = await fetch(`${server}/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'ftrack-user': username, 'ftrack-api-key': key },
    body: JSON.stringify([{ action: 'query', expression: `select id, username from User where username is "${username}"` }]),
  });
  return { status: response.status, body: await response.json() };
}

let browser;
before(async () => {
  // The flags of the machine note: no background traffic that this closed network would refuse.
  browser = await chromium.launch({
    executablePath: required('CHROMIUM'),
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

test('signing in on the ftrack page gives the login validated credentials, printed once on stdout', async () => {
  const login = startLogin(180);
  const page = await browser.newPage();
  try {
    const url = await login.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/user\/api_credentials\?redirect_url=http:\/\/localhost:\d+$/);
    await page.goto(url);
    assert.equal(await page.title(), 'Sign in to ftrack');
    await page.fill('#username', apiUser);
    await page.fill('#password', apiKey);
    await page.click('#sign-in');
    await page.getByRole('heading', { name: 'Sign-in to ftrack was successful' }).waitFor({ timeout: 120_000 });
    assert.match(await page.textContent('body'), new RegExp(`You signed in as ${apiUser.replace('.', '\\.')}\\. You can close this window now\\.`));
    // The page took the key out of the address bar.
    assert.match(page.url(), /^http:\/\/localhost:\d+\/$/);

    assert.equal(await login.exited, 0, login.err.join('\n'));
    assert.equal(login.out.length, 1);
    const credentials = JSON.parse(login.out[0]);
    assert.deepEqual(Object.keys(credentials).sort(), ['api_key', 'username']);
    assert.equal(credentials.username, apiUser);
    assert.equal(credentials.api_key, apiKey);
    const check = await queryOwnUser(credentials.username, credentials.api_key);
    assert.equal(check.status, 200);
    assert.equal(check.body[0].data.length, 1);
    assert.ok(!login.err.join('\n').includes(apiKey), 'the key is on stderr');
  } finally {
    await page.close();
    login.child.kill();
  }
});

test('a wrong password stays on the ftrack page with its error; the login ends at its timeout with one line', async () => {
  const login = startLogin(25);
  const page = await browser.newPage();
  try {
    await page.goto(await login.url);
    await page.fill('#username', apiUser);
    await page.fill('#password', 'not-the-password');
    await page.click('#sign-in');
    await page.locator('#error').waitFor({ timeout: 60_000 });
    assert.equal((await page.textContent('#error')).trim(), 'Invalid username or password.');
    assert.ok(page.url().startsWith(`${server}/user/api_credentials`), page.url());
    assert.equal(await page.inputValue('#username'), apiUser);

    assert.equal(await login.exited, 1);
    assert.deepEqual(login.out, []);
    assert.equal(login.err.at(-1),
      'ayon-ftrack-desktop login: no sign-in came back from ftrack within 25 s (was the browser page closed before signing in?); run the login again');
  } finally {
    await page.close();
    login.child.kill();
  }
});
