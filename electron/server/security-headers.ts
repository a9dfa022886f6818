import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of browser mode. No inline or remote script, no remote anything.
 * style-src allows 'unsafe-inline' because the libraries need it: AG Grid's theming injects <style>
 * elements when a grid starts (ag-grid.com/react-data-grid/security: "requires style-src
 * 'unsafe-inline'" unless a per-load nonce is passed, which a static page cannot do), and ECharts'
 * HTML tooltips are markup with style="" attributes. img-src/font-src data: for the SVG icons and
 * fonts AG Grid embeds in its CSS.
 */
export const BROWSER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');

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
