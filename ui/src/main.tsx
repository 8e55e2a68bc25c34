import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { BackendProvider } from "./ipc/BackendContext";
import { createTauriBackend } from "./ipc/tauri";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <BackendProvider backend={createTauriBackend()}>
      <App />
    </BackendProvider>
  </StrictMode>,
);
