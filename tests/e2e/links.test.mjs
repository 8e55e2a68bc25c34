// A ticket handed to the desk from outside: a deep link it was started with, a
// link from a second launch (handed to the running desk), and a pasted helpdesk
// URL. Then desktop notifications, watched on the session bus with dbus-monitor:
// one when a ticket is routed to the agent's queue, none once they are off. And
// the window's size and place, kept across a restart.

import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

import { application, cliBinary, launch } from "./harness.mjs";
import { byRole, literal } from "./webdriver.mjs";

/** Waits until ticket `id` is the one shown (selected in the queue, its conversation open). */
async function showing(session, id) {
  await session.waitFor(`//button[@aria-label=${literal(`Open ticket ${id}`)} and @aria-current='true']`, {
    timeout: 20000,
  });
  return session.waitFor(byRole("region", "Conversation"));
}

/** Dispatches a paste of `text` on the page, as Ctrl+V with that text on the clipboard would. */
function paste(session, text) {
  return session.execute(
    "const data = new DataTransfer(); data.setData('text/plain', arguments[0]);" +
      " document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));",
    [text],
  );
}

/** Collects the freedesktop Notify calls on the session bus. */
function watchNotifications() {
  const monitor = spawn("dbus-monitor", ["--session", "interface='org.freedesktop.Notifications',member='Notify'"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let seen = "";
  monitor.stdout.on("data", (chunk) => {
    seen += chunk;
  });
  return {
    text: () => seen,
    stop: () => monitor.kill(),
  };
}

async function until(check, timeout, what) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("deep links and pasted helpdesk URLs open the ticket", async () => {
  const app = await launch({ args: ["countersign://ticket/D-0058"] });
  try {
    const { session } = app;
    // Started with a link: that ticket is open.
    await showing(session, "D-0058");
    await session.waitFor(byRole("region", "Handoff"));

    // A second launch with a link hands it to this desk and stops at once.
    const second = spawnSync(application, ["countersign://ticket/D-0043"], {
      env: { ...process.env, COUNTERSIGN_DATA_DIR: app.dataDir, XDG_CONFIG_HOME: join(app.dataDir, "config") },
      timeout: 30000,
      encoding: "utf8",
    });
    assert.equal(second.status, 0, `the second launch handed its link over and left: ${second.stderr}`);
    await showing(session, "D-0043");

    // A pasted Zendesk agent URL opens its ticket; an unknown one says so.
    await paste(session, "https://acme.zendesk.com/agent/tickets/D-0002");
    await showing(session, "D-0002");
    await paste(session, "https://acme.zendesk.com/agent/tickets/D-9999");
    await session.waitFor("//div[contains(@class,'toast')]", {
      accept: async (element) => /There is no ticket D-9999/.test(await element.text()),
    });
  } finally {
    await app.stop();
  }
});

test("a ticket routed to the agent's queue raises a desktop notification; the switch turns them off", async () => {
  const monitor = watchNotifications();
  const app = await launch();
  try {
    const { session } = app;
    // The agents arrive after the window: wait for Sam's entry, not just the picker.
    const sam = await session.waitFor(`(${byRole("combobox", "Approving agent")})/option[@value='sam.senior']`);
    await sam.click();
    await session.waitFor("//nav[@aria-label='Ticket queue']", {
      accept: async (element) => /Nothing routed to your queues/.test(await element.text()),
    });
    // Let the desk take its first look at Sam's queue before anything is routed.
    await new Promise((r) => setTimeout(r, 2000));
    const db = join(app.dataDir, "sandbox.db");
    const route = (ticket) => {
      const run = spawnSync(
        cliBinary,
        ["route", "--db", db, ticket, "--queue", "senior_support", "--summary", "Asked for a person.", "--agent", "alex.agent"],
        { encoding: "utf8" },
      );
      assert.equal(run.status, 0, run.stderr);
    };
    route("D-0017");
    await until(() => /Escalated to your queue/.test(monitor.text()), 45000, "a Notify call for the routed ticket");
    assert.match(monitor.text(), /string "Countersign"/, "sent as Countersign");
    await session.waitFor(byRole("button", "Open ticket D-0017"));

    // Off: nothing more is sent.
    await (await session.find(byRole("button", "Settings"))).click();
    const toggle = await session.waitFor(byRole("switch", "Desktop notifications"));
    assert.equal(await toggle.property("checked"), true);
    await toggle.click();
    await session.waitFor(byRole("switch", "Desktop notifications"), {
      accept: async (element) => (await element.property("checked")) === false,
    });
    const before = monitor.text().split("member=Notify").length;
    route("D-0038");
    await (await session.find(byRole("button", "Tickets"))).click();
    await session.waitFor(byRole("button", "Open ticket D-0038"), { timeout: 45000 });
    assert.equal(monitor.text().split("member=Notify").length, before, "no notification once switched off");
  } finally {
    monitor.stop();
    await app.stop();
  }
});

test("the window opens where and as large as it was left", async () => {
  let app = await launch();
  const dataDir = app.dataDir;
  try {
    await app.session.waitFor(byRole("navigation", "Ticket queue"));
    await app.session.setWindowRect({ x: 60, y: 50, width: 700, height: 640 });
    const left = await app.session.windowRect();
    assert.equal(left.width, 700);
    // The place is saved once the window settles.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await app.stop({ keep: true });
  }
  app = await launch({ dataDir });
  try {
    await app.session.waitFor(byRole("navigation", "Ticket queue"));
    const rect = await app.session.windowRect();
    assert.equal(rect.width, 700);
    assert.equal(rect.height, 640);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
