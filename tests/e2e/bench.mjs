// The desk's start-up, memory and responsiveness, side by side with the floor: a
// minimal window of the same Tauri version (countersign-floor). Prints figures;
// asserts nothing. Run under a display and a session bus, after building both:
//
//   (cd ui && npm run build) && cargo build --release --bin countersign-desk --bin countersign-floor
//   cd tests/e2e && dbus-run-session -- xvfb-run -a node bench.mjs [--profile release]
//
// - cold start: from asking WebDriver for a session (which starts the binary) to the
//   first frame an agent can act in (the desk's queue shown; the floor's page loaded);
// - memory: proportional set size (PSS) summed over the app's process and every
//   process under it (WebKit's web and network processes), read from
//   /proc/<pid>/smaps_rollup; for the desk after opening 50 tickets;
// - time to proposal: from clicking a ticket in the queue to the frame its proposal
//   is on screen, measured in the page.

import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";

import { launch, repo } from "./harness.mjs";
import { byRole } from "./webdriver.mjs";

const profile = process.argv.includes("--profile")
  ? process.argv[process.argv.indexOf("--profile") + 1]
  : "release";
const bin = (name) => join(repo, "target", profile, name);
const TICKETS = 50;

function children() {
  const parents = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone
    }
  }
  return parents;
}

function pidsOf(binary) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) === binary) found.push(Number(entry));
    } catch {
      // not ours to read, or gone
    }
  }
  return found;
}

/** PSS in MiB of the binary's processes and all their descendants. */
function pss(binary) {
  const parents = children();
  const tree = new Set(pidsOf(binary));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kib = 0;
  const parts = [];
  for (const pid of tree) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const match = rollup.match(/^Pss:\s+(\d+) kB/m);
      if (match) {
        kib += Number(match[1]);
        const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
        parts.push(`${name} ${(Number(match[1]) / 1024).toFixed(1)}`);
      }
    } catch {
      // gone
    }
  }
  return { mib: kib / 1024, processes: tree.size, parts: parts.join(", ") };
}

const settle = (ms) => new Promise((r) => setTimeout(r, ms));

async function floor(env = {}) {
  const started = Date.now();
  const app = await launch({ binary: bin("countersign-floor"), env });
  try {
    await app.session.waitFor("//main[@id='ready']");
    const loaded = await app.session.execute(
      "const t = performance.getEntriesByType('navigation')[0]; return performance.timeOrigin + (t ? t.loadEventEnd : performance.now());",
    );
    await settle(2000);
    return { start: loaded - started, memory: pss(bin("countersign-floor")) };
  } finally {
    await app.stop();
  }
}

async function desk() {
  const started = Date.now();
  const app = await launch({ binary: bin("countersign-desk") });
  const { session } = app;
  try {
    await session.waitFor(byRole("navigation", "Ticket queue"));
    await session.waitFor("//button[starts-with(@aria-label, 'Open ticket ')]");
    const interactive = await session.execute(
      "const m = performance.getEntriesByName('countersign:interactive')[0]; return m ? performance.timeOrigin + m.startTime : null;",
    );
    const ids = await session.execute(
      "return [...document.querySelectorAll('button[aria-label^=\"Open ticket \"]')].map((b) => b.getAttribute('aria-label').slice(12));",
    );
    const times = [];
    const order = [];
    for (const id of ids.slice(0, TICKETS)) {
      order.push(id);
      const ms = await session.executeAsync(
        `const [id, done] = [arguments[0], arguments[arguments.length - 1]];
         const conversation = () => document.querySelector('section[aria-label="Conversation"]')?.textContent ?? "";
         const before = conversation();
         const button = document.querySelector('button[aria-label="Open ticket ' + id + '"]');
         const t0 = performance.now();
         button.click();
         const check = () => {
           if (document.querySelector('section[aria-label="Proposal"]') && conversation() !== before) {
             requestAnimationFrame(() => done(performance.now() - t0));
           } else if (performance.now() - t0 > 10000) {
             done(-1);
           } else {
             requestAnimationFrame(check);
           }
         };
         requestAnimationFrame(check);`,
        [id],
      );
      times.push(ms);
    }
    await settle(2000);
    return {
      start: interactive === null ? NaN : interactive - started,
      memory: pss(bin("countersign-desk")),
      times,
      order,
    };
  } finally {
    await app.stop();
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// The floor as Tauri ships it (the goal's reference), and the floor painting the way
// the desk does (without accelerated compositing: src-tauri/src/rendering.rs), so
// that what the desk's own content costs can be read as well.
const base = await floor();
const alike = await floor({ WEBKIT_DISABLE_COMPOSITING_MODE: "1" });
const app = await desk();
const opened = app.times.filter((t) => t >= 0);
console.log(`Countersign desk vs floor (${profile} build, same Tauri version)`);
console.log(
  `cold start to first interactive frame   desk ${app.start.toFixed(0)} ms   floor ${base.start.toFixed(0)} ms`,
);
console.log(
  `memory, PSS over all processes          desk ${app.memory.mib.toFixed(1)} MiB (${app.memory.processes} processes, after ${opened.length} tickets)   floor ${base.memory.mib.toFixed(1)} MiB (${base.memory.processes} processes)   ratio ${(app.memory.mib / base.memory.mib).toFixed(2)} (goal ≤ 1.25)`,
);
console.log(
  `  by process (MiB)                       desk: ${app.memory.parts}   floor: ${base.memory.parts}`,
);
console.log(
  `  floor painting as the desk does        ${alike.memory.mib.toFixed(1)} MiB (${alike.memory.parts})   ratio ${(app.memory.mib / alike.memory.mib).toFixed(2)}; its cold start ${alike.start.toFixed(0)} ms`,
);
console.log(
  `  slowest openings                      ${app.times
    .map((ms, i) => ({ ms, i }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map(({ ms, i }) => `${app.order[i]} (#${i + 1}) ${ms.toFixed(0)} ms`)
    .join(", ")}`,
);
console.log(
  `ticket selected to proposal on screen   median ${percentile(opened, 50).toFixed(1)} ms   p95 ${percentile(opened, 95).toFixed(1)} ms   max ${Math.max(...opened).toFixed(1)} ms   (goal ≤ 100 ms; ${app.times.length - opened.length} timed out)`,
);
