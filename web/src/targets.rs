//! The targets other than AWS: which configuration boxes each one shows, what they are
//! called, which request field each fills and which input the core's findings about it name
//! (so a finding is marked in the right editor), and the request the page sends through the
//! core's one entry point for every target ([`oidc_trust::api::analyze_any_json`]).
//!
//! Every box holds the text as pasted; it goes into the request as that text, so the core's
//! spans are bytes, lines and columns of the box itself.

#[cfg(feature = "targets")]
use oidc_trust::api::analyze_any_json;
use oidc_trust::api::target::{self, Document};
use oidc_trust::api::{AnyAnalysis, Target, TokenInfo};
use oidc_trust::diagnostic::Source;
use serde::{Deserialize, Serialize};
#[cfg(feature = "targets")]
use serde_json::{Map, Value};

#[cfg(feature = "targets")]
pub use oidc_trust::api::Registry;

/// The registry of the trusted publishers. The AWS-only module (built without the
/// `targets` feature) never shows the registry menu; it keeps the wire name a link or the
/// saved inputs give, unread, and hands it to the whole page with the rest.
#[cfg(not(feature = "targets"))]
pub type Registry = String;

/// One configuration box of a target other than AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConfigDoc {
    /// Entra ID: the federated identity credentials.
    Credentials,
    /// Google Cloud: the workload identity pool provider.
    PoolProvider,
    /// Google Cloud: the IAM policy granting the federated identity (optional).
    IamPolicy,
    /// Vault: the JWT auth role.
    VaultRole,
    /// Vault: the auth mount's configuration (optional).
    VaultConfig,
    /// Trusted publishing: the package's trusted publishers.
    Publishers,
}

/// What the page knows about a [`ConfigDoc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigBox {
    /// The box.
    pub doc: ConfigDoc,
    /// The core's document it holds: its target, the request field it fills, the input
    /// the core's findings about it name, whether the target needs it.
    pub document: Document,
    /// Its label.
    pub label: &'static str,
    /// What a place in it is called before `line N` (`credentials, line 4`).
    pub short: &'static str,
    /// What the empty box shows: the command that prints it.
    pub placeholder: &'static str,
}

const CREDENTIALS: ConfigBox = ConfigBox {
    doc: ConfigDoc::Credentials,
    document: target::ENTRA_CREDENTIALS,
    label: "Federated identity credentials",
    short: "credentials",
    placeholder: "Paste the federated identity credentials (JSON). To print them:\n\n  az ad app federated-credential list --id APP_ID\n  az identity federated-credential list --identity-name NAME --resource-group RG\n\n(Microsoft Graph's {\"value\": [...]}, one credential, an ARM resource or template work too)",
};

const POOL_PROVIDER: ConfigBox = ConfigBox {
    doc: ConfigDoc::PoolProvider,
    document: target::GCP_PROVIDER,
    label: "Workload identity pool provider",
    short: "provider",
    placeholder: "Paste the pool provider (JSON). To print it:\n\n  gcloud iam workload-identity-pools providers describe PROVIDER \\\n    --workload-identity-pool=POOL --location=global --format=json",
};

const IAM_POLICY: ConfigBox = ConfigBox {
    doc: ConfigDoc::IamPolicy,
    document: target::GCP_POLICY,
    label: "IAM policy (optional)",
    short: "IAM policy",
    placeholder: "Optionally, the IAM policy that grants the federated identity (JSON). To print a service account's:\n\n  gcloud iam service-accounts get-iam-policy SA_EMAIL --format=json\n\nLeft empty, the binding stage is not checked.",
};

const VAULT_ROLE: ConfigBox = ConfigBox {
    doc: ConfigDoc::VaultRole,
    document: target::VAULT_ROLE,
    label: "JWT auth role",
    short: "role",
    placeholder: "Paste the role (JSON). To print it:\n\n  vault read -format=json auth/jwt/role/NAME\n\n(the whole output or its `data` object)",
};

const VAULT_CONFIG: ConfigBox = ConfigBox {
    doc: ConfigDoc::VaultConfig,
    document: target::VAULT_CONFIG,
    label: "Auth mount configuration (optional)",
    short: "mount config",
    placeholder: "Optionally, the mount's configuration (JSON), for its bound_issuer and keys:\n\n  vault read -format=json auth/jwt/config",
};

const PUBLISHERS: ConfigBox = ConfigBox {
    doc: ConfigDoc::Publishers,
    document: target::PUBLISHERS,
    label: "Trusted publishers",
    short: "publishers",
    placeholder: "Paste the package's trusted publishers (JSON): a list of {\"repository_owner\", \"repository\", \"workflow_filename\", \"environment\"} as the registry's settings page shows them (PyPI, crates.io or npm field names).",
};

/// Every box, in the order the page shows them.
pub const BOXES: &[ConfigBox] = &[
    CREDENTIALS,
    POOL_PROVIDER,
    IAM_POLICY,
    VAULT_ROLE,
    VAULT_CONFIG,
    PUBLISHERS,
];

impl ConfigDoc {
    /// What the page knows about it.
    pub fn info(self) -> &'static ConfigBox {
        match self {
            ConfigDoc::Credentials => &CREDENTIALS,
            ConfigDoc::PoolProvider => &POOL_PROVIDER,
            ConfigDoc::IamPolicy => &IAM_POLICY,
            ConfigDoc::VaultRole => &VAULT_ROLE,
            ConfigDoc::VaultConfig => &VAULT_CONFIG,
            ConfigDoc::Publishers => &PUBLISHERS,
        }
    }

    /// The boxes of `target`, in page order (none for AWS, whose editors are its own).
    pub fn of(target: Target) -> impl Iterator<Item = &'static ConfigBox> {
        BOXES.iter().filter(move |b| b.document.target == target)
    }

    /// The box of `target` the core's findings from `source` are about.
    pub fn for_source(target: Target, source: Source) -> Option<ConfigDoc> {
        ConfigDoc::of(target)
            .find(|b| b.document.source == source)
            .map(|b| b.doc)
    }

    /// The id of its editor (`credentials`; the editor's host is `<id>-editor`).
    pub fn id(self) -> &'static str {
        match self {
            ConfigDoc::Credentials => "credentials",
            ConfigDoc::PoolProvider => "pool-provider",
            ConfigDoc::IamPolicy => "iam-policy",
            ConfigDoc::VaultRole => "vault-role",
            ConfigDoc::VaultConfig => "vault-config",
            ConfigDoc::Publishers => "publishers",
        }
    }
}

/// The page's name of a target, as the selector lists it.
pub fn target_name(t: Target) -> &'static str {
    match t {
        Target::Aws => "AWS (IAM role trust policy)",
        Target::Azure => "Microsoft Entra ID (federated credentials)",
        Target::Gcp => "Google Cloud (workload identity federation)",
        Target::Vault => "HashiCorp Vault / OpenBao (JWT auth role)",
        Target::Publishing => "Trusted publishing (PyPI, crates.io, npm)",
    }
}

/// Who decides, for the tagline (`Microsoft Entra ID`).
pub fn decider(t: Target) -> &'static str {
    match t {
        Target::Aws => "AWS STS",
        Target::Azure => "Microsoft Entra ID",
        Target::Gcp => "Google Cloud STS",
        Target::Vault => "Vault",
        Target::Publishing => "the package registry",
    }
}

/// The other targets' configuration texts, kept while another target is on screen (so
/// switching back and forth loses nothing), and the registry picked for trusted publishing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Configs {
    /// The texts, by box; empty ones are left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<(ConfigDoc, String)>,
    /// The registry of the trusted publishers; `None` lets the publishers' shape say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry: Option<Registry>,
}

impl Configs {
    /// The text of a box (empty when nothing was typed).
    pub fn text(&self, doc: ConfigDoc) -> &str {
        self.texts
            .iter()
            .find(|(d, _)| *d == doc)
            .map_or("", |(_, t)| t.as_str())
    }

    /// Sets the text of a box (an empty text removes it).
    pub fn set(&mut self, doc: ConfigDoc, text: String) {
        self.texts.retain(|(d, _)| *d != doc);
        if !text.is_empty() {
            self.texts.push((doc, text));
            self.texts.sort_by_key(|(d, _)| *d);
        }
    }

    /// Whether nothing is typed or picked.
    pub fn is_empty(&self) -> bool {
        self.texts.iter().all(|(_, t)| t.is_empty()) && self.registry.is_none()
    }

    /// The boxes holding more than `max` bytes.
    pub fn too_large(&self, max: usize) -> impl Iterator<Item = (ConfigDoc, usize)> + '_ {
        self.texts
            .iter()
            .filter(move |(_, t)| t.len() > max)
            .map(|(d, t)| (*d, t.len()))
    }
}

/// The request for `target`: the token, the evaluation time, and each of the target's boxes
/// that holds something (as its text); the registry for trusted publishing. Only `readable`
/// texts are sent (a box too large to read is left out and named by the verdict).
#[cfg(feature = "targets")]
pub fn request(target: Target, token: &str, configs: &Configs, now: i64) -> String {
    let mut fields = Map::new();
    fields.insert("target".to_owned(), target.as_str().into());
    if !token.trim().is_empty() {
        fields.insert("token".to_owned(), token.trim().into());
    }
    fields.insert("now".to_owned(), now.into());
    for b in ConfigDoc::of(target) {
        let text = configs.text(b.doc);
        if !text.trim().is_empty() {
            fields.insert(b.document.field.to_owned(), text.into());
        }
    }
    if target == Target::Publishing
        && let Some(r) = configs.registry
    {
        fields.insert("registry".to_owned(), r.as_str().into());
    }
    Value::Object(fields).to_string()
}

/// The core's answer for a target other than AWS.
#[cfg(feature = "targets")]
pub fn analyze(target: Target, token: &str, configs: &Configs, now: i64) -> AnyAnalysis {
    analyze_any_json(&request(target, token, configs, now))
}

/// What the answer on screen decoded, the token's header facts and its claims: AWS's
/// analysis when there is one, else another target's.
pub fn decoded<'a>(
    aws: Option<&'a oidc_trust::Analysis>,
    other: Option<&'a AnyAnalysis>,
) -> (Option<&'a TokenInfo>, Option<&'a oidc_trust::Claims>) {
    let (token, claims) = match (aws, other) {
        (Some(a), _) | (None, Some(AnyAnalysis::Aws(a))) => (&a.token, &a.claims),
        #[cfg(feature = "targets")]
        (None, Some(AnyAnalysis::Azure(a))) => (&a.token, &a.claims),
        #[cfg(feature = "targets")]
        (None, Some(AnyAnalysis::Gcp(a))) => (&a.token, &a.claims),
        #[cfg(feature = "targets")]
        (None, Some(AnyAnalysis::Vault(a))) => (&a.token, &a.claims),
        #[cfg(feature = "targets")]
        (None, Some(AnyAnalysis::Publishing(a))) => (&a.token, &a.claims),
        (None, None) => return (None, None),
    };
    (token.as_ref(), claims.as_ref())
}

/// The audience a generated token needs for the target on screen: the closest Entra
/// credential's (Entra's exchange audience, `api://AzureADTokenExchange`, before any
/// credential is read), the first audience the Google provider accepts, the first of the
/// Vault role's `bound_audiences`, the registry's. `None` for AWS, whose generated tokens
/// keep their platform's default (`sts.amazonaws.com` for GitHub Actions...), and when the
/// configuration names none.
pub fn audience(target: Target, answer: Option<&AnyAnalysis>) -> Option<String> {
    let configured = answer.and_then(|a| match a {
        AnyAnalysis::Aws(_) => None,
        #[cfg(feature = "targets")]
        AnyAnalysis::Azure(a) => {
            let c = a.credentials.as_ref()?;
            let credential = c
                .closest
                .and_then(|i| c.credentials.get(i))
                .or_else(|| c.credentials.first())?;
            credential.audience.as_ref().map(|v| v.value.clone())
        }
        #[cfg(feature = "targets")]
        AnyAnalysis::Gcp(a) => a.trace.accepted_audiences.first().cloned(),
        #[cfg(feature = "targets")]
        AnyAnalysis::Vault(a) => a
            .checks
            .iter()
            .find(|c| c.field == oidc_trust::api::VaultField::BoundAudiences)?
            .expected
            .first()?
            .as_str()
            .map(str::to_owned),
        #[cfg(feature = "targets")]
        AnyAnalysis::Publishing(a) => a.registry.map(|r| r.audience().to_owned()),
    });
    configured.or_else(|| default_audience(target))
}

/// The audience a target needs before its configuration says: Entra's exchange audience.
#[cfg(feature = "targets")]
fn default_audience(target: Target) -> Option<String> {
    (target == Target::Azure).then(|| oidc_trust::azure::issuers::EXCHANGE_AUDIENCE.to_owned())
}

/// The AWS-only module answers for AWS alone, whose tokens keep their platform's default.
#[cfg(not(feature = "targets"))]
fn default_audience(_: Target) -> Option<String> {
    None
}

/// Why there is no answer yet: the target's required box is empty. The core says so too,
/// as an undecided answer; the page says it as the one thing to do next.
#[cfg(feature = "targets")]
pub fn missing(target: Target, configs: &Configs) -> Option<String> {
    ConfigDoc::of(target)
        .find(|b| b.document.required && configs.text(b.doc).trim().is_empty())
        .map(|b| {
            format!(
                "The {} box is empty: paste them to get a verdict (the box shows the command that prints them).",
                b.short
            )
        })
}

/// What the generator of a target other than AWS is asked to write: the choices the CLI's
/// `generate --target` flags give (`--scope`, `--kind`, `--no-environment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WriteChoice {
    /// The token's exact workload: its ref or environment (Google Cloud), its `sub` (Vault,
    /// a classic Entra credential), its workflow and environment (trusted publishing).
    #[default]
    Exact,
    /// Any run of the repository, by its immutable id (Google Cloud, Vault).
    Repository,
    /// An Entra credential with a `claimsMatchingExpression` (preview) in place of a subject.
    Flexible,
    /// A trusted publisher that pins no environment.
    AnyEnvironment,
}

/// One entry of the generator's menu of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOption {
    /// The choice.
    pub choice: WriteChoice,
    /// The `<option>` value.
    pub value: &'static str,
    /// What the menu says.
    pub label: &'static str,
}

/// The generator's menu for `target` (the first entry is the default), and what its button
/// writes (`a credential`).
pub fn write_options(target: Target) -> (&'static [WriteOption], &'static str) {
    const EXACT_REF: WriteOption = WriteOption {
        choice: WriteChoice::Exact,
        value: "exact",
        label: "exactly this ref or environment",
    };
    const REPOSITORY: WriteOption = WriteOption {
        choice: WriteChoice::Repository,
        value: "repository",
        label: "the whole repository (by its id)",
    };
    match target {
        Target::Aws => (&[], "a policy"),
        Target::Azure => (
            &[
                WriteOption {
                    value: "classic",
                    label: "a credential for this exact subject",
                    ..EXACT_REF
                },
                WriteOption {
                    choice: WriteChoice::Flexible,
                    value: "flexible",
                    label: "a flexible credential (claims expression, preview)",
                },
            ],
            "a credential",
        ),
        Target::Gcp => (&[EXACT_REF, REPOSITORY], "a provider and IAM policy"),
        Target::Vault => (&[EXACT_REF, REPOSITORY], "a role and mount configuration"),
        Target::Publishing => (
            &[
                WriteOption {
                    label: "this workflow and its environment",
                    ..EXACT_REF
                },
                WriteOption {
                    choice: WriteChoice::AnyEnvironment,
                    value: "anyEnvironment",
                    label: "this workflow, any environment",
                },
            ],
            "a publisher",
        ),
    }
}

/// Runs the core's generator of `target` for the token (`generate --target` of the CLI,
/// with its defaults for the names), for the registry picked (trusted publishing; else the
/// one the token's audience names).
#[cfg(feature = "targets")]
pub fn write(
    target: Target,
    token: &str,
    registry: Option<Registry>,
    choice: WriteChoice,
) -> Result<oidc_trust::api::Written, String> {
    use oidc_trust::api::{
        AzureGenerateRequest, CredentialKind, GcpGenerateRequest, GcpScope,
        PublishingGenerateRequest, VaultGenerateRequest, VaultScope, Written,
    };
    let token = Some(token.trim().to_owned());
    let wide = choice == WriteChoice::Repository;
    Ok(match target {
        Target::Aws => return Err("AWS's policy is written by the policy editor's button".into()),
        Target::Azure => Written::from(&oidc_trust::api::generate_azure(&AzureGenerateRequest {
            token,
            kind: Some(if choice == WriteChoice::Flexible {
                CredentialKind::Flexible
            } else {
                CredentialKind::Classic
            }),
            ..AzureGenerateRequest::default()
        })),
        Target::Gcp => Written::from(&oidc_trust::gcp::generate::generate(&GcpGenerateRequest {
            token,
            scope: if wide {
                GcpScope::Repository
            } else {
                GcpScope::Ref
            },
            ..GcpGenerateRequest::default()
        })),
        Target::Vault => Written::from(&oidc_trust::vault::generate::generate(
            &VaultGenerateRequest {
                token,
                scope: Some(if wide {
                    VaultScope::Repository
                } else {
                    VaultScope::Exact
                }),
                ..VaultGenerateRequest::default()
            },
        )),
        Target::Publishing => {
            // The registry picked, else the one the token was requested for (its `aud`).
            let registry = registry
                .or_else(|| {
                    let read = oidc_trust::token::decode(token.as_deref()?).ok()?;
                    let audiences = read.claims.audiences();
                    Registry::ALL
                        .into_iter()
                        .find(|r| audiences.contains(&r.audience()))
                })
                .ok_or(
                    "pick the registry first (the menu above the publishers): the token's audience names none",
                )?;
            let mut request = PublishingGenerateRequest::new(registry);
            request.token = token;
            request.environment = Some(choice != WriteChoice::AnyEnvironment);
            Written::from(&oidc_trust::api::generate_publishing(&request))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_box_has_one_row_and_every_other_target_a_required_box() {
        for b in BOXES {
            assert_eq!(b.doc.info(), b, "{:?}", b.doc);
            assert_eq!(BOXES.iter().filter(|o| o.doc == b.doc).count(), 1);
        }
        for t in Target::ALL.iter().copied().filter(|t| *t != Target::Aws) {
            assert!(ConfigDoc::of(t).any(|b| b.document.required), "{t:?}");
        }
        assert_eq!(ConfigDoc::of(Target::Aws).count(), 0);
        // One box for each of the core's documents, in its order.
        let documents: Vec<_> = BOXES.iter().map(|b| b.document).collect();
        assert_eq!(documents, oidc_trust::api::DOCUMENTS);
        assert_eq!(
            ConfigDoc::for_source(Target::Gcp, Source::Providers),
            Some(ConfigDoc::PoolProvider)
        );
        assert_eq!(
            ConfigDoc::for_source(Target::Gcp, Source::Policy),
            Some(ConfigDoc::IamPolicy)
        );
        assert_eq!(ConfigDoc::for_source(Target::Azure, Source::Token), None);
    }

    #[test]
    fn configs_keep_each_text_and_leave_empty_ones_out() {
        let mut c = Configs::default();
        assert!(c.is_empty());
        c.set(ConfigDoc::VaultRole, "{}".to_owned());
        c.set(ConfigDoc::Credentials, "[]".to_owned());
        assert_eq!(c.text(ConfigDoc::VaultRole), "{}");
        assert_eq!(c.text(ConfigDoc::Publishers), "");
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"texts":[["credentials","[]"],["vaultRole","{}"]]}"#
        );
        assert_eq!(serde_json::from_str::<Configs>(&json).unwrap(), c);
        c.set(ConfigDoc::VaultRole, String::new());
        c.set(ConfigDoc::Credentials, String::new());
        assert!(c.is_empty());
    }

    #[test]
    #[cfg(feature = "targets")]
    fn the_request_carries_the_target_s_boxes_only() {
        let mut c = Configs::default();
        c.set(ConfigDoc::Credentials, "[1]".to_owned());
        c.set(ConfigDoc::VaultRole, "{}".to_owned());
        c.registry = Some(Registry::PyPi);
        let r: Value = serde_json::from_str(&request(Target::Azure, " a.b. ", &c, 7)).unwrap();
        assert_eq!(
            r,
            serde_json::json!({"target": "azure", "token": "a.b.", "now": 7, "credentials": "[1]"})
        );
        let r: Value = serde_json::from_str(&request(Target::Publishing, "", &c, 7)).unwrap();
        assert_eq!(
            r,
            serde_json::json!({"target": "publishing", "now": 7, "registry": "pypi"})
        );
        assert_eq!(
            missing(Target::Publishing, &c).as_deref(),
            Some(
                "The publishers box is empty: paste them to get a verdict (the box shows the command that prints them)."
            )
        );
        assert_eq!(missing(Target::Azure, &c), None);
    }

    #[test]
    #[cfg(feature = "targets")]
    fn an_unreadable_credential_is_located_in_its_box() {
        let mut c = Configs::default();
        c.set(ConfigDoc::Credentials, "[\n  {\"name\": }\n]".to_owned());
        let a = analyze(
            Target::Azure,
            r#"{"iss":"https://token.actions.githubusercontent.com","sub":"s","aud":"api://AzureADTokenExchange","exp":9}"#,
            &c,
            1,
        );
        assert_eq!(a.state(), oidc_trust::api::VerdictState::Undecided);
        let d = a
            .diagnostics()
            .iter()
            .find(|d| d.span.is_some() && d.source == Source::Policy)
            .unwrap();
        assert_eq!(d.span.unwrap().line, 2);
    }
}
