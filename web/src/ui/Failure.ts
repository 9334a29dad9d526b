// One clear sentence per thing that can go wrong while joining or in the meeting, for the page's alert line.
import { IQError } from '../xmpp/IQ.js';

export type FailureStep = 'media' | 'login' | 'xmpp' | 'reconnecting' | 'conference' | 'room' | 'bridge' | 'ice';

/** What went wrong at `step`, in words a participant can act on. */
export function describeFailure(step: FailureStep, error?: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : error === undefined ? '' : String(error);
  switch (step) {
    case 'media':
      if (name === 'NotAllowedError') return 'Camera and microphone access was refused; you can still join to watch and listen.';
      if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera or microphone was found; you can still join to watch and listen.';
      if (name === 'NotReadableError') return 'The camera or microphone is in use by another program.';
      return `Camera and microphone are not available (${detail || 'unknown error'}).`;
    case 'xmpp':
      return `The XMPP server is unreachable${detail ? ` (${detail})` : ''}. Check that the stack is running.`;
    case 'login':
      if (name === 'LoginCancelled') return 'You did not sign in, so you did not join.';
      if (name === 'LoginRequired') return 'This server does not let guests in: sign in with an account.';
      return 'The XMPP server did not accept the user name and password.';
    case 'reconnecting':
      return 'The connection to the XMPP server was lost; reconnecting…';
    case 'conference':
      if (error instanceof IQError && error.condition === 'not-allowed') return 'You are not allowed to start this conference.';
      if (error instanceof IQError && (error.condition === 'timeout' || error.condition === 'service-unavailable' || error.condition === 'remote-server-not-found')) {
        return 'The conference service (focus) is not answering. Check that the stack is running.';
      }
      return `The conference could not be started (${detail || 'unknown error'}).`;
    case 'room':
      if (detail.includes('service-unavailable')) return 'The room is full.';
      if (detail.includes('not-allowed') || detail.includes('forbidden') || detail.includes('registration-required')) return 'You are not allowed to join this room.';
      if (detail.includes('conflict')) return 'Somebody in the room already uses this identity; please join again.';
      return `Could not join the room (${detail || 'unknown error'}).`;
    case 'bridge':
      return 'The videobridge is unreachable: you will not receive video until it is back.';
    case 'ice':
      return 'The media connection to the videobridge failed; reconnecting…';
  }
}
