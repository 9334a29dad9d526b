// Bridge channel messages (PROTOCOL.md §4.2, §4.3): JSON objects told apart by `colibriClass`. Source names,
// not endpoint ids, address video (the endpoint-based forms were removed from the bridge, §0 item 4).

/** Per-source or default video constraint; maxHeight −1 = unlimited, 0 = off (§4.2). */
export interface VideoConstraint {
  maxHeight: number;
  maxFrameRate?: number;
}

/** A partial update: absent fields keep the bridge's current value; `constraints` replaces the whole map. */
export interface ReceiverVideoConstraints {
  colibriClass: 'ReceiverVideoConstraints';
  lastN?: number;
  selectedSources?: string[];
  onStageSources?: string[];
  defaultConstraints?: VideoConstraint;
  constraints?: Record<string, VideoConstraint>;
}

export interface EndpointMessage {
  colibriClass: 'EndpointMessage';
  /** Endpoint id, or "" for everybody. */
  to: string;
  /** Set by the bridge on relayed messages. */
  from?: string;
  msgPayload: unknown;
}

export interface DominantSpeakerEndpointChangeEvent {
  colibriClass: 'DominantSpeakerEndpointChangeEvent';
  dominantSpeakerEndpoint: string;
  previousSpeakers: string[];
  silence: boolean;
}

export interface ForwardedSources {
  colibriClass: 'ForwardedSources';
  forwardedSources: string[];
}

export interface EndpointConnectivityStatusChangeEvent {
  colibriClass: 'EndpointConnectivityStatusChangeEvent';
  endpoint: string;
  active: boolean;
}

export interface SenderSourceConstraints {
  colibriClass: 'SenderSourceConstraints';
  sourceName: string;
  maxHeight: number;
}

export type BridgeMessage =
  | { colibriClass: 'ServerHello'; version?: string }
  | DominantSpeakerEndpointChangeEvent
  | ForwardedSources
  | EndpointConnectivityStatusChangeEvent
  | SenderSourceConstraints
  | EndpointMessage;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads one incoming message; unknown classes and malformed fields give undefined (never a throw). */
export function readBridgeMessage(text: string): BridgeMessage | undefined {
  let m: Record<string, unknown>;
  try {
    const doc: unknown = JSON.parse(text);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
    m = doc as Record<string, unknown>;
  } catch {
    return undefined;
  }
  switch (m.colibriClass) {
    case 'ServerHello':
      return { colibriClass: 'ServerHello', ...(typeof m.version === 'string' ? { version: m.version } : {}) };
    case 'DominantSpeakerEndpointChangeEvent':
      if (typeof m.dominantSpeakerEndpoint !== 'string') return undefined;
      return { colibriClass: m.colibriClass, dominantSpeakerEndpoint: m.dominantSpeakerEndpoint, previousSpeakers: strings(m.previousSpeakers), silence: m.silence === true };
    case 'ForwardedSources':
      return { colibriClass: m.colibriClass, forwardedSources: strings(m.forwardedSources) };
    case 'EndpointConnectivityStatusChangeEvent':
      if (typeof m.endpoint !== 'string') return undefined;
      // `active` is a string on the wire ("true"/"false"); accept a boolean too.
      return { colibriClass: m.colibriClass, endpoint: m.endpoint, active: m.active === true || m.active === 'true' };
    case 'SenderSourceConstraints':
      if (typeof m.sourceName !== 'string' || typeof m.maxHeight !== 'number') return undefined;
      return { colibriClass: m.colibriClass, sourceName: m.sourceName, maxHeight: m.maxHeight };
    case 'EndpointMessage':
      return { colibriClass: m.colibriClass, to: typeof m.to === 'string' ? m.to : '', ...(typeof m.from === 'string' ? { from: m.from } : {}), msgPayload: m.msgPayload };
    default:
      return undefined;
  }
}
