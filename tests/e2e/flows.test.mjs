// The agent's three daily flows on the real window: approve (with an edited amount,
// its live verdict and the undo window), edit and send the reply, and review and
// route a handoff; then the same work by keyboard alone, and an action that fails
// because the order changed under the agent. The tests share one app and run in
// order.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { cliBinary, launch, screenshot } from "./harness.mjs";
import { byRole, literal } from "./webdriver.mjs";

let app;

before(async () => {
  app = await launch();
  await app.session.setWindowRect({ width: 1280, height: 900 });
});

after(async () => {
  await app?.stop();
});

async function open(session, id) {
  const search = await session.waitFor(byRole("textbox", "Search tickets"));
  await search.clear();
  await search.type(id);
  await (await session.waitFor(byRole("button", `Open ticket ${id}`))).click();
  await session.waitFor(byRole("region", "Conversation"));
}

/** The status line of action `n` (1-based) of the open ticket, once it matches `pattern`. */
function outcomeOf(session, n, type, pattern) {
  const article = `//article[@aria-label=${literal(`Action ${n}: ${type}`)}]`;
  return session.waitFor(`${article}//*[@role='status']`, {
    timeout: 30000,
    accept: async (element) => pattern.test(await element.text()),
  });
}

function toast(session, pattern) {
  return session.waitFor("//div[contains(@class,'toast')]", {
    accept: async (element) => pattern.test(await element.text()),
  });
}

function cli(...args) {
  const run = spawnSync(cliBinary, args, { encoding: "utf8" });
  assert.equal(run.status, 0, `countersign ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

test("approval: an edited amount is judged live, the undo window holds it, then it runs", async () => {
  const { session } = app;
  await session.waitFor(byRole("button", "Open ticket D-0008"));
  await (await session.find(byRole("button", "Open ticket D-0002"))).click();
  await session.waitFor(byRole("region", "Conversation"));
  await screenshot(session, "queue");
  await open(session, "D-0008");
  const card = `//article[@aria-label='Action 1: refund']`;
  const amount = await session.waitFor(byRole("textbox", "Refund amount"));
  assert.equal(await amount.property("value"), "15.00");

  // Above what the order paid: the verdict turns to denied as the agent types.
  await amount.clear();
  await amount.type("9999.00");
  await session.waitFor(card, { accept: async (element) => /denied/i.test(await element.text()) });
  const approve = await session.find(byRole("button", "Approve action 1"));
  await session.waitFor(byRole("button", "Approve action 1"), {
    accept: async (element) => !(await element.enabled()),
  });

  // Back inside the policy: allowed again, and approvable.
  await amount.clear();
  await amount.type("10.00");
  await session.waitFor(card, { accept: async (element) => /allowed/i.test(await element.text()) });
  await session.waitFor(byRole("button", "Approve action 1"), { accept: (element) => element.enabled() });

  // The undo window: nothing runs until it passes; Undo takes it back.
  await approve.click();
  const bar = await session.waitFor(byRole("region", "Approvals"), {
    accept: async (element) => /Refunding \$10\.00 in \d+ s/.test(await element.text()),
  });
  await screenshot(session, "approval");
  await (await bar.find(".//button[normalize-space(.)='Undo']")).click();
  await session.waitFor(byRole("button", "Approve action 1"), { accept: (element) => element.enabled() });
  const trail = await session.find(byRole("region", "Audit trail"));
  assert.doesNotMatch(await trail.text(), /refund/i, "an undone approval records and runs nothing");

  // Approve again and run it at once.
  await approve.click();
  const again = await session.waitFor(byRole("region", "Approvals"));
  await (await again.find(".//button[normalize-space(.)='Run now']")).click();
  const outcome = await outcomeOf(session, 1, "refund", /executed/i);
  assert.match(await outcome.text(), /10\.00/);
  await session.waitFor(byRole("region", "Audit trail"), {
    accept: async (element) => /refund/i.test(await element.text()),
  });
});

test("reply: the agent edits the draft and sends it; the ticket is solved and the edit is audited", async () => {
  const { session } = app;
  const reply = await session.waitFor(byRole("textbox", "Reply"), {
    accept: async (element) => /10\.00/.test(await element.property("value")),
  });
  await reply.type("\uE007\uE007Thanks for your patience."); // Enter, Enter
  const status = await session.find(byRole("combobox", "Status after sending"));
  await (await status.find(".//option[@value='solved']")).click();
  await screenshot(session, "reply");
  await (await session.find(byRole("button", "Send reply"))).click();
  await toast(session, /Reply sent; the ticket is solved\./);
  await session.waitFor(byRole("region", "Conversation"), {
    accept: async (element) => /Thanks for your patience\./.test(await element.text()),
  });
  await session.waitFor(`${byRole("button", "Open ticket D-0008").split(" | ")[1]}[contains(normalize-space(.), 'solved')]`);

  // The audit log keeps the draft beside what was sent.
  await (await session.find(byRole("button", "Audit log"))).click();
  const entries = await session.waitFor("//ol[@aria-label='Audit entries']", {
    accept: async (element) => /Reply sent/.test(await element.text()),
  });
  const text = await entries.text();
  assert.match(text, /As drafted/i);
  assert.match(text, /As sent/i);
  assert.match(text, /Thanks for your patience\./);
  await (await session.find(byRole("button", "Tickets"))).click();
});

test("handoff: the summary and queue are edited, the ticket is routed and leaves the queue", async () => {
  const { session } = app;
  await open(session, "D-0017");
  const summary = await session.waitFor(byRole("textbox", "Handoff summary"), {
    accept: async (element) => (await element.property("value")).length > 40,
  });
  await summary.type("\uE007Customer prefers a call back after 5 pm.");
  const queue = await session.find(byRole("combobox", "Queue"));
  assert.equal(await queue.property("value"), "senior_support");
  await screenshot(session, "handoff-route");
  await (await session.find(byRole("button", "Route to Senior support"))).click();
  await toast(session, /Routed to Senior support/);
  // Alex does not work the senior queue: the ticket is gone from their queue.
  const search = await session.find(byRole("textbox", "Search tickets"));
  await search.clear();
  await search.type("D-0017");
  await session.waitFor("//nav[@aria-label='Ticket queue']", {
    accept: async () => (await session.findAll(byRole("button", "Open ticket D-0017"))).length === 0,
  });
  await search.clear();
});

test("keyboard only: open, approve, undo, approve, send, and reach the handoff", async () => {
  const { session } = app;
  const search = await session.waitFor(byRole("textbox", "Search tickets"));
  await search.clear();
  await search.type("D-0009\uE007"); // Enter opens the first match
  await session.waitFor(byRole("article", "Action 1: refund"));
  await session.keys("\uE004"); // Tab: out of the search field, shortcuts apply again
  await session.keys("a");
  await session.waitFor(byRole("region", "Approvals"));
  await session.keys("\uE00C"); // Escape undoes
  await session.waitFor(byRole("button", "Approve action 1"), { accept: (element) => element.enabled() });
  const none = await session.findAll("//section[@aria-label='Approvals']");
  assert.equal(none.length, 0, "Escape took the approval back");
  await session.keys("a");
  await outcomeOf(session, 1, "refund", /executed/i);
  // x opens the handoff editor by hand (the ticket is not escalated) and focuses it.
  await session.keys("x");
  await session.waitFor(byRole("textbox", "Handoff summary"));
  assert.equal(await session.focusedName(), "Handoff summary");
  // Out of the editor (past the queue choice, to a button), then e: to the reply.
  await session.keys("\uE004\uE004");
  await session.keys("e");
  assert.equal(await session.focusedName(), "Reply");
  await session.keys(" Sent from the keyboard.");
  await session.chord("\uE009", "\uE007"); // Ctrl+Enter sends
  await session.waitFor(byRole("region", "Conversation"), {
    accept: async (element) => /Sent from the keyboard\./.test(await element.text()),
  });
  await session.chord("\uE008", "\uE004"); // Shift+Tab: out of the editor
  await session.keys("?");
  const help = await session.waitFor("//*[@aria-label='Keyboard shortcuts']");
  assert.match(await help.text(), /hand the ticket off/);
  await session.keys("\uE00C");
});

test("a failed action: the order changed under the agent; the desk says so and what to do", async () => {
  const { session } = app;
  await open(session, "D-0002");
  await session.waitFor(byRole("article", "Action 1: cancel_order"));
  // Another agent cancels the same order first, from the command line.
  const actions = join(app.dataDir, "actions.jsonl");
  const fs = await import("node:fs");
  fs.writeFileSync(
    actions,
    `${JSON.stringify({ customer_id: "evelyn_moore_6558", action: { type: "cancel_order", order_id: "#W4308578", reason: "no longer needed" } })}\n`,
  );
  cli("apply", "--db", join(app.dataDir, "sandbox.db"), "--actions", actions, "--agent", "sam.senior");

  await (await session.find(byRole("button", "Approve action 1"))).click();
  const bar = await session.waitFor(byRole("region", "Approvals"));
  await (await bar.find(".//button[normalize-space(.)='Run now']")).click();
  const outcome = await outcomeOf(session, 1, "cancel_order", /refused|failed/i);
  const text = await outcome.text();
  assert.match(text, /#W4308578 is cancelled/);
  assert.match(text, /\(R\d+/, "the rule behind the refusal is named");
  assert.match(text, /Nothing was changed/);
  await screenshot(session, "failed");
});
