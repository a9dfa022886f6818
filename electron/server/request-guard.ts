import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE_PREFIX, TOKEN_HEADER } from '../../shared/api/transport';

/**
 * Who may talk to the browser-mode server: plain functions of a request's headers, one rule each.
 * The server listens on 127.0.0.1 only; these rules keep other web pages (another port on this
 * machine, a DNS-rebinding site) and other users of the machine without the token out.
 */

/** Only the names the server was started under: a rebinding domain pointed at 127.0.0.1 is refused. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** An Origin, when the browser sends one, must be this very server (scheme, host and port). */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  return host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/**
 * Sec-Fetch-Site, when sent: only this origin, or the person typing the URL. `same-site` is refused
 * too: every port of 127.0.0.1 is the same "site" to a browser, and another local web app must not
 * reach this one.
 */
export function fetchSiteAllowed(value: string | undefined): boolean {
  return value === undefined || value === 'same-origin' || value === 'none';
}

export function sessionCookieName(port: number): string {
  return `${SESSION_COOKIE_PREFIX}${port}`;
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Compares in constant time (the length is not secret: it is the same for every run). */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer header or the session cookie carries the token. */
export function authenticated(request: IncomingMessage, token: string, port: number): boolean {
  const header = request.headers[TOKEN_HEADER];
  if (tokenMatches(bearerToken(Array.isArray(header) ? header[0] : header), token)) return true;
  return tokenMatches(cookieValue(request.headers.cookie, sessionCookieName(port)), token);
}

export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export type Refusal = { status: 401 | 403; message: string };

/** The first rule a request breaks, or null. Authentication is checked apart (the token URL sets the cookie). */
export function originRefusal(request: IncomingMessage, port: number): Refusal | null {
  const { host, origin } = request.headers;
  if (!hostAllowed(host, port))
    return {
      status: 403,
      message: `refused: this server answers only to 127.0.0.1:${port} or localhost:${port}`,
    };
  if (!originAllowed(origin, host))
    return { status: 403, message: 'refused: the request comes from another origin' };
  const site = request.headers['sec-fetch-site'];
  if (!fetchSiteAllowed(Array.isArray(site) ? site[0] : site))
    return { status: 403, message: 'refused: the request comes from another site' };
  return null;
}
