//! What the generator of a target other than AWS wrote, in one shape for every target: the
//! text of each [`Document`] it wrote (what that target's analysis reads back), how to
//! create them, whether the analysis accepts the token with them, and why not. The shells
//! fill their files (the CLI) and boxes (the playground) from it by document, so neither
//! keeps a copy of which result field is which document.
//!
//! Each target's result keeps its own fields (`--json` and the npm package return those);
//! this is a view of one, made with `Written::from(&result)`.

#[cfg(any(feature = "gcp", feature = "vault", feature = "publishing"))]
use serde_json::Value;

#[cfg(feature = "azure")]
use super::AzureGenerateResult;
#[cfg(feature = "gcp")]
use super::GcpGenerateResult;
#[cfg(feature = "publishing")]
use super::PublishingGenerateResult;
#[cfg(feature = "vault")]
use super::VaultGenerateResult;
use super::target::Document;
#[cfg(feature = "azure")]
use super::target::ENTRA_CREDENTIALS;
#[cfg(feature = "publishing")]
use super::target::PUBLISHERS;
#[cfg(feature = "gcp")]
use super::target::{GCP_POLICY, GCP_PROVIDER};
#[cfg(feature = "vault")]
use super::target::{VAULT_CONFIG, VAULT_ROLE};
use crate::diagnostic::Diagnostic;

/// What a target's generator wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Each document written, with its text, in the order the target lists its documents
    /// ([`super::Target::documents`]); none when nothing could be written.
    pub documents: Vec<(Document, String)>,
    /// How to create them at the cloud or registry, each step verbatim (commands,
    /// Vault's heredoc, a registry's form).
    pub steps: Vec<String>,
    /// Whether the analysis accepts the token with what was written.
    pub verified: bool,
    /// What was chosen, in sentences.
    pub notes: Vec<String>,
    /// Why nothing could be written, and the lint findings on what was.
    pub diagnostics: Vec<Diagnostic>,
}

impl Written {
    /// The text written for `document`, if it was.
    pub fn text(&self, document: Document) -> Option<&str> {
        self.documents
            .iter()
            .find(|(d, _)| *d == document)
            .map(|(_, t)| t.as_str())
    }
}

/// The documents of `pairs` that were written, as pretty JSON.
#[cfg(any(feature = "gcp", feature = "vault", feature = "publishing"))]
fn pretty(pairs: &[(Document, Option<&Value>)]) -> Vec<(Document, String)> {
    pairs
        .iter()
        .filter_map(|(d, v)| Some((*d, serde_json::to_string_pretty(v.as_ref()?).ok()?)))
        .collect()
}

#[cfg(feature = "azure")]
impl From<&AzureGenerateResult> for Written {
    fn from(r: &AzureGenerateResult) -> Self {
        Written {
            documents: r
                .credential
                .iter()
                .map(|c| (ENTRA_CREDENTIALS, c.clone()))
                .collect(),
            steps: r.command.iter().cloned().collect(),
            verified: r.verified,
            notes: Vec::new(),
            diagnostics: r.diagnostics.clone(),
        }
    }
}

#[cfg(feature = "gcp")]
impl From<&GcpGenerateResult> for Written {
    fn from(r: &GcpGenerateResult) -> Self {
        Written {
            documents: pretty(&[
                (GCP_PROVIDER, r.provider.as_ref()),
                (GCP_POLICY, r.policy.as_ref()),
            ]),
            steps: r.commands.clone(),
            verified: r.verified,
            notes: r.notes.clone(),
            diagnostics: r.diagnostics.clone(),
        }
    }
}

#[cfg(feature = "vault")]
impl From<&VaultGenerateResult> for Written {
    fn from(r: &VaultGenerateResult) -> Self {
        Written {
            documents: pretty(&[
                (VAULT_ROLE, r.role.as_ref()),
                (VAULT_CONFIG, r.config.as_ref()),
            ]),
            steps: (!r.commands.is_empty())
                .then(|| r.commands.clone())
                .into_iter()
                .collect(),
            verified: r.verified,
            notes: r.notes.clone(),
            diagnostics: r.diagnostics.clone(),
        }
    }
}

#[cfg(feature = "publishing")]
impl From<&PublishingGenerateResult> for Written {
    fn from(r: &PublishingGenerateResult) -> Self {
        Written {
            documents: pretty(&[(PUBLISHERS, r.publisher.as_ref())]),
            steps: r.steps.clone(),
            verified: r.verified,
            notes: r.notes.clone(),
            diagnostics: r.diagnostics.clone(),
        }
    }
}

#[cfg(all(
    test,
    feature = "azure",
    feature = "gcp",
    feature = "vault",
    feature = "publishing"
))]
mod tests {
    use serde_json::{Map, Value, json};

    use super::Written;
    use crate::api::target::{GCP_POLICY, GCP_PROVIDER, VAULT_CONFIG, VAULT_ROLE};
    use crate::api::{
        AzureGenerateRequest, GcpGenerateRequest, PublishingGenerateRequest, Registry, Target,
        VaultGenerateRequest, analyze_any_json,
    };

    /// A GitHub Actions token's claims for the `main` branch of `acme/widgets`, requested
    /// for `aud`.
    fn claims(aud: &str) -> String {
        json!({
            "iss": "https://token.actions.githubusercontent.com",
            "aud": aud,
            "sub": "repo:acme/widgets:ref:refs/heads/main",
            "repository": "acme/widgets", "repository_owner": "acme",
            "repository_id": "101", "repository_owner_id": "202",
            "ref": "refs/heads/main", "ref_type": "branch",
            "workflow_ref": "acme/widgets/.github/workflows/release.yml@refs/heads/main",
            "job_workflow_ref": "acme/widgets/.github/workflows/release.yml@refs/heads/main",
            "event_name": "push", "iat": 1_700_000_000, "nbf": 1_700_000_000,
            "exp": 1_700_000_300, "jti": "j"
        })
        .to_string()
    }

    /// The target's analysis of the token with each written document in its request field
    /// (the way the shells fill them: the document's text as it is).
    fn analysed(target: Target, aud: &str, written: &Written, extra: &[(&str, Value)]) -> bool {
        let mut request = Map::new();
        request.insert("target".into(), target.as_str().into());
        request.insert("token".into(), claims(aud).into());
        request.insert("now".into(), 1_700_000_010.into());
        for (document, text) in &written.documents {
            assert_eq!(document.target, target);
            request.insert(document.field.into(), text.as_str().into());
        }
        for (k, v) in extra {
            request.insert((*k).into(), v.clone());
        }
        analyze_any_json(&Value::Object(request).to_string()).accepted()
    }

    #[test]
    fn every_targets_documents_are_read_back_as_accepting_the_token() {
        const ENTRA: &str = "api://AzureADTokenExchange";
        const GOOGLE: &str = "https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh";
        let entra = Written::from(&crate::api::generate_azure(&AzureGenerateRequest {
            token: Some(claims(ENTRA)),
            ..AzureGenerateRequest::default()
        }));
        assert!(entra.verified && entra.documents.len() == 1, "{entra:?}");
        assert!(!entra.steps.is_empty());
        assert!(analysed(Target::Azure, ENTRA, &entra, &[]));

        let gcp = Written::from(&crate::gcp::generate::generate(&GcpGenerateRequest {
            token: Some(claims(GOOGLE)),
            ..GcpGenerateRequest::default()
        }));
        let order: Vec<_> = gcp.documents.iter().map(|(d, _)| *d).collect();
        assert_eq!(order, [GCP_PROVIDER, GCP_POLICY]);
        assert!(gcp.verified && gcp.text(GCP_POLICY).is_some());
        assert!(analysed(Target::Gcp, GOOGLE, &gcp, &[]));

        let vault = Written::from(&crate::vault::generate::generate(&VaultGenerateRequest {
            token: Some(claims("https://vault.example")),
            ..VaultGenerateRequest::default()
        }));
        assert!(vault.text(VAULT_ROLE).is_some() && vault.text(VAULT_CONFIG).is_some());
        assert_eq!(vault.steps.len(), 1, "Vault's commands are one heredoc");
        assert!(analysed(
            Target::Vault,
            "https://vault.example",
            &vault,
            &[]
        ));

        let mut request = PublishingGenerateRequest::new(Registry::PyPi);
        request.token = Some(claims("pypi"));
        let publishing = Written::from(&crate::api::generate_publishing(&request));
        assert!(publishing.verified, "{publishing:?}");
        assert!(analysed(
            Target::Publishing,
            "pypi",
            &publishing,
            &[("registry", "pypi".into())]
        ));
    }

    #[test]
    fn nothing_written_is_no_document_and_says_why() {
        let w = Written::from(&crate::gcp::generate::generate(&GcpGenerateRequest {
            token: Some("not a token".into()),
            ..GcpGenerateRequest::default()
        }));
        assert!(w.documents.is_empty() && !w.verified);
        assert!(!w.diagnostics.is_empty());
    }
}
