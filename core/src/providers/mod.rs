//! What oidc-trust knows about each CI platform: how to recognise its issuer, how its `sub`
//! claim is built (parse it into fields, build it from fields), and which of its claims AWS
//! exposes as condition keys.
//!
//! One module per platform. Formats follow the semantics reference, section 5; where a
//! vendor document was read for a detail, the module says so. A parsed [`Subject`] borrows
//! from the `sub` it was read from: parsing allocates one vector and no strings, because the
//! lints parse dozens of sample subjects per pattern.

use serde::Serialize;

pub mod bitbucket;
pub mod buildkite;
pub mod circleci;
pub mod eks;
pub mod github;
pub mod gitlab;
pub mod terraform;

/// A CI platform (or any other OIDC issuer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Platform {
    /// GitHub Actions: github.com, GitHub Enterprise Cloud (with an enterprise slug),
    /// GHE.com and GitHub Enterprise Server.
    #[serde(rename = "github")]
    GitHub,
    /// GitLab CI: GitLab.com or a self-managed instance.
    #[serde(rename = "gitlab")]
    GitLab,
    /// `CircleCI`.
    #[serde(rename = "circleci")]
    CircleCi,
    /// Bitbucket Pipelines.
    Bitbucket,
    /// HCP Terraform (Terraform Cloud) and Terraform Enterprise.
    Terraform,
    /// Buildkite.
    Buildkite,
    /// Amazon EKS service accounts (IRSA).
    Eks,
    /// Any other OIDC issuer: the `sub` is opaque.
    Generic,
}

impl Platform {
    /// A display name.
    pub fn name(self) -> &'static str {
        match self {
            Platform::GitHub => "GitHub Actions",
            Platform::GitLab => "GitLab CI",
            Platform::CircleCi => "CircleCI",
            Platform::Bitbucket => "Bitbucket Pipelines",
            Platform::Terraform => "HCP Terraform",
            Platform::Buildkite => "Buildkite",
            Platform::Eks => "Amazon EKS",
            Platform::Generic => "an OIDC issuer",
        }
    }
}

/// Which variant of a platform an issuer URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum IssuerVariant {
    /// `token.actions.githubusercontent.com`.
    Github,
    /// `token.actions.githubusercontent.com/<enterprise slug>` (GitHub Enterprise Cloud).
    GithubEnterpriseSlug,
    /// `token.actions.<subdomain>.ghe.com` (GHE.com data residency).
    GheCom,
    /// `<host>/_services/token` (GitHub Enterprise Server), or a host recognised by its
    /// `repo:` subject.
    GithubEnterpriseServer,
    /// `gitlab.com`, exactly.
    GitlabCom,
    /// A self-managed GitLab, by its host name or its `project_path:` subject.
    GitlabSelfManaged,
    /// `oidc.circleci.com/org/<organisation id>`.
    Circleci,
    /// `api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc`.
    Bitbucket,
    /// `app.terraform.io`.
    HcpTerraform,
    /// A Terraform Enterprise host, recognised by its subject.
    TerraformEnterprise,
    /// `agent.buildkite.com` (and Buildkite's own test hosts).
    Buildkite,
    /// `oidc.eks.<region>.amazonaws.com/id/<cluster id>`.
    Eks,
    /// Anything else.
    Generic,
}

/// A family of issuers with its own condition keys in AWS. AWS began exposing provider
/// claims as condition keys in January 2026 for GitHub, GitLab.com, Buildkite and
/// `CircleCI` (semantics reference, 2.1 and 2.2); every other issuer gets the five generic
/// keys only.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum IssuerKind {
    /// GitHub Actions: `token.actions.githubusercontent.com` (with an optional enterprise
    /// path) and GHE.com's `token.actions.<subdomain>.ghe.com`.
    #[serde(rename = "github")]
    GitHub,
    /// GitLab.com only (`gitlab.com`, exactly); self-managed GitLab gets the generic keys.
    #[serde(rename = "gitlabCom")]
    GitLabCom,
    /// Buildkite, `agent.buildkite.com`.
    Buildkite,
    /// `CircleCI`, `oidc.circleci.com/org/<org id>`.
    #[serde(rename = "circleci")]
    CircleCi,
    /// Google (`accounts.google.com`), one of AWS's built-in providers.
    Google,
    /// Amazon Cognito identity pools (`cognito-identity.amazonaws.com`), built in.
    Cognito,
    /// Facebook (`graph.facebook.com`) OAuth 2.0 access tokens, built in.
    Facebook,
    /// Login with Amazon (`www.amazon.com`) OAuth 2.0 access tokens, built in.
    Amazon,
    /// Any other issuer: the five generic keys only.
    Generic,
}

/// AWS's built-in web identity providers: trusted by name in `Federated`, with no IAM OIDC
/// provider and no client-id list (IAM UG, "Create a role for web identity or OIDC"; research
/// notes in the README). In the order of the IAM UG.
pub const BUILT_IN: [IssuerKind; 4] = [
    IssuerKind::Cognito,
    IssuerKind::Amazon,
    IssuerKind::Facebook,
    IssuerKind::Google,
];

/// The five condition keys AWS supplies for every OIDC provider (semantics reference 2.1).
pub const GENERIC_CLAIMS: &[&str] = &["aud", "oaud", "sub", "amr", "email"];

/// Claims AWS exposes as keys for GitHub since 2026 (IAM UG GitHub tab; SAR).
const GITHUB_CLAIMS: &[&str] = &[
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "repository_owner_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];
/// Claims AWS exposes for `gitlab.com` (SAR; GitLab's id-token doc).
const GITLAB_CLAIMS: &[&str] = &[
    "namespace_id",
    "pipeline_source",
    "project_id",
    "ref_protected",
    "runner_environment",
    "user_access_level",
    "user_email",
    "user_id",
    "user_login",
];
/// Claims AWS exposes for Buildkite (SAR).
const BUILDKITE_CLAIMS: &[&str] = &[
    "build_branch",
    "cluster_id",
    "cluster_name",
    "organization_id",
    "organization_slug",
    "pipeline_id",
    "pipeline_slug",
];
/// Claims AWS exposes for `CircleCI` (SAR).
const CIRCLECI_CLAIMS: &[&str] = &["oidc.circleci.com/project-id"];
/// The keys of the built-in providers (SAR, `AssumeRoleWithWebIdentity`). Google's `aud` is
/// `azp` when present and `oaud` is `aud`, as for every provider; its organization number
/// is read from the `google` claim's `organization_number` (UNCONFIRMED: AWS's table names
/// the source `google:organization_number`). Cognito's `amr` is multi-valued.
const GOOGLE_KEYS: &[&str] = &["aud", "oaud", "sub", "google/organization_number"];
const COGNITO_KEYS: &[&str] = &["aud", "sub", "amr"];
const FACEBOOK_KEYS: &[&str] = &["app_id", "id"];
const AMAZON_KEYS: &[&str] = &["app_id", "user_id"];

impl IssuerKind {
    /// The issuer family of a key prefix (the URL without `https://`).
    pub fn of(prefix: &str) -> IssuerKind {
        recognise(prefix, None).kind
    }

    /// The provider claims AWS exposes for this family since January 2026, beyond the
    /// generic five (none for the built-in providers, whose keys are their own).
    pub fn provider_claims(self) -> &'static [&'static str] {
        match self {
            IssuerKind::GitHub => GITHUB_CLAIMS,
            IssuerKind::GitLabCom => GITLAB_CLAIMS,
            IssuerKind::Buildkite => BUILDKITE_CLAIMS,
            IssuerKind::CircleCi => CIRCLECI_CLAIMS,
            _ => &[],
        }
    }

    /// Every claim AWS exposes as a condition key `<prefix>:<claim>`: a built-in provider's
    /// own keys; otherwise the generic five, then the provider claims when
    /// `provider_claims` (AWS since January 2026).
    pub fn exposed_claims(self, provider_claims: bool) -> impl Iterator<Item = &'static str> {
        let (base, extra) = match self {
            IssuerKind::Google => (GOOGLE_KEYS, &[][..]),
            IssuerKind::Cognito => (COGNITO_KEYS, &[][..]),
            IssuerKind::Facebook => (FACEBOOK_KEYS, &[][..]),
            IssuerKind::Amazon => (AMAZON_KEYS, &[][..]),
            _ if provider_claims => (GENERIC_CLAIMS, self.provider_claims()),
            _ => (GENERIC_CLAIMS, &[][..]),
        };
        base.iter().chain(extra).copied()
    }

    /// Whether AWS documents the key `<prefix>:<claim>` as multi-valued (`amr`).
    pub fn multi_valued(claim: &str) -> bool {
        claim == "amr"
    }

    /// The built-in provider trusted as `Federated: name` (exactly as AWS spells it).
    pub fn built_in_named(name: &str) -> Option<IssuerKind> {
        BUILT_IN
            .into_iter()
            .find(|k| k.built_in_name() == Some(name))
    }

    /// The name of a built-in provider, as `Federated` and the condition keys spell it;
    /// `None` for an issuer that needs an IAM OIDC provider.
    pub fn built_in_name(self) -> Option<&'static str> {
        match self {
            IssuerKind::Google => Some("accounts.google.com"),
            IssuerKind::Cognito => Some("cognito-identity.amazonaws.com"),
            IssuerKind::Facebook => Some("graph.facebook.com"),
            IssuerKind::Amazon => Some("www.amazon.com"),
            _ => None,
        }
    }

    /// Whether AWS's built-in provider takes OAuth 2.0 access tokens with `ProviderId`
    /// (Facebook, Login with Amazon) rather than ID tokens.
    pub fn takes_access_tokens(self) -> bool {
        matches!(self, IssuerKind::Facebook | IssuerKind::Amazon)
    }

    /// A display name for a built-in provider.
    pub fn display_name(self) -> &'static str {
        match self {
            IssuerKind::GitHub => "GitHub Actions",
            IssuerKind::GitLabCom => "GitLab.com",
            IssuerKind::Buildkite => "Buildkite",
            IssuerKind::CircleCi => "CircleCI",
            IssuerKind::Google => "Google",
            IssuerKind::Cognito => "Amazon Cognito",
            IssuerKind::Facebook => "Facebook",
            IssuerKind::Amazon => "Login with Amazon",
            IssuerKind::Generic => "an OIDC issuer",
        }
    }
}

/// The condition-key prefix of an issuer or provider URL: the URL without surrounding
/// whitespace and without `https://`, path and trailing slash kept (IAM compares it
/// exactly).
pub fn key_prefix(url: &str) -> &str {
    let url = url.trim();
    url.strip_prefix("https://").unwrap_or(url)
}

/// An issuer, recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer<'a> {
    /// The condition-key prefix ([`key_prefix`]).
    pub prefix: &'a str,
    /// The platform.
    pub platform: Platform,
    /// Which variant of the platform.
    pub variant: IssuerVariant,
    /// What the URL names, if anything: the enterprise slug, the `CircleCI` organisation id,
    /// the Bitbucket workspace, the EKS cluster id.
    pub detail: Option<&'a str>,
    /// The issuer family that decides which provider claims AWS exposes.
    pub kind: IssuerKind,
}

/// Recognises an issuer from its URL (with or without `https://`). When the URL alone does
/// not tell (a self-managed GitLab, a GitHub Enterprise Server with an unusual host), a
/// `sub` helps: `project_path:...` is GitLab, `repo:...` GitHub.
pub fn recognise<'a>(url: &'a str, sub: Option<&str>) -> Issuer<'a> {
    let prefix = key_prefix(url);
    let (platform, variant, detail) = github::recognise(prefix)
        .map(|(v, d)| (Platform::GitHub, v, d))
        .or_else(|| gitlab::recognise(prefix).map(|(v, d)| (Platform::GitLab, v, d)))
        .or_else(|| circleci::recognise(prefix).map(|(v, d)| (Platform::CircleCi, v, d)))
        .or_else(|| bitbucket::recognise(prefix).map(|(v, d)| (Platform::Bitbucket, v, d)))
        .or_else(|| terraform::recognise(prefix).map(|v| (Platform::Terraform, v, None)))
        .or_else(|| buildkite::recognise(prefix).map(|v| (Platform::Buildkite, v, None)))
        .or_else(|| eks::recognise(prefix).map(|(v, d)| (Platform::Eks, v, d)))
        .or_else(|| by_subject(sub?))
        .unwrap_or((Platform::Generic, IssuerVariant::Generic, None));
    let kind = match variant {
        IssuerVariant::Github | IssuerVariant::GithubEnterpriseSlug | IssuerVariant::GheCom => {
            IssuerKind::GitHub
        }
        IssuerVariant::GitlabCom => IssuerKind::GitLabCom,
        // AWS's list names the production agent host only.
        IssuerVariant::Buildkite if prefix == buildkite::HOST => IssuerKind::Buildkite,
        IssuerVariant::Circleci => IssuerKind::CircleCi,
        _ => BUILT_IN
            .into_iter()
            .find(|k| k.built_in_name() == Some(prefix))
            .unwrap_or(IssuerKind::Generic),
    };
    Issuer {
        prefix,
        platform,
        variant,
        detail,
        kind,
    }
}

/// Guesses the platform from the shape of a `sub` alone, for issuers the URL does not name.
fn by_subject<'a>(sub: &str) -> Option<(Platform, IssuerVariant, Option<&'a str>)> {
    if sub.starts_with("project_path:") || sub.starts_with("project_id:") {
        Some((Platform::GitLab, IssuerVariant::GitlabSelfManaged, None))
    } else if sub.starts_with("repo:") {
        Some((
            Platform::GitHub,
            IssuerVariant::GithubEnterpriseServer,
            None,
        ))
    } else if sub.starts_with("organization:") && sub.contains(":workspace:") {
        Some((
            Platform::Terraform,
            IssuerVariant::TerraformEnterprise,
            None,
        ))
    } else {
        None
    }
}

/// The form of a `sub`: which of its platform's documented shapes it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SubjectForm {
    /// A branch run (GitHub `ref:refs/heads/...`, GitLab `ref_type:branch`).
    Branch,
    /// A tag run.
    Tag,
    /// Another ref (GitHub `ref:refs/pull/...`, ...).
    Ref,
    /// A GitHub pull-request run.
    PullRequest,
    /// A GitHub job in an environment.
    Environment,
    /// A customised subject (GitHub `include_claim_keys`, GitLab sub claim components).
    Custom,
    /// A `CircleCI` subject with its VCS origin and ref.
    Vcs,
    /// A `CircleCI` subject without them.
    Project,
    /// A Bitbucket deployment step (with an environment).
    Deployment,
    /// A Bitbucket step.
    Step,
    /// An HCP Terraform run.
    Workspace,
    /// A Buildkite job.
    Pipeline,
    /// A Kubernetes service account.
    ServiceAccount,
    /// An issuer whose `sub` has no known shape.
    Opaque,
}

impl SubjectForm {
    /// The form in words, for display.
    pub fn name(self) -> &'static str {
        match self {
            SubjectForm::Branch => "branch",
            SubjectForm::Tag => "tag",
            SubjectForm::Ref => "ref",
            SubjectForm::PullRequest => "pull request",
            SubjectForm::Environment => "environment",
            SubjectForm::Custom => "custom",
            SubjectForm::Vcs => "project and VCS ref",
            SubjectForm::Project => "project",
            SubjectForm::Deployment => "deployment step",
            SubjectForm::Step => "step",
            SubjectForm::Workspace => "workspace run",
            SubjectForm::Pipeline => "pipeline job",
            SubjectForm::ServiceAccount => "service account",
            SubjectForm::Opaque => "opaque",
        }
    }
}

/// One field of a parsed `sub`, with where it is (byte offsets into the `sub`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubjectField<'a> {
    /// The field name, e.g. `owner`, `repository`, `branch`, `project_path`.
    pub name: &'a str,
    /// The value as it appears in the `sub` (still percent-encoded where GitHub encodes).
    pub value: &'a str,
    /// Byte offset of the value in the `sub`.
    pub start: usize,
    /// Byte offset just past the value.
    pub end: usize,
}

/// A `sub` split into its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject<'a> {
    /// The platform whose format it follows.
    pub platform: Platform,
    /// Its form.
    pub form: SubjectForm,
    /// Whether the `sub` names its repository or project by immutable ids (GitHub
    /// `owner@id/repo@id`, GitLab `project_id:`, Bitbucket UUIDs).
    pub immutable: bool,
    /// The fields, in order.
    pub fields: Vec<SubjectField<'a>>,
}

impl<'a> Subject<'a> {
    /// The value of a field.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.field(name).map(|f| f.value)
    }

    /// A field.
    pub fn field(&self, name: &str) -> Option<&SubjectField<'a>> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields that say who (owner, repository, project...) rather than what ran (ref,
    /// environment, step...).
    pub fn identity_fields(&self) -> &'static [&'static str] {
        match self.platform {
            Platform::GitHub => &[
                "owner",
                "ownerId",
                "repository",
                "repositoryId",
                "job_workflow_ref",
            ],
            Platform::GitLab => &["project_path", "group", "project", "project_id"],
            Platform::CircleCi => &["org", "project"],
            Platform::Bitbucket => &["repositoryUuid"],
            Platform::Terraform => &["organization", "project", "workspace"],
            Platform::Buildkite => &["organization", "pipeline"],
            Platform::Eks => &["namespace", "serviceAccount"],
            Platform::Generic => &["sub"],
        }
    }
}

/// Why a `sub` could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectError {
    /// Byte offset where the problem is.
    pub at: usize,
    /// What is wrong, one line, lowercase.
    pub message: String,
}

impl SubjectError {
    pub(crate) fn new(at: usize, message: impl Into<String>) -> Self {
        SubjectError {
            at,
            message: message.into(),
        }
    }
}

/// Parses a `sub` in the format of `platform`.
pub fn parse_subject(platform: Platform, sub: &str) -> Result<Subject<'_>, SubjectError> {
    match platform {
        Platform::GitHub => github::parse(sub),
        Platform::GitLab => gitlab::parse(sub),
        Platform::CircleCi => circleci::parse(sub),
        Platform::Bitbucket => bitbucket::parse(sub),
        Platform::Terraform => terraform::parse(sub),
        Platform::Buildkite => buildkite::parse(sub),
        Platform::Eks => eks::parse(sub),
        Platform::Generic => Ok(Subject {
            platform,
            form: SubjectForm::Opaque,
            immutable: false,
            fields: vec![field("sub", 0, sub)],
        }),
    }
}

/// Builds a `sub` from named fields, in the platform's default format. Field names are the
/// ones [`parse_subject`] returns; e.g. GitHub takes `owner`, `repository` (and `ownerId`,
/// `repositoryId` for the immutable form) plus one of `environment`, `branch`, `tag`, `ref`
/// or `pullRequest`.
pub fn build_subject(platform: Platform, fields: &[(&str, &str)]) -> Result<String, String> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
    };
    let need = |name: &str| get(name).ok_or_else(|| format!("`{name}` is required"));
    match platform {
        Platform::GitHub => github::build(&get),
        Platform::GitLab => gitlab::build(&need),
        Platform::CircleCi => circleci::build(&get, &need),
        Platform::Bitbucket => bitbucket::build(&get, &need),
        Platform::Terraform => terraform::build(&need),
        Platform::Buildkite => buildkite::build(&get, &need),
        Platform::Eks => eks::build(&need),
        Platform::Generic => need("sub").map(str::to_owned),
    }
}

/// What a subject of the platform looks like, for help texts.
pub fn subject_example(platform: Platform) -> &'static str {
    match platform {
        Platform::GitHub => {
            "GitHub subjects look like `repo:OWNER/REPO:ref:refs/heads/BRANCH`, `repo:OWNER/REPO:environment:NAME` or `repo:OWNER/REPO:pull_request`"
        }
        Platform::GitLab => {
            "GitLab subjects look like `project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH`"
        }
        Platform::CircleCi => {
            "CircleCI subjects look like `org/ORG_ID/project/PROJECT_ID/user/USER_ID`"
        }
        Platform::Bitbucket => {
            "Bitbucket subjects look like `{REPOSITORY_UUID}:{STEP_UUID}` or `{REPOSITORY_UUID}:{ENVIRONMENT_UUID}:{STEP_UUID}`, braces included"
        }
        Platform::Terraform => {
            "HCP Terraform subjects look like `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply`"
        }
        Platform::Buildkite => {
            "Buildkite subjects look like `organization:ORG:pipeline:PIPELINE:ref:REF:commit:SHA:step:KEY`"
        }
        Platform::Eks => "EKS subjects look like `system:serviceaccount:NAMESPACE:SERVICEACCOUNT`",
        Platform::Generic => "",
    }
}

/// The platform whose `sub` format a value (or a pattern, its wildcards read as letters)
/// follows, if any.
pub fn guess_platform(value: &str) -> Option<Platform> {
    let text = value.replace(['*', '?'], "x");
    [
        Platform::GitHub,
        Platform::GitLab,
        Platform::Terraform,
        Platform::Buildkite,
        Platform::CircleCi,
        Platform::Bitbucket,
        Platform::Eks,
    ]
    .into_iter()
    .find(|p| parse_subject(*p, &text).is_ok())
}

/// The pieces of `s` between `sep`s, each with its byte offset.
pub(crate) fn pieces(s: &str, sep: char) -> impl Iterator<Item = (usize, &str)> {
    s.split(sep).scan(0, move |at, piece| {
        let here = *at;
        *at += piece.len() + sep.len_utf8();
        Some((here, piece))
    })
}

/// A field at `start` with `value`.
pub(crate) fn field<'a>(name: &'a str, start: usize, value: &'a str) -> SubjectField<'a> {
    SubjectField {
        name,
        value,
        start,
        end: start + value.len(),
    }
}

/// Reads `key:value:key:value...` pairs, checking the keys against `expect` in order when
/// given. Returns the fields named by the keys.
pub(crate) fn pairs<'a>(
    sub: &'a str,
    expect: Option<&[&str]>,
    what: &str,
) -> Result<Vec<SubjectField<'a>>, SubjectError> {
    let mut parts = pieces(sub, ':');
    let mut out = Vec::with_capacity(expect.map_or(8, <[&str]>::len));
    let mut i = 0;
    while let Some((kat, key)) = parts.next() {
        let Some((vat, value)) = parts.next() else {
            return Err(SubjectError::new(
                kat,
                format!("`{key}` has no value in this {what} subject"),
            ));
        };
        if let Some(expect) = expect {
            match expect.get(i) {
                Some(want) if *want == key => {}
                Some(want) => {
                    return Err(SubjectError::new(
                        kat,
                        format!(
                            "expected `{want}:` at this point of a {what} subject, found `{key}`"
                        ),
                    ));
                }
                None => {
                    return Err(SubjectError::new(
                        kat,
                        format!("unexpected `{key}:` after the last field of a {what} subject"),
                    ));
                }
            }
        }
        if key.is_empty() {
            return Err(SubjectError::new(
                kat,
                format!("an empty field name in a {what} subject"),
            ));
        }
        out.push(field(key, vat, value));
        i += 1;
    }
    if let Some(expect) = expect
        && let Some(want) = expect.get(i)
    {
        return Err(SubjectError::new(
            sub.len(),
            format!("the {what} subject ends before `{want}:`"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_issuers() {
        let p = |u: &str| recognise(u, None).platform;
        assert_eq!(
            p("https://token.actions.githubusercontent.com"),
            Platform::GitHub
        );
        assert_eq!(
            recognise("token.actions.githubusercontent.com/acme", None).detail,
            Some("acme")
        );
        assert_eq!(p("token.actions.octo.ghe.com"), Platform::GitHub);
        assert_eq!(p("ghes.example.com/_services/token"), Platform::GitHub);
        assert_eq!(p("gitlab.com"), Platform::GitLab);
        assert_eq!(p("gitlab.example.com"), Platform::GitLab);
        assert_eq!(
            recognise(
                "ci.example.com",
                Some("project_path:a/b:ref_type:branch:ref:main")
            )
            .platform,
            Platform::GitLab
        );
        assert_eq!(p("oidc.circleci.com/org/abc"), Platform::CircleCi);
        assert_eq!(
            p("api.bitbucket.org/2.0/workspaces/ws/pipelines-config/identity/oidc"),
            Platform::Bitbucket
        );
        assert_eq!(p("app.terraform.io"), Platform::Terraform);
        assert_eq!(p("agent.buildkite.com"), Platform::Buildkite);
        assert_eq!(
            p("oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"),
            Platform::Eks
        );
        assert_eq!(p("example.com"), Platform::Generic);
    }

    #[test]
    fn issuer_kinds() {
        assert_eq!(
            IssuerKind::of("token.actions.githubusercontent.com"),
            IssuerKind::GitHub
        );
        assert_eq!(
            IssuerKind::of("token.actions.githubusercontent.com/acme"),
            IssuerKind::GitHub
        );
        assert_eq!(
            IssuerKind::of("token.actions.octo.ghe.com"),
            IssuerKind::GitHub
        );
        assert_eq!(
            IssuerKind::of("ghes.example.com/_services/token"),
            IssuerKind::Generic
        );
        assert_eq!(IssuerKind::of("gitlab.com"), IssuerKind::GitLabCom);
        assert_eq!(IssuerKind::of("gitlab.example.com"), IssuerKind::Generic);
        assert_eq!(IssuerKind::of("gitlab.com/x"), IssuerKind::Generic);
        assert_eq!(IssuerKind::of("agent.buildkite.com"), IssuerKind::Buildkite);
        assert_eq!(IssuerKind::of("agent.x.buildkite.dev"), IssuerKind::Generic);
        assert_eq!(
            IssuerKind::of("oidc.circleci.com/org/o"),
            IssuerKind::CircleCi
        );
        let gh: Vec<&str> = IssuerKind::GitHub.exposed_claims(true).collect();
        assert!(gh.contains(&"repository_id") && gh.contains(&"sub"));
        assert!(
            !IssuerKind::GitHub
                .exposed_claims(false)
                .any(|c| c == "repository")
        );
        assert!(
            IssuerKind::Generic
                .exposed_claims(true)
                .eq(GENERIC_CLAIMS.iter().copied())
        );
    }

    #[test]
    fn builds_what_it_parses() {
        let cases = [
            (
                Platform::GitLab,
                "project_path:g/p:ref_type:branch:ref:main",
            ),
            (Platform::CircleCi, "org/o/project/p/user/u"),
            (Platform::Bitbucket, "{r}:{e}:{s}"),
            (Platform::Bitbucket, "{r}:{s}"),
            (
                Platform::Terraform,
                "organization:o:project:p:workspace:w:run_phase:apply",
            ),
            (
                Platform::Buildkite,
                "organization:o:pipeline:p:ref:refs/heads/main:commit:abc:step:build",
            ),
            (Platform::Eks, "system:serviceaccount:ns:sa"),
            (Platform::GitHub, "repo:o/r:ref:refs/heads/main"),
            (Platform::GitHub, "repo:o@1/r@2:environment:prod"),
            (Platform::GitHub, "repo:o/r:pull_request"),
        ];
        for (platform, sub) in cases {
            let parsed = parse_subject(platform, sub).unwrap();
            let fields: Vec<(&str, &str)> =
                parsed.fields.iter().map(|f| (f.name, f.value)).collect();
            assert_eq!(
                build_subject(platform, &fields).unwrap(),
                sub,
                "{platform:?}"
            );
            for f in &parsed.fields {
                assert_eq!(sub.get(f.start..f.end), Some(f.value), "{sub} {}", f.name);
            }
        }
    }
}
