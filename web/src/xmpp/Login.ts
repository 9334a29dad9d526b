// Which SASL mechanism and which domain a login uses (RFC 6120 §6): guests log in with ANONYMOUS (RFC 4505) when
// the server offers it; accounts with SCRAM-SHA-1 (RFC 5802), or PLAIN (RFC 4616) only over a secure connection.
// With `anonymousDomain` set (as in Jitsi deployments), guests go to that domain and accounts to the main one.

/** A user's account credentials, as typed into the login form. */
export interface Credentials {
  username: string;
  password: string;
}

/** `auto`: log in as a guest and ask for an account only when the server refuses guests; `required`: always ask. */
export type LoginMode = 'auto' | 'required';

export interface LoginConfig {
  /** The main XMPP domain (accounts; guests too unless `anonymousDomain` is set). */
  domain: string;
  /** Where guests log in anonymously when the main domain is for accounts only. */
  anonymousDomain?: string;
  login?: LoginMode;
}

/** The server offered no mechanism for a guest: the user has to log in with an account. */
export class LoginRequired extends Error {
  constructor() {
    super('the XMPP server does not let guests in; log in with an account');
    this.name = 'LoginRequired';
  }
}

/** The server refused the user name or password (SASL `not-authorized` and friends, RFC 6120 §6.5). */
export class LoginRefused extends Error {
  constructor(readonly condition: string) {
    super(`the XMPP server refused the login (${condition})`);
    this.name = 'LoginRefused';
  }
}

/** The user closed the login form instead of signing in. */
export class LoginCancelled extends Error {
  constructor() {
    super('login cancelled');
    this.name = 'LoginCancelled';
  }
}

/** SASL failure conditions that mean "these credentials are not accepted" rather than a broken server. */
const REFUSED = new Set(['not-authorized', 'account-disabled', 'credentials-expired', 'invalid-authzid', 'invalid-mechanism', 'mechanism-too-weak']);

/** Whether a failed connection attempt was the server refusing the credentials. */
export function isRefusal(error: unknown): error is { condition: string } {
  const condition = (error as { condition?: unknown } | undefined)?.condition;
  return (error as { name?: unknown } | undefined)?.name === 'SASLError' && typeof condition === 'string' && REFUSED.has(condition);
}

/**
 * The mechanism for this login among those the server offered. Throws LoginRequired for a guest on a server
 * without ANONYMOUS, and when no offered mechanism can carry the password safely.
 */
export function chooseMechanism(offered: readonly string[], credentials: Credentials | undefined, secure: boolean): string {
  if (!credentials) {
    if (offered.includes('ANONYMOUS')) return 'ANONYMOUS';
    throw new LoginRequired();
  }
  if (offered.includes('SCRAM-SHA-1')) return 'SCRAM-SHA-1';
  // PLAIN sends the password itself: only inside TLS or on loopback (what @xmpp/websocket calls secure).
  if (secure && offered.includes('PLAIN')) return 'PLAIN';
  throw new LoginRefused('no-usable-mechanism');
}

/** The domain a login goes to and the local part of the account (a typed `user@domain` picks that domain). */
export function loginTarget(config: LoginConfig, credentials: Credentials | undefined): { domain: string; username?: string } {
  if (!credentials) return { domain: config.anonymousDomain ?? config.domain };
  const at = credentials.username.lastIndexOf('@');
  if (at < 0) return { domain: config.domain, username: credentials.username };
  return { domain: credentials.username.slice(at + 1), username: credentials.username.slice(0, at) };
}

/** Whether the page asks for an account before the first connection attempt. */
export const asksFirst = (config: LoginConfig): boolean => config.login === 'required';

/**
 * Asks the user for an account. `reason` is the sentence above the form; with `allowGuest` the form also offers
 * joining as a guest, which resolves with undefined. Rejects when the user cancels.
 */
export type AskLogin = (reason: string, allowGuest: boolean) => Promise<Credentials | undefined>;

export const LOGIN_MESSAGES = {
  first: 'Sign in with your account to join.',
  guestOrAccount: 'Sign in with your account, or join as a guest.',
  required: 'This server does not let guests in: sign in with your account to join.',
  refused: 'Wrong user name or password. Please try again.',
} as const;

/** How many times the form comes back after a refused password before the join gives up. */
const MAX_LOGIN_TRIES = 5;

/**
 * Connects as the configuration and the server ask: a guest first (unless `login: 'required'` or an
 * `anonymousDomain` makes the page ask first), the login form when the server refuses guests, the form again with
 * an error after a refused password. Resolves with what `connect` returned and the credentials that worked.
 */
export async function connectWithLogin<T>(
  config: LoginConfig,
  ask: AskLogin,
  connect: (credentials: Credentials | undefined) => Promise<T>,
): Promise<{ connection: T; credentials?: Credentials }> {
  let credentials: Credentials | undefined;
  if (asksFirst(config)) credentials = await ask(LOGIN_MESSAGES.first, false);
  else if (config.anonymousDomain) credentials = await ask(LOGIN_MESSAGES.guestOrAccount, true);
  for (let tries = 0; ; tries++) {
    try {
      const connection = await connect(credentials);
      return { connection, ...(credentials ? { credentials } : {}) };
    } catch (error) {
      if (tries >= MAX_LOGIN_TRIES) throw error;
      if (error instanceof LoginRequired) credentials = await ask(LOGIN_MESSAGES.required, false);
      else if (error instanceof LoginRefused || isRefusal(error)) credentials = await ask(LOGIN_MESSAGES.refused, !!config.anonymousDomain);
      else throw error;
    }
  }
}
