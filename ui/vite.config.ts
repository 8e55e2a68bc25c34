import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// JSX is compiled by Vite's built-in transform (tsconfig `jsx: "react-jsx"`).
// @vitejs/plugin-react is deliberately not used: its fast-refresh preamble is an
// inline <script>, which the app's CSP (`script-src 'self'`) forbids.
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
