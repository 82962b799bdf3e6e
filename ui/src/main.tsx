import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { App } from "./App";

/**
 * `npm run dev` in a plain browser has no Tauri to answer: the HQ stand-in of the tests answers
 * instead (with 240 demo plants, for a long grid). Never part of a build: `import.meta.env.DEV`
 * is false there and the import is dropped.
 */
async function devBackend(): Promise<void> {
  if (import.meta.env.DEV && !("__TAURI_INTERNALS__" in window)) {
    const { mockHq } = await import("./ipc/mockBackend");
    mockHq({}, {}, 240);
  }
}

const root = document.getElementById("root");
if (root) {
  void devBackend().then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
