// A plain grid: one <figure> per remote video source, one hidden <audio> per remote audio source, keyed by
// source name and reconciled with the session's list after every renegotiation.
import type { RemoteMedia } from '../jingle/JingleSession.js';

export class TileGrid {
  private readonly elements = new Map<string, { root: HTMLElement; media: HTMLMediaElement; caption?: HTMLElement }>();

  constructor(private readonly container: HTMLElement, private readonly displayName: (owner: string) => string) {}

  /** Reconciles the grid with the session's list; also refreshes captions after a display name change. */
  update(list: RemoteMedia[]): void {
    const names = new Set(list.map((m) => m.source.name));
    for (const [name, el] of this.elements) {
      if (!names.has(name)) {
        el.root.remove();
        this.elements.delete(name);
      }
    }
    for (const { source, track } of list) {
      let el = this.elements.get(source.name);
      if (!el) {
        el = source.media === 'video' ? this.videoTile() : this.audioElement();
        this.elements.set(source.name, el);
      }
      // A reused m-line keeps its receiver track, so compare tracks, not just names.
      const current = el.media.srcObject as MediaStream | null;
      if (current?.getTracks()[0] !== track) el.media.srcObject = new MediaStream([track]);
      if (el.caption) el.caption.textContent = `${this.displayName(source.owner)}${source.videoType === 'desktop' ? ' (screen)' : ''}`;
    }
  }

  private videoTile() {
    const root = document.createElement('figure');
    const media = document.createElement('video');
    media.autoplay = true;
    media.playsInline = true;
    // Sound comes from the <audio> elements; the video element stays muted so autoplay is always allowed.
    media.muted = true;
    const caption = document.createElement('figcaption');
    root.append(media, caption);
    this.container.append(root);
    return { root, media, caption };
  }

  private audioElement() {
    const media = document.createElement('audio');
    media.autoplay = true;
    this.container.append(media);
    return { root: media, media };
  }
}
