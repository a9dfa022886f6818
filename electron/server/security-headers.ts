import type { ServerResponse } from 'node:http';
import { APP_CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

/** The app's policy (shared/content-security-policy.ts), sent on every page this door serves. */
export const BROWSER_CONTENT_SECURITY_POLICY = APP_CONTENT_SECURITY_POLICY;

/** On every answer of the server. */
export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', BROWSER_CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // Another origin's page cannot even embed what this server answers (an <img> of a download).
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader(
    'Permissions-Policy',
    'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  );
}

export function noStore(response: ServerResponse): void {
  response.setHeader('Cache-Control', 'no-store');
}
