// A support lead's policy file with a mistake: the desk says so, with the line,
// and keeps the shipped policy in force.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { launch, repo } from "./harness.mjs";

test("an invalid policy file is refused with its line; the shipped policy stays", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "countersign-e2e-policy-"));
  const shipped = readFileSync(join(repo, "crates/policy/policies/sandbox.toml"), "utf8");
  const line = shipped.split("\n").findIndex((l) => l.startsWith("max_goodwill = 2")) + 1;
  writeFileSync(join(dataDir, "policy.toml"), shipped.replace("max_goodwill = 2", 'max_goodwill = "two"'));
  const app = await launch({ dataDir });
  try {
    const alert = await app.session.waitFor("//*[@role='alert']");
    const text = await alert.text();
    assert.match(text, new RegExp(`policy\\.toml was refused \\(line ${line}:`));
    assert.match(text, /stays in force/);
    assert.ok(await app.session.find("//*[contains(normalize-space(.), 'Policy: Sandbox store support policy v1')]"));
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
