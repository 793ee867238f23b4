import { Layout } from './layout.js';

// Messages in: {graph: {count, edges, positions?}} or {steps: k}. Out: {positions, stepMs, motion}.
let layout = null;
self.onmessage = ({ data }) => {
  if (data.graph) {
    layout = new Layout(data.graph.count, data.graph.edges, data.graph.positions);
  }
  if (!layout || !data.steps) return;
  let motion = 0;
  const start = performance.now();
  for (let s = 0; s < data.steps; s++) motion = layout.step();
  const stepMs = (performance.now() - start) / data.steps;
  const positions = layout.pos.slice();
  self.postMessage({ positions, stepMs, motion }, [positions.buffer]);
};
