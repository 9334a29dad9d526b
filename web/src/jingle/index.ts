// The Jingle ↔ SDP layer (PROTOCOL.md §2): what the app and the session use.
export * from './BridgeOffer.js';
export * from './Candidates.js';
export * from './JingleStanzas.js';
export * from './JsonSources.js';
export * from './LocalDescription.js';
export * from './RemoteDescription.js';
export * from './Simulcast.js';
export * from './Sources.js';
