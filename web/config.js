// Deployment settings for the web client. Copied as-is into dist/; edit there or template it at deploy time.
window.jitsiNetConfig = {
  // XMPP over WebSocket (RFC 7395) endpoint of the XMPP server.
  service: 'ws://127.0.0.1:5280/xmpp-websocket',
  // The users' domain (anonymous login) and the conference MUC service.
  domain: 'meet.localhost',
  muc: 'conference.meet.localhost',
  // Where the conference request goes (PROTOCOL.md §1.2).
  focus: 'focus.meet.localhost',
  // Optional: STUN/TURN servers in addition to those the XMPP server hands out (XEP-0215), e.g.
  // iceServers: [{ urls: 'turn:turn.example.com:3478?transport=udp', username: '…', credential: '…' }],
  // Optional: 'required' always asks for an account; the default 'auto' asks only when guests are refused.
  // login: 'required',
  // Optional: guests log in anonymously here, accounts on `domain`.
  // anonymousDomain: 'guest.meet.localhost',
  // Optional: 'relay' sends media only through TURN.
  // iceTransportPolicy: 'relay',
};
