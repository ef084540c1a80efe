// The operator page in Debian's Chromium (playwright-core, executablePath) against the sandbox harness.
// Environment: CHROMIUM (browser binary), HARNESS_DLL (tests/Frontend/Harness), HARNESS_DATA (its folder),
// RESULTS (screenshots), AYON_FTRACK_FRONTEND_DIST (the built page the harness installs).
// Prints "ok - ..." / "not ok - ..." per check and ends with "browser: N passed, N failed".
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(path.join(here, '../../src/Server/Addon/frontend/package.json'))
const { chromium } = require('playwright-core')

const DEADLINE_MS = 180_000
const results = process.env.RESULTS
mkdirSync(results, { recursive: true })

let passed = 0
let failed = 0
const check = async (name, body) => {
  try {
    await body()
    passed += 1
    console.log(`ok - ${name}`)
    return true
  } catch (error) {
    failed += 1
    console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`)
    return false
  }
}

/** The harness: the demo world and its services, with commands on stdin and answers on stdout. */
function startHarness() {
  const child = spawn('dotnet', [process.env.HARNESS_DLL, process.env.HARNESS_DATA], {
    env: { ...process.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const waiting = []
  const lines = []
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else lines.push(line)
  })
  const nextLine = (timeoutMs) =>
    new Promise((resolve, reject) => {
      if (lines.length > 0) return resolve(lines.shift())
      const timer = setTimeout(() => reject(new Error(`the harness said nothing within ${timeoutMs / 1000} s`)), timeoutMs)
      waiting.push((line) => {
        clearTimeout(timer)
        resolve(line)
      })
    })
  const answer = async (prefix, timeoutMs = DEADLINE_MS) => {
    for (;;) {
      const line = await nextLine(timeoutMs)
      if (line.startsWith('ERROR ')) throw new Error(`harness: ${line.slice(6)}`)
      if (line.startsWith(prefix)) return line.slice(prefix.length).trim()
    }
  }
  const send = async (command, prefix) => {
    child.stdin.write(`${command}\n`)
    return answer(prefix)
  }
  const stop = async () => {
    if (child.exitCode !== null) return
    child.stdin.end('quit\n')
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 20_000))])
    if (child.exitCode === null) child.kill('SIGKILL')
  }
  return { answer, send, stop }
}

async function until(what, condition, timeoutMs = DEADLINE_MS) {
  const started = Date.now()
  let last = ''
  while (Date.now() - started < timeoutMs) {
    try {
      if (await condition()) return
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? ` (${last})` : ''}`)
}

const harness = startHarness()
let browser
try {
  const [url, key, project] = (await harness.answer('READY ', 600_000)).split(' ')
  const origin = new URL(url).origin
  const jobStatus = async (id) => {
    const reply = await fetch(`${origin}/api/events/${id}`, { headers: { 'x-api-key': key } })
    return (await reply.json()).status
  }

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } })
  const foreign = []
  page.on('request', (request) => {
    const target = request.url()
    if (!target.startsWith('data:') && new URL(target).origin !== origin) foreign.push(target)
  })
  page.setDefaultTimeout(DEADLINE_MS)
  const frame = page.frameLocator('#addon')

  const opened = await check('the page opens inside the AYON shell with the access token AYON posts it', async () => {
    await page.goto(url)
    await page.fill('#key', key)
    await page.click('#login button')
    await frame.locator(`tr[data-project="${project}"]`).waitFor()
  })

  if (opened) {
    let jobId = ''
    const shown = await check('a failed job is shown with its slice and reason', async () => {
      jobId = await harness.send('break', 'FAILED ')
      const row = frame.locator(`tr[data-job="${jobId}"]`)
      await row.waitFor()
      const text = await row.innerText()
      if (!/Sync\.\w+/.test(text) || !text.includes('403')) throw new Error(`the row says: ${text}`)
      await page.screenshot({ path: path.join(results, '1-failed-job.png'), fullPage: true })
    })

    if (shown) {
      await check('"Retry" restarts the job and it passes', async () => {
        await harness.send('fix', 'FIXED')
        await frame.locator(`tr[data-job="${jobId}"] button`).click()
        await until(`job ${jobId} finishing`, async () => (await jobStatus(jobId)) === 'finished')
        await frame.locator(`tr[data-job="${jobId}"]`).waitFor({ state: 'detached' })
        await page.screenshot({ path: path.join(results, '2-job-retried.png'), fullPage: true })
      })
    }

    await check('a drift request shows the difference made in AYON only, with links to both sides', async () => {
      const driftPath = await harness.send('drift', 'DRIFTED ')
      await frame.locator(`tr[data-project="${project}"] button`).click()
      const group = frame.locator('.drift section[data-kind="Name"]')
      await group.waitFor()
      const item = group.locator('li', { hasText: driftPath })
      await item.waitFor()
      const links = await item.locator('a').evaluateAll((anchors) => anchors.map((a) => a.href))
      if (!links.some((l) => l.startsWith(`${origin}/projects/${project}/browser?`))) throw new Error(`no AYON link in ${links.join(', ')}`)
      if (!links.some((l) => l.includes('#itemId=projects') && l.includes('slideEntityId='))) throw new Error(`no ftrack link in ${links.join(', ')}`)
      await page.screenshot({ path: path.join(results, '3-drift-report.png'), fullPage: true })
    })

    await check('the page asked no host but AYON', async () => {
      if (foreign.length > 0) throw new Error(`requests to ${[...new Set(foreign)].join(', ')}`)
    })
  }
} catch (error) {
  failed += 1
  console.log(`not ok - the sandbox or browser could not run: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  if (browser) await browser.close().catch(() => {})
  await harness.stop()
}
console.log(`browser: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
