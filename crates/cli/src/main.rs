//! `countersign`: the headless command line. It links no GUI library; it drives the
//! same crates as the desktop app.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use countersign_core::eval;
use countersign_core::gate::{self, Approval};
use countersign_core::StoreDirectory;
use countersign_domain::{contract, fingerprint, Action, AgentId, CustomerId, Role, Ticket};
use countersign_engine::Engine;
use countersign_exec::retry::RetryPolicy;
use countersign_policy::{Policy, PolicyConfig};
use countersign_store::Store;
use serde::{Deserialize, Serialize};

#[derive(Parser)]
#[command(
    name = "countersign",
    version,
    about = "Countersign, headless: set up the sandbox store and triage tickets."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The sandbox world.
    World {
        #[command(subcommand)]
        command: WorldCommand,
    },
    /// Evaluate and carry out actions, one JSON line each, as one approving agent.
    Apply {
        /// The sandbox database.
        #[arg(long)]
        db: PathBuf,
        /// Actions, one `{"customer_id": ..., "action": {...}}` object a line.
        #[arg(long)]
        actions: PathBuf,
        /// The approving agent (an `agent_id` of the world, e.g. alex.agent).
        #[arg(long)]
        agent: String,
        /// A policy file to judge by instead of the shipped sandbox policy.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// The audit log: verify its hash chain, print its head, export it.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Measure the triage engine against labelled tickets (their `gold`), on a
    /// fresh sandbox world.
    Eval {
        /// Labelled tickets, e.g. crates/store/world/dev-tickets.jsonl.
        #[arg(long)]
        tickets: PathBuf,
        /// Also write the full report as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
        /// List every ticket the engine got wrong somewhere, and how.
        #[arg(long)]
        misses: bool,
        /// A policy file to judge by instead of the shipped sandbox policy.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Train the intent model's weights from labelled utterances (the Bitext
    /// training file), reproducibly: the same data gives the same file.
    TrainIntents {
        /// JSON lines with `text` and `intent` (null lines are skipped), e.g.
        /// ../shared/data/bitext/train.jsonl.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the weights (the engine ships crates/engine/model/intents.json).
        #[arg(long)]
        out: PathBuf,
    },
    /// The policy file: check one before putting it in force.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Print the JSON Schema of the action contract (what the UI and a language
    /// model are handed).
    Schema,
    /// Route a ticket of the sandbox helpdesk to a human queue with a handoff
    /// summary, as an agent would from the desk (and recorded in the audit log).
    Route {
        /// The sandbox database.
        #[arg(long)]
        db: PathBuf,
        /// The ticket, e.g. D-0017.
        ticket: String,
        /// billing, trust_safety, senior_support or general.
        #[arg(long)]
        queue: String,
        /// What the queue needs to know.
        #[arg(long)]
        summary: String,
        /// The routing agent (an `agent_id` of the world, e.g. alex.agent).
        #[arg(long)]
        agent: String,
    },
    /// Propose a resolution for each ticket of a JSONL file, one JSON line each.
    Triage {
        /// The sandbox database (see `world init`).
        #[arg(long)]
        db: PathBuf,
        /// Tickets in the world's ticket format, one JSON object a line.
        #[arg(long)]
        tickets: PathBuf,
        /// Where to write the proposals, one JSON object a line.
        #[arg(long)]
        out: PathBuf,
        /// A policy file to judge by instead of the shipped sandbox policy.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the whole hash chain; names the first entry that was changed, removed,
    /// inserted or reordered, and exits non-zero.
    Verify {
        #[arg(long)]
        db: PathBuf,
        /// A head hash kept elsewhere earlier (`audit head`): the log must still
        /// contain it, which also catches a rewrite of the whole log.
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the hash of the last entry, to keep a copy somewhere else.
    Head {
        #[arg(long)]
        db: PathBuf,
    },
    /// Write the entries, oldest first, as JSON lines or CSV.
    Export {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        /// Only entries at or after this time (RFC 3339, or a date: 2026-11-24).
        #[arg(long)]
        since: Option<String>,
        /// Only entries of this agent (an `agent_id`).
        #[arg(long)]
        agent: Option<String>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Check a policy file; prints what it holds, or the line and the reason it
    /// is refused.
    Check {
        /// The policy file (TOML), e.g. crates/policy/policies/sandbox.toml.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum WorldCommand {
    /// Create a fresh sandbox database from the shipped world data.
    Init {
        #[arg(long)]
        db: PathBuf,
        /// Replace an existing database.
        #[arg(long)]
        force: bool,
    },
    /// Write `users.json` and `orders.json` in tau-bench's shapes.
    Export {
        #[arg(long)]
        db: PathBuf,
        /// The folder to write into (created when missing).
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::World {
            command: WorldCommand::Init { db, force },
        } => world_init(&db, force),
        Command::World {
            command: WorldCommand::Export { db, out },
        } => world_export(&db, &out),
        Command::Triage {
            db,
            tickets,
            out,
            policy,
        } => triage(&db, &tickets, &out, policy.as_deref()),
        Command::Policy {
            command: PolicyCommand::Check { file },
        } => policy_check(&file),
        Command::Eval {
            tickets,
            json,
            misses,
            policy,
        } => eval(&tickets, json.as_deref(), misses, policy.as_deref()),
        Command::TrainIntents { data, out } => train_intents(&data, &out),
        Command::Schema => serde_json::to_string_pretty(&contract::action_schema())
            .map_err(anyhow::Error::from)
            .and_then(|schema| say(&schema)),
        Command::Apply {
            db,
            actions,
            agent,
            policy,
        } => apply(&db, &actions, &agent, policy.as_deref()),
        Command::Audit { command } => audit(command),
        Command::Route {
            db,
            ticket,
            queue,
            summary,
            agent,
        } => route(&db, &ticket, &queue, &summary, &agent),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a line on standard output. A reader that went away (`| head`) is not
/// an error worth a message, let alone a panic.
fn say(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn route(db: &Path, ticket: &str, queue: &str, summary: &str, agent: &str) -> Result<()> {
    let queue = countersign_domain::QueueName::parse(queue).with_context(|| {
        format!("`{queue}` is not a queue (billing, trust_safety, senior_support, general)")
    })?;
    let desk = countersign_core::Desk::new(Store::open(db)?);
    let view = desk.route_ticket(&countersign_core::RouteTicket {
        ticket_id: countersign_domain::TicketId::new(ticket),
        agent_id: AgentId::new(agent),
        queue,
        summary: summary.to_owned(),
    })?;
    say(&format!(
        "Routed ticket {} to the {} queue.",
        view.ticket.id,
        countersign_core::queue_label(queue)
    ))
}

fn world_init(db: &Path, force: bool) -> Result<()> {
    let store = Store::create(db, force)?;
    let counts = store.counts()?;
    let summary: Vec<String> = counts
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(table, count)| format!("{count} {table}"))
        .collect();
    say(&format!(
        "Created sandbox store {}: {}.",
        db.display(),
        summary.join(", ")
    ))
}

/// Reads every ticket first, so a bad line stops the run before anything is
/// written, with every bad line named.
fn read_tickets(path: &Path) -> Result<Vec<Ticket>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut tickets = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let number = index + 1;
        let line = line.with_context(|| format!("{}:{number}: cannot read", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Ticket>(&line) {
            Ok(ticket) => tickets.push(ticket),
            Err(error) => problems.push(format!("{}:{number}: {error}", path.display())),
        }
    }
    if !problems.is_empty() {
        let shown = problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ");
        let more = problems.len().saturating_sub(20);
        bail!(
            "{} bad ticket line(s), nothing written:\n  {shown}{}",
            problems.len(),
            if more > 0 {
                format!("\n  … and {more} more")
            } else {
                String::new()
            }
        );
    }
    Ok(tickets)
}

fn policy_check(file: &Path) -> Result<()> {
    let config =
        PolicyConfig::load(file).map_err(|error| anyhow::anyhow!("{}: {error}", file.display()))?;
    say(&format!(
        "{}: valid. {} v{}, {} rules; agent tier {} per action, {} per day; refunds within {} days of delivery, reships within {}.",
        file.display(),
        config.name,
        config.version,
        config.rules.len(),
        tier_text(config.tiers.get(&Role::Agent).and_then(|t| t.per_action)),
        tier_text(config.tiers.get(&Role::Agent).and_then(|t| t.per_day)),
        config.refund_window_days,
        config.reship_window_days,
    ))
}

fn tier_text(limit: Option<countersign_domain::Amount>) -> String {
    limit.map_or_else(|| "no limit".to_owned(), |amount| format!("${amount}"))
}

fn load_policy(path: Option<&Path>) -> Result<Policy> {
    match path {
        Some(path) => PolicyConfig::load(path)
            .map(Policy::new)
            .with_context(|| format!("policy {} is invalid", path.display())),
        None => Ok(Policy::sandbox()),
    }
}

fn triage(db: &Path, tickets_path: &Path, out: &Path, policy: Option<&Path>) -> Result<()> {
    let engine = Engine::new(load_policy(policy)?);
    let store = Store::open(db)?;
    let tickets = read_tickets(tickets_path)?;
    let clock = store.clock()?;
    let directory = StoreDirectory(&store);

    // Write beside the target and rename at the end: a failed run never leaves a
    // half-written file where a complete one is expected.
    let partial = out.with_extension("partial");
    let file =
        File::create(&partial).with_context(|| format!("cannot write {}", partial.display()))?;
    let mut writer = BufWriter::new(file);
    for ticket in &tickets {
        let triage = engine.triage(ticket, &directory, clock, Role::Agent);
        serde_json::to_writer(&mut writer, &triage.proposal)?;
        writer.write_all(b"\n")?;
    }
    writer.flush()?;
    drop(writer);
    std::fs::rename(&partial, out)
        .with_context(|| format!("cannot move the result to {}", out.display()))?;
    eprintln!(
        "Triaged {} ticket(s) into {}.",
        tickets.len(),
        out.display()
    );
    Ok(())
}

fn world_export(db: &Path, out: &Path) -> Result<()> {
    let store = Store::open(db)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, value) in [
        ("users.json", store.export_users()?),
        ("orders.json", store.export_orders()?),
    ] {
        let path = out.join(name);
        let text = serde_json::to_string_pretty(&value)?;
        std::fs::write(&path, text + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    say(&format!(
        "Wrote users.json and orders.json to {}.",
        out.display()
    ))
}

/// One line of `apply`'s input, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActionLine {
    customer_id: CustomerId,
    action: serde_json::Value,
}

/// One line of `apply`'s input, checked against the action contract.
struct ActionLine {
    customer_id: CustomerId,
    action: Action,
}

/// One line of `apply`'s report.
#[derive(Serialize)]
struct Applied {
    index: usize,
    decision: countersign_domain::Decision,
    rules: Vec<String>,
    outcome: countersign_domain::Outcome,
    message: String,
}

fn read_action_lines(path: &Path) -> Result<Vec<ActionLine>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let number = index + 1;
        let line = line.with_context(|| format!("{}:{number}: cannot read", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<RawActionLine>(&line)
            .map_err(|error| error.to_string())
            .and_then(|raw| {
                contract::parse_action(&raw.action)
                    .map(|action| ActionLine {
                        customer_id: raw.customer_id,
                        action,
                    })
                    .map_err(|error| {
                        let fields: Vec<String> = error
                            .problems
                            .iter()
                            .map(|problem| format!("action.{problem}"))
                            .collect();
                        fields.join("; ")
                    })
            });
        match parsed {
            Ok(parsed) => lines.push(parsed),
            Err(error) => problems.push(format!("{}:{number}: {error}", path.display())),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} bad action line(s), nothing applied:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(lines)
}

/// Every line is judged by the policy for `agent` and carried out only when
/// allowed; refusals are recorded in the audit table like approvals.
fn apply(db: &Path, actions: &Path, agent: &str, policy: Option<&Path>) -> Result<()> {
    let policy = load_policy(policy)?;
    let store = Store::open(db)?;
    // Approvals an earlier run left unfinished (it was stopped) are settled first.
    for done in gate::reconcile(&store, &|agent| {
        Box::new(gate::SandboxSystem::new(&store, agent))
    })? {
        eprintln!(
            "approval {} was interrupted; reconciled as {}: {}",
            done.approval_id,
            done.outcome.as_str(),
            done.message
        );
    }
    let lines = read_action_lines(actions)?;
    // Applying the same file to the same database again runs nothing twice.
    let file =
        fingerprint(&[&std::fs::read(actions)
            .with_context(|| format!("cannot read {}", actions.display()))?]);
    let agent = store
        .agent(&AgentId::new(agent))?
        .with_context(|| format!("there is no agent {agent} in the sandbox world"))?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (index, line) in lines.iter().enumerate() {
        let scope = format!("actions file {file} line {index}");
        let report = match gate::approve(
            &store,
            &policy,
            &gate::SandboxSystem::new(&store, &agent.agent_id),
            &RetryPolicy::default(),
            Approval {
                agent: &agent,
                customer: &line.customer_id,
                action: &line.action,
                proposed: None,
                proposal_action: None,
                sender_email: None,
                scope: &scope,
            },
        ) {
            Ok(decided) => Applied {
                index,
                decision: decided.verdict.decision,
                rules: decided.verdict.rules,
                outcome: decided.outcome,
                message: decided.message,
            },
            Err(error) => Applied {
                index,
                decision: countersign_domain::Decision::Denied,
                rules: Vec::new(),
                outcome: countersign_domain::Outcome::Failed,
                message: error.message,
            },
        };
        serde_json::to_writer(&mut out, &report)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn audit(command: AuditCommand) -> Result<()> {
    match command {
        AuditCommand::Verify { db, head } => {
            let store = Store::open(&db)?;
            match store.verify_audit(head.as_deref())? {
                Ok(verified) => {
                    println!(
                        "audit log verified: {} entries, head {}",
                        verified.entries, verified.head
                    );
                    Ok(())
                }
                Err(broken) => bail!("audit log of {} does not verify: {broken}", db.display()),
            }
        }
        AuditCommand::Head { db } => {
            let store = Store::open(&db)?;
            match store.verify_audit(None)? {
                Ok(verified) => {
                    println!("{}", verified.head);
                    Ok(())
                }
                Err(broken) => bail!("audit log of {} does not verify: {broken}", db.display()),
            }
        }
        AuditCommand::Export {
            db,
            format,
            since,
            agent,
            out,
        } => {
            let since = since.as_deref().map(parse_since).transpose()?;
            let store = Store::open(&db)?;
            let entries = store.audit_query(&countersign_store::AuditFilter {
                agent: agent.map(AgentId::new),
                since,
                ..countersign_store::AuditFilter::default()
            })?;
            let sink: Box<dyn Write> = match &out {
                Some(path) => Box::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut sink = BufWriter::new(sink);
            match format {
                ExportFormat::Jsonl => {
                    for entry in &entries {
                        serde_json::to_writer(&mut sink, entry)?;
                        sink.write_all(b"\n")?;
                    }
                }
                ExportFormat::Csv => write_csv(&mut sink, &entries)?,
            }
            sink.flush()?;
            Ok(())
        }
    }
}

/// "2026-11-24" (midnight UTC) or a full RFC 3339 time.
fn parse_since(text: &str) -> Result<countersign_domain::Timestamp> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        if let Some(midnight) = date.and_hms_opt(0, 0, 0) {
            return Ok(midnight.and_utc());
        }
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .with_context(|| {
            format!("--since {text:?} is neither a date (2026-11-24) nor an RFC 3339 time")
        })
}

/// One row an entry: the fields a reviewer filters on, the action and verdict as
/// JSON. Fields are quoted where they need to be (RFC 4180).
fn write_csv(out: &mut impl Write, entries: &[countersign_domain::AuditEntry]) -> Result<()> {
    fn field(text: &str) -> String {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    }
    writeln!(
        out,
        "audit_id,at,kind,approval_id,agent_id,agent_role,ticket_id,customer_id,action_type,action,proposed,decision,rules,outcome,message,idempotency_key,system,external_id,event,hash"
    )?;
    for e in entries {
        let row = [
            e.audit_id.to_string(),
            e.at.to_rfc3339(),
            e.kind.as_str().to_owned(),
            e.approval_id.map(|id| id.to_string()).unwrap_or_default(),
            e.agent_id.to_string(),
            e.agent_role.as_str().to_owned(),
            e.ticket_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            e.customer_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            e.action
                .as_ref()
                .map(|a| a.kind().as_str().to_owned())
                .unwrap_or_default(),
            e.action
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?
                .unwrap_or_default(),
            e.proposed
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?
                .unwrap_or_default(),
            e.verdict
                .as_ref()
                .map(|v| v.decision.as_str().to_owned())
                .unwrap_or_default(),
            e.verdict
                .as_ref()
                .map(|v| v.rules.join(" "))
                .unwrap_or_default(),
            e.outcome.as_str().to_owned(),
            e.message.clone(),
            e.idempotency_key.clone().unwrap_or_default(),
            e.system.clone().unwrap_or_default(),
            e.external_id.clone().unwrap_or_default(),
            e.event
                .as_ref()
                .map(serde_json::to_string)
                .transpose()?
                .unwrap_or_default(),
            e.hash.clone(),
        ];
        let line: Vec<String> = row.iter().map(|f| field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

fn read_labelled(path: &Path) -> Result<Vec<(Ticket, eval::Gold)>> {
    let tickets = read_tickets(path)?;
    let mut labelled = Vec::with_capacity(tickets.len());
    let mut problems = Vec::new();
    for (index, ticket) in tickets.into_iter().enumerate() {
        let gold = ticket
            .gold
            .clone()
            .ok_or_else(|| "no `gold` label".to_owned())
            .and_then(|gold| {
                serde_json::from_value::<eval::Gold>(gold).map_err(|e| format!("gold: {e}"))
            });
        match gold {
            Ok(gold) => labelled.push((ticket, gold)),
            Err(error) => problems.push(format!("ticket {} (#{}): {error}", ticket.id, index + 1)),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} ticket(s) cannot be scored:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(labelled)
}

fn percent(counts: &eval::Counts) -> String {
    match counts.rate() {
        Some(rate) => format!(
            "{:>6.1}%  ({}/{})",
            rate * 100.0,
            counts.correct,
            counts.total
        ),
        None => "     —".to_owned(),
    }
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "  —  ".to_owned(), |v| format!("{v:.3}"))
}

fn eval(tickets: &Path, json: Option<&Path>, misses: bool, policy: Option<&Path>) -> Result<()> {
    use std::io::IsTerminal;
    let engine = Engine::new(load_policy(policy)?);
    let labelled = read_labelled(tickets)?;
    let store = Store::in_memory()?;
    let interactive = std::io::stderr().is_terminal();
    let step = (labelled.len() / 100).max(1);
    let report = eval::evaluate(&store, &engine, &labelled, |done, total| {
        if interactive && (done % step == 0 || done == total) {
            let width = 30;
            let filled = done * width / total.max(1);
            eprint!(
                "\r  triaging [{}{}] {done}/{total}",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            if done == total {
                eprintln!();
            }
        }
    })?;

    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!(
        "Countersign eval of {} on {} tickets: {:.0} tickets/s",
        tickets.display(),
        report.tickets,
        report.tickets_per_second
    ));
    line(String::new());
    line(format!(
        "intent accuracy          {}",
        percent(&report.intent)
    ));
    line(format!(
        "action exact match       {}",
        percent(&report.actions_exact)
    ));
    line(format!(
        "customer identification  {}",
        percent(&report.customer)
    ));
    line(format!(
        "escalation               precision {}  recall {}",
        ratio(report.escalation.precision),
        ratio(report.escalation.recall)
    ));
    line(format!(
        "escalation recall on R25 {}",
        percent(&report.escalation_r25_recall)
    ));
    for (queue, pr) in &report.escalation_per_queue {
        line(format!(
            "  {queue:<15} precision {}  recall {}  (tp {}, fp {}, fn {})",
            ratio(pr.precision),
            ratio(pr.recall),
            pr.true_positives,
            pr.false_positives,
            pr.false_negatives
        ));
    }
    line(format!(
        "denied shown as allowed  {:>6}   (must be 0)",
        report.denied_shown_as_allowed
    ));
    line(format!(
        "reply mentions required  {}",
        percent(&report.must_mention)
    ));
    line(String::new());
    line("by confidence            intent accuracy        whole ticket right".to_owned());
    for bucket in &report.by_confidence {
        line(format!(
            "  [{:.2}, {:.2}{}       {}   {}",
            bucket.from,
            bucket.to,
            if bucket.to >= 1.0 { "]" } else { ")" },
            percent(&bucket.intent),
            percent(&bucket.whole_ticket)
        ));
    }
    line(String::new());
    line("per intent               precision  recall".to_owned());
    for (intent, pr) in &report.per_intent {
        line(format!(
            "  {intent:<22} {}      {}",
            ratio(pr.precision),
            ratio(pr.recall)
        ));
    }
    line(String::new());
    line("confusion (rows: label, columns: engine, numbered as the rows)".to_owned());
    let names: Vec<&str> = countersign_domain::Intent::ALL
        .iter()
        .map(|i| i.as_str())
        .collect();
    line(format!(
        "  {:<26} {}",
        "",
        (1..=names.len())
            .map(|n| format!("{n:>4}"))
            .collect::<String>()
    ));
    for (number, gold) in names.iter().enumerate() {
        let row = report.confusion.get(*gold);
        line(format!(
            "  {:>2} {gold:<23} {}",
            number + 1,
            names
                .iter()
                .map(|p| {
                    let count = row.and_then(|r| r.get(*p)).copied().unwrap_or(0);
                    if count == 0 {
                        format!("{:>4}", ".")
                    } else {
                        format!("{count:>4}")
                    }
                })
                .collect::<String>()
        ));
    }
    if misses {
        line(String::new());
        for miss in &report.misses {
            line(format!("{}: {}", miss.ticket_id, miss.what.join("; ")));
        }
    }
    say(out.trim_end())?;
    if let Some(path) = json {
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct Utterance {
    text: String,
    intent: Option<countersign_domain::Intent>,
}

fn train_intents(data: &Path, out: &Path) -> Result<()> {
    let file = File::open(data).with_context(|| format!("cannot open {}", data.display()))?;
    let mut examples = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let utterance: Utterance = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}", data.display(), index + 1))?;
        if let Some(intent) = utterance.intent {
            examples.push((utterance.text, intent));
        }
    }
    let source = format!(
        "{} labelled utterances of {} (Bitext customer-support dataset, CDLA-Sharing-1.0)",
        examples.len(),
        data.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("the training file")
    );
    let model = countersign_engine::model::IntentModel::train(&source, &examples);
    std::fs::write(out, serde_json::to_string(&model)? + "\n")
        .with_context(|| format!("cannot write {}", out.display()))?;
    say(&format!(
        "Trained on {} utterances: {} intents, {} features, written to {}.",
        examples.len(),
        model.intents.len(),
        model.features.len(),
        out.display()
    ))
}
