import { lookAt, multiply, perspective } from './math.js';

// Orbit camera: left drag orbits, right drag (or shift) pans, the wheel zooms.
export class Camera {
  constructor() { this.theta = 0.6; this.phi = 1.1; this.distance = 400; this.target = [0, 0, 0]; }

  eye() {
    const s = Math.sin(this.phi);
    return [this.target[0] + this.distance * s * Math.sin(this.theta), this.target[1] + this.distance * Math.cos(this.phi), this.target[2] + this.distance * s * Math.cos(this.theta)];
  }

  matrix(aspect) {
    return multiply(perspective(Math.PI / 4, aspect, this.distance / 1000, this.distance * 20), lookAt(this.eye(), this.target, [0, 1, 0]));
  }

  orbit(dx, dy) {
    this.theta -= dx * 0.005;
    this.phi = Math.min(Math.PI - 0.01, Math.max(0.01, this.phi - dy * 0.005));
  }

  pan(dx, dy) {
    const k = this.distance * 0.0015, c = Math.cos(this.theta), s = Math.sin(this.theta);
    this.target[0] -= (dx * c) * k; this.target[2] += (dx * s) * k; this.target[1] += dy * k;
  }

  zoom(delta) { this.distance = Math.max(5, this.distance * Math.exp(delta * 0.001)); }

  attach(element, changed) {
    let last = null;
    element.addEventListener('contextmenu', e => e.preventDefault());
    element.addEventListener('pointerdown', e => { last = { x: e.clientX, y: e.clientY, pan: e.button === 2 || e.shiftKey, moved: 0 }; });
    window.addEventListener('pointerup', () => { last = null; });
    window.addEventListener('pointermove', e => {
      if (!last) return;
      const dx = e.clientX - last.x, dy = e.clientY - last.y;
      last.x = e.clientX; last.y = e.clientY;
      if (last.pan) this.pan(dx, dy); else this.orbit(dx, dy);
      changed();
    });
    element.addEventListener('wheel', e => { e.preventDefault(); this.zoom(e.deltaY); changed(); }, { passive: false });
  }
}
