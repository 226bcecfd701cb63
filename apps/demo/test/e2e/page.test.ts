import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type DemoServer } from '../../src/index.js';
import { demoFixture } from '../helpers/fixture.js';
import { decodePng, pixelStats } from '../helpers/png.js';

const fx = demoFixture();
let server: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if ('missing' in fx.chromium) throw new Error(`the end-to-end tests need Debian's chromium: ${fx.chromium.missing}`);
  server = await startServer({ modelsDir: fx.modelsDir, port: 0 });
  browser = await chromium.launch({ executablePath: fx.chromium.path, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1200, height: 1800 } });
  await page.goto(server.url);
  await page.waitForSelector(`#model option[value="${fx.model}"]`, { state: 'attached' });
  await page.selectOption('#model', fx.model);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Distinct colours and non-white share of a canvas, read in the page. */
const canvasStats = (selector: string) =>
  page.$eval(selector, (el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let nonWhite = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) nonWhite++;
    }
    return { distinct: colours.size, nonWhite: nonWhite / (c.width * c.height) };
  });

describe('the demo page in headless Chromium', () => {
  it('lists the models, broken ones marked', async () => {
    const options = await page.$$eval('#model option', (os) => os.map((o) => o.textContent));
    expect(options).toContain(fx.model);
    expect(options).toContain(`${fx.brokenSha} (broken)`);
    expect(await page.textContent('#model-info')).toMatch(/vae · nb likelihood · 80 features · latent 4/);
  });

  it('uploads a CSV and draws one point per cell on the map', async () => {
    await page.setInputFiles('#file', fx.exampleCsv);
    await page.click('#analyse');
    await page.waitForFunction(() => document.querySelector('#map')?.getAttribute('data-points') !== null, undefined, { timeout: 60_000 });
    expect(await page.getAttribute('#map', 'data-points')).toBe(String(fx.exampleCells.length));
    expect(await page.getAttribute('#map', 'data-method')).toBe('umap');
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#summary')).toMatch(new RegExp(`${fx.exampleCells.length} cells`));
    expect(await page.$$eval('#legend li', (lis) => lis.length)).toBeGreaterThanOrEqual(2);
    expect(await page.$$eval('#anomaly-table tbody tr', (rows) => rows.length)).toBe(15);
    expect(await page.textContent('#warnings')).toMatch(/no "batch" column/);
  });

  it('downloads the latent space as CSV: one row per cell, cell + latent + cluster columns', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-latent')]);
    expect(download.suggestedFilename()).toBe(`${fx.model}-latent.csv`);
    const text = await readFile((await download.path())!, 'utf8');
    const rows = text.trim().split('\n').map((l) => l.split(','));
    expect(rows).toHaveLength(fx.exampleCells.length + 1);
    for (const row of rows) expect(row).toHaveLength(fx.latentDim + 2);
    expect(rows.slice(1).map((r) => r[0])).toEqual(fx.exampleCells);
  });

  it('renders a map that is not blank: the screenshot has many colours and drawn pixels', async () => {
    const shot = decodePng(await page.locator('#map').screenshot());
    const stats = pixelStats(shot);
    expect(shot.width).toBeGreaterThan(100);
    expect(stats.distinct).toBeGreaterThan(20);
    expect(stats.nonWhite).toBeGreaterThan(0.005);
    const inPage = await canvasStats('#map');
    expect(inPage.distinct).toBeGreaterThan(20);
  });

  it('recolours by anomaly score and by label after the bundled example', async () => {
    await page.click('#use-example');
    await page.waitForFunction(() => /cells from example/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.$eval('#colour-by', (s) => (s as HTMLSelectElement).value)).toBe('label');
    const labels = await page.$$eval('#legend li', (lis) => lis.map((l) => l.textContent));
    expect(labels.some((l) => /shuffled \(anomaly\)/.test(l ?? ''))).toBe(true);
    await page.selectOption('#colour-by', 'anomaly');
    expect(await page.textContent('#legend')).toMatch(new RegExp(`\\d+ flagged`));
    const flaggedRows = await page.$$eval('#anomaly-table tbody tr.flagged td:first-child', (tds) => tds.map((t) => t.textContent));
    for (const cell of fx.anomalyCells) expect(flaggedRows).toContain(cell);
  });

  it('shows a server error in the page', async () => {
    await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('cell,G1\nc1,-4\n') });
    await page.click('#analyse');
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toMatch(/^400: .*bad\.csv.*negative/);
  });

  it('samples from the prior and reconstructs the example', async () => {
    await page.fill('#sample-n', '12');
    await page.click('#sample-form button[type="submit"]');
    await page.waitForFunction(() => /12 draws/.test(document.querySelector('#sample-caption')?.textContent ?? ''));
    expect((await canvasStats('#sample-heatmap')).distinct).toBeGreaterThan(20);
    await page.fill('#reconstruct-cells', '5');
    await page.click('#reconstruct-example');
    await page.waitForFunction(() => document.querySelectorAll('#reconstruct-table tbody tr').length === 5);
    const correlations = await page.$$eval('#reconstruct-table tbody td.num', (tds) => tds.map((t) => Number(t.textContent)));
    for (const c of correlations) expect(c).toBeGreaterThan(0.5);
  });
});
