// The conference request (PROTOCOL.md §1.2): before joining the MUC we ask the focus (`focus.<domain>`) to
// create the room. `ready="false"` means "ask again later": we retry with a doubling back-off, 1 s up to
// 120 s, and never give up on that answer. The reply's `focusjid` is what identifies the focus in the room.
import { IQ, IQError } from './IQ.js';
import { NS } from './Namespaces.js';
import { sleep, type Clock } from '../Clock.js';
import { xml } from './Xml.js';

export interface ConferenceGrant {
  /** Bare JID of the focus; its occupant's real JID starts with `focusJid + "/"` (§1.3). */
  focusJid: string;
  properties: Record<string, string>;
}

export interface ConferenceRequestOptions {
  focus: string;
  room: string;
  machineUid?: string;
  clock: Clock;
  /** Called before each wait, for a "waiting for the conference to start" notice. */
  onWait?: (delayMs: number) => void;
}

export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 120_000;

export async function requestConference(iq: IQ, options: ConferenceRequestOptions): Promise<ConferenceGrant> {
  let delayMs = FIRST_RETRY_MS;
  for (;;) {
    const reply = await iq.request('set', options.focus, xml('conference', { xmlns: NS.focus, room: options.room, 'machine-uid': options.machineUid },
      xml('property', { name: 'visitors-version', value: '1' })));
    const conference = reply.getChild('conference', NS.focus);
    if (!conference) throw new IQError('bad-request', reply);
    const properties = Object.fromEntries(conference.getChildren('property')
      .filter((p) => p.attrs.name !== undefined)
      .map((p) => [p.attrs.name as string, p.attrs.value ?? '']));
    if (conference.attrs.ready === 'true') {
      const focusJid = conference.attrs.focusjid;
      if (!focusJid) throw new IQError('bad-request', reply);
      return { focusJid, properties };
    }
    options.onWait?.(delayMs);
    await sleep(options.clock, delayMs);
    delayMs = Math.min(delayMs * 2, MAX_RETRY_MS);
  }
}
