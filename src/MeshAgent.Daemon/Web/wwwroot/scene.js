import { edgeColor, nodeColor } from './style-map.js';

// The graph as the renderer and the layout need it: index-based arrays, positions kept across updates by name.
export class Scene {
  constructor() { this.nodes = []; this.edges = []; this.index = new Map(); this.positions = new Float32Array(0); this.edgeIndex = new Int32Array(0); }

  // Returns true when the set of nodes or edges changed (the layout must restart from the kept positions).
  update(graph) {
    const old = this.index, oldPositions = this.positions;
    const nodes = graph.nodes ?? [];
    const index = new Map(nodes.map((n, i) => [n.name, i]));
    for (const e of graph.edges ?? []) {
      for (const name of [e.from, e.to]) {
        if (!index.has(name)) { index.set(name, nodes.length); nodes.push({ name, role: 'spoke', mesh_ipv4: '', state: 'left' }); }
      }
    }
    const edges = (graph.edges ?? []).filter(e => e.from !== e.to);
    const positions = new Float32Array(nodes.length * 3);
    const spread = 10 * Math.cbrt(nodes.length + 1);
    nodes.forEach((n, i) => {
      const j = old.get(n.name);
      for (let k = 0; k < 3; k++) positions[i * 3 + k] = j !== undefined ? oldPositions[j * 3 + k] : (Math.random() - 0.5) * spread;
    });
    const edgeIndex = new Int32Array(edges.length * 2);
    edges.forEach((e, k) => { edgeIndex[k * 2] = index.get(e.from); edgeIndex[k * 2 + 1] = index.get(e.to); });
    const structural = nodes.length !== this.nodes.length || edges.length !== this.edges.length || nodes.some(n => !old.has(n.name));
    Object.assign(this, { nodes, edges, index, positions, edgeIndex, self: graph.self });
    return structural;
  }

  style() {
    const colors = new Float32Array(this.nodes.length * 4), shapes = new Float32Array(this.nodes.length), edgeColors = new Float32Array(this.edges.length * 8);
    this.nodes.forEach((n, i) => { colors.set([...nodeColor(n.state), 1], i * 4); shapes[i] = n.role === 'hub' ? 1 : 0; });
    this.edges.forEach((e, k) => { const c = edgeColor(e.kind, e.handshake_age_seconds); edgeColors.set(c, k * 8); edgeColors.set(c, k * 8 + 4); });
    return { colors, shapes, edgeColors };
  }

  edgePositions() {
    const out = new Float32Array(this.edges.length * 6), p = this.positions, e = this.edgeIndex;
    for (let k = 0; k < e.length; k += 2) {
      const a = e[k] * 3, b = e[k + 1] * 3, o = k * 3;
      out[o] = p[a]; out[o + 1] = p[a + 1]; out[o + 2] = p[a + 2]; out[o + 3] = p[b]; out[o + 4] = p[b + 1]; out[o + 5] = p[b + 2];
    }
    return out;
  }
}
