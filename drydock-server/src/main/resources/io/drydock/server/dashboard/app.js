// Drydock dashboard: one ES module, no framework, no build step, nothing loaded from elsewhere.
// Every string from the API reaches the page through textContent or an attribute set with
// setAttribute (never innerHTML), so a repository or advisory title cannot become markup.

const TOKEN_KEY = 'drydock.token';
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const SEV_RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, UNKNOWN: 4 };
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SVG_NS = 'http://www.w3.org/2000/svg';
const PAGE = 200;

const view = document.getElementById('view');
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token-input');
const tokenMessage = document.getElementById('token-message');
const signout = document.getElementById('signout');

class AuthError extends Error {}

// ---- DOM helpers ------------------------------------------------------------------------------

/** Builds an element; attrs are set with setAttribute, children appended as nodes or text. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function show(...nodes) {
  view.replaceChildren(...nodes.flat());
}

function text(v, fallback = '–') {
  return v === null || v === undefined || v === '' ? fallback : String(v);
}

function shortDigest(d) {
  if (!d) return '–';
  const i = d.indexOf(':');
  return i < 0 ? d.slice(0, 19) : d.slice(0, i + 13);
}

function ago(millis) {
  if (millis === null || millis === undefined) return '–';
  const sec = Math.round((Date.now() - millis) / 1000);
  if (sec < 0) return 'just now';
  if (sec < 90) return sec + ' s ago';
  if (sec < 5400) return Math.round(sec / 60) + ' min ago';
  if (sec < 129600) return Math.round(sec / 3600) + ' h ago';
  return Math.round(sec / 86400) + ' d ago';
}

function when(millis) {
  if (millis === null || millis === undefined) return h('span', {}, '–');
  return h('time', { datetime: new Date(millis).toISOString(), title: new Date(millis).toISOString() }, ago(millis));
}

function sevBadge(sev, n) {
  const cls = 'badge sev-' + (SEVERITIES.includes(sev) ? sev : 'UNKNOWN') + (n === 0 ? ' zero' : '');
  return h('span', { class: cls, title: sev, 'data-severity': sev }, n === undefined ? sev : String(n));
}

/** The four or five badges of a {"CRITICAL":n,...} map. */
function sevCounts(counts) {
  const c = counts || {};
  return h('span', { class: 'sevs' }, SEVERITIES.filter((k) => k !== 'UNKNOWN' || c[k]).map((k) => sevBadge(k, c[k] || 0)));
}

function imageLink(digest, label) {
  if (!digest) return text(label);
  return h('a', { href: '#/image/' + digest, title: digest }, label || shortDigest(digest));
}

function table(headers, rows, attrs) {
  return h('table', attrs || {},
    h('thead', {}, h('tr', {}, headers.map((x) => (typeof x === 'string' ? h('th', {}, x) : h('th', x[1], x[0]))))),
    h('tbody', {}, rows));
}

function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, oneLine(message));
}

/** A message from elsewhere as one short line: whitespace runs folded, cut at 300 characters. */
function oneLine(message) {
  const m = String(message).replace(/\s+/g, ' ').trim();
  return m.length > 300 ? m.slice(0, 299) + '…' : m;
}

// ---- API ----------------------------------------------------------------------------------------

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, asBlob) {
  const t = token();
  if (!t) throw new AuthError('no token');
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: 'Bearer ' + t }, cache: 'no-store' });
  } catch (e) {
    throw new Error(path + ': cannot reach the server (' + e.message + ')');
  }
  if (res.status === 401) {
    let msg = 'the server refused the token';
    try {
      msg = (await res.json()).error || msg;
    } catch (e) {
      // not JSON: keep the generic text
    }
    throw new AuthError(oneLine(msg));
  }
  if (!res.ok) {
    let msg = res.status + ' ' + res.statusText;
    try {
      const body = await res.json();
      if (body && body.error) msg = body.error;
    } catch (e) {
      // not JSON
    }
    throw new Error(path + ': ' + msg);
  }
  if (asBlob) return res.blob();
  try {
    return await res.json();
  } catch (e) {
    throw new Error(path + ': the server\'s answer is not JSON');
  }
}

function askToken(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  tokenForm.hidden = false;
  signout.hidden = true;
  tokenMessage.textContent = message || 'The token stays in this tab (sessionStorage).';
  tokenMessage.className = message ? 'error' : 'muted';
  view.replaceChildren();
  tokenInput.focus();
}

tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const t = tokenInput.value.trim();
  if (!t) return;
  sessionStorage.setItem(TOKEN_KEY, t);
  tokenInput.value = '';
  route();
});

signout.addEventListener('click', () => askToken());

// ---- views --------------------------------------------------------------------------------------

async function fleetView(offset) {
  const [summary, images, workloads] = await Promise.all([
    api('/api/v1/summary'),
    api('/api/v1/images?limit=' + PAGE + '&offset=' + offset),
    api('/api/v1/workloads'),
  ]);
  const bySev = summary.findingsBySeverity || {};
  const adv = summary.advisories || {};
  const tiles = h('section', { class: 'tiles', id: 'tiles' },
    SEVERITIES.map((k) => tile(k.toLowerCase(), bySev[k] || 0, 'sev-' + k, k)),
    tile('kev', summary.kev, '', 'Known exploited'),
    tile('fixable', summary.fixable, '', 'Fixable'),
    tile('running', summary.runningImages, '', 'Running images'),
    tile('workloads', summary.workloads, '', 'Workloads'),
    tile('advisories', adv.updatedAt ? ago(adv.updatedAt).replace(' ago', '') : 'never', '', 'Advisory DB age',
      adv.built ? 'build ' + adv.built : ''),
    tile('queue', (summary.queue || {}).queued || 0, '', 'Queued jobs',
      'running ' + ((summary.queue || {}).running || 0) + ', failed ' + ((summary.queue || {}).failed || 0)));

  const wl = [...(workloads.workloads || [])].sort((a, b) => (b.risk || 0) - (a.risk || 0));
  const wlTable = table(
    ['Workload', 'Container', 'Image', ['Pods', { class: 'num' }], 'Findings', ['Risk', { class: 'num' }]],
    wl.map((w) => h('tr', {
      class: w.digest ? 'link' : '', 'data-digest': w.digest || '',
      onclick: w.digest ? () => go('#/image/' + w.digest) : null,
    },
    h('td', {}, h('span', { class: 'muted' }, text(w.namespace) + ' / ' + text(w.kind) + ' / '), text(w.name)),
    h('td', {}, text(w.container)),
    h('td', { class: 'mono' }, w.digest ? imageLink(w.digest, text(w.image)) : text(w.image)),
    h('td', { class: 'num' }, text(w.pods, '0')),
    h('td', { class: 'findings' }, sevCounts(w.findings)),
    h('td', { class: 'num risk' }, fmtRisk(w.risk)))),
    { id: 'workloads' });

  const imgs = [...(images.images || [])].sort((a, b) => (b.risk || 0) - (a.risk || 0));
  const imgTable = table(
    [['Risk', { class: 'num' }], 'Image', 'Findings', 'KEV', 'Fixable', ['Workloads', { class: 'num' }], 'Base', 'Scanned'],
    imgs.map((i) => h('tr', { class: 'link', 'data-digest': i.digest, onclick: () => go('#/image/' + i.digest) },
      h('td', { class: 'num risk' }, fmtRisk(i.risk)),
      h('td', {},
        h('div', { class: 'repo' }, imageLink(i.digest, text(i.repository))),
        h('div', { class: 'detail' }, shortDigest(i.digest)),
        i.scanError ? h('div', { class: 'error' }, 'scan failed: ' + i.scanError) : null),
      h('td', { class: 'findings' }, sevCounts(i.findings)),
      h('td', { class: 'kev' }, i.kev ? h('span', { class: 'tag kev' }, String(i.kev)) : '0'),
      h('td', { class: 'fixable' }, text(i.fixable, '0')),
      h('td', { class: 'num' }, text(i.workloads, '0')),
      h('td', {}, i.base ? text(i.base.name) : h('span', { class: 'muted' }, 'unknown')),
      h('td', {}, when(i.scannedAt)))),
    { id: 'images' });

  return [
    h('h1', {}, 'Fleet by risk'),
    tiles,
    h('h2', {}, 'Running workloads (' + wl.length + ')'),
    wl.length ? wlTable : h('p', { class: 'muted' }, 'No workloads seen yet.'),
    h('h2', { id: 'images-heading' }, imgs.length && (offset > 0 || images.total > imgs.length)
      ? 'Images ' + (offset + 1) + '–' + (offset + imgs.length) + ' of ' + images.total
      : 'Images (' + imgs.length + ')'),
    imgs.length ? imgTable : h('p', { class: 'muted' }, offset > 0 ? 'No images on this page.' : 'No images yet.'),
    h('p', { class: 'pages' },
      offset > 0 ? h('a', { href: '#/fleet/' + Math.max(0, offset - PAGE), id: 'prev-page' }, '← Previous') : null, ' ',
      offset + imgs.length < (images.total || 0) ? h('a', { href: '#/fleet/' + (offset + PAGE), id: 'next-page' }, 'Next →') : null)];
}

function tile(key, n, cls, label, sub) {
  return h('div', { class: 'tile ' + cls, 'data-tile': key },
    h('div', { class: 'n' }, text(n, '0')), h('div', { class: 'l' }, label), sub ? h('div', { class: 'detail' }, sub) : null);
}

function fmtRisk(r) {
  if (r === null || r === undefined) return '–';
  return Number.isInteger(r) ? String(r) : Number(r).toFixed(1);
}

async function imageView(digest) {
  if (!DIGEST.test(digest)) {
    return [h('h1', {}, 'Image'), errorBox('not an image digest: ' + digest.slice(0, 200))];
  }
  const base = '/api/v1/images/' + digest;
  // settled in order, so the image's own error (an unknown digest) is the one shown, whichever
  // answer arrives first
  const settled = await Promise.allSettled([
    api(base), api(base + '/findings'), api(base + '/decisions').catch((e) => {
      if (e instanceof AuthError) throw e;
      return { decisions: [], error: e.message };
    }),
  ]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [img, findings, decisions] = settled.map((r) => r.value);
  const all = [...(findings.findings || [])].sort(compareFindings);
  const state = { severity: 'ALL', fixable: false, origin: 'ALL', resolved: false };
  const tbody = h('tbody');
  const count = h('span', { class: 'muted', id: 'finding-count' });

  function redraw() {
    const rows = all.filter((f) =>
      (state.resolved || !f.resolvedAt)
      && (state.severity === 'ALL' || SEV_RANK[f.severity] <= SEV_RANK[state.severity])
      && (!state.fixable || f.fixedVersion)
      && (state.origin === 'ALL' || (f.origin || 'unknown') === state.origin));
    tbody.replaceChildren(...rows.map(findingRow));
    count.textContent = rows.length + ' of ' + all.length + ' findings';
  }

  const filters = h('div', { class: 'filters', id: 'filters' },
    h('label', {}, 'Severity at least ',
      h('select', { id: 'f-severity', onchange: (e) => { state.severity = e.target.value; redraw(); } },
        h('option', { value: 'ALL' }, 'any'), SEVERITIES.slice(0, 4).map((k) => h('option', { value: k }, k.toLowerCase())))),
    h('label', {}, 'Origin ',
      h('select', { id: 'f-origin', onchange: (e) => { state.origin = e.target.value; redraw(); } },
        h('option', { value: 'ALL' }, 'any'), h('option', { value: 'base' }, 'base image'),
        h('option', { value: 'app' }, 'application'), h('option', { value: 'unknown' }, 'unknown'))),
    h('label', {}, h('input', { type: 'checkbox', id: 'f-fixable', onchange: (e) => { state.fixable = e.target.checked; redraw(); } }), ' fixable only'),
    h('label', {}, h('input', { type: 'checkbox', id: 'f-resolved', onchange: (e) => { state.resolved = e.target.checked; redraw(); } }), ' include resolved'),
    count);

  const ft = h('table', { id: 'findings' },
    h('thead', {}, h('tr', {}, ['Severity', 'Vulnerability', 'Package', 'Installed → fixed', 'KEV', 'EPSS', 'Origin', 'Advice']
      .map((x) => h('th', {}, x)))),
    tbody);
  redraw();

  const b = img.base;
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Digest'), h('dd', { class: 'mono' }, digest),
    h('dt', {}, 'References'), h('dd', { class: 'mono' }, (img.references || []).map((r) => h('div', {}, r))),
    h('dt', {}, 'OS'), h('dd', {}, text(img.os)),
    h('dt', {}, 'Base'), h('dd', { id: 'base' }, b ? [text(b.name), ' ', b.digest ? imageLink(b.digest) : '', ' ',
      h('span', { class: 'muted' }, b.rule ? '(' + b.rule + ')' : '')] : h('span', { class: 'muted' }, 'unknown')),
    h('dt', {}, 'Packages'), h('dd', {}, text(img.packages, '0')),
    h('dt', {}, 'Findings'), h('dd', {}, sevCounts(img.findings), ' KEV ' + text(img.kev, '0') + ', fixable ' + text(img.fixable, '0')),
    h('dt', {}, 'Seen'), h('dd', {}, 'first ', when(img.firstSeen), ', last ', when(img.lastSeen)),
    h('dt', {}, 'Scanned'), h('dd', {}, when(img.scannedAt), ', evaluated ', when(img.evaluatedAt)),
    img.scanError ? [h('dt', {}, 'Scan error'), h('dd', { class: 'error' }, img.scanError)] : null);

  const wls = Array.isArray(img.workloads) ? img.workloads : [];
  const runs = wls.length
    ? table(['Namespace', 'Kind', 'Name', 'Container', ['Pods', { class: 'num' }]],
      wls.map((w) => h('tr', {}, h('td', {}, text(w.namespace)), h('td', {}, text(w.kind)), h('td', {}, text(w.name)),
        h('td', {}, text(w.container)), h('td', { class: 'num' }, text(w.pods, '0')))), { id: 'runs' })
    : h('p', { class: 'muted', id: 'runs' }, 'Not seen running in the cluster.');

  const decs = decisions.decisions || [];
  const decTable = decs.length
    ? table(['Policy', 'Decision', 'When', 'Detail'], decs.map((d) => h('tr', {},
      h('td', { class: 'mono' }, text(d.policy)), h('td', { class: 'decision-' + text(d.decision) }, text(d.decision)),
      h('td', {}, when(d.at)), h('td', { class: 'detail' }, summarize(d.detail)))), { id: 'decisions' })
    : h('p', { class: 'muted', id: 'decisions' }, decisions.error ? 'Decisions unavailable: ' + decisions.error : 'No policy decisions recorded.');

  const status = h('span', { class: 'muted', id: 'download-status', role: 'status' });
  return [
    h('p', {}, h('a', { href: '#/fleet' }, '← Fleet')),
    h('h1', { id: 'image-title' }, text(img.repository)),
    facts,
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'sbom-cyclonedx', onclick: () => download(digest, 'cyclonedx', status) }, 'Download SBOM (CycloneDX)'),
      h('button', { type: 'button', id: 'sbom-spdx', onclick: () => download(digest, 'spdx', status) }, 'SBOM (SPDX)'),
      status),
    h('h2', {}, 'Findings'), filters, ft,
    h('h2', {}, 'Where it runs'), runs,
    h('h2', {}, 'Policy decisions'), decTable];
}

function compareFindings(a, b) {
  return (SEV_RANK[a.severity] ?? 5) - (SEV_RANK[b.severity] ?? 5)
    || (b.kev ? 1 : 0) - (a.kev ? 1 : 0)
    || (b.epss || 0) - (a.epss || 0)
    || (b.score || 0) - (a.score || 0)
    || String(a.id).localeCompare(String(b.id));
}

function findingRow(f) {
  const origin = f.origin || 'unknown';
  return h('tr', { 'data-id': f.id, 'data-origin': origin, 'data-severity': f.severity, class: f.resolvedAt ? 'resolved' : '' },
    h('td', {}, sevBadge(f.severity), f.score !== null && f.score !== undefined ? h('div', { class: 'detail' }, String(f.score)) : null),
    h('td', {}, h('div', { class: 'mono vuln-id' }, text(f.id)),
      (f.aliases || []).length ? h('div', { class: 'detail' }, f.aliases.join(', ')) : null,
      f.title ? h('div', { class: 'title' }, f.title) : null,
      f.resolvedAt ? h('div', { class: 'detail' }, 'resolved ', when(f.resolvedAt)) : null),
    h('td', {}, h('div', { class: 'pkg' }, text(f.package)), h('div', { class: 'detail' }, text(f.ecosystem, ''))),
    h('td', { class: 'mono versions' }, text(f.version), ' → ', f.fixedVersion ? text(f.fixedVersion) : h('span', { class: 'muted' }, 'no fix')),
    h('td', { class: 'kev' }, f.kev ? h('span', { class: 'tag kev' }, 'KEV') : ''),
    h('td', { class: 'epss' }, f.epss === null || f.epss === undefined ? '–' : (f.epss * 100).toFixed(1) + ' %'),
    h('td', { class: 'origin' }, h('span', { class: 'tag ' + origin }, origin),
      f.layerIndex !== null && f.layerIndex !== undefined ? h('div', { class: 'detail' }, 'layer ' + f.layerIndex) : null),
    h('td', { class: 'advice' }, text(f.advice, f.fixedVersion ? 'upgrade ' + f.package + ' to ' + f.fixedVersion : 'no fix yet')));
}

/** Fetches the SBOM with the token and hands it to the browser as a file; errors stay beside the buttons. */
async function download(digest, format, status) {
  status.textContent = 'Downloading…';
  status.className = 'muted';
  let blob;
  try {
    blob = await api('/api/v1/images/' + digest + '/sbom?format=' + format, true);
  } catch (e) {
    if (e instanceof AuthError) {
      fail(e);
    } else {
      status.textContent = oneLine(e.message);
      status.className = 'error';
    }
    return;
  }
  status.textContent = '';
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: digest.replace(':', '-') + '.' + format + '.json' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function summarize(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  const parts = [];
  for (const [k, v] of Object.entries(detail)) {
    const val = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
    parts.push(k + '=' + (val.length > 80 ? val.slice(0, 80) + '…' : val));
    if (parts.length >= 6) break;
  }
  return parts.join(' ');
}

async function lineageView() {
  const data = await api('/api/v1/lineage');
  const bases = data.bases || [];
  // Layered layout: bases, apps and workloads each in their own column, each column ordered by
  // its parent so lines rarely cross; a node shared by two parents is drawn once.
  const cols = [[], [], []];
  const index = new Map();
  const edges = [];
  const node = (col, key, kind, label, sub, digest) => {
    if (!index.has(key)) {
      const n = { key, kind, label, sub, digest, col, row: cols[col].length };
      cols[col].push(n);
      index.set(key, n);
    }
    return index.get(key);
  };
  bases.forEach((b, bi) => {
    const bn = node(0, 'base:' + (b.digest || b.name || bi), 'base', text(b.name, '(unknown base)'), b.rule ? 'rule: ' + b.rule : shortDigest(b.digest), b.digest);
    (b.apps || []).forEach((a) => {
      const an = node(1, 'app:' + a.digest, 'app', text(a.repository), shortDigest(a.digest), a.digest);
      edges.push([bn, an]);
      (a.workloads || []).forEach((w) => {
        const key = 'wl:' + [w.namespace, w.kind, w.name, w.container].join('/');
        const wn = node(2, key, 'workload', text(w.namespace) + '/' + text(w.name), text(w.kind) + ' · ' + text(w.container));
        edges.push([an, wn]);
      });
    });
  });
  const W = 300; const NH = 40; const GAP = 14; const COLW = 380; const TOP = 34;
  const rows = Math.max(1, ...cols.map((c) => c.length));
  const height = TOP + rows * (NH + GAP) + 10;
  const y = (n) => TOP + n.row * (NH + GAP) + ((rows - cols[n.col].length) * (NH + GAP)) / 2;
  const x = (n) => 10 + n.col * COLW;
  const svg = s('svg', { id: 'lineage-graph', width: 10 + 2 * COLW + W + 10, height, viewBox: '0 0 ' + (10 + 2 * COLW + W + 10) + ' ' + height, role: 'img', 'aria-label': 'base image lineage' },
    ['Base images', 'Applications', 'Workloads'].map((t, i) => s('text', { class: 'col', x: 10 + i * COLW, y: 18 }, t)),
    edges.map(([a, b]) => s('path', {
      class: 'edge', 'data-from': a.key, 'data-to': b.key,
      d: 'M' + (x(a) + W) + ' ' + (y(a) + NH / 2) + ' C' + (x(a) + W + 40) + ' ' + (y(a) + NH / 2) + ' ' + (x(b) - 40) + ' ' + (y(b) + NH / 2) + ' ' + x(b) + ' ' + (y(b) + NH / 2),
    })),
    cols.flat().map((n) => s('g', {
      class: 'node ' + n.kind, 'data-key': n.key, 'data-kind': n.kind, transform: 'translate(' + x(n) + ',' + y(n) + ')',
      onclick: n.kind !== 'workload' && n.digest ? () => go('#/image/' + n.digest) : null,
    },
    s('title', {}, n.label + (n.digest ? '\n' + n.digest : '')),
    s('rect', { width: W, height: NH, rx: 5 }),
    s('text', { x: 8, y: 16, class: 'label' }, clip(n.label, 42)),
    s('text', { x: 8, y: 32, class: 'sub' }, clip(text(n.sub, ''), 46)))));
  return [h('h1', {}, 'Base lineage'),
    bases.length ? h('div', { class: 'lineage' }, svg) : h('p', { class: 'muted' }, 'No base images known yet.'),
    h('p', { class: 'muted' }, bases.length + ' bases, ' + cols[1].length + ' applications, ' + cols[2].length + ' workloads.')];
}

function clip(str, n) {
  return str.length > n ? str.slice(0, n - 1) + '…' : str;
}

async function activityView() {
  const since = Date.now() - 30 * 86400000;
  const [refreshes, events] = await Promise.all([api('/api/v1/refreshes'), api('/api/v1/events?since=' + since)]);
  const rs = [...(refreshes.refreshes || [])].sort((a, b) => (b.at || 0) - (a.at || 0));
  const ev = [...(events.events || [])].sort((a, b) => (b.at || 0) - (a.at || 0));
  return [h('h1', {}, 'Activity'),
    h('h2', {}, 'Base refreshes (' + rs.length + ')'),
    rs.length ? table(['When', 'Base', 'Old → new digest', 'Source', 'Report'], rs.map((r) => h('tr', {},
      h('td', {}, when(r.at)), h('td', {}, text(r.base)),
      h('td', { class: 'mono' }, r.oldDigest ? imageLink(r.oldDigest) : '–', ' → ', imageLink(r.newDigest)),
      h('td', {}, text(r.source)), h('td', { class: 'detail' }, summarize(r.report)))), { id: 'refreshes' })
      : h('p', { class: 'muted', id: 'refreshes' }, 'No refreshes recorded.'),
    h('h2', {}, 'Events, last 30 days (' + ev.length + ')'),
    ev.length ? table(['When', 'Kind', 'Image', 'Detail'], ev.map((e) => h('tr', { 'data-kind': e.kind },
      h('td', {}, when(e.at)), h('td', {}, text(e.kind)), h('td', { class: 'mono' }, e.digest ? imageLink(e.digest) : '–'),
      h('td', { class: 'detail' }, summarize(e.detail)))), { id: 'events' })
      : h('p', { class: 'muted', id: 'events' }, 'No events in the last 30 days.')];
}

// ---- routing ------------------------------------------------------------------------------------

function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

let generation = 0;

async function route() {
  const hash = location.hash || '#/fleet';
  const name = hash.split('/')[1] || 'fleet';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === name);
  if (!token()) {
    askToken();
    return;
  }
  tokenForm.hidden = true;
  signout.hidden = false;
  const mine = ++generation;
  view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    let nodes;
    if (name === 'image') nodes = await imageView(safeDecode(hash.slice('#/image/'.length)));
    else if (name === 'lineage') nodes = await lineageView();
    else if (name === 'activity') nodes = await activityView();
    else nodes = await fleetView(Math.max(0, parseInt(hash.split('/')[2], 10) || 0));
    // A slower answer for a view the user already left must not replace the newer one.
    if (mine !== generation) return;
    show(nodes);
    document.body.dataset.view = name;
    if (name === 'fleet' && !performance.getEntriesByName('drydock-fleet-rendered').length) {
      performance.mark('drydock-fleet-rendered');
    }
  } catch (e) {
    if (mine === generation) fail(e);
  }
}

function safeDecode(v) {
  try {
    return decodeURIComponent(v);
  } catch (e) {
    return v;
  }
}

function fail(e) {
  if (e instanceof AuthError) askToken(e.message === 'no token' ? '' : 'Token refused: ' + e.message);
  else show(errorBox(e && e.message ? e.message : String(e)));
}

window.addEventListener('hashchange', route);
route();
