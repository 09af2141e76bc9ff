import type { Plugin } from "vite";

/**
 * The production build's Content-Security-Policy, as a <meta> tag (a static
 * host may not let us set headers). No inline script and no eval: every script
 * is a file from this origin. Not in index.html itself because Vite's dev
 * server injects an inline script (React Fast Refresh's preamble) that this
 * policy would block, so the plugin applies to `vite build` only.
 *
 * - style-src has no 'unsafe-inline': React sets `style={{…}}` through the
 *   CSSOM (element.style), which CSP does not govern; only style attributes in
 *   markup and <style> elements need 'unsafe-inline', and the app has neither.
 * - img-src allows data: and blob: for the diagram export (an SVG blob drawn
 *   into a canvas for the PNG).
 * - frame-ancestors cannot be set from a <meta>; a host that wants it sets the header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Adds the policy to index.html at build time. Wire into vite.config.ts: `plugins: [react(), contentSecurityPolicy()]`. */
export function contentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): Plugin {
  return {
    name: "kafkascope-csp",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [
        { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: policy }, injectTo: "head-prepend" },
      ],
    },
  };
}
