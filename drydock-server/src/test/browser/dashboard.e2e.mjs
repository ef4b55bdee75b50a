// Drives Debian's headless Chromium over the dashboard and writes what it saw as JSON for
// DashboardBrowserTest (Java) to assert on. Started by that test:
//   node dashboard.e2e.mjs '{"baseUrl":…,"token":…,"xssDigest":…,"webDigest":…,"outFile":…,"shotDir":…,"chromium":…}'
// Exit 0 with the observations written; exit 1 with {"error":…} written when a step failed.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cfg = JSON.parse(process.argv[2]);
const out = { steps: [] };
const profile = mkdtempSync(join(tmpdir(), 'drydock-chromium-'));
const STEP_TIMEOUT = 20000;

// Without the background-networking flags Chromium keeps calling home, which a closed network
// turns into a flood of failed connections.
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

const context = await chromium.launchPersistentContext(profile, {
  executablePath: cfg.chromium, headless: true, args, acceptDownloads: true,
  viewport: { width: 1400, height: 900 },
});
context.setDefaultTimeout(STEP_TIMEOUT);

out.dialogs = [];
out.pageErrors = [];
out.consoleErrors = [];
out.foreignRequests = [];
context.on('page', watch);
function watch(page) {
  page.on('dialog', (d) => { out.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => out.pageErrors.push(String(e.message || e)));
  page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(cfg.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:')) out.foreignRequests.push(u);
  });
}

function step(name) {
  out.steps.push(name);
  process.stderr.write('e2e: ' + name + '\n');
}

/** The hostile-markup checks, run on every view. */
async function xssProbe(page) {
  return page.evaluate(() => ({
    imgElements: document.querySelectorAll('img').length,
    scriptElements: document.querySelectorAll('script').length,
    svgInjected: document.querySelectorAll('main svg svg, main svg foreignObject').length,
    flag: window.__xss === undefined ? null : window.__xss,
  }));
}

async function rows(page, selector) {
  return page.$$eval(selector, (trs) => trs.map((tr) => {
    const counts = {};
    for (const b of tr.querySelectorAll('td.findings .badge')) counts[b.dataset.severity] = Number(b.textContent);
    return {
      digest: tr.dataset.digest || null,
      text: tr.textContent,
      repository: tr.querySelector('.repo') ? tr.querySelector('.repo').textContent : null,
      risk: tr.querySelector('.risk') ? tr.querySelector('.risk').textContent : null,
      counts,
    };
  }));
}

async function findingRows(page) {
  return page.$$eval('#findings tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.id,
    severity: tr.dataset.severity,
    origin: tr.querySelector('td.origin .tag').textContent,
    advice: tr.querySelector('td.advice').textContent,
    versions: tr.querySelector('td.versions').textContent,
    kev: tr.querySelector('td.kev').textContent,
    epss: tr.querySelector('td.epss').textContent,
    title: tr.querySelector('.title') ? tr.querySelector('.title').textContent : null,
    pkg: tr.querySelector('.pkg').textContent,
  })));
}

try {
  // 1. Cold load with a token already in the tab: transfer size and first render.
  step('cold load for size and render time');
  const perfPage = await context.newPage();
  await perfPage.addInitScript((t) => sessionStorage.setItem('drydock.token', t), cfg.token);
  await perfPage.goto(cfg.baseUrl + '/#/fleet');
  await perfPage.waitForSelector('#images tbody tr');
  out.perf = await perfPage.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter((r) => r.name.includes('/ui/'));
    const mark = performance.getEntriesByName('drydock-fleet-rendered')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      htmlTransfer: nav.transferSize, htmlEncoded: nav.encodedBodySize, htmlDecoded: nav.decodedBodySize,
      assets: res.map((r) => ({ name: r.name.replace(location.origin, ''), transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize })),
      firstRenderMs: mark ? mark.startTime : null,
      firstContentfulPaintMs: fcp ? fcp.startTime : null,
    };
  });
  await perfPage.reload();
  await perfPage.waitForSelector('#images tbody tr');
  const warm = await perfPage.evaluate(() => ({
    transfer: performance.getEntriesByType('resource').filter((r) => r.name.includes('/ui/')).reduce((n, r) => n + r.transferSize, 0),
    render: (performance.getEntriesByName('drydock-fleet-rendered')[0] || {}).startTime ?? null,
  }));
  out.perf.warmAssetTransfer = warm.transfer;
  out.perf.warmFirstRenderMs = warm.render;
  await perfPage.close();

  // 2. No token: the prompt; a wrong token: the prompt again with the server's refusal.
  const page = await context.newPage();
  step('no token');
  await page.goto(cfg.baseUrl + '/#/fleet');
  await page.waitForSelector('#token-form', { state: 'visible' });
  out.promptOnStart = await page.isVisible('#token-input');
  step('wrong token');
  await page.fill('#token-input', 'not-the-token');
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector('#token-message.error');
  out.wrongToken = {
    promptVisible: await page.isVisible('#token-form'),
    message: await page.textContent('#token-message'),
    stored: await page.evaluate(() => sessionStorage.getItem('drydock.token')),
  };

  // 3. The right token: the fleet.
  step('fleet');
  await page.fill('#token-input', cfg.token);
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector('#images tbody tr');
  out.fleet = {
    promptVisible: await page.isVisible('#token-form'),
    images: await rows(page, '#images tbody tr'),
    workloads: await rows(page, '#workloads tbody tr'),
    tiles: await page.$$eval('[data-tile]', (ts) => Object.fromEntries(ts.map((t) => [t.dataset.tile, t.querySelector('.n').textContent]))),
    xss: await xssProbe(page),
  };
  await page.screenshot({ path: join(cfg.shotDir, 'dashboard-fleet.png'), fullPage: true });

  step('fleet from an offset');
  await page.goto(cfg.baseUrl + '/#/fleet/2');
  await page.waitForSelector('#prev-page');
  out.fleetOffset = {
    heading: await page.textContent('#images-heading'),
    images: (await rows(page, '#images tbody tr')).map((r) => r.digest),
    next: await page.$$eval('#next-page', (a) => a.length),
  };
  await page.goto(cfg.baseUrl + '/#/fleet');
  await page.waitForSelector('#images tbody tr');

  // 4. Click the riskiest image: its findings, filters, where it runs, decisions, SBOM.
  step('image view');
  await page.click('#images tbody tr:first-child');
  await page.waitForSelector('#findings tbody tr');
  out.image = {
    hash: await page.evaluate(() => location.hash),
    title: await page.textContent('#image-title'),
    base: await page.textContent('#base'),
    findings: await findingRows(page),
    count: await page.textContent('#finding-count'),
    runs: await page.$$eval('#runs tbody tr', (trs) => trs.map((tr) => tr.textContent)),
    decisions: await page.$$eval('#decisions tbody tr', (trs) => trs.map((tr) => tr.textContent)),
    filtered: {},
  };
  await page.screenshot({ path: join(cfg.shotDir, 'dashboard-image.png'), fullPage: true });
  const ids = async () => page.$$eval('#findings tbody tr', (trs) => trs.map((tr) => tr.dataset.id));
  await page.selectOption('#f-origin', 'base');
  out.image.filtered.originBase = await ids();
  await page.selectOption('#f-origin', 'app');
  out.image.filtered.originApp = await ids();
  await page.selectOption('#f-origin', 'ALL');
  await page.selectOption('#f-severity', 'HIGH');
  out.image.filtered.highOrWorse = await ids();
  await page.selectOption('#f-severity', 'ALL');
  await page.check('#f-fixable');
  out.image.filtered.fixable = await ids();
  await page.uncheck('#f-fixable');
  await page.check('#f-resolved');
  out.image.filtered.withResolved = await ids();
  step('sbom download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#sbom-cyclonedx')]);
  const sbomPath = await download.path();
  const sbom = JSON.parse(readFileSync(sbomPath, 'utf8'));
  out.sbom = { filename: download.suggestedFilename(), bomFormat: sbom.bomFormat, subject: JSON.stringify(sbom.metadata || {}), components: (sbom.components || []).map((c) => c.name) };

  // 5. The image whose strings are XSS payloads.
  step('xss image');
  await page.goto(cfg.baseUrl + '/#/image/' + cfg.xssDigest);
  await page.waitForSelector('#findings tbody tr');
  out.xssImage = {
    title: await page.textContent('#image-title'),
    base: await page.textContent('#base'),
    findings: await findingRows(page),
    probe: await xssProbe(page),
  };

  // 6. Bad answers and bad addresses: one clear message, no markup, the rest of the page intact.
  step('errors');
  out.errors = {};
  await page.goto(cfg.baseUrl + '/#/image/' + cfg.webDigest);
  await page.waitForSelector('#findings tbody tr');
  // The stand-in API has no SPDX writer and the real one may: the refusal is staged here.
  await page.route('**/sbom?format=spdx', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"<b>SBOM store unavailable</b>"}' }));
  await page.click('#sbom-spdx');
  await page.waitForSelector('#download-status.error');
  out.errors.sbomRefused = {
    status: await page.textContent('#download-status'),
    findingsStillShown: await page.$$eval('#findings tbody tr', (trs) => trs.length),
    boldElements: await page.$$eval('main b', (bs) => bs.length),
  };
  await page.unroute('**/sbom?format=spdx');
  const errorText = async (hash) => {
    await page.goto(cfg.baseUrl + '/' + hash);
    await page.waitForSelector('main .error');
    return page.textContent('main .error');
  };
  out.errors.unknownDigest = await errorText('#/image/sha256:' + 'f'.repeat(64));
  out.errors.notADigest = await errorText('#/image/%3Cimg%20src%3Dx%20onerror%3Dalert(6)%3E');
  await page.route('**/api/v1/workloads', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"workloads": [{"name": ' }));
  out.errors.malformedJson = await errorText('#/fleet');
  await page.unroute('**/api/v1/workloads');
  await page.route('**/api/v1/summary', (r) => r.fulfill({ status: 502, contentType: 'text/html', body: '<html><img src=x onerror=alert(7)></html>' }));
  out.errors.htmlError = await errorText('#/fleet?x=1');
  await page.unroute('**/api/v1/summary');
  await page.route('**/api/v1/lineage', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'line one\nline two\r\n' + 'x'.repeat(100000) }) }));
  out.errors.hugeError = await errorText('#/lineage');
  await page.unroute('**/api/v1/lineage');
  await page.route('**/api/v1/refreshes', (r) => r.abort('connectionrefused'));
  out.errors.unreachable = await errorText('#/activity');
  await page.unroute('**/api/v1/refreshes');
  out.errors.probe = await xssProbe(page);

  // 7. Lineage graph.
  step('lineage');
  await page.click('#nav a[data-view=lineage]');
  await page.waitForSelector('#lineage-graph');
  out.lineage = {
    nodes: await page.$$eval('#lineage-graph g.node', (gs) => gs.map((g) => ({
      key: g.dataset.key, kind: g.dataset.kind, label: g.querySelector('text.label').textContent,
      title: g.querySelector('title').textContent,
    }))),
    edges: await page.$$eval('#lineage-graph path.edge', (ps) => ps.map((p) => ({ from: p.dataset.from, to: p.dataset.to }))),
    probe: await xssProbe(page),
  };
  await page.screenshot({ path: join(cfg.shotDir, 'dashboard-lineage.png'), fullPage: true });
  step('lineage click');
  await page.click('#lineage-graph g.node.app >> nth=0');
  await page.waitForSelector('#findings');
  out.lineage.clickHash = await page.evaluate(() => location.hash);

  // 8. Activity.
  step('activity');
  await page.click('#nav a[data-view=activity]');
  await page.waitForSelector('#events');
  out.activity = {
    refreshes: await page.$$eval('#refreshes tbody tr', (trs) => trs.map((tr) => tr.textContent)),
    events: await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => tr.dataset.kind)),
  };
  await page.screenshot({ path: join(cfg.shotDir, 'dashboard-activity.png'), fullPage: true });

  // 9. A token the server no longer accepts: the prompt comes back.
  step('revoked token');
  await page.evaluate(() => sessionStorage.setItem('drydock.token', 'revoked-token'));
  await page.click('#nav a[data-view=fleet]');
  await page.waitForSelector('#token-form', { state: 'visible' });
  out.revoked = {
    promptVisible: await page.isVisible('#token-form'),
    message: await page.textContent('#token-message'),
    viewEmpty: await page.evaluate(() => document.getElementById('view').children.length === 0),
  };
  out.finalProbe = await xssProbe(page);
  await page.screenshot({ path: join(cfg.shotDir, 'dashboard-token.png') });
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.error = String(e && e.stack ? e.stack : e);
}
await context.close();
rmSync(profile, { recursive: true, force: true });
writeFileSync(cfg.outFile, JSON.stringify(out, null, 2));
process.exit(out.ok ? 0 : 1);
