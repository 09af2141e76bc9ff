import { config } from "zod";

/*
 * Imported first by main.tsx, before any schema is built or parsed. Zod's
 * object parser probes for eval with `new Function("")` and, when allowed,
 * compiles a faster parser. The production build's Content-Security-Policy
 * (vite.csp.ts) forbids eval, so the probe only produces a
 * securitypolicyviolation report; parsing scenarios is not a hot path.
 */
config({ jitless: true });
