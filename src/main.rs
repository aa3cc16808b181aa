//! The `relbook` binary: parse arguments, run the command, map errors to exit codes.

use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use relbook::cli::{Cli, Command};
use relbook::cmd;
use relbook::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Changelog(args) => cmd::changelog::run(args),
        Command::Kpi(args) => cmd::kpi::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Status(args) => cmd::status::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                Error::Invalid(_) => eprintln!("{e}"),
                // Already reported (relbook check prints its own findings).
                Error::Usage(m) if m.is_empty() => {}
                _ => eprintln!("error: {e}"),
            }
            if let Error::Invalid(_) = e {
                let n = e.error_count();
                eprintln!(
                    "error: {} found; nothing was written",
                    relbook::plural::count(n, "problem", "problems")
                );
            }
            ExitCode::FAILURE
        }
    }
}
