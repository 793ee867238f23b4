// Colours: nodes by gossip state, edges by path kind, dimmed as their last handshake ages.
const STATE = { self: [0.55, 0.8, 1.0], alive: [0.45, 0.85, 0.45], suspect: [0.95, 0.8, 0.3], dead: [0.9, 0.3, 0.3], left: [0.5, 0.5, 0.55] };
const KIND = { direct: [0.4, 0.6, 1.0], hub: [0.3, 0.85, 0.85], relayed: [0.7, 0.45, 0.9], punched: [1.0, 0.6, 0.25], client: [0.85, 0.85, 0.5] };

export function nodeColor(state) { return STATE[state] ?? [0.6, 0.6, 0.6]; }

export function edgeColor(kind, handshakeAgeSeconds) {
  const rgb = KIND[kind] ?? [0.6, 0.6, 0.6];
  // A WireGuard handshake is renewed every 2 minutes: older than 3 is stale.
  const age = handshakeAgeSeconds ?? (kind === 'relayed' ? 0 : 600);
  const alpha = age < 180 ? 0.8 : age < 600 ? 0.4 : 0.15;
  return [rgb[0], rgb[1], rgb[2], alpha];
}

export function isFailed(state) { return state === 'dead'; }
