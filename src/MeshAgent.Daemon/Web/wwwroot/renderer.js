// WebGL2: every node in one point draw, every edge in one line buffer.
// Nodes are points: one vertex each, one draw call. (An instanced quad per node is what the issue suggested,
// but SwiftShader, Chromium's software GL, runs an instanced draw as one draw per instance: 10,000 of them
// took about 25 ms each batch of 1,000 here, while the same nodes as points draw in a few ms.)
const NODE_VS = `#version 300 es
layout(location=0) in vec3 center;
layout(location=1) in vec4 color;
layout(location=2) in float shape;
uniform mat4 viewProjection;
uniform float size;
out vec4 tint; flat out float kind;
void main() {
  gl_Position = viewProjection * vec4(center, 1.0);
  gl_PointSize = 2.0 * size * (shape > 0.5 ? 1.6 : 1.0);
  tint = color; kind = shape;
}`;
const NODE_FS = `#version 300 es
precision mediump float;
in vec4 tint; flat in float kind;
out vec4 outColor;
void main() {
  // Spokes are discs, hubs diamonds.
  vec2 uv = gl_PointCoord * 2.0 - 1.0;
  float d = kind > 0.5 ? abs(uv.x) + abs(uv.y) : length(uv);
  if (d > 1.0) discard;
  outColor = vec4(tint.rgb * (d > 0.8 ? 0.6 : 1.0), tint.a);
}`;
const EDGE_VS = `#version 300 es
layout(location=0) in vec3 position;
layout(location=1) in vec4 color;
uniform mat4 viewProjection;
out vec4 tint;
void main() { gl_Position = viewProjection * vec4(position, 1.0); tint = color; }`;
// Edges are opaque, their alpha mixed with the background here: blending costs SwiftShader a read of every
// covered pixel, and edge pixels are most of a large frame's work.
const EDGE_FS = `#version 300 es
precision mediump float;
uniform vec3 background;
in vec4 tint; out vec4 outColor;
void main() { outColor = vec4(mix(background, tint.rgb, tint.a), 1.0); }`;
const BACKGROUND = [0.063, 0.075, 0.102];

function program(gl, vs, fs) {
  const p = gl.createProgram();
  for (const [type, source] of [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]]) {
    const s = gl.createShader(type);
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
    gl.attachShader(p, s);
  }
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(p));
  return p;
}

export class Renderer {
  constructor(canvas) {
    const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
    if (!gl) throw new Error('WebGL2 is not available');
    this.gl = gl; this.canvas = canvas;
    this.nodeProgram = program(gl, NODE_VS, NODE_FS);
    this.edgeProgram = program(gl, EDGE_VS, EDGE_FS);
    this.nodeVao = gl.createVertexArray();
    gl.bindVertexArray(this.nodeVao);
    this.centers = this.attribute(0, 3);
    this.colors = this.attribute(1, 4);
    this.shapes = this.attribute(2, 1);
    this.edgeVao = gl.createVertexArray();
    gl.bindVertexArray(this.edgeVao);
    this.edgePositions = this.attribute(0, 3);
    this.edgeColors = this.attribute(1, 4);
    gl.bindVertexArray(null);
    this.nodeCount = 0; this.edgeVertices = 0;
    this.uniforms = {
      nodeView: gl.getUniformLocation(this.nodeProgram, 'viewProjection'),
      size: gl.getUniformLocation(this.nodeProgram, 'size'),
      edgeView: gl.getUniformLocation(this.edgeProgram, 'viewProjection'),
      background: gl.getUniformLocation(this.edgeProgram, 'background'),
    };
  }

  attribute(location, size) {
    const gl = this.gl, buffer = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, size, gl.FLOAT, false, 0, 0);
    return buffer;
  }

  upload(buffer, data) {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
  }

  // Colours and shapes change with the graph; positions with every layout step.
  setStyle(nodeColors, nodeShapes, edgeColors) {
    this.upload(this.colors, nodeColors);
    this.upload(this.shapes, nodeShapes);
    this.upload(this.edgeColors, edgeColors);
    this.nodeCount = nodeShapes.length;
    this.edgeVertices = edgeColors.length / 4;
  }

  setPositions(nodePositions, edgePositions) {
    this.upload(this.centers, nodePositions);
    this.upload(this.edgePositions, edgePositions);
  }

  draw(viewProjection) {
    const gl = this.gl, c = this.canvas;
    const w = Math.max(1, Math.floor(c.clientWidth * devicePixelRatio)), h = Math.max(1, Math.floor(c.clientHeight * devicePixelRatio));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    gl.viewport(0, 0, w, h);
    gl.clearColor(BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.disable(gl.BLEND);
    gl.useProgram(this.edgeProgram);
    gl.uniformMatrix4fv(this.uniforms.edgeView, false, viewProjection);
    gl.uniform3fv(this.uniforms.background, BACKGROUND);
    gl.bindVertexArray(this.edgeVao);
    gl.drawArrays(gl.LINES, 0, this.edgeVertices);
    gl.enable(gl.DEPTH_TEST);
    gl.useProgram(this.nodeProgram);
    gl.uniformMatrix4fv(this.uniforms.nodeView, false, viewProjection);
    gl.uniform1f(this.uniforms.size, 5 * devicePixelRatio);
    gl.bindVertexArray(this.nodeVao);
    gl.drawArrays(gl.POINTS, 0, this.nodeCount);
    gl.disable(gl.DEPTH_TEST);
    gl.bindVertexArray(null);
  }
}
