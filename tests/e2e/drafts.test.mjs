// An edited reply survives switching tickets and restarting the app.

import { rmSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";

import { launch } from "./harness.mjs";
import { byRole } from "./webdriver.mjs";

async function open(session, id) {
  const search = await session.waitFor("//input[@aria-label='Search tickets']");
  await search.clear();
  await search.type(id);
  await (await session.waitFor(byRole("button", `Open ticket ${id}`))).click();
  return session.waitFor(byRole("textbox", "Reply"));
}

test("an edited reply is kept across a ticket switch and a restart", async () => {
  let app = await launch();
  const dataDir = app.dataDir;
  try {
    const reply = await open(app.session, "D-0043");
    await reply.type(" I added this line by hand.");
    await app.session.waitFor(byRole("status", "Draft"), {
      accept: async (element) => /Your edit is saved/.test(await element.text()),
    });
    // Another ticket, then back.
    await open(app.session, "D-0002");
    const again = await open(app.session, "D-0043");
    assert.match(await again.property("value"), /I added this line by hand\.$/);
  } finally {
    await app.stop({ keep: true });
  }
  app = await launch({ dataDir });
  try {
    const reply = await open(app.session, "D-0043");
    assert.match(await reply.property("value"), /I added this line by hand\.$/);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
