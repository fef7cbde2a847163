import { defineConfig } from "vite";

// `pnpm preview` (and the browser test) serves the built site cross-origin isolated, as a host
// that sets these two headers does: pages may then share memory with workers, so backend-wasm
// runs large kernels on one thread per core. Hosts without them (GitHub Pages) get one thread.
export default defineConfig({
  preview: {
    headers: {
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    },
  },
});
