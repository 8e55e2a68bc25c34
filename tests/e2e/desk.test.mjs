// The walking skeleton, end to end: the real app on a fresh sandbox store. Open a
// ticket, see its customer and proposal, approve the cancellation, and see it run
// and land in the audit trail and the audit log. The tests share one app (a launch
// costs seconds), so they run in order and build on each other.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { launch, screenshot } from "./harness.mjs";
import { byRole, literal } from "./webdriver.mjs";

let app;

before(async () => {
  app = await launch();
  await app.session.setWindowRect({ width: 1280, height: 900 });
});

after(async () => {
  await app?.stop();
});

test("a cancellation is proposed, approved, executed and audited", async () => {
  const { session } = app;
  const queue = await session.waitFor(byRole("navigation", "Ticket queue"));
  const search = await queue.find(".//input[@aria-label='Search tickets']");
  await search.type("D-0002");
  const entry = await session.waitFor(byRole("button", "Open ticket D-0002"));
  await entry.click();

  const conversation = await session.waitFor(byRole("region", "Conversation"), {
    accept: async (element) => (await element.text()).includes("thermostat"),
  });
  assert.match(await conversation.text(), /e-reader/i);

  const customer = await session.find(byRole("region", "Customer"));
  const customerText = await customer.text();
  assert.match(customerText, /Evelyn Moore/);
  assert.match(customerText, /#W4308578/);

  const action = await session.find(byRole("article", "Action 1: cancel_order"));
  const actionText = await action.text();
  assert.match(actionText, /#W4308578/);
  assert.match(actionText, /Rules: R5(?!\d)/);
  assert.match(actionText, /allowed/i);

  const reply = await session.find(byRole("textbox", "Reply"));
  assert.match(await reply.property("value"), /cancelling order #W4308578/);

  const approve = await session.find(byRole("button", "Approve action 1"));
  assert.equal(await approve.enabled(), true);
  await approve.click();

  const outcome = await session.waitFor(
    `${byRole("article", "Action 1: cancel_order").split(" | ").map((x) => `(${x})//*[@role='status']`).join(" | ")}`,
    { accept: async (element) => /executed/i.test(await element.text()) },
  );
  assert.match(await outcome.text(), /Cancelled order #W4308578/);
  assert.equal(await (await session.find(byRole("button", "Approve action 1"))).enabled(), false);

  await session.waitFor(byRole("textbox", "Reply"), {
    accept: async (element) => /I've cancelled order #W4308578/.test(await element.property("value")),
  });

  const audit = await session.waitFor(byRole("region", "Audit trail"), {
    accept: async (element) => /cancel order/i.test(await element.text()),
  });
  const auditText = await audit.text();
  assert.match(auditText, /alex\.agent/);
  assert.match(auditText, /executed/i);
  await session.execute("document.querySelector('main') && document.querySelector('main').scrollTo(0, 0)");

  // The queue shows the ticket as done.
  await session.waitFor(`${byRole("button", "Open ticket D-0002").split(" | ")[1]}[contains(normalize-space(.), 'done')]`);
});

test("an order that has shipped cannot be cancelled from the desk", async () => {
  const { session } = app;
  const search = await session.find("//input[@aria-label='Search tickets']");
  await search.clear();
  await search.type("D-0043");
  await (await session.waitFor(byRole("button", "Open ticket D-0043"))).click();
  const proposal = await session.waitFor(byRole("region", "Proposal"), {
    accept: async (element) => (await element.text()).length > 0,
  });
  const actions = await session.findAll(`//section[@aria-label='Proposal']//article`);
  assert.equal(actions.length, 0, "no cancel action is offered for a non-pending order");
  const reply = await session.find(byRole("textbox", "Reply"));
  assert.match(await reply.property("value"), new RegExp(`#W4825004`));
  assert.match(await reply.property("value"), /can no longer be cancelled/);
  void proposal;
  void literal;
});

test("an escalated ticket shows its hand-off: queue, rules and a summary to act on", async () => {
  const { session } = app;
  const search = await session.find("//input[@aria-label='Search tickets']");
  await search.clear();
  await search.type("D-0058");
  await (await session.waitFor(byRole("button", "Open ticket D-0058"))).click();
  const handoff = await session.waitFor(byRole("region", "Handoff"), {
    accept: async (element) => /#W8727985/.test(await element.text()),
  });
  const text = await handoff.text();
  assert.match(text, /billing/i);
  assert.match(text, /R25/);
  assert.match(text, /threat of legal action/);
  assert.match(text, /Refused: refund on order #W8727985 \(R16\)/);
  const actions = await session.findAll(`//section[@aria-label='Proposal']//article`);
  assert.equal(actions.length, 0, "a must-escalate ticket offers no commerce action (R25)");
  await screenshot(session, "handoff");
});

test("a request the policy refuses is shown as not offered, with its rules", async () => {
  const { session } = app;
  const search = await session.find("//input[@aria-label='Search tickets']");
  await search.clear();
  await search.type("D-0085");
  await (await session.waitFor(byRole("button", "Open ticket D-0085"))).click();
  const refused = await session.waitFor(byRole("region", "Not offered"), {
    accept: async (element) => /#W4686509/.test(await element.text()),
  });
  const text = await refused.text();
  assert.match(text, /R7/);
  assert.match(text, /processed/);
  const reply = await session.find(byRole("textbox", "Reply"));
  assert.match(await reply.property("value"), /tracking number is \d+/);
});

test("the audit log finds the approved cancellation by ticket and outcome", async () => {
  // The first test approved the cancellation on D-0002.
  const { session } = app;
  await (await session.find(byRole("button", "Audit log"))).click();
  await session.waitFor(byRole("main", "Audit log"));
  await (await session.waitFor(byRole("searchbox", "Ticket id"))).type("D-0002");
  const outcome = (value) => session.find(`//select[@aria-label='Outcome']/option[@value='${value}']`);

  await (await outcome("refused")).click();
  await session.waitFor(byRole("status", "No audit entries match these filters."));

  await (await outcome("executed")).click();
  await session.waitFor(byRole("status", "1 entry, newest first"));
  const entry = await session.find("//article[starts-with(@aria-label, 'Audit entry ')]");
  const text = await entry.text();
  assert.match(text, /Outcome: after it ran/);
  assert.match(text, /Cancel order #W4308578/);
  assert.match(text, /D-0002/);
  assert.match(text, /Rules: R5(?!\d)/);
  assert.match(text, /executed/i);
  assert.match(text, /sandbox/);
  await screenshot(session, "audit");

  await (await session.find(byRole("button", "Tickets"))).click();
  await session.waitFor(byRole("navigation", "Ticket queue"));
});
