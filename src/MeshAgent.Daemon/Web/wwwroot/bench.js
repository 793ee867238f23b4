import { Camera } from './camera.js';
import { Renderer } from './renderer.js';
import { Scene } from './scene.js';

// /ui/bench.html?nodes=N&edges=M: a synthetic graph; frame time (draw + readPixels, which waits for the GPU) and
// layout step time (measured inside the worker), both with performance.now().
const query = new URLSearchParams(location.search);
const count = Number(query.get('nodes') ?? 10000), edgeCount = Number(query.get('edges') ?? count * 3);
const states = ['alive', 'alive', 'alive', 'suspect', 'dead'], kinds = ['direct', 'hub', 'relayed', 'punched'];
const nodes = Array.from({ length: count }, (_, i) => ({ name: `node-${i}`, role: i % 50 === 0 ? 'hub' : 'spoke', mesh_ipv4: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, state: states[i % 5] }));
const edges = Array.from({ length: edgeCount }, (_, k) => ({ from: `node-${k % count}`, to: `node-${(k * 7919 + 13) % count}`, kind: kinds[k % 4], handshake_age_seconds: k % 300 }));
const scene = new Scene();
scene.update({ self: 'node-0', nodes, edges });
const renderer = new Renderer(document.getElementById('view')), camera = new Camera();
camera.distance = 30 * Math.cbrt(count);
const style = scene.style();
renderer.setStyle(style.colors, style.shapes, style.edgeColors);

function frameMs(frames, upload) {
  const gl = renderer.gl, pixel = new Uint8Array(4), times = [];
  renderer.setPositions(scene.positions, scene.edgePositions());
  for (let f = 0; f < frames; f++) {
    const start = performance.now();
    if (upload) renderer.setPositions(scene.positions, scene.edgePositions());
    renderer.draw(camera.matrix(1));
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

function layoutMs(steps) {
  const worker = new Worker('/ui/layout-worker.js', { type: 'module' });
  return new Promise(resolve => {
    const times = [];
    worker.onmessage = ({ data }) => {
      times.push(data.stepMs);
      scene.positions = data.positions;
      if (times.length < steps) { worker.postMessage({ steps: 1 }); return; }
      worker.terminate();
      const warm = times.slice(1).sort((a, b) => a - b);
      resolve({ first: times[0], median: warm[Math.floor(warm.length / 2)], max: warm[warm.length - 1] });
    };
    worker.postMessage({ graph: { count, edges: scene.edgeIndex, positions: scene.positions.slice() }, steps: 1 });
  });
}

// Pixels the edges cover on screen (sum of projected lengths, one pixel wide): software GL's frame time follows it.
function edgePixels(m, width, height) {
  const p = scene.positions, e = scene.edgeIndex, screen = new Float32Array(count * 2), visible = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const x = p[i * 3], y = p[i * 3 + 1], z = p[i * 3 + 2], w = m[3] * x + m[7] * y + m[11] * z + m[15];
    visible[i] = w > 0 ? 1 : 0;
    screen[i * 2] = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w * width / 2;
    screen[i * 2 + 1] = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w * height / 2;
  }
  let total = 0;
  for (let k = 0; k < e.length; k += 2) {
    const a = e[k], b = e[k + 1];
    if (visible[a] && visible[b]) total += Math.min(Math.hypot(screen[a * 2] - screen[b * 2], screen[a * 2 + 1] - screen[b * 2 + 1]), Math.hypot(width, height));
  }
  return Math.round(total);
}

const layout = await layoutMs(Number(query.get('steps') ?? 11));
frameMs(3, true);
const frame = frameMs(Number(query.get('frames') ?? 30), true);
const drawOnly = frameMs(Number(query.get('frames') ?? 30), false);
const canvas = renderer.canvas;
const result = { nodes: count, edges: edgeCount, frameMs: frame, drawOnlyMs: drawOnly, layoutStepMs: layout, edgePixels: edgePixels(camera.matrix(1), canvas.width, canvas.height), canvas: `${canvas.width}x${canvas.height}`, renderer: renderer.gl.getParameter(renderer.gl.RENDERER) };
document.getElementById('result').textContent = JSON.stringify(result, null, 1);
document.title = 'done';
if (query.get('report')) fetch(`${query.get('report')}?${encodeURIComponent(JSON.stringify(result))}`).catch(() => {});
