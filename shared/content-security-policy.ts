/**
 * The Content-Security-Policy of the app's pages, the same in both doors: the Electron app
 * protocol and the browser mode's server send it, renderer/index.html repeats it as a meta tag.
 * No inline or remote script; nothing remote at all. style-src allows 'unsafe-inline' because the
 * libraries need it: AG Grid's theming injects <style> elements when a grid starts
 * (ag-grid.com/react-data-grid/security: "requires style-src 'unsafe-inline'" unless a per-load
 * nonce is passed, which a static page cannot do), and ECharts' HTML tooltips are markup with
 * style="" attributes. img-src/font-src data: for the SVG icons and fonts AG Grid embeds in its CSS.
 */
export const APP_CONTENT_SECURITY_POLICY = [
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
