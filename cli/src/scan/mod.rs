//! `oidc-trust scan`: every role of an account export that trusts an OIDC provider, its
//! findings, and, for each token given, every role that token could assume (the blast
//! radius of a leaked token).
//!
//! One file per job: `export.rs` reads the export (each policy parsed and linted once, on
//! every core), `lines.rs` finds lines and columns in it, `index.rs` is the prefilter of
//! candidate roles (and why it is sound), `tokens.rs` reads token files, `radius.rs`
//! verifies each candidate with the core evaluator, `progress.rs` prints progress, and
//! `report/` writes the text and JSON summaries. This file holds the arguments and [`run`].

mod export;
mod index;
mod lines;
#[cfg(feature = "aws")]
pub mod live;
mod progress;
pub mod providers;
mod radius;
mod report;
pub mod synthetic;
mod tokens;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

pub use export::{Export, Problem, Role, load};
pub use index::Index;
pub use lines::LineIndex;
pub use radius::{Assumable, Blocked, RcpDenial, Rcps, TokenReport, blast_radius};
pub use report::json_summary;
pub use tokens::{ScanToken, read_tokens};

use crate::iac::{self, Provider};
use crate::input;
use crate::lint::{FailOn, Format};
use crate::style::Style;
use progress::Progress;

/// Arguments of `oidc-trust scan`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    about = "Scan an account export: roles trusting OIDC, their findings, and what each token could assume",
    long_about = "Scan every role of an AWS account export. Lists the roles whose trust policy names an \
OIDC identity provider (or any principal), lints each trust policy, and, given tokens with \
--token, lists every role each token could assume: the blast radius of a leaked CI token.\n\n\
FILE is one of:\n  \
* `aws iam get-account-authorization-details` output (`RoleDetailList[].AssumeRolePolicyDocument`,\n    \
a JSON object, or URL-encoded JSON text as the raw API returns it);\n  \
* `aws iam list-roles` output (`Roles[]`);\n  \
* a JSON array of roles: [{\"RoleName\", \"Arn\", \"AssumeRolePolicyDocument\"}].\n\n\
The export does not list the account's IAM OIDC providers or their client ids, so a provider a \
policy names is assumed to exist, and the token's audience is assumed to be on its client-id \
list unless --client-id gives the list. Expiry is reported but does not filter: a leaked token \
could be used until it expired. Every verdict comes from the same evaluator as `analyze`.",
    after_long_help = "EXIT STATUS:\n  \
0  scanned (and no finding at or above --fail-on)\n  \
1  a finding at or above --fail-on\n  \
2  FILE or a token file could not be read\n\n\
EXAMPLES:\n  \
aws iam get-account-authorization-details --filter Role > roles.json\n  \
oidc-trust scan roles.json\n  \
oidc-trust scan roles.json --token leaked.jwt\n  \
oidc-trust scan roles.json --token tokens.txt --json > blast-radius.json\n  \
oidc-trust scan roles.json --token leaked.jwt --rcp rcps.json --management-account-id 111111111111\n\n\
RESOURCE CONTROL POLICIES (--rcp):\n  \
an RCP `Deny` refuses the call whatever the trust policy allows, in every member account;\n  \
the roles a token's trust policies let in but an RCP denies are listed apart, with the RCP\n  \
and its statement. Give `aws organizations describe-policy --policy-id p-...` output (or a\n  \
list of them, or the policy documents); roles of --management-account-id are not affected.\n\n\
A token file holds one token (a JWT or its claims as JSON), one JWT per line, or a JSON array\n\
of tokens or claims objects. Put FILE before --token, which takes several files."
)]
pub struct ScanArgs {
    /// The export: `get-account-authorization-details`, `list-roles`, or a list of roles.
    #[cfg_attr(
        feature = "aws",
        arg(value_name = "FILE", required_unless_present = "aws")
    )]
    #[cfg_attr(not(feature = "aws"), arg(value_name = "FILE", required = true))]
    pub file: Option<PathBuf>,

    /// Read the account live instead of FILE: roles and OIDC providers through the AWS SDK
    /// and the usual credential chain (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`...).
    /// Needs the IAM permissions `GetAccountAuthorizationDetails` (or `GetRole`),
    /// `ListOpenIDConnectProviders` and `GetOpenIDConnectProvider`.
    #[cfg(feature = "aws")]
    #[arg(long, conflicts_with = "file")]
    pub aws: bool,

    /// With --aws: read only these roles (`GetRole`), not the whole account.
    #[cfg(feature = "aws")]
    #[arg(long = "aws-role", value_name = "NAME", requires = "aws")]
    pub aws_role: Vec<String>,

    /// Token files: list every role each token could assume.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub token: Vec<PathBuf>,

    /// The client ids (audiences) every provider accepts. Default: each provider's list
    /// from --providers, else whatever the token has.
    #[arg(long = "client-id", value_name = "ID")]
    pub client_id: Vec<String>,

    /// The account's OIDC providers (`get-open-id-connect-provider` output, an array of
    /// them, `{"OpenIDConnectProviders": [...]}`, or `list-open-id-connect-providers`
    /// output): tokens and `aud` conditions are checked against the real client-id lists,
    /// and a token whose issuer has no provider assumes nothing.
    #[arg(long = "providers", value_name = "FILE")]
    pub providers: Vec<PathBuf>,

    /// The evaluation time: seconds since the epoch or an ISO 8601 date and time. Default:
    /// now (a leaked token is judged as of now; expiry is reported, not filtered).
    #[arg(long, value_name = "WHEN", allow_negative_numbers = true, value_parser = input::parse_when)]
    pub now: Option<input::When>,

    /// The organization's resource control policies (repeatable; a policy document,
    /// `aws organizations describe-policy` output, or a list of them), taken as attached
    /// on the path to every account of the export: a token an RCP denies assumes nothing
    /// in the member accounts.
    #[arg(long = "rcp", value_name = "FILE")]
    pub rcps: Vec<PathBuf>,

    /// The organization's management account, whose roles RCPs do not affect.
    #[arg(long, value_name = "ACCOUNT", requires = "rcps")]
    pub management_account_id: Option<String>,

    /// List every role that trusts an OIDC provider, with its findings.
    #[arg(long)]
    pub roles: bool,

    /// Print the summary as JSON (the same as `--format json`).
    #[arg(long)]
    pub json: bool,

    /// Output format: the summary as text or JSON, or the roles' findings as SARIF or
    /// GitHub workflow commands.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// The least severe finding that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Never, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Never print progress on stderr (by default it does for big files on a terminal).
    #[arg(long, short, conflicts_with = "progress")]
    pub quiet: bool,

    /// Always print progress, with timings, on stderr.
    #[arg(long)]
    pub progress: bool,
}

/// Runs the command; returns the exit status.
pub fn run(
    args: &ScanArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let (source, live_providers) = match read_account(args) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let big = source.text.len() > 1 << 20;
    let progress =
        Progress::new(args.progress || (big && !args.quiet && io::stderr().is_terminal()));
    progress.say(
        err,
        &format!("read {} ({} KiB)", source.name, source.text.len() / 1024),
    )?;
    let mut export = match load(&source) {
        Ok(e) => e,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    progress.say(err, &format!("parsed {} roles", export.roles.len()))?;
    let mut providers = live_providers;
    for path in &args.providers {
        match input::read(path).and_then(|s| providers::read(&s)) {
            Ok(p) => providers.extend(p),
            Err(e) => {
                writeln!(err, "error: {e}")?;
                return Ok(2);
            }
        }
    }
    check_audiences(&mut export, &providers);
    let mut tokens = Vec::new();
    for path in &args.token {
        match input::read(path) {
            Ok(s) => tokens.extend(read_tokens(&s)),
            Err(e) => {
                writeln!(err, "error: {e}")?;
                return Ok(2);
            }
        }
    }
    let now = args.now.map_or_else(input::now, |w| w.resolve(None).0);
    let rcp_docs = match crate::rcp::read_all(&args.rcps) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let rcps = Rcps::new(
        oidc_trust::api::Organization {
            rcps: rcp_docs
                .iter()
                .map(crate::rcp::RcpDocument::to_request)
                .collect(),
            ..oidc_trust::api::Organization::default()
        },
        args.management_account_id.clone(),
    );
    let mut reports = Vec::with_capacity(tokens.len());
    if !tokens.is_empty() {
        let index = Index::build(&export.roles);
        progress.say(err, "indexed the roles by provider and subject")?;
        let total = tokens.len();
        for (i, token) in tokens.into_iter().enumerate() {
            let result = match &token.claims {
                Ok(c) => client_ids(c, &providers, &args.client_id)
                    .and_then(|ids| blast_radius(&export.roles, &index, c, &ids, now, &rcps)),
                Err(e) => Err(Blocked::Undecodable(e.clone())),
            };
            reports.push(TokenReport { token, result });
            if (i + 1) % 25 == 0 || i + 1 == total {
                progress.say(err, &format!("checked {}/{total} tokens", i + 1))?;
            }
        }
    }
    let format = if args.json { Format::Json } else { args.format };
    match format {
        Format::Json => {
            let v = json_summary(&source, &export, &reports, now, args.roles, &rcps);
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).map_err(io::Error::other)?
            )?;
        }
        Format::Text | Format::Concise => {
            report::text_summary(
                out, style, &source, &export, &reports, now, args.roles, &rcps,
            )?;
        }
        Format::Sarif | Format::Github => {
            let findings = report::findings(&source, &export);
            crate::output::write(out, format, &[findings], style, &[])?;
        }
    }
    let failed = export
        .oidc_roles()
        .into_iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| args.fail_on.fails(d.severity));
    // The process ends next: freeing every parsed policy one by one would only cost time.
    std::mem::forget(export);
    Ok(i32::from(failed))
}

/// Stage one for every role: an `aud` condition no provider's client-id list can meet.
fn check_audiences(export: &mut Export, providers: &[Provider]) {
    if providers.is_empty() {
        return;
    }
    for role in export.roles.iter_mut().filter(|r| r.trusts_oidc()) {
        if let Ok(doc) = serde_json::from_str::<serde_json::Value>(&role.policy_text) {
            role.diagnostics.extend(iac::stage_one(&doc, providers));
        }
    }
}

/// The client ids a token's audience must be on: `--client-id`, else the list of the
/// provider for its issuer (a token whose issuer has no provider assumes nothing), else
/// none (the token's own audience is assumed accepted).
fn client_ids(
    claims: &oidc_trust::Claims,
    providers: &[Provider],
    given: &[String],
) -> Result<Vec<String>, Blocked> {
    if !given.is_empty() || providers.is_empty() {
        return Ok(given.to_vec());
    }
    let url = oidc_trust::providers::key_prefix(claims.issuer().unwrap_or_default());
    match providers.iter().find(|p| p.url == url) {
        Some(p) => Ok(p.client_ids.clone().unwrap_or_default()),
        None => Err(Blocked::Issuer(format!(
            "the account has no OIDC provider for `{url}` (the provider files list {})",
            providers
                .iter()
                .map(|p| format!("`{}`", p.url))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The export and the providers read with it: FILE, or the live account with `--aws`.
fn read_account(args: &ScanArgs) -> Result<(input::Source, Vec<Provider>), input::InputError> {
    #[cfg(feature = "aws")]
    if args.aws {
        return live::read(&args.aws_role);
    }
    match &args.file {
        Some(path) => Ok((input::read(path)?, Vec::new())),
        None => Err(input::InputError::new("give the export FILE")),
    }
}
