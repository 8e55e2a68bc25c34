//! The headless CLI, run as a user runs it.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;
use std::process::{Command, Output};

fn countersign(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn dev_tickets() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../store/world/dev-tickets.jsonl")
        .display()
        .to_string()
}

fn init(dir: &Path) -> String {
    let db = dir.join("sandbox.db").display().to_string();
    let output = countersign(&["world", "init", "--db", &db]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    db
}

#[test]
fn world_init_creates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    assert!(text(&countersign(&["world", "init", "--db", &db]).stdout).is_empty());
    let again = countersign(&["world", "init", "--db", &db]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    let forced = countersign(&["world", "init", "--db", &db, "--force"]);
    assert!(forced.status.success());
    assert!(text(&forced.stdout).contains("1000 orders"));
}

#[test]
fn triage_writes_one_proposal_per_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let out = dir.path().join("proposals.jsonl");
    let output = countersign(&[
        "triage",
        "--db",
        &db,
        "--tickets",
        &dev_tickets(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let written = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<serde_json::Value> = written
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 160);
    for proposal in &lines {
        for key in [
            "ticket_id",
            "customer_id",
            "intent",
            "confidence",
            "actions",
            "escalate",
            "reply",
        ] {
            assert!(proposal.get(key).is_some(), "missing {key} in {proposal}");
        }
        let confidence = proposal["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        for action in proposal["actions"].as_array().unwrap() {
            assert!(action["type"].is_string());
            let decision = action["verdict"]["decision"].as_str().unwrap();
            assert!(["allowed", "needs_approval", "denied"].contains(&decision));
            assert!(!action["verdict"]["rules"].as_array().unwrap().is_empty());
        }
    }
    let d2 = lines.iter().find(|p| p["ticket_id"] == "D-0002").unwrap();
    assert_eq!(d2["customer_id"], "evelyn_moore_6558");
    assert_eq!(d2["actions"][0]["type"], "cancel_order");
    assert_eq!(d2["actions"][0]["order_id"], "#W4308578");
    assert_eq!(d2["actions"][0]["reason"], "no longer needed");
    assert_eq!(d2["actions"][0]["verdict"]["rules"][0], "R5");
    // D-0001 asks where an order is: the reply gives its tracking number.
    let d1 = lines.iter().find(|p| p["ticket_id"] == "D-0001").unwrap();
    assert!(d1["reply"].as_str().unwrap().contains("649807814716"));
}

#[test]
fn a_malformed_line_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let tickets = dir.path().join("tickets.jsonl");
    let good = std::fs::read_to_string(dev_tickets()).unwrap();
    let first = good.lines().next().unwrap();
    std::fs::write(
        &tickets,
        format!("{first}\n{{\"id\": \"X-1\", \"channel\": 5}}\nnot json\n"),
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    let output = countersign(&[
        "triage",
        "--db",
        &db,
        "--tickets",
        &tickets.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("tickets.jsonl:2:"), "{stderr}");
    assert!(stderr.contains("tickets.jsonl:3:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "no partial output");
}

#[test]
fn missing_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing_db = dir.path().join("none.db").display().to_string();
    let output = countersign(&[
        "triage",
        "--db",
        &missing_db,
        "--tickets",
        &dev_tickets(),
        "--out",
        "/dev/null",
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("world init"),
        "{}",
        text(&output.stderr)
    );

    let db = init(dir.path());
    let output = countersign(&[
        "triage",
        "--db",
        &db,
        "--tickets",
        "/nonexistent/tickets.jsonl",
        "--out",
        "/dev/null",
    ]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("cannot open /nonexistent/tickets.jsonl"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn policy_check_names_the_line_of_a_mistake() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy/policies/sandbox.toml");
    let output = countersign(&["policy", "check", &shipped.display().to_string()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("valid"),
        "{}",
        text(&output.stdout)
    );

    let source = std::fs::read_to_string(&shipped).unwrap();
    let line = source
        .lines()
        .position(|l| l.starts_with("window_days = 90"))
        .unwrap()
        + 1;
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("policy.toml");
    std::fs::write(
        &broken,
        source.replacen("window_days = 90", "window_days = -90", 1),
    )
    .unwrap();
    let output = countersign(&["policy", "check", &broken.display().to_string()]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!("line {line}:")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn schema_describes_every_action_type() {
    let output = countersign(&["schema"]);
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let types: Vec<&str> = schema["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|variant| variant["properties"]["type"]["const"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 15);
    assert!(types.contains(&"cancel_order") && types.contains(&"update_customer_email"));
}

#[test]
fn eval_scores_the_dev_tickets_and_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("eval.json");
    let output = countersign(&[
        "eval",
        "--tickets",
        &dev_tickets(),
        "--json",
        &json.display().to_string(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for heading in [
        "intent accuracy",
        "action exact match",
        "customer identification",
        "escalation",
        "by confidence",
        "confusion",
    ] {
        assert!(stdout.contains(heading), "missing {heading}: {stdout}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["tickets"], 160);
    assert_eq!(report["intent"]["total"], 160);
    assert_eq!(
        report["denied_shown_as_allowed"], 0,
        "the engine never shows a refused action as allowed"
    );
    let bucketed: u64 = report["by_confidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["intent"]["total"].as_u64().unwrap())
        .sum();
    assert_eq!(bucketed, 160, "every ticket falls in one confidence bucket");
    let confusion_total: u64 = report["confusion"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|row| {
            row.as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
        })
        .sum();
    assert_eq!(confusion_total, 160);
}

#[test]
fn eval_needs_labelled_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("unlabelled.jsonl");
    let first = std::fs::read_to_string(dev_tickets())
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let mut unlabelled: serde_json::Value = serde_json::from_str(&first).unwrap();
    unlabelled.as_object_mut().unwrap().remove("gold");
    std::fs::write(&tickets, format!("{unlabelled}\n")).unwrap();
    let output = countersign(&["eval", "--tickets", &tickets.display().to_string()]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("ticket D-0001 (#1): no `gold` label"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn the_cli_and_the_desk_propose_the_same_for_every_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let out = dir.path().join("proposals.jsonl");
    let output = countersign(&[
        "triage",
        "--db",
        &db,
        "--tickets",
        &dev_tickets(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let desk = countersign_core::Desk::open(Path::new(&db)).unwrap();
    let lines = std::fs::read_to_string(&out).unwrap();
    let mut compared = 0;
    for line in lines.lines() {
        let cli: countersign_domain::Proposal = serde_json::from_str(line).unwrap();
        let view = desk.ticket(&cli.ticket_id).unwrap();
        assert_eq!(
            serde_json::to_value(&view.proposal).unwrap(),
            serde_json::to_value(&cli).unwrap(),
            "ticket {}",
            cli.ticket_id
        );
        compared += 1;
    }
    assert_eq!(compared, 160);
}

#[test]
fn audit_verify_names_a_tampered_entry_and_export_writes_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    // Two refused approvals and one executed one: five entries.
    let actions = dir.path().join("actions.jsonl");
    std::fs::write(
        &actions,
        concat!(
            r##"{"customer_id": "evelyn_moore_6558", "action": {"type": "cancel_order", "order_id": "#W4308578", "reason": "no longer needed"}}"##, "\n",
            r##"{"customer_id": "evelyn_moore_6558", "action": {"type": "cancel_order", "order_id": "#W0000000", "reason": "no longer needed"}}"##, "\n",
            r##"{"customer_id": "nobody_0000", "action": {"type": "skip_renewal", "subscription_id": "sub_1001"}}"##, "\n",
        ),
    )
    .unwrap();
    let applied = countersign(&[
        "apply",
        "--db",
        &db,
        "--actions",
        &actions.display().to_string(),
        "--agent",
        "alex.agent",
    ]);
    assert!(applied.status.success(), "{}", text(&applied.stderr));

    let verified = countersign(&["audit", "verify", "--db", &db]);
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert!(
        text(&verified.stdout).contains("4 entries"),
        "{}",
        text(&verified.stdout)
    );
    let head = countersign(&["audit", "head", "--db", &db]);
    let head = text(&head.stdout).trim().to_owned();
    assert_eq!(head.len(), 64);

    let jsonl = countersign(&["audit", "export", "--db", &db, "--format", "jsonl"]);
    let entries: Vec<serde_json::Value> = text(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0]["kind"], "intent");
    assert_eq!(entries[1]["outcome"], "executed");
    let csv = countersign(&[
        "audit", "export", "--db", &db, "--format", "csv", "--agent", "nobody",
    ]);
    assert_eq!(
        text(&csv.stdout).lines().count(),
        1,
        "only the header: no entry of that agent"
    );
    let bad_since = countersign(&["audit", "export", "--db", &db, "--since", "yesterday"]);
    assert!(!bad_since.status.success());
    assert!(text(&bad_since.stderr).contains("--since"));

    // Someone edits the database file behind the app's back.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE audit SET message = 'all fine' WHERE audit_id = 2",
        [],
    )
    .unwrap();
    drop(conn);
    let broken = countersign(&["audit", "verify", "--db", &db]);
    assert!(!broken.status.success());
    assert!(
        text(&broken.stderr).contains("entry 2 has changed"),
        "{}",
        text(&broken.stderr)
    );
    let kept = countersign(&["audit", "verify", "--db", &db, "--head", &head]);
    assert!(!kept.status.success());
}

#[test]
fn route_hands_a_ticket_to_a_queue_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let routed = countersign(&[
        "route",
        "--db",
        &db,
        "D-0017",
        "--queue",
        "senior_support",
        "--summary",
        "Asked for a person twice.",
        "--agent",
        "alex.agent",
    ]);
    assert!(routed.status.success(), "{}", text(&routed.stderr));
    assert!(text(&routed.stdout).contains("senior support"));
    let export = countersign(&["audit", "export", "--db", &db, "--format", "jsonl"]);
    let log = text(&export.stdout);
    assert!(
        log.contains("\"handoff\"") && log.contains("Asked for a person twice."),
        "{log}"
    );

    let bad_queue = countersign(&[
        "route",
        "--db",
        &db,
        "D-0017",
        "--queue",
        "nowhere",
        "--summary",
        "x",
        "--agent",
        "alex.agent",
    ]);
    assert!(!bad_queue.status.success());
    assert!(text(&bad_queue.stderr).contains("is not a queue"));
    let missing = dir.path().join("missing.db").display().to_string();
    let no_db = countersign(&[
        "route",
        "--db",
        &missing,
        "D-0017",
        "--queue",
        "general",
        "--summary",
        "x",
        "--agent",
        "alex.agent",
    ]);
    assert!(!no_db.status.success());
    assert!(
        !Path::new(&missing).exists(),
        "no database is created by a route"
    );
}
