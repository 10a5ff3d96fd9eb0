// A static server for the playground on 127.0.0.1. `/` serves the page; `/csp/` serves the
// same page under a Content-Security-Policy without 'unsafe-eval', where jit cannot use
// new Function and falls back to the interpreter. Both are cross-origin isolated (COOP/COEP);
// `/plain/` serves the page without those headers, as most sites are (no shared memory:
// jit's kernels run on the page's thread).
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".map": "application/json" };
const FILES = { "/": "index.html", "/index.html": "index.html", "/style.css": "style.css", "/main.js": "dist/main.js", "/main.js.map": "dist/main.js.map", "/descent-aot.js": "dist/descent-aot.js" };
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

/** Starts the server; resolves to its URL and a close function. Port 0 picks a free port. */
export function serve({ port = 0, host = "127.0.0.1" } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const csp = url.pathname === "/csp" || url.pathname.startsWith("/csp/");
    const plain = url.pathname === "/plain" || url.pathname.startsWith("/plain/");
    const path = csp ? url.pathname.slice(4) || "/" : plain ? url.pathname.slice(6) || "/" : url.pathname;
    const file = FILES[path];
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      const body = await readFile(normalize(join(here, file)));
      const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" };
      if (csp) headers["content-security-policy"] = STRICT_CSP;
      // Cross-origin isolation, so the page has SharedArrayBuffer and jit's WebAssembly
      // kernels share their memory (as in Node, where worker threads can run them).
      if (!plain) {
        headers["cross-origin-opener-policy"] = "same-origin";
        headers["cross-origin-embedder-policy"] = "require-corp";
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(500, { "content-type": "text/plain" }).end(`cannot read ${file}; run \`npm run playground\` (it builds first)`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ url: `http://${host}:${actual}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.env.PORT ?? 5173) });
  console.log(`playground at ${url} (and ${url}csp/ under a strict Content-Security-Policy, ${url}plain/ not cross-origin isolated); Ctrl-C to stop`);
}
