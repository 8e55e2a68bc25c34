//! `countersign`: the headless command line. It links no GUI library; it drives the
//! same crates as the desktop app.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use countersign_core::StoreDirectory;
use countersign_domain::{Role, Ticket};
use countersign_engine::Engine;
use countersign_store::Store;

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
        Command::Triage { db, tickets, out } => triage(&db, &tickets, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn world_init(db: &Path, force: bool) -> Result<()> {
    let store = Store::create(db, force)?;
    let counts = store.counts()?;
    let summary: Vec<String> = counts
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(table, count)| format!("{count} {table}"))
        .collect();
    println!(
        "Created sandbox store {}: {}.",
        db.display(),
        summary.join(", ")
    );
    Ok(())
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

fn triage(db: &Path, tickets_path: &Path, out: &Path) -> Result<()> {
    let store = Store::open(db)?;
    let tickets = read_tickets(tickets_path)?;
    let clock = store.clock()?;
    let engine = Engine::default();
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
