//! The `oidc-trust` command line, over the `oidc-trust` library: `analyze` one token
//! against one trust policy, `lint` policy files (text, JSON, SARIF), and `scan` an account
//! export for every role a token could assume.
//!
//! The binary is a thin `main` over [`run`]; the pieces are public so the benchmark and
//! tests can drive them.

pub mod actions;
pub mod analyze;
pub mod config;
pub mod explain;
pub mod frame;
pub mod generate;
pub mod iac;
pub mod input;
pub mod lint;
pub mod output;
pub mod rcp;
pub mod render;
pub mod scan;
pub mod style;
pub mod targets;

use std::ffi::OsString;
use std::io::Write;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "oidc-trust",
    version,
    about = "Decide offline, exactly as AWS STS would, whether a CI OIDC token may assume an IAM role, and say why",
    long_about = "Decide offline, exactly as AWS STS AssumeRoleWithWebIdentity would, whether a CI OIDC \
token (GitHub Actions, GitLab, Buildkite, CircleCI, any OIDC issuer) is accepted by an IAM role \
trust policy, and explain why.\n\n\
Nothing is sent anywhere: tokens, policies, plans, templates and exports are read from files and \
never leave the machine (the opt-in `scan --aws` reads the account from AWS, and \
`analyze --github-oidc` asks the CI runner for the job's own token). Token signatures are never \
verified.",
    after_help = "Run `oidc-trust <COMMAND> --help` for the details and examples of each command.",
    propagate_version = true
)]
pub struct Cli {
    /// When to colour the output: auto (a terminal, and `NO_COLOR` unset), always, never.
    #[arg(long, value_enum, global = true, default_value_t = style::ColorChoice::Auto, value_name = "WHEN")]
    pub color: style::ColorChoice,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands. (Their help comes from each `Args` struct's `about`/`long_about`; a doc
/// comment here would replace it.)
#[derive(Debug, Subcommand)]
pub enum Command {
    Analyze(Box<analyze::AnalyzeArgs>),
    Lint(lint::LintArgs),
    Generate(Box<generate::GenerateArgs>),
    Scan(scan::ScanArgs),
    Explain(explain::ExplainArgs),
}

/// Runs the command line; returns the exit status.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match Cli::command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return 2;
        }
    };
    let style = style::Style::detect(cli.color);
    let result = match &cli.command {
        Command::Analyze(args) if targets::wanted(args) => {
            targets::run(args, args.target, style, out, err)
        }
        Command::Analyze(args) => {
            let client_ids = matches
                .subcommand_matches("analyze")
                .map(client_id_owners)
                .unwrap_or_default();
            analyze::run(args, &client_ids, style, out, err)
        }
        Command::Lint(args) => lint::run(args, style, out, err),
        Command::Generate(args) => {
            generate::run(args, style::Style::detect_stderr(cli.color), out, err)
        }
        Command::Scan(args) => scan::run(args, style, out, err),
        Command::Explain(args) => explain::run(args, style, out, err),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// Each `--client-id` with the position (among the `--provider`s) of the `--provider`
/// written before it.
fn client_id_owners(m: &clap::ArgMatches) -> Vec<(Option<usize>, String)> {
    let providers: Vec<usize> = m
        .indices_of("provider")
        .map(Iterator::collect)
        .unwrap_or_default();
    let ids = m.get_many::<String>("client_id").into_iter().flatten();
    let at = m.indices_of("client_id").into_iter().flatten();
    ids.zip(at)
        .map(|(id, i)| (providers.iter().rposition(|&p| p < i), id.clone()))
        .collect()
}
