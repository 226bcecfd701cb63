/* global document */
// The demo page: plain ES module, no build step. Talks to the JSON API under /api.
import { categoricalColour, drawHeatmap, drawHistogram, drawScatter, rampColour } from './plots.js';

const $ = (id) => document.getElementById(id);
const state = { models: [], result: undefined };

/** Shows an API or network error in the page (and clears it with no argument). */
function showError(message) {
  const box = $('error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

function setStatus(text) {
  $('status').textContent = text;
}

/** fetch → JSON; a non-2xx answer throws its { error, hint } message. */
async function api(path, init) {
  const res = await fetch(path, init);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: text };
  }
  if (!res.ok) throw new Error(`${res.status}: ${body.error ?? res.statusText}${body.hint ? ` — ${body.hint}` : ''}`);
  return body;
}

const currentModel = () => state.models.find((m) => m.name === $('model').value);

async function loadModels() {
  const { models } = await api('/api/models');
  state.models = models;
  const select = $('model');
  select.replaceChildren(
    ...models.map((m) => {
      const o = document.createElement('option');
      o.value = m.name;
      o.textContent = m.ok ? m.name : `${m.name} (broken)`;
      return o;
    }),
  );
  const firstOk = models.find((m) => m.ok);
  if (firstOk) select.value = firstOk.name;
  describeModel();
  if (models.length === 0) showError('No models in the models folder: export one with `vaekit export --onnx` (or run `npm start`).');
}

function describeModel() {
  const m = currentModel();
  const info = $('model-info');
  if (!m) {
    info.textContent = '';
    return;
  }
  info.textContent = m.ok
    ? `${m.kind} · ${m.likelihood} likelihood · ${m.features} features · latent ${m.latentDim}` +
      (m.covariates?.length ? ` · covariates ${m.covariates.map((c) => c.name).join(', ')}` : '') +
      (m.example ? ' · bundled example' : '') +
      (m.description ? ` — ${m.description}` : '')
    : `broken: ${m.error}`;
  $('use-example').disabled = !m.ok || !m.example;
  $('reconstruct-example').disabled = !m.ok || !m.example;
}

function busy(on) {
  for (const b of document.querySelectorAll('button')) b.disabled = on;
  if (!on) describeModel();
}

/** POSTs the chosen file (multipart) or ?example=1 to a model route. */
async function postCells(route, { example, query = {} }) {
  const m = currentModel();
  if (!m) throw new Error('pick a model first');
  const params = new URLSearchParams(query);
  if (example) params.set('example', '1');
  const url = `/api/models/${encodeURIComponent(m.name)}/${route}?${params}`;
  if (example) return api(url, { method: 'POST' });
  const file = $('file').files[0];
  if (!file) throw new Error('choose a counts file first (or use the bundled example)');
  const form = new FormData();
  form.append('file', file, file.name);
  return api(url, { method: 'POST', body: form });
}

async function analyse(example) {
  showError();
  busy(true);
  setStatus(example ? 'Analysing the example…' : 'Uploading and analysing…');
  try {
    const t0 = performance.now();
    const result = await postCells('embed', { example, query: { map: $('map-method').value } });
    state.result = result;
    renderResult(result);
    setStatus(`${result.cells} cells from ${result.source} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    setStatus('');
    showError(err.message);
  } finally {
    busy(false);
  }
}

function renderResult(r) {
  $('results').hidden = false;
  $('summary').textContent = `${r.cells} cells · ${r.features.matched}/${r.features.model} model features matched · k-means k = ${r.clusters.k}`;
  const colourBy = $('colour-by');
  const options = [['cluster', 'k-means cluster']];
  if (r.labels) options.push(['label', `label (${r.labels.key})`]);
  if (r.anomaly) options.push(['anomaly', 'anomaly score (z)']);
  colourBy.replaceChildren(
    ...options.map(([value, text]) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      return o;
    }),
  );
  colourBy.value = r.labels ? 'label' : 'cluster';
  drawMap();
  const link = $('download-latent');
  link.href = r.downloads.latentCsv;
  link.setAttribute('download', `${r.model}-latent.csv`);
  $('warnings').replaceChildren(
    ...r.warnings.map((w) => {
      const li = document.createElement('li');
      li.textContent = w;
      return li;
    }),
  );
  renderAnomaly(r);
}

function drawMap() {
  const r = state.result;
  if (!r) return;
  const by = $('colour-by').value;
  let colours;
  let legend;
  if (by === 'anomaly') {
    const z = r.anomaly.z;
    const hi = Math.max(3, ...z.map((v) => Math.min(v, 20)));
    colours = z.map((v) => rampColour(Math.max(0, Math.min(1, (v + 2) / (hi + 2)))));
    legend = [
      [rampColour(0), `z ≤ −2`],
      [rampColour(1), `z ≥ ${hi.toFixed(1)}`],
      ['#c92a2a', `${r.anomaly.flaggedCount} flagged (threshold ${r.anomaly.threshold.toFixed(2)})`],
    ];
  } else {
    const values = by === 'label' ? r.labels.values : r.clusters.labels.map((c) => `cluster ${c + 1}`);
    const categories = by === 'label' ? r.labels.categories : [...new Set(values)].sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]));
    const index = new Map(categories.map((c, i) => [c, i]));
    colours = values.map((v) => categoricalColour(index.get(v)));
    const counts = new Map();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    legend = categories.map((c, i) => [categoricalColour(i), `${c} (${counts.get(c) ?? 0})`]);
  }
  const canvas = $('map');
  const drawn = drawScatter(canvas, r.map.x, r.map.y, colours);
  canvas.dataset.points = String(drawn);
  canvas.dataset.method = r.map.method;
  $('map-caption').textContent =
    r.map.method === 'umap' ? 'UMAP of the posterior means (umap-js, seed 0)' : `PCA of the posterior means (${r.map.explained ? r.map.explained.map((e) => `${(100 * e).toFixed(0)}%`).join(' + ') : ''} of the variance)`;
  $('legend').replaceChildren(
    ...legend.map(([colour, text]) => {
      const li = document.createElement('li');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = colour;
      li.append(sw, document.createTextNode(text));
      return li;
    }),
  );
}

function renderAnomaly(r) {
  const a = r.anomaly;
  const tbody = $('anomaly-table').querySelector('tbody');
  if (!a) {
    $('anomaly-summary').textContent = 'This model has no count likelihood: no anomaly scores.';
    tbody.replaceChildren();
    drawHistogram($('anomaly-histogram'), [], undefined);
    return;
  }
  $('anomaly-summary').textContent =
    `Mean squared Pearson residual per cell; ${a.flaggedCount} of ${r.cells} cells flagged` +
    (a.calibrated ? ` above the reference threshold ${a.threshold.toFixed(3)}.` : ` (no reference calibration in this export: robust z > 3.5 against these cells).`) +
    ' Histogram of log10(score); the dashed line is the threshold.';
  // log scale: a few gross outliers would squeeze every other cell into one bin
  drawHistogram($('anomaly-histogram'), a.score.map((v) => Math.log10(Math.max(v, 1e-6))), Math.log10(Math.max(a.threshold, 1e-6)));
  const order = a.score.map((s, i) => [s, i]).sort((p, q) => q[0] - p[0]).slice(0, 15);
  tbody.replaceChildren(
    ...order.map(([s, i]) => {
      const tr = document.createElement('tr');
      if (a.flagged[i]) tr.className = 'flagged';
      const cells = [r.cellNames[i], s.toFixed(3), a.z[i].toFixed(2), `${(100 * a.percentile[i]).toFixed(1)}%`, a.flagged[i] ? 'yes' : 'no'];
      tr.append(
        ...cells.map((text, k) => {
          const td = document.createElement('td');
          td.textContent = text;
          if (k > 0 && k < 4) td.className = 'num';
          return td;
        }),
      );
      return tr;
    }),
  );
}

async function sample(event) {
  event.preventDefault();
  showError();
  busy(true);
  try {
    const m = currentModel();
    if (!m) throw new Error('pick a model first');
    const body = { n: Number($('sample-n').value), seed: Number($('sample-seed').value) };
    const r = await api(`/api/models/${encodeURIComponent(m.name)}/sample`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const key = r.outputs.mean ? 'mean' : r.outputs.loc ? 'loc' : Object.keys(r.outputs).find((k) => k !== 'z');
    const rows = r.outputs[key];
    const features = drawHeatmap($('sample-heatmap'), rows, { log: ['nb', 'zinb', 'poisson'].includes(r.likelihood), maxColumns: 60 });
    $('sample-caption').textContent = `${r.n} draws z ~ p(z), decoded: ${key} of the ${r.likelihood} likelihood for the ${features} most variable of ${rows[0]?.length ?? 0} features (rows = samples).`;
  } catch (err) {
    showError(err.message);
  } finally {
    busy(false);
  }
}

async function reconstruct(example) {
  showError();
  busy(true);
  try {
    const r = await postCells('reconstruct', { example, query: { cells: $('reconstruct-cells').value } });
    const key = r.outputs.mean ? 'mean' : r.outputs.loc ? 'loc' : Object.keys(r.outputs)[0];
    const observed = r.input[0] ?? [];
    const recon = r.outputs[key][0] ?? [];
    const log = (v) => Math.log1p(Math.max(0, v));
    const canvas = $('reconstruct-plot');
    drawScatter(canvas, observed.map(log), recon.map(log), observed.map(() => '#3b5bdb'), { square: true });
    $('reconstruct-caption').textContent = `${r.cells.length} cells of ${r.source}; plot: log1p(observed) (x) against log1p(reconstructed ${key}) (y) of ${r.cells[0]}.`;
    $('reconstruct-table').querySelector('tbody').replaceChildren(
      ...r.cells.map((name, i) => {
        const tr = document.createElement('tr');
        const a = document.createElement('td');
        a.textContent = name;
        const b = document.createElement('td');
        b.className = 'num';
        b.textContent = r.correlation[i].toFixed(3);
        tr.append(a, b);
        return tr;
      }),
    );
  } catch (err) {
    showError(err.message);
  } finally {
    busy(false);
  }
}

$('model').addEventListener('change', describeModel);
$('embed-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void analyse(false);
});
$('use-example').addEventListener('click', () => void analyse(true));
$('colour-by').addEventListener('change', drawMap);
$('sample-form').addEventListener('submit', (e) => void sample(e));
$('reconstruct-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void reconstruct(false);
});
$('reconstruct-example').addEventListener('click', () => void reconstruct(true));

loadModels().catch((err) => showError(`Could not list the models: ${err.message}`));
