// ICE candidates in both notations: XEP-0176 <candidate/> and the SDP a=candidate line (RFC 8839 §5.1).
import { NS } from '../xmpp/Namespaces.js';
import { intAttr, xml, type Element } from '../xmpp/Xml.js';

export interface Candidate {
  foundation: string;
  component: number;
  protocol: string;
  priority: number;
  ip: string;
  port: number;
  type: string;
  relAddr?: string;
  relPort?: number;
  generation: number;
}

export function readJingleCandidate(el: Element): Candidate | undefined {
  const { foundation, ip, type } = el.attrs;
  const component = intAttr(el, 'component');
  const priority = intAttr(el, 'priority');
  const port = intAttr(el, 'port');
  if (!foundation || !ip || !type || component === undefined || priority === undefined || port === undefined) {
    return undefined;
  }
  const relPort = intAttr(el, 'rel-port');
  return {
    foundation, component, ip, port, priority, type,
    protocol: (el.attrs.protocol ?? 'udp').toLowerCase(),
    generation: intAttr(el, 'generation') ?? 0,
    ...(el.attrs['rel-addr'] ? { relAddr: el.attrs['rel-addr'] } : {}),
    ...(relPort !== undefined ? { relPort } : {}),
  };
}

export function writeJingleCandidate(c: Candidate, id: string): Element {
  return xml('candidate', {
    xmlns: NS.iceUdp, component: c.component, foundation: c.foundation, generation: c.generation, id,
    ip: c.ip, network: 0, port: c.port, priority: c.priority, protocol: c.protocol, type: c.type,
    'rel-addr': c.relAddr, 'rel-port': c.relPort,
  });
}

/**
 * Parses the value of an SDP candidate (`candidate:1 1 udp 2122260223 192.0.2.10 50123 typ host generation 0 …`,
 * the form RTCIceCandidate.candidate carries). Returns undefined for anything else.
 */
export function readSdpCandidate(line: string): Candidate | undefined {
  const words = line.trim().replace(/^a=/, '').replace(/^candidate:/, '').split(/\s+/);
  if (words.length < 8 || words[6] !== 'typ') return undefined;
  const [foundation, component, protocol, priority, ip, port, , type] = words as [string, string, string, string, string, string, string, string];
  const candidate: Candidate = {
    foundation, component: Number(component), protocol: protocol.toLowerCase(), priority: Number(priority),
    ip, port: Number(port), type, generation: 0,
  };
  // Extension attributes come as name/value pairs after the type.
  for (let i = 8; i + 1 < words.length; i += 2) {
    const value = words[i + 1] as string;
    switch (words[i]) {
      case 'raddr': candidate.relAddr = value; break;
      case 'rport': candidate.relPort = Number(value); break;
      case 'generation': candidate.generation = Number(value); break;
    }
  }
  const numbers = [candidate.component, candidate.priority, candidate.port];
  return numbers.every(Number.isFinite) ? candidate : undefined;
}

/** The SDP form: `candidate:<foundation> <component> <protocol> <priority> <ip> <port> typ <type> …`. */
export function writeSdpCandidate(c: Candidate): string {
  const rel = c.relAddr !== undefined && c.relPort !== undefined ? ` raddr ${c.relAddr} rport ${c.relPort}` : '';
  return `candidate:${c.foundation} ${c.component} ${c.protocol} ${c.priority} ${c.ip} ${c.port} typ ${c.type}${rel} generation ${c.generation}`;
}
