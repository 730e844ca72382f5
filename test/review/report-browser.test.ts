/**
 * The evidence report as an auditor opens it: `auditready report --format html` rendered by Debian's
 * headless Chromium (driven by puppeteer-core, which never downloads a browser). The page's text has the
 * matrices, the console shows no error, the page fetches nothing outside its own file, a screenshot is
 * taken, and the print layout fits A4 (no horizontal overflow at A4's printable width; Chromium's own PDF
 * of it has A4 pages).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { runCli } from '../cli/run-cli';

const INSTALL = 'install it with: apt-get install -y --no-install-recommends chromium (as root; .ci/run does this), or set AUDITREADY_CHROMIUM to its path';

/** Debian's chromium, or AUDITREADY_CHROMIUM; a missing browser fails the test with how to install it. */
function chromiumPath(): string {
  const configured = process.env.AUDITREADY_CHROMIUM;
  if (configured !== undefined) {
    if (!existsSync(configured)) throw new Error(`AUDITREADY_CHROMIUM=${configured} does not exist; ${INSTALL}`);
    return configured;
  }
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).stdout.trim();
  if (found === '') throw new Error(`Chromium is not installed: the evidence report's browser test needs it; ${INSTALL}`);
  return found;
}

/** The page's document, inside page.evaluate callbacks (they run in the browser; the project's types have no DOM). */
declare const document: any;

/** A4's width less the page's 14 mm margins, in CSS pixels (96 per inch). */
const A4_PRINTABLE_WIDTH = Math.floor(((210 - 2 * 14) / 25.4) * 96);

let dir: string;
let browser: Browser;
let page: Page;
let reportUrl: string;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];
const SCREENSHOT = join(process.env.AUDITREADY_SCREENSHOT_DIR ?? tmpdir(), 'auditready-report.png');

beforeAll(async () => {
  const executablePath = chromiumPath();
  dir = mkdtempSync(join(tmpdir(), 'auditready-report-browser-'));
  // The verify report in the shape `auditready verify --format json` writes (that of check --format json), from the real command.
  const verify = await runCli(['check', '--format', 'json']);
  expect(verify.code).toBe(0);
  writeFileSync(join(dir, 'verify.json'), verify.stdout);
  const report = join(dir, 'report.html');
  const run = await runCli(['report', '--format', 'html', '--output', report, '--verify', join(dir, 'verify.json')]);
  expect(run).toMatchObject({ code: 0, stderr: '', stdout: '' });
  reportUrl = pathToFileURL(report).href;
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
    ],
  });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url() === reportUrl) return void r.continue();
    foreignRequests.push(r.url());
    return void r.abort();
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(reportUrl, { waitUntil: 'load' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the console shows no error and the page requests nothing but its own file', () => {
  expect(consoleErrors).toEqual([]);
  expect(foreignRequests).toEqual([]);
});

test("the page's text has each environment's control matrix, access matrix and assume matrix", async () => {
  // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reader sees
  const text = await page.evaluate(() => document.body.innerText);
  for (const env of ['dev', 'staging', 'prod']) expect(text).toContain(`Environment ${env} (tier ${env})`);
  for (const heading of ['Control matrix', 'Waivers', 'Effective settings', 'Who can do what', 'Who can assume the human roles', 'Latest verify', 'Inputs'])
    expect(text).toContain(heading);
  expect(text).toContain('4.2 CloudTrail log file validation is enabled');
  // The rendered access matrix of prod, read cell by cell: only break-glass deletes a log version.
  const decisions = await page.evaluate(() => {
    const section = [...document.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent === 'Environment prod (tier prod)');
    const table = [...(section?.querySelectorAll('table') ?? [])].find((t) => t.querySelector('th')?.textContent === 'Request');
    const headings = [...(table?.querySelectorAll('th') ?? [])].map((th) => th.textContent ?? '');
    const row = [...(table?.querySelectorAll('tbody tr') ?? [])].find(
      (tr) => tr.querySelector('td')?.textContent === 'delete a log version (s3:DeleteObjectVersion)',
    );
    return Object.fromEntries([...(row?.querySelectorAll('td') ?? [])].slice(1).map((td, i) => [headings[i + 1], td.textContent]));
  });
  expect(Object.entries(decisions).filter(([, d]) => d === 'allow')).toEqual([['break-glass', 'allow']]);
  // Every caller of the catalogue that prod has, its deployer and verifier under their role names.
  expect(Object.keys(decisions)).toHaveLength(13);
  expect(Object.keys(decisions)).toEqual(expect.arrayContaining(['deployer auditready-deployer', 'verifier auditready-verifier']));
});

test('a screenshot is taken of the first screen', async () => {
  await page.screenshot({ path: SCREENSHOT });
  const png = readFileSync(SCREENSHOT);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // 1280 x 900: the width and height in the IHDR chunk.
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 900]);
  expect(statSync(SCREENSHOT).size).toBeGreaterThan(30_000);
});

test("printed, it fits A4: nothing overflows A4's printable width, and Chromium's PDF has A4 pages", async () => {
  await page.emulateMediaType('print');
  await page.setViewport({ width: A4_PRINTABLE_WIDTH, height: 1100 });
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    widest: Math.max(...[...document.querySelectorAll('table, figure, dl, p, h1, h2, h3')].map((e) => e.getBoundingClientRect().right)),
  }));
  expect(widths.page).toBeLessThanOrEqual(A4_PRINTABLE_WIDTH);
  expect(widths.widest).toBeLessThanOrEqual(A4_PRINTABLE_WIDTH);
  const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true }));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(boxes.length).toBeGreaterThan(3);
  // A4 is 210 x 297 mm: 595.3 x 841.9 points (Chromium rounds to its own units, within a point).
  for (const [w, h] of boxes) expect({ w: Math.abs((w as number) - 595.3) < 1.5, h: Math.abs((h as number) - 841.9) < 1.5 }).toEqual({ w: true, h: true });
}, 120_000);
