/** The playground's static server on 127.0.0.1 (`/`, and `/csp/` under a strict CSP). */
export const STRICT_CSP: string;
export function serve(opts?: { port?: number; host?: string }): Promise<{ url: string; close: () => Promise<void> }>;
