// Deployment settings for the web client. Copied as-is into dist/; edit there or template it at deploy time.
window.jitsiNetConfig = {
  // XMPP over WebSocket (RFC 7395) endpoint of the XMPP server.
  service: 'ws://127.0.0.1:5280/xmpp-websocket',
  // The users' domain (anonymous login) and the conference MUC service.
  domain: 'meet.localhost',
  muc: 'conference.meet.localhost',
  // Where the conference request goes (PROTOCOL.md §1.2).
  focus: 'focus.meet.localhost',
};
