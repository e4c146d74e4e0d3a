//! `oidc-trust analyze --target NAME` for the targets other than AWS: a token against
//! another cloud's trust configuration, read from the files that cloud's own tools print,
//! answered through the core's one entry point ([`oidc_trust::api::analyze_any_json`]) and
//! written with the text every target shares ([`oidc_trust::explain::text::overview`]).
//!
//! Each configuration file goes into the request as its text, so the core's locations are
//! lines and columns of the file itself.

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::api::target::{self, Document};
use oidc_trust::api::{AnyAnalysis, Target, analyze_any_json};
use oidc_trust::diagnostic::Source as Input;
use serde_json::{Map, Value};

use crate::analyze::{AnalyzeArgs, EXIT_BAD_INPUT, exit_code_of};
use crate::input::{self, InputError, Source};
use crate::lint::Format;
use crate::render::{self, Context, Locator, OverviewPart, Place};
use crate::style::Style;

/// A flag that names one of a target's files, and the document of the core it is
/// ([`oidc_trust::api::Document`]: the target, the request field it fills, the input the
/// core's findings about it name, whether the target needs it).
struct FileFlag {
    /// The document.
    doc: Document,
    /// The flag, as typed.
    flag: &'static str,
    /// The flag's value in the arguments.
    path: fn(&AnalyzeArgs) -> Option<&PathBuf>,
}

/// Every target's files.
const FILES: &[FileFlag] = &[
    FileFlag {
        doc: target::ENTRA_CREDENTIALS,
        flag: "--credentials",
        path: |a| a.credentials.as_ref(),
    },
    FileFlag {
        doc: target::GCP_PROVIDER,
        flag: "--pool-provider",
        path: |a| a.pool_provider.as_ref(),
    },
    FileFlag {
        doc: target::GCP_POLICY,
        flag: "--iam-policy",
        path: |a| a.iam_policy.as_ref(),
    },
    FileFlag {
        doc: target::VAULT_ROLE,
        flag: "--vault-role",
        path: |a| a.vault_role.as_ref(),
    },
    FileFlag {
        doc: target::VAULT_CONFIG,
        flag: "--vault-config",
        path: |a| a.vault_config.as_ref(),
    },
    FileFlag {
        doc: target::PUBLISHERS,
        flag: "--publishers",
        path: |a| a.publishers.as_ref(),
    },
];

/// Whether the arguments are for [`run`]: another target, or one of their files given (to
/// AWS, which is then a usage error that names the target the file is for).
pub fn wanted(args: &AnalyzeArgs) -> bool {
    args.target != Target::Aws || FILES.iter().any(|f| (f.path)(args).is_some())
}

/// The flags the other targets take, for a usage error that names the right one.
fn flags_of(target: Target) -> Vec<&'static str> {
    if target == Target::Aws {
        return vec!["--policy"];
    }
    FILES
        .iter()
        .filter(|f| f.doc.target == target)
        .map(|f| f.flag)
        .collect()
}

/// A request built from the flags.
struct Built {
    /// The request, as JSON text.
    request: String,
    /// The configuration files, with the input the core's findings about each name.
    files: Vec<(Input, Source)>,
    /// Where the evaluation time came from.
    time: input::TimeBasis,
    /// The evaluation time.
    now: i64,
}

/// Builds the request: `target`, the token, `now` (the token's `iat` unless `--now` says
/// otherwise), and each configuration file's text.
fn request(args: &AnalyzeArgs, target: Target) -> Result<Built, InputError> {
    for f in FILES.iter().filter(|f| f.doc.target != target) {
        if (f.path)(args).is_some() {
            return Err(InputError::new(format!(
                "{} is for --target {}; --target {} takes {}",
                f.flag,
                f.doc.target.as_str(),
                target.as_str(),
                flags_of(target).join(", ")
            )));
        }
    }
    let Some(token_path) = &args.token else {
        return Err(InputError::new(format!(
            "give --token with --target {}",
            target.as_str()
        )));
    };
    let token = input::read(token_path)?.text.trim().to_owned();
    // A JWT's `iat`, or that of claims given as JSON.
    let iat = oidc_trust::decode(&token).ok().map_or_else(
        || {
            serde_json::from_str::<Value>(&token)
                .ok()
                .and_then(|c| c.get("iat").and_then(Value::as_i64))
        },
        |t| t.claims.get("iat").and_then(Value::as_i64),
    );
    let (now, time) = args.now.unwrap_or(input::When::Iat).resolve(iat);
    let mut fields = Map::new();
    fields.insert("target".to_owned(), target.as_str().into());
    fields.insert("token".to_owned(), token.into());
    fields.insert("now".to_owned(), now.into());
    if let Some(registry) = &args.registry {
        fields.insert("registry".to_owned(), registry.as_str().into());
    }
    let mut files = Vec::new();
    for f in FILES.iter().filter(|f| f.doc.target == target) {
        match (f.path)(args) {
            Some(path) => {
                let source = input::read(path)?;
                fields.insert(f.doc.field.to_owned(), source.text.clone().into());
                files.push((f.doc.source, source));
            }
            None if f.doc.required => {
                return Err(InputError::new(format!(
                    "--target {} needs {} (see `oidc-trust analyze --help`)",
                    target.as_str(),
                    f.flag
                )));
            }
            None => {}
        }
    }
    Ok(Built {
        request: Value::Object(fields).to_string(),
        files,
        time,
        now,
    })
}

/// Runs `analyze` for a target other than AWS.
pub fn run(
    args: &AnalyzeArgs,
    target: Target,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Built {
        request,
        files,
        time,
        now,
    } = match request(args, target) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_BAD_INPUT);
        }
    };
    let analysis = analyze_any_json(&request);
    let format = if args.json { Format::Json } else { args.format };
    // Findings are placed in the file they are about.
    let place = |wanted: Input| {
        files
            .iter()
            .find(|(input, _)| *input == wanted)
            .map(|(_, source)| Place::File(source.clone()))
    };
    let mut locator = place(Input::Policy).map_or_else(
        || Locator::named(target.as_str()),
        |p| Locator::new(p, Vec::new()),
    );
    if let Some(p) = place(Input::Providers) {
        locator = locator.with_providers(p);
    }
    match format {
        Format::Json => {
            writeln!(err, "note: {}", time.note(now))?;
            let text = serde_json::to_string_pretty(&analysis).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => text(out, &analysis, &locator, style, time, now, args.verbose)?,
        Format::Concise => {
            let overview = analysis.overview();
            render::overview(out, &overview, &locator, style, OverviewPart::Headline)?;
        }
        Format::Sarif | Format::Github => {
            writeln!(err, "note: {}", time.note(now))?;
            if format == Format::Github {
                let mut head = String::new();
                let plain = oidc_trust::explain::text::Plain {
                    name: target.as_str(),
                };
                oidc_trust::explain::text::overview_headline(
                    &mut head,
                    &analysis.overview(),
                    &plain,
                )
                .map_err(io::Error::other)?;
                crate::actions::verdict_notice(out, analysis.state(), head.trim_end())?;
            }
            let reports = crate::analyze::findings(analysis.diagnostics(), &locator);
            crate::output::write(out, format, &reports, style, &[])?;
        }
    }
    Ok(exit_code_of(analysis.state(), args.deny_warnings))
}

/// The answer first (headline, the cloud's answer), the time it was decided at, what to
/// change, every stage and what the cloud compared with `--verbose`, then the findings by
/// group.
fn text(
    out: &mut dyn Write,
    analysis: &AnyAnalysis,
    locator: &Locator,
    style: Style,
    time: input::TimeBasis,
    now: i64,
    verbose: bool,
) -> io::Result<()> {
    let overview = analysis.overview();
    render::overview(out, &overview, locator, style, OverviewPart::Headline)?;
    writeln!(out, "  {}", style.dim(&time.note(now)))?;
    render::overview(out, &overview, locator, style, OverviewPart::Hints)?;
    if verbose {
        render::overview(out, &overview, locator, style, OverviewPart::Stages)?;
        render::trace(out, analysis, locator, style)?;
    }
    let ctx = Context {
        style,
        locator,
        notes: &[],
        time,
        verbose,
        now,
        fresh: None,
    };
    render::findings(out, analysis.diagnostics(), None, overview.hints, &ctx)
}
