// SSRC-based simulcast for the camera track (PROTOCOL.md §2.3, §6.1): the browser's local description has
// one SSRC (+ its RTX in an FID group) on the camera m-line; before setLocalDescription we add two more
// layers and a SIM group (RFC 5576 §4.2 grouping, the legacy Chromium form), so the sender encodes three
// layers, lowest resolution first. The browser may still send fewer (low bitrate, small capture size):
// nothing downstream assumes all three arrive.
import { parse, write, type MediaDescription } from 'sdp-transform';

export const SIMULCAST_LAYERS = 3;

interface Layers {
  primaries: number[];
  rtx: number[];
}

export class SimulcastMunger {
  /** Per mid: the SSRCs chosen once, so every renegotiation presents the same layers. */
  private readonly layers = new Map<string, Layers>();

  constructor(private readonly randomSsrc: () => number = defaultRandomSsrc) {}

  /** Returns the SDP with SIM + FID groups on the m-lines whose mid is listed. Idempotent. */
  munge(sdp: string, mids: ReadonlySet<string>): string {
    const description = parse(sdp);
    for (const m of description.media) {
      if (m.type === 'video' && m.mid !== undefined && mids.has(m.mid)) this.mungeSection(m);
    }
    return write(description);
  }

  private mungeSection(m: MediaDescription): void {
    if (!m.ssrcs?.length || m.ssrcGroups?.some((g) => g.semantics === 'SIM')) return;
    const fid = m.ssrcGroups?.find((g) => g.semantics === 'FID')?.ssrcs.split(' ').map(Number);
    const primary = fid?.[0] ?? (m.ssrcs[0]?.id as number);
    const rtx = fid?.[1];
    let layers = this.layers.get(m.mid as string);
    if (!layers || layers.primaries[0] !== primary || layers.rtx[0] !== rtx) {
      layers = this.newLayers(primary, rtx, new Set(m.ssrcs.map((s) => Number(s.id))));
      this.layers.set(m.mid as string, layers);
    }
    // Every layer SSRC repeats the primary's cname/msid lines: one track, several streams.
    const attributes = m.ssrcs.filter((s) => Number(s.id) === primary);
    const all = [...layers.primaries, ...layers.rtx];
    m.ssrcs = all.flatMap((id) => attributes.map((a) => ({ id, attribute: a.attribute, ...(a.value !== undefined ? { value: a.value } : {}) })));
    m.ssrcGroups = [
      { semantics: 'SIM', ssrcs: layers.primaries.join(' ') },
      ...(layers.rtx.length === layers.primaries.length
        ? layers.primaries.map((p, i) => ({ semantics: 'FID', ssrcs: `${p} ${layers.rtx[i]}` }))
        : []),
    ];
  }

  private newLayers(primary: number, rtx: number | undefined, taken: Set<number>): Layers {
    const fresh = (): number => {
      let ssrc: number;
      do ssrc = this.randomSsrc(); while (taken.has(ssrc) || ssrc === 0);
      taken.add(ssrc);
      return ssrc;
    };
    const primaries = [primary];
    const rtxs = rtx !== undefined ? [rtx] : [];
    while (primaries.length < SIMULCAST_LAYERS) {
      primaries.push(fresh());
      if (rtx !== undefined) rtxs.push(fresh());
    }
    return { primaries, rtx: rtxs };
  }
}

function defaultRandomSsrc(): number {
  return 1 + Math.floor(Math.random() * 0xfffffffe);
}
