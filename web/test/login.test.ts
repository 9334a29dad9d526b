// Login: the SASL mechanism for guests and accounts, the guest/account domains, and the form coming back after a
// refused password or when the server lets no guests in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseMechanism, connectWithLogin, isRefusal, LoginRefused, LoginRequired, LOGIN_MESSAGES, loginTarget, type Credentials } from '../src/xmpp/Login.js';
import { RECONNECT_DELAYS_MS, Reconnector } from '../src/xmpp/Reconnect.js';
import { FakeClock, settle } from './scripted.js';

const ALICE: Credentials = { username: 'alice', password: 'secret' };
/** A SASL failure as @xmpp/sasl raises it (SASLError with the RFC 6120 §6.5 condition). */
const saslFailure = (condition: string): Error => Object.assign(new Error(condition), { name: 'SASLError', condition });

describe('login', () => {
  it('uses ANONYMOUS for guests and refuses when the server does not offer it', () => {
    assert.equal(chooseMechanism(['SCRAM-SHA-1', 'PLAIN', 'ANONYMOUS'], undefined, false), 'ANONYMOUS');
    assert.throws(() => chooseMechanism(['SCRAM-SHA-1', 'PLAIN'], undefined, true), LoginRequired);
  });

  it('uses SCRAM-SHA-1 for accounts, PLAIN only on a secure connection, never ANONYMOUS', () => {
    assert.equal(chooseMechanism(['PLAIN', 'SCRAM-SHA-1', 'ANONYMOUS'], ALICE, false), 'SCRAM-SHA-1');
    assert.equal(chooseMechanism(['PLAIN'], ALICE, true), 'PLAIN');
    assert.throws(() => chooseMechanism(['PLAIN'], ALICE, false), LoginRefused);
    assert.throws(() => chooseMechanism(['ANONYMOUS'], ALICE, true), LoginRefused);
  });

  it('sends guests to the anonymous domain and accounts to the main one or the typed one', () => {
    const config = { domain: 'meet.example.com', anonymousDomain: 'guest.meet.example.com' };
    assert.deepEqual(loginTarget(config, undefined), { domain: 'guest.meet.example.com' });
    assert.deepEqual(loginTarget({ domain: 'meet.example.com' }, undefined), { domain: 'meet.example.com' });
    assert.deepEqual(loginTarget(config, ALICE), { domain: 'meet.example.com', username: 'alice' });
    assert.deepEqual(loginTarget(config, { username: 'bob@other.example', password: 'x' }), { domain: 'other.example', username: 'bob' });
  });

  it('tells a refused password from other failures', () => {
    assert.ok(isRefusal(saslFailure('not-authorized')));
    assert.ok(!isRefusal(saslFailure('temporary-auth-failure')));
    assert.ok(!isRefusal(new Error('WebSocket closed')));
  });

  it('joins as a guest without asking when the server lets guests in', async () => {
    const asked: string[] = [];
    const tried: Array<Credentials | undefined> = [];
    const result = await connectWithLogin({ domain: 'd' }, async (reason) => { asked.push(reason); return ALICE; }, async (c) => { tried.push(c); return 'connected'; });
    assert.deepEqual(result, { connection: 'connected' });
    assert.deepEqual(asked, []);
    assert.deepEqual(tried, [undefined]);
  });

  it('asks for an account when guests are refused, and again with an error after a wrong password', async () => {
    const asked: Array<[string, boolean]> = [];
    const answers: Credentials[] = [{ username: 'alice', password: 'wrong' }, ALICE];
    const tried: Array<Credentials | undefined> = [];
    const result = await connectWithLogin({ domain: 'd' },
      async (reason, allowGuest) => { asked.push([reason, allowGuest]); return answers.shift(); },
      async (c) => {
        tried.push(c);
        if (!c) throw new LoginRequired();
        if (c.password !== 'secret') throw saslFailure('not-authorized');
        return 'connected';
      });
    assert.deepEqual(result, { connection: 'connected', credentials: ALICE });
    assert.deepEqual(asked, [[LOGIN_MESSAGES.required, false], [LOGIN_MESSAGES.refused, false]]);
    assert.deepEqual(tried, [undefined, { username: 'alice', password: 'wrong' }, ALICE]);
  });

  it('asks first with login: required, and offers guests a choice with an anonymous domain', async () => {
    const asked: Array<[string, boolean]> = [];
    const ask = async (reason: string, allowGuest: boolean) => { asked.push([reason, allowGuest]); return allowGuest ? undefined : ALICE; };
    assert.deepEqual((await connectWithLogin({ domain: 'd', login: 'required' }, ask, async (c) => c)).credentials, ALICE);
    assert.deepEqual(await connectWithLogin({ domain: 'd', anonymousDomain: 'g' }, ask, async (c) => c), { connection: undefined });
    assert.deepEqual(asked, [[LOGIN_MESSAGES.first, false], [LOGIN_MESSAGES.guestOrAccount, true]]);
  });

  it('passes other failures on and gives up after a bounded number of refused passwords', async () => {
    await assert.rejects(connectWithLogin({ domain: 'd' }, async () => ALICE, async () => { throw new Error('WebSocket closed'); }), /WebSocket closed/);
    let asks = 0;
    await assert.rejects(
      connectWithLogin({ domain: 'd', login: 'required' }, async () => { asks++; return ALICE; }, async () => { throw saslFailure('not-authorized'); }),
      (e: unknown) => isRefusal(e));
    assert.equal(asks, 6);
  });
});

describe('reconnect', () => {
  it('tries again after a doubling pause until an attempt succeeds', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const waits: Array<[number, number]> = [];
    const done = new Reconnector({
      clock,
      onWait: (n, ms) => waits.push([n, ms]),
      attempt: async () => { if (++attempts < 3) throw new Error('connection refused'); },
    }).run();
    for (let i = 0; i < 3; i++) {
      await settle();
      clock.fire();
    }
    assert.equal(await done, true);
    assert.equal(attempts, 3);
    assert.deepEqual(waits, [[1, 1000], [2, 2000], [3, 4000]]);
  });

  it('gives up after the last pause, stops at a final error, and stops when cancelled', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const all = new Reconnector({ clock, attempt: async () => { attempts++; throw new Error('down'); } }).run();
    for (let i = 0; i < RECONNECT_DELAYS_MS.length; i++) {
      await settle();
      clock.fire();
    }
    assert.equal(await all, false);
    assert.equal(attempts, RECONNECT_DELAYS_MS.length);
    assert.ok(Math.max(...RECONNECT_DELAYS_MS) <= 30_000);

    const final = new Reconnector({ clock, attempt: async () => { throw saslFailure('not-authorized'); }, isFinal: isRefusal }).run();
    await settle();
    clock.fire();
    assert.equal(await final, false);

    let tried = false;
    const reconnector = new Reconnector({ clock, attempt: async () => { tried = true; } });
    const cancelled = reconnector.run();
    reconnector.cancel();
    await settle();
    clock.fire();
    assert.equal(await cancelled, false);
    assert.equal(tried, false);
  });
});
