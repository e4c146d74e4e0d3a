//! The trusted publisher to register for a GitHub Actions token: the one that admits exactly
//! this workflow (the token's repository owner and name, its workflow file and, unless left
//! out, its environment) at one registry, written with the registry's own field names:
//!
//! - PyPI: the fields of its "Add a new publisher" form (`owner`, `repository`,
//!   `workflow_filename`, `environment`), with the `repository_owner_id` PyPI records when
//!   the publisher is saved;
//! - crates.io: the body of `POST /api/v1/trusted_publishing/github_configs`
//!   (`{"github_config": {"crate", "repository_owner", "repository_name",
//!   "workflow_filename", "environment"}}`; rust-lang/crates.io
//!   `src/controllers/trustpub/github_configs/json.rs`);
//! - npm: the options of `npm trust github` (`repository` as `owner/name`, `file`,
//!   `environment`; npm/cli `lib/commands/trust/github.js`).
//!
//! Every shape is one [`super::publisher::read`] takes, so the result is read back and the
//! exchange is run on it with the same token before it is returned (`verified`), and the
//! lints run on it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::exchange::{self, Exchange, workflow_file};
use super::publisher;
use super::{GITHUB_ISSUER, Registry, lint};
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::token::{self, Claims};

/// What to write a trusted publisher for.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishingGenerateRequest {
    /// The token: a compact JWT, or its claims as JSON text.
    #[serde(default)]
    pub token: Option<String>,
    /// The claims as a JSON object, instead of `token`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub claims: Option<Value>,
    /// The registry: `pypi`, `crates.io` or `npm`.
    pub registry: Registry,
    /// Whether to pin the token's `environment` when it has one; default `true`. Left out,
    /// any job of the workflow may publish, whatever its environment.
    #[serde(default)]
    pub environment: Option<bool>,
    /// The package (PyPI project, crate, npm package) for the registration steps; default a
    /// placeholder (`<PROJECT>`, `<CRATE>`, `<PACKAGE>`).
    #[serde(default)]
    pub package: Option<String>,
    /// When to check that the publisher takes the token; default the token's `iat` (else
    /// `nbf`, else `exp`).
    #[serde(default)]
    pub now: Option<i64>,
}

impl PublishingGenerateRequest {
    /// A request for `registry` with nothing else set.
    pub fn new(registry: Registry) -> Self {
        PublishingGenerateRequest {
            token: None,
            claims: None,
            registry,
            environment: None,
            package: None,
            now: None,
        }
    }
}

/// The publisher written.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishingGenerateResult {
    /// The registry, when the request named one.
    pub registry: Option<Registry>,
    /// The publisher, in the registry's own field names (with `registry` for PyPI and npm,
    /// whose shapes do not imply it), as `analyze` with target `publishing` reads it;
    /// `null` when none could be written.
    #[cfg_attr(feature = "wasm", tsify(type = "JsonObject | null"))]
    pub publisher: Option<Value>,
    /// How to register it: the `npm trust` command, the crates.io API call, or PyPI's web
    /// form and the values to type.
    pub steps: Vec<String>,
    /// Whether the registry's exchange, as modelled, takes the token with the publisher.
    pub verified: bool,
    /// What the publisher pins and what it leaves open.
    pub notes: Vec<String>,
    /// Why no publisher was written (or why it does not take the token), then the lint
    /// findings on it.
    pub diagnostics: Vec<Diagnostic>,
}

impl PublishingGenerateResult {
    /// A result that says why no publisher was written.
    pub fn failed(registry: Option<Registry>, diagnostics: Vec<Diagnostic>) -> Self {
        PublishingGenerateResult {
            registry,
            publisher: None,
            steps: Vec::new(),
            verified: false,
            notes: Vec::new(),
            diagnostics,
        }
    }
}

/// A token claim that cannot be used, located at the claim.
fn claim_error(claim: &str, message: String) -> Diagnostic {
    Diagnostic::new(
        codes::INVALID_TOKEN,
        Severity::Error,
        Source::Token,
        message,
    )
    .at(&format!("/{claim}"), None)
}

/// What the publisher is written from: the token's repository and workflow file.
struct Workload<'c> {
    owner: &'c str,
    name: &'c str,
    owner_id: Option<&'c str>,
    workflow: &'c str,
    environment: Option<&'c str>,
}

/// Reads the workload from the claims, or says (located) what is missing.
fn workload(claims: &Claims, registry: Registry) -> Result<Workload<'_>, Vec<Diagnostic>> {
    if claims.issuer() != Some(GITHUB_ISSUER) {
        let found = claims
            .issuer()
            .map_or_else(|| "no `iss`".to_owned(), |i| format!("`iss` `{i}`"));
        return Err(vec![claim_error(
            "iss",
            format!(
                "the token has {found}: a GitHub trusted publisher is written for a GitHub Actions token (`{GITHUB_ISSUER}`)"
            ),
        )]);
    }
    let mut missing = Vec::new();
    let (owner, name) = exchange::repository(claims);
    if owner.is_none() {
        missing.push(claim_error(
            "repository_owner",
            "the token has no `repository_owner` (nor `repository` as `owner/name`), which the publisher names".to_owned(),
        ));
    }
    if name.is_none() {
        missing.push(claim_error(
            "repository",
            "the token has no `repository`, which the publisher names".to_owned(),
        ));
    }
    let claim = registry.workflow_claim();
    let workflow = match claims.str(claim) {
        None => {
            missing.push(claim_error(
                claim,
                format!(
                    "the token has no `{claim}`, which {} takes the workflow file from",
                    registry.name()
                ),
            ));
            None
        }
        Some(reference) => match workflow_file(reference) {
            None => {
                missing.push(claim_error(
                    claim,
                    format!("`{claim}` is `{reference}`, expected `OWNER/REPO/.github/workflows/FILE@REF`"),
                ));
                None
            }
            // PyPI matches the job's workflow file inside the publishing repository: a job
            // that runs another repository's reusable workflow cannot be admitted.
            Some((repo, file)) => {
                let same = claims
                    .str("repository")
                    .is_some_and(|r| r.eq_ignore_ascii_case(repo));
                if registry == Registry::PyPi && !same {
                    missing.push(claim_error(
                        claim,
                        format!(
                            "the job runs `{file}` of another repository (`{repo}`); PyPI matches the workflow file in the publishing repository, so no publisher admits this job: publish from a job of the calling workflow"
                        ),
                    ));
                    None
                } else {
                    Some(file)
                }
            }
        },
    };
    match (owner, name, workflow) {
        (Some(owner), Some(name), Some(workflow)) if missing.is_empty() => Ok(Workload {
            owner,
            name,
            owner_id: claims.str("repository_owner_id"),
            workflow,
            environment: claims.str("environment").filter(|e| !e.is_empty()),
        }),
        _ => Err(missing),
    }
}

/// The publisher in the registry's own shape.
fn shape(registry: Registry, w: &Workload<'_>, environment: Option<&str>, package: &str) -> Value {
    let mut fields = Map::new();
    match registry {
        Registry::PyPi => {
            fields.insert("registry".into(), json!(registry.as_str()));
            fields.insert("owner".into(), json!(w.owner));
            fields.insert("repository".into(), json!(w.name));
            fields.insert("workflow_filename".into(), json!(w.workflow));
            fields.insert("environment".into(), json!(environment.unwrap_or_default()));
            if let Some(id) = w.owner_id {
                fields.insert("repository_owner_id".into(), json!(id));
            }
        }
        Registry::CratesIo => {
            fields.insert("crate".into(), json!(package));
            fields.insert("repository_owner".into(), json!(w.owner));
            fields.insert("repository_name".into(), json!(w.name));
            fields.insert("workflow_filename".into(), json!(w.workflow));
            fields.insert("environment".into(), json!(environment));
            return json!({ "github_config": fields });
        }
        Registry::Npm => {
            fields.insert("registry".into(), json!(registry.as_str()));
            fields.insert("type".into(), json!("github"));
            fields.insert(
                "repository".into(),
                json!(format!("{}/{}", w.owner, w.name)),
            );
            fields.insert("file".into(), json!(w.workflow));
            if let Some(e) = environment {
                fields.insert("environment".into(), json!(e));
            }
        }
    }
    Value::Object(fields)
}

/// Single-quoted for a POSIX shell.
fn shell(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// How to register the publisher.
fn steps(
    registry: Registry,
    w: &Workload<'_>,
    environment: Option<&str>,
    package: &str,
    publisher: &Value,
) -> Vec<String> {
    match registry {
        Registry::PyPi => vec![
            format!(
                "open https://pypi.org/manage/project/{package}/settings/publishing/ (for a project that does not exist yet: https://pypi.org/manage/account/publishing/, a pending publisher, with the project name)"
            ),
            format!(
                "under GitHub, fill in Owner `{}`, Repository name `{}`, Workflow name `{}`, Environment name `{}`, and press Add",
                w.owner,
                w.name,
                w.workflow,
                environment.unwrap_or_default()
            ),
        ],
        Registry::CratesIo => {
            let body = publisher
                .get("github_config")
                .map_or_else(String::new, |c| json!({ "github_config": c }).to_string());
            vec![
                format!(
                    "curl -sS -X POST https://crates.io/api/v1/trusted_publishing/github_configs -H \"Authorization: $CRATES_IO_TOKEN\" -H 'Content-Type: application/json' -d {}",
                    shell(&body)
                ),
                format!(
                    "or on https://crates.io/crates/{package}/settings, add a trusted publisher (GitHub) with these values"
                ),
            ]
        }
        Registry::Npm => {
            let environment =
                environment.map_or_else(String::new, |e| format!(" --environment {}", shell(e)));
            let command = format!(
                "npm trust github {} --repository {} --file {}{environment} --yes",
                shell(package),
                shell(&format!("{}/{}", w.owner, w.name)),
                shell(w.workflow)
            );
            vec![
                command,
                "needs npm 11.10.0 or later, write access to the package and two-factor authentication; or add it under the package's Settings, Trusted Publisher, on npmjs.com".to_owned(),
            ]
        }
    }
}

/// Writes the publisher and checks it against the token.
pub fn generate(request: &PublishingGenerateRequest) -> PublishingGenerateResult {
    let registry = request.registry;
    let failed = |d: Vec<Diagnostic>| PublishingGenerateResult::failed(Some(registry), d);
    let token = match token::from_request(request.token.as_deref(), request.claims.as_ref()) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return failed(vec![Diagnostic::invalid_request(
                "no token: give `token` (a JWT or claims as JSON text) or `claims`".to_owned(),
            )]);
        }
        Err(d) => return failed(vec![*d]),
    };
    let claims = &token.claims;
    let w = match workload(claims, registry) {
        Ok(w) => w,
        Err(d) => return failed(d),
    };
    let pin = request.environment.unwrap_or(true);
    let environment = w.environment.filter(|_| pin);
    let package = request.package.as_deref().unwrap_or(match registry {
        Registry::PyPi => "<PROJECT>",
        Registry::CratesIo => "<CRATE>",
        Registry::Npm => "<PACKAGE>",
    });
    let publisher = shape(registry, &w, environment, package);
    let mut notes = vec![format!(
        "admits `{}` of `{}/{}` (from `{}`){}",
        w.workflow,
        w.owner,
        w.name,
        registry.workflow_claim(),
        environment.map_or_else(String::new, |e| format!(" in the environment `{e}`"))
    )];
    match (w.environment, pin) {
        (Some(e), false) => notes.push(format!(
            "the environment `{e}` is left out: any job of the workflow may publish; pin it and protect it with required reviewers"
        )),
        (None, _) => notes.push(
            "the token has no `environment`, so none is pinned: give the publishing job an environment and pin it".to_owned(),
        ),
        (Some(_), true) => {}
    }
    if registry.checks_owner_id() {
        notes.push(match w.owner_id {
            Some(id) => format!(
                "{} records the owner's id (`repository_owner_id` `{id}`) when the publisher is saved, so an owner re-created under the same name does not inherit it",
                registry.name()
            ),
            None => format!(
                "the token has no `repository_owner_id`; {} records the owner's id when the publisher is saved",
                registry.name()
            ),
        });
    }
    let text = serde_json::to_string_pretty(&publisher).unwrap_or_default();
    let read = publisher::read(&text, Some(registry));
    let mut diagnostics = read.diagnostics.clone();
    let now = request.now.unwrap_or_else(|| claims.check_time());
    let verdict = exchange::run(&Exchange {
        registry,
        publishers: &read.publishers,
        unreadable: !read.diagnostics.is_empty(),
        token: Some(&token),
        now,
    });
    let verified = verdict.refusal.is_none();
    if let Some(refusal) = &verdict.refusal {
        diagnostics.push(not_verified(refusal, registry));
    }
    diagnostics.extend(lint::run(&read.publishers));
    PublishingGenerateResult {
        registry: Some(registry),
        steps: steps(registry, &w, environment, package, &publisher),
        publisher: Some(publisher),
        verified,
        notes,
        diagnostics,
    }
}

/// Why the registry would still refuse the token with the publisher written for it.
fn not_verified(refusal: &exchange::Refusal, registry: Registry) -> Diagnostic {
    let warning = |message: String| {
        Diagnostic::new(
            codes::INVALID_TOKEN,
            Severity::Warning,
            Source::Token,
            message,
        )
    };
    match refusal {
        exchange::Refusal::Audience | exchange::Refusal::AudienceList => warning(format!(
            "the token's `aud` is not the string `{}`: {} takes only a token requested for it, whatever the publisher says",
            registry.audience(),
            registry.name()
        ))
        .at("/aud", None),
        other => {
            let why = other
                .error(registry)
                .map_or_else(|| "the exchange has no answer".to_owned(), |(_, m, _)| m);
            warning(format!(
                "{} would still refuse the token with this publisher: {why}",
                registry.name()
            ))
        }
    }
}
