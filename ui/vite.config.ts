/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri loads ui/dist from tauri://localhost under a strict CSP, so the build
// must use relative asset paths and emit no inline scripts.
export default defineConfig({
  base: "./",
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // The bundle is embedded in the app binary and read from disk, never downloaded: the main
    // chunk (React, i18next, TanStack Table/Virtual: ~530 kB, ~160 kB gzipped) is fine at that
    // size. The trend tab's uPlot is split off and loads with the tab.
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
