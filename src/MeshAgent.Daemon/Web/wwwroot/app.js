import { Camera } from './camera.js';
import { multiply } from './math.js';
import { Renderer } from './renderer.js';
import { Scene } from './scene.js';

const view = document.getElementById('view'), labels = document.getElementById('labels');
const details = document.getElementById('details'), search = document.getElementById('search');
const renderer = new Renderer(view), camera = new Camera(), scene = new Scene();
const worker = new Worker('/ui/layout-worker.js', { type: 'module' });
let viewProjection = null, selected = null, dirty = true, stepping = false, settled = 0;

function aspect() { return Math.max(1, view.clientWidth) / Math.max(1, view.clientHeight); }

function applyGraph(graph) {
  const structural = scene.update(graph);
  const style = scene.style();
  renderer.setStyle(style.colors, style.shapes, style.edgeColors);
  renderer.setPositions(scene.positions, scene.edgePositions());
  document.getElementById('count').textContent = `${scene.nodes.length} nodes, ${scene.edges.length} edges`;
  if (structural) {
    worker.postMessage({ graph: { count: scene.nodes.length, edges: scene.edgeIndex, positions: scene.positions.slice() } });
    settled = 0;
    requestSteps();
  }
  if (selected) showDetails(selected);
  dirty = true;
}

function requestSteps() {
  if (stepping || settled > 3) return;
  stepping = true;
  worker.postMessage({ steps: 1 });
}

worker.onmessage = ({ data }) => {
  stepping = false;
  if (data.positions.length === scene.positions.length) {
    scene.positions = data.positions;
    renderer.setPositions(scene.positions, scene.edgePositions());
    dirty = true;
  }
  settled = data.motion < 0.05 ? settled + 1 : 0;
  requestSteps();
};

let refresh = null;
async function fetchGraph() {
  refresh = null;
  const response = await fetch('/api/v1/graph', { cache: 'no-store' });
  if (response.ok) applyGraph(await response.json());
}

// Any event means the graph may differ: fetch it again, at most every 250 ms.
function scheduleRefresh() { if (!refresh) refresh = setTimeout(() => fetchGraph().catch(() => {}), 250); }

function connect() {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events`);
  const live = document.getElementById('live');
  socket.onopen = () => { live.textContent = 'live'; };
  socket.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    if (message.type === 'snapshot' && message.graph) applyGraph(message.graph); else scheduleRefresh();
  };
  socket.onclose = () => { live.textContent = 'reconnecting'; setTimeout(connect, 1000); };
}

function project(i) {
  const p = scene.positions, m = viewProjection, x = p[i * 3], y = p[i * 3 + 1], z = p[i * 3 + 2];
  const w = m[3] * x + m[7] * y + m[11] * z + m[15];
  if (w <= 0) return null;
  return [((m[0] * x + m[4] * y + m[8] * z + m[12]) / w + 1) / 2 * view.clientWidth, (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / w) / 2 * view.clientHeight];
}

function drawLabels() {
  const ctx = labels.getContext('2d');
  if (labels.width !== view.clientWidth || labels.height !== view.clientHeight) { labels.width = view.clientWidth; labels.height = view.clientHeight; }
  ctx.clearRect(0, 0, labels.width, labels.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#d8dee9';
  // Every label while they stay readable; in a large mesh only hubs and the selected node.
  const all = scene.nodes.length <= 200;
  scene.nodes.forEach((n, i) => {
    if (!all && n.role !== 'hub' && n.name !== selected) return;
    const s = project(i);
    if (s) ctx.fillText(n.name, s[0] + 8, s[1] + 4);
  });
}

function frame() {
  if (dirty) {
    viewProjection = camera.matrix(aspect());
    renderer.draw(viewProjection);
    drawLabels();
    dirty = false;
  }
  requestAnimationFrame(frame);
}

function nodeAt(x, y) {
  let best = null, bestDistance = 12 * 12;
  scene.nodes.forEach((n, i) => {
    const s = project(i);
    if (!s) return;
    const d = (s[0] - x) ** 2 + (s[1] - y) ** 2;
    if (d < bestDistance) { bestDistance = d; best = n.name; }
  });
  return best;
}

function showDetails(name) {
  const i = scene.index.get(name);
  if (i === undefined) { details.hidden = true; return; }
  const n = scene.nodes[i];
  const age = a => a != null ? `, handshake ${Math.round(a)} s ago` : '';
  const edges = scene.edges.filter(e => e.from === name || e.to === name).flatMap(e => [
    `  ${e.from} — ${e.to}: ${e.kind}${e.via ? ' via ' + e.via : ''}${age(e.handshake_age_seconds)}`,
    // Each end's own report, and how old it is: the two ends may disagree while a path changes.
    ...(e.ends ?? []).map(end => `    ${end.node}: ${end.kind}${end.via ? ' via ' + end.via : ''}${age(end.handshake_age_seconds)}, rx ${end.receive_bytes} B, tx ${end.transmit_bytes} B, report ${Math.round(end.report_age_seconds)} s old`),
  ]);
  details.textContent = [`${n.name}`, `address ${n.mesh_ipv4}`, `role ${n.role}`, `state ${n.state}`, ...(edges.length ? ['paths', ...edges] : [])].join('\n');
  details.hidden = false;
}

function select(name) { selected = name; if (name) showDetails(name); else details.hidden = true; dirty = true; }

let down = null;
view.addEventListener('pointerdown', e => { down = [e.clientX, e.clientY]; });
view.addEventListener('pointerup', e => {
  if (down && Math.abs(e.clientX - down[0]) + Math.abs(e.clientY - down[1]) < 4) select(nodeAt(e.offsetX, e.offsetY));
  down = null;
});
search.addEventListener('input', () => {
  const text = search.value.trim().toLowerCase();
  const match = text ? scene.nodes.find(n => n.name.toLowerCase().includes(text) || n.mesh_ipv4 === text) : null;
  select(match?.name ?? null);
  if (match) {
    const i = scene.index.get(match.name);
    camera.target = [scene.positions[i * 3], scene.positions[i * 3 + 1], scene.positions[i * 3 + 2]];
  }
});
camera.attach(view, () => { dirty = true; });
window.addEventListener('resize', () => { dirty = true; });

// For the browser tests: what is on screen, by name.
window.meshView = {
  nodeCount: () => scene.nodes.length,
  edgeCount: () => scene.edges.length,
  state: name => scene.nodes[scene.index.get(name)]?.state ?? null,
  screenPosition: name => { const i = scene.index.get(name); return i === undefined || !viewProjection ? null : project(i); },
};

fetchGraph().catch(() => {});
connect();
setInterval(scheduleRefresh, 5000);
requestAnimationFrame(frame);
