//! `oidc-trust generate --target NAME` for the targets other than AWS: each target's core
//! generator, with the options its request takes. Only the file `analyze --target NAME`
//! reads goes to stdout (the credential, the pool provider, the role, the publisher), so
//! `generate ... > file && analyze ... --FLAG file` round-trips; a target's second file
//! (Google's IAM policy, Vault's mount configuration) is written where its `--write-*` flag
//! says; the registration commands, notes and findings go to stderr.

use std::io::{self, Write};
use std::path::PathBuf;

use oidc_trust::api::target::{Document, GCP_POLICY, VAULT_CONFIG};
use oidc_trust::api::{
    AzureGenerateRequest, CredentialKind, GcpGenerateRequest, GcpScope, PublishingGenerateRequest,
    Registry, Target, VaultGenerateRequest, VaultScope, Written,
};
use serde::Serialize;
use serde_json::Value;

use super::{GenerateArgs, ScopeArg};
use crate::input;
use crate::render::{self, Locator};
use crate::style::Style;

/// The kind of Entra credential to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// `subject`: the token's exact `sub`.
    Classic,
    /// `claimsMatchingExpression`: the `sub` and the immutable id.
    Flexible,
}

/// The registry named on the command line.
pub fn registry_named(text: &str) -> Result<Registry, String> {
    Registry::named(text).ok_or_else(|| {
        let names: Vec<&str> = Registry::ALL.iter().map(|r| r.as_str()).collect();
        format!(
            "`{text}` is not a registry; expected one of {}",
            names.join(", ")
        )
    })
}

/// A flag that belongs to one target, and whether it was given.
struct Flag {
    name: &'static str,
    target: Target,
    given: fn(&GenerateArgs) -> bool,
}

/// Every flag that only one target takes.
const FLAGS: &[Flag] = &[
    Flag {
        name: "--add-to",
        target: Target::Aws,
        given: |a| a.add_to.is_some(),
    },
    Flag {
        name: "--oidc-issuer-host",
        target: Target::Aws,
        given: |a| a.oidc_issuer_host.is_some(),
    },
    Flag {
        name: "--tag-pattern",
        target: Target::Aws,
        given: |a| a.tag_pattern.is_some(),
    },
    Flag {
        name: "--environment",
        target: Target::Aws,
        given: |a| a.environment.is_some(),
    },
    Flag {
        name: "--subject-form",
        target: Target::Aws,
        given: |a| a.subject_form != super::RepoFormArg::AsToken,
    },
    Flag {
        name: "--account",
        target: Target::Aws,
        given: |a| a.account.is_some(),
    },
    Flag {
        name: "--partition",
        target: Target::Aws,
        given: |a| a.partition.is_some(),
    },
    Flag {
        name: "--audience",
        target: Target::Aws,
        given: |a| a.audience.is_some(),
    },
    Flag {
        name: "--no-pin-ids",
        target: Target::Aws,
        given: |a| a.no_pin_ids,
    },
    Flag {
        name: "--kind",
        target: Target::Azure,
        given: |a| a.kind.is_some(),
    },
    Flag {
        name: "--name",
        target: Target::Azure,
        given: |a| a.name.is_some(),
    },
    Flag {
        name: "--provider-name",
        target: Target::Gcp,
        given: |a| a.provider_name.is_some(),
    },
    Flag {
        name: "--write-iam-policy",
        target: Target::Gcp,
        given: |a| a.write_iam_policy.is_some(),
    },
    Flag {
        name: "--role-name",
        target: Target::Vault,
        given: |a| a.role_name.is_some(),
    },
    Flag {
        name: "--mount",
        target: Target::Vault,
        given: |a| a.mount.is_some(),
    },
    Flag {
        name: "--policies",
        target: Target::Vault,
        given: |a| !a.policies.is_empty(),
    },
    Flag {
        name: "--write-vault-config",
        target: Target::Vault,
        given: |a| a.write_vault_config.is_some(),
    },
    Flag {
        name: "--registry",
        target: Target::Publishing,
        given: |a| a.registry.is_some(),
    },
    Flag {
        name: "--no-environment",
        target: Target::Publishing,
        given: |a| a.no_environment,
    },
    Flag {
        name: "--package",
        target: Target::Publishing,
        given: |a| a.package.is_some(),
    },
];

/// A usage error for a flag of another target, or a `--scope` the target does not take.
pub fn check_flags(args: &GenerateArgs) -> Result<(), String> {
    if let Some(f) = FLAGS
        .iter()
        .find(|f| f.target != args.target && (f.given)(args))
    {
        return Err(format!(
            "{} is for --target {}, not --target {}",
            f.name,
            f.target.as_str(),
            args.target.as_str()
        ));
    }
    let narrow = matches!(args.scope, ScopeArg::ThisRef | ScopeArg::Repository);
    match args.target {
        Target::Aws => Ok(()),
        Target::Gcp | Target::Vault if narrow => Ok(()),
        Target::Gcp | Target::Vault => Err(format!(
            "--target {} takes --scope this-ref or repository",
            args.target.as_str()
        )),
        Target::Azure | Target::Publishing if args.scope == ScopeArg::ThisRef => Ok(()),
        Target::Azure | Target::Publishing => Err(format!(
            "--target {} writes for the token's exact workload and takes no --scope",
            args.target.as_str()
        )),
    }
}

/// What a target's generator wrote, as the command prints it: the core's [`Written`]
/// (the file `analyze --target T` reads is its required document, a second file its
/// optional one), the whole result for `--json`, and what the file is called.
struct Outcome {
    written: Written,
    json: Value,
    name: &'static str,
}

impl Outcome {
    fn of<T: Serialize>(result: &T, name: &'static str) -> Self
    where
        for<'a> Written: From<&'a T>,
    {
        Outcome {
            written: Written::from(result),
            json: serde_json::to_value(result).unwrap_or(Value::Null),
            name,
        }
    }

    /// The text for stdout: the document the target's analysis needs.
    fn file(&self) -> Option<&str> {
        self.written
            .documents
            .iter()
            .find(|(d, _)| d.required)
            .map(|(_, t)| t.as_str())
    }

    /// The optional document written, with its text.
    fn second(&self) -> Option<(&'static SecondFile, &str)> {
        self.written.documents.iter().find_map(|(d, text)| {
            let file = SECOND_FILES.iter().find(|f| f.document == *d)?;
            Some((file, text.as_str()))
        })
    }
}

/// A target's optional second document: the flag that saves it, what it is, and the path
/// that flag gives.
struct SecondFile {
    document: Document,
    flag: &'static str,
    what: &'static str,
    path: fn(&GenerateArgs) -> Option<&PathBuf>,
}

const SECOND_FILES: [SecondFile; 2] = [
    SecondFile {
        document: GCP_POLICY,
        flag: "--write-iam-policy",
        what: "the IAM policy (for `analyze --iam-policy`)",
        path: |a| a.write_iam_policy.as_ref(),
    },
    SecondFile {
        document: VAULT_CONFIG,
        flag: "--write-vault-config",
        what: "the mount's configuration (for `analyze --vault-config`)",
        path: |a| a.write_vault_config.as_ref(),
    },
];

/// `--scope` as Google's and Vault's requests take it (checked by [`check_flags`]).
fn repository_wide(args: &GenerateArgs) -> bool {
    args.scope == ScopeArg::Repository
}

/// Runs the target's generator on the token text.
fn write(args: &GenerateArgs, token: String) -> Result<Outcome, String> {
    let now = None;
    Ok(match args.target {
        Target::Azure => {
            let r = oidc_trust::api::generate_azure(&AzureGenerateRequest {
                token: Some(token),
                claims: None,
                kind: Some(match args.kind {
                    Some(KindArg::Flexible) => CredentialKind::Flexible,
                    Some(KindArg::Classic) | None => CredentialKind::Classic,
                }),
                name: args.name.clone(),
                now,
            });
            Outcome::of(&r, "credential")
        }
        Target::Gcp => {
            let r = oidc_trust::gcp::generate::generate(&GcpGenerateRequest {
                token: Some(token),
                claims: None,
                provider_name: args.provider_name.clone(),
                scope: if repository_wide(args) {
                    GcpScope::Repository
                } else {
                    GcpScope::Ref
                },
                now,
            });
            Outcome::of(&r, "provider")
        }
        Target::Vault => {
            let r = oidc_trust::vault::generate::generate(&VaultGenerateRequest {
                token: Some(token),
                claims: None,
                scope: Some(if repository_wide(args) {
                    VaultScope::Repository
                } else {
                    VaultScope::Exact
                }),
                role_name: args.role_name.clone(),
                mount: args.mount.clone(),
                policies: args.policies.clone(),
                now,
            });
            Outcome::of(&r, "role")
        }
        Target::Publishing => {
            let Some(registry) = args.registry else {
                return Err(
                    "--target publishing needs --registry (pypi, crates.io or npm)".to_owned(),
                );
            };
            let mut request = PublishingGenerateRequest::new(registry);
            request.token = Some(token);
            request.environment = Some(!args.no_environment);
            request.package.clone_from(&args.package);
            let r = oidc_trust::api::generate_publishing(&request);
            Outcome::of(&r, "publisher")
        }
        Target::Aws => return Err("--target aws is written by `generate` itself".to_owned()),
    })
}

/// Runs `generate` for a target other than AWS; returns the exit status.
pub fn run(
    args: &GenerateArgs,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Some(path) = &args.token else {
        writeln!(
            err,
            "error: give --token with --target {}",
            args.target.as_str()
        )?;
        return Ok(2);
    };
    let token = match input::read(path) {
        Ok(t) => t.text.trim().to_owned(),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let outcome = match write(args, token) {
        Ok(w) => w,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let written = &outcome.written;
    let code = super::exit_status(
        outcome.file().is_some(),
        Some(written.verified),
        &written.diagnostics,
    );
    if let Some((file, text)) = outcome.second()
        && let Some(to) = (file.path)(args)
        && let Err(e) = std::fs::write(to, format!("{text}\n"))
    {
        writeln!(err, "error: {} {}: {e}", file.flag, to.display())?;
        return Ok(2);
    }
    if args.json {
        let text = serde_json::to_string_pretty(&outcome.json).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(code);
    }
    let s = style;
    if let Some(text) = outcome.file() {
        writeln!(out, "{text}")?;
    }
    if let Some((file, _)) = outcome.second() {
        match (file.path)(args) {
            Some(to) => writeln!(
                err,
                "{} wrote {} to {}",
                s.cyan("note:"),
                file.what,
                to.display()
            )?,
            None => writeln!(
                err,
                "{} {} is not written: give {} FILE",
                s.cyan("note:"),
                file.what,
                file.flag
            )?,
        }
    }
    for note in &written.notes {
        writeln!(err, "{} {note}", s.cyan("note:"))?;
    }
    // Verbatim, one after the other, so they can be copied (Vault's heredoc included).
    if !written.steps.is_empty() {
        writeln!(err, "{}", s.cyan("to create it:"))?;
        for step in &written.steps {
            writeln!(err, "{}", step.trim_end())?;
        }
    }
    if outcome.file().is_some() {
        if written.verified {
            writeln!(
                err,
                "{} the analysis accepts the token with this {}",
                s.green("verified:"),
                outcome.name
            )?;
        } else {
            writeln!(
                err,
                "{} the analysis does NOT accept the token with this {}",
                s.red("not verified:"),
                outcome.name
            )?;
        }
    }
    let locator = Locator::named(outcome.name);
    for d in &written.diagnostics {
        render::diagnostic(err, d, &locator, s, "")?;
    }
    if outcome.file().is_none() && written.diagnostics.is_empty() {
        writeln!(
            err,
            "error: no {} could be written for this token",
            outcome.name
        )?;
    }
    Ok(code)
}
