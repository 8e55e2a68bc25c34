// Starts tauri-driver (which starts the real desktop binary through WebKitWebDriver)
// with a fresh data folder, and hands the test a WebDriver session on the app.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";

import { Session } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
export const application =
  process.env.COUNTERSIGN_DESK_BIN ?? join(repo, "target", "debug", "countersign-desk");

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on("error", reject);
  });
}

async function waitForPort(port, child, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    const open = await new Promise((ok) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        ok(true);
      });
      socket.once("error", () => ok(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`tauri-driver did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends tauri-driver's whole process group: politely, then for sure. */
async function endGroup(driver) {
  const deadline = Date.now() + 5000;
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {
    // already gone
  }
  while (groupAlive(driver.pid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (groupAlive(driver.pid)) {
    try {
      process.kill(-driver.pid, "SIGKILL");
    } catch {
      // gone in the meantime
    }
  }
}

/**
 * Launches the app on a fresh sandbox. `dataDir` reuses a folder (for restart tests);
 * `args` are the app's command-line arguments (a deep link, say); `env` adds to the
 * environment the app starts with.
 * Returns { session, dataDir, stop }.
 */
export async function launch({ dataDir, binary = application, args = [], env = {} } = {}) {
  const folder = dataDir ?? mkdtempSync(join(tmpdir(), "countersign-e2e-"));
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(
    process.env.TAURI_DRIVER ?? "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"],
    {
      // The window's remembered size and place live in the config folder: each
      // test app keeps its own, beside its data.
      env: {
        ...process.env,
        COUNTERSIGN_DATA_DIR: folder,
        XDG_CONFIG_HOME: join(folder, "config"),
        RUST_LOG: process.env.RUST_LOG ?? "info",
        ...env,
      },
      // Its own process group, so that stop() ends the driver, WebKitWebDriver and
      // the app together; and piped output, so a straggler can never hold the test
      // runner's output open (and the run with it).
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  driver.stdout.on("data", (chunk) => process.stderr.write(chunk));
  driver.stderr.on("data", (chunk) => process.stderr.write(chunk));
  await waitForPort(port, driver);
  let session;
  // tauri-driver listens before WebKitWebDriver behind it does: a session asked for
  // in that moment fails to connect ("fetch failed") and is asked for again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      session = await Session.start(`http://127.0.0.1:${port}`, {
        browserName: "wry",
        "tauri:options": { application: binary, args },
      });
      break;
    } catch (error) {
      const unreachable = error instanceof TypeError && /fetch failed/.test(error.message);
      if (unreachable && attempt < 5 && driver.exitCode === null) {
        await new Promise((r) => setTimeout(r, 300 * attempt));
        continue;
      }
      await endGroup(driver);
      throw error;
    }
  }
  return {
    session,
    dataDir: folder,
    async stop({ keep = false } = {}) {
      await session.close();
      await endGroup(driver);
      if (!keep && !dataDir) rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot when SCREENSHOT_DIR is set (the README's pictures come from here). */
export async function screenshot(session, name) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.png`), await session.screenshot());
}

/** The CLI beside the desk binary. */
export const cliBinary = join(dirname(application), "countersign");
