// Barnes–Hut force layout in 3D: an octree of the bodies, far cells act as one mass (theta), springs along edges.
const THETA2 = 0.8 * 0.8, REPULSION = 400, SPRING = 0.02, LENGTH = 20, GRAVITY = 0.002, DAMPING = 0.8, MAX_DEPTH = 24;

export class Layout {
  constructor(count, edges, positions) {
    this.n = count; this.edges = edges;
    this.pos = positions ?? Layout.scatter(count);
    this.vel = new Float32Array(count * 3);
    this.force = new Float32Array(count * 3);
    this.grow(Math.max(64, count * 4));
  }

  static scatter(count) {
    const p = new Float32Array(count * 3), r = 10 * Math.cbrt(count + 1);
    for (let i = 0; i < p.length; i++) p[i] = (Math.random() - 0.5) * r;
    return p;
  }

  grow(capacity) {
    const old = this.cells;
    this.capacity = capacity;
    this.cells = {
      x: new Float32Array(capacity), y: new Float32Array(capacity), z: new Float32Array(capacity), half: new Float32Array(capacity),
      mass: new Float32Array(capacity), mx: new Float32Array(capacity), my: new Float32Array(capacity), mz: new Float32Array(capacity),
      body: new Int32Array(capacity), child: new Int32Array(capacity * 8),
    };
    if (old) for (const k of Object.keys(old)) this.cells[k].set(old[k]);
  }

  cell(x, y, z, half) {
    if (this.used === this.capacity) this.grow(this.capacity * 2);
    const c = this.cells, i = this.used++;
    c.x[i] = x; c.y[i] = y; c.z[i] = z; c.half[i] = half; c.mass[i] = 0; c.mx[i] = 0; c.my[i] = 0; c.mz[i] = 0; c.body[i] = -1;
    c.child.fill(-1, i * 8, i * 8 + 8);
    return i;
  }

  build() {
    const p = this.pos;
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < p.length; i++) { if (p[i] < lo) lo = p[i]; if (p[i] > hi) hi = p[i]; }
    const mid = (lo + hi) / 2, half = (hi - lo) / 2 + 1;
    this.used = 0;
    this.cell(mid, mid, mid, half);
    for (let b = 0; b < this.n; b++) this.insert(b);
  }

  insert(b) {
    const p = this.pos, bx = p[b * 3], by = p[b * 3 + 1], bz = p[b * 3 + 2];
    let i = 0;
    for (let depth = 0; ; depth++) {
      const c = this.cells;
      const hasChildren = c.body[i] === -2;
      if (!hasChildren && c.mass[i] === 0) { c.body[i] = b; this.add(i, bx, by, bz); return; }
      if (!hasChildren && depth >= MAX_DEPTH) { this.add(i, bx, by, bz); return; }
      if (!hasChildren) {
        // A leaf holding one body: split it and push that body one level down.
        const other = c.body[i];
        c.body[i] = -2;
        if (other >= 0) {
          const child = this.childFor(i, p[other * 3], p[other * 3 + 1], p[other * 3 + 2]);
          this.cells.body[child] = other;
          this.add(child, p[other * 3], p[other * 3 + 1], p[other * 3 + 2]);
        }
      }
      this.add(i, bx, by, bz);
      i = this.childFor(i, bx, by, bz);
      const cc = this.cells;
      if (cc.mass[i] === 0 && cc.body[i] === -1) { cc.body[i] = b; this.add(i, bx, by, bz); return; }
    }
  }

  add(i, x, y, z) { const c = this.cells; c.mass[i] += 1; c.mx[i] += x; c.my[i] += y; c.mz[i] += z; }

  childFor(i, x, y, z) {
    let c = this.cells;
    const octant = (x >= c.x[i] ? 1 : 0) | (y >= c.y[i] ? 2 : 0) | (z >= c.z[i] ? 4 : 0);
    let child = c.child[i * 8 + octant];
    if (child === -1) {
      const h = c.half[i] / 2;
      child = this.cell(c.x[i] + (octant & 1 ? h : -h), c.y[i] + (octant & 2 ? h : -h), c.z[i] + (octant & 4 ? h : -h), h);
      c = this.cells;
      c.child[i * 8 + octant] = child;
    }
    return child;
  }

  step() {
    this.build();
    const p = this.pos, f = this.force, v = this.vel, c = this.cells, stack = new Int32Array(this.used);
    f.fill(0);
    for (let b = 0; b < this.n; b++) {
      const bx = p[b * 3], by = p[b * 3 + 1], bz = p[b * 3 + 2];
      let fx = 0, fy = 0, fz = 0, top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const i = stack[--top], m = c.mass[i];
        if (m === 0 || c.body[i] === b) continue;
        const dx = bx - c.mx[i] / m, dy = by - c.my[i] / m, dz = bz - c.mz[i] / m;
        const d2 = dx * dx + dy * dy + dz * dz + 0.01, size = c.half[i] * 2;
        if (c.body[i] !== -2 || size * size < THETA2 * d2) {
          const k = REPULSION * m / (d2 * Math.sqrt(d2));
          fx += dx * k; fy += dy * k; fz += dz * k;
        } else {
          for (let o = 0; o < 8; o++) { const ch = c.child[i * 8 + o]; if (ch !== -1) stack[top++] = ch; }
        }
      }
      f[b * 3] = fx - bx * GRAVITY; f[b * 3 + 1] = fy - by * GRAVITY; f[b * 3 + 2] = fz - bz * GRAVITY;
    }
    const e = this.edges;
    for (let k = 0; k < e.length; k += 2) {
      const a = e[k] * 3, b = e[k + 1] * 3;
      const dx = p[b] - p[a], dy = p[b + 1] - p[a + 1], dz = p[b + 2] - p[a + 2];
      const d = Math.sqrt(dx * dx + dy * dy + dz * dz) + 0.001, s = SPRING * (d - LENGTH) / d;
      f[a] += dx * s; f[a + 1] += dy * s; f[a + 2] += dz * s;
      f[b] -= dx * s; f[b + 1] -= dy * s; f[b + 2] -= dz * s;
    }
    let moved = 0;
    for (let i = 0; i < p.length; i++) {
      v[i] = (v[i] + f[i]) * DAMPING;
      if (v[i] > 10) v[i] = 10; else if (v[i] < -10) v[i] = -10;
      p[i] += v[i];
      moved += Math.abs(v[i]);
    }
    return moved / Math.max(1, this.n);
  }
}
