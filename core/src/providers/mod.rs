//! What oidc-trust knows about each CI platform: how to recognise its issuer, how its `sub`
//! claim is built (parse it into fields, build it from fields), and which claims AWS exposes
//! as condition keys for it.
//!
//! One module per platform. Formats follow the semantics reference, section 5; where a
//! vendor document was read for a detail, the module says so.
//!
//! Which claims AWS exposes is not repeated here: [`crate::context::IssuerKind`] holds those
//! lists (the evaluator needs them) and [`exposed_claims`] reads them.

use serde::Serialize;

use crate::context::IssuerKind;

pub mod bitbucket;
pub mod buildkite;
pub mod circleci;
pub mod eks;
pub mod github;
pub mod gitlab;
pub mod terraform;

/// A CI platform (or any other OIDC issuer).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Platform {
    /// GitHub Actions: github.com, GitHub Enterprise Cloud (with an enterprise slug),
    /// GHE.com and GitHub Enterprise Server.
    GitHub,
    /// GitLab CI: GitLab.com or a self-managed instance.
    GitLab,
    /// `CircleCI`.
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

/// An issuer, recognised.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issuer {
    /// The condition-key prefix: the issuer URL without `https://`, path and trailing slash
    /// kept.
    pub prefix: String,
    /// The platform.
    pub platform: Platform,
    /// Which variant of the platform, e.g. `githubEnterpriseSlug`, `gitlabSelfManaged`.
    pub variant: &'static str,
    /// What the URL names, if anything: the enterprise slug, the `CircleCI` organisation id,
    /// the Bitbucket workspace, the EKS region and cluster id.
    pub detail: Option<String>,
    /// The issuer family that decides which provider claims AWS exposes.
    pub kind: IssuerKind,
}

/// Recognises an issuer from its URL (with or without `https://`). When the URL alone does
/// not tell (a self-managed GitLab, a GitHub Enterprise Server with an unusual host), a
/// `sub` helps: `project_path:...` is GitLab, `repo:...` GitHub.
pub fn recognise(url: &str, sub: Option<&str>) -> Issuer {
    let prefix = url.trim().strip_prefix("https://").unwrap_or(url.trim());
    let kind = IssuerKind::of(prefix);
    let (platform, variant, detail) = github::recognise(prefix)
        .map(|(v, d)| (Platform::GitHub, v, d))
        .or_else(|| gitlab::recognise(prefix).map(|(v, d)| (Platform::GitLab, v, d)))
        .or_else(|| circleci::recognise(prefix).map(|(v, d)| (Platform::CircleCi, v, d)))
        .or_else(|| bitbucket::recognise(prefix).map(|(v, d)| (Platform::Bitbucket, v, d)))
        .or_else(|| terraform::recognise(prefix).map(|(v, d)| (Platform::Terraform, v, d)))
        .or_else(|| buildkite::recognise(prefix).map(|(v, d)| (Platform::Buildkite, v, d)))
        .or_else(|| eks::recognise(prefix).map(|(v, d)| (Platform::Eks, v, d)))
        .or_else(|| by_subject(sub?))
        .unwrap_or((Platform::Generic, "generic", None));
    Issuer {
        prefix: prefix.to_owned(),
        platform,
        variant,
        detail,
        kind,
    }
}

/// Guesses the platform from the shape of a `sub` alone, for issuers the URL does not name.
fn by_subject(sub: &str) -> Option<(Platform, &'static str, Option<String>)> {
    if sub.starts_with("project_path:") || sub.starts_with("project_id:") {
        Some((Platform::GitLab, "gitlabSelfManaged", None))
    } else if sub.starts_with("repo:") {
        Some((Platform::GitHub, "githubEnterpriseServer", None))
    } else if sub.starts_with("organization:") && sub.contains(":workspace:") {
        Some((Platform::Terraform, "terraformEnterprise", None))
    } else {
        None
    }
}

/// One field of a parsed `sub`, with where it is (byte offsets into the `sub`).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectField {
    /// The field name, e.g. `owner`, `repository`, `branch`, `project_path`.
    pub name: String,
    /// The value as it appears in the `sub` (still percent-encoded where GitHub encodes).
    pub value: String,
    /// Byte offset of the value in the `sub`.
    pub start: usize,
    /// Byte offset just past the value.
    pub end: usize,
}

/// A `sub` split into its fields.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    /// The platform whose format it follows.
    pub platform: Platform,
    /// The form: `branch`, `tag`, `ref`, `pullRequest`, `environment`, `custom`,
    /// `deployment`, `step`, `serviceAccount`, `opaque`...
    pub form: &'static str,
    /// Whether the `sub` names its repository or project by immutable ids (GitHub
    /// `owner@id/repo@id`, GitLab `project_id:`, Bitbucket UUIDs).
    pub immutable: bool,
    /// The fields, in order.
    pub fields: Vec<SubjectField>,
}

impl Subject {
    /// The value of a field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.field(name).map(|f| f.value.as_str())
    }

    /// A field.
    pub fn field(&self, name: &str) -> Option<&SubjectField> {
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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
pub fn parse_subject(platform: Platform, sub: &str) -> Result<Subject, SubjectError> {
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
            form: "opaque",
            immutable: false,
            fields: vec![SubjectField {
                name: "sub".to_owned(),
                value: sub.to_owned(),
                start: 0,
                end: sub.len(),
            }],
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
        Platform::GitLab => Ok(format!(
            "project_path:{}:ref_type:{}:ref:{}",
            need("project_path")?,
            need("ref_type")?,
            need("ref")?
        )),
        Platform::CircleCi => {
            let mut s = format!(
                "org/{}/project/{}/user/{}",
                need("org")?,
                need("project")?,
                need("user")?
            );
            if let (Some(o), Some(r)) = (get("vcsOrigin"), get("vcsRef")) {
                s = format!("{s}/vcs-origin/{o}/vcs-ref/{r}");
            }
            Ok(s)
        }
        Platform::Bitbucket => {
            let wrap = |v: &str| {
                if v.starts_with('{') {
                    v.to_owned()
                } else {
                    format!("{{{v}}}")
                }
            };
            let repo = wrap(need("repositoryUuid")?);
            let step = wrap(need("stepUuid")?);
            Ok(match get("environmentUuid") {
                Some(env) => format!("{repo}:{}:{step}", wrap(env)),
                None => format!("{repo}:{step}"),
            })
        }
        Platform::Terraform => Ok(format!(
            "organization:{}:project:{}:workspace:{}:run_phase:{}",
            need("organization")?,
            need("project")?,
            need("workspace")?,
            need("run_phase")?
        )),
        Platform::Buildkite => Ok(format!(
            "organization:{}:pipeline:{}:ref:{}:commit:{}:step:{}",
            need("organization")?,
            need("pipeline")?,
            need("ref")?,
            need("commit")?,
            get("step").unwrap_or_default()
        )),
        Platform::Eks => Ok(format!(
            "system:serviceaccount:{}:{}",
            need("namespace")?,
            need("serviceAccount")?
        )),
        Platform::Generic => need("sub").map(str::to_owned),
    }
}

/// What oidc-trust knows about an issuer and one of its subjects.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerInfo {
    /// The issuer, recognised.
    pub issuer: Issuer,
    /// The claims AWS exposes as `<prefix>:<claim>` condition keys (since January 2026).
    pub exposed_claims: Vec<&'static str>,
    /// The `sub`, split into fields, when one was given and it follows the format.
    pub subject: Option<Subject>,
    /// Why the `sub` does not follow the platform's format, if it does not.
    pub subject_error: Option<SubjectError>,
}

/// Recognises an issuer, lists the keys AWS exposes for it, and parses a `sub`.
pub fn describe(url: &str, sub: Option<&str>) -> IssuerInfo {
    let issuer = recognise(url, sub);
    let parsed = sub.map(|s| parse_subject(issuer.platform, s));
    IssuerInfo {
        exposed_claims: exposed_claims(&issuer.prefix, true),
        subject: parsed.clone().and_then(Result::ok),
        subject_error: parsed.and_then(Result::err),
        issuer,
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

/// The five condition keys AWS supplies for every OIDC provider (semantics reference 2.1).
pub const GENERIC_CLAIMS: &[&str] = &["aud", "oaud", "sub", "amr", "email"];

/// Every claim AWS exposes as a condition key `<prefix>:<claim>` for this issuer: the
/// generic five, plus the provider claims added in January 2026 when `provider_claims`.
pub fn exposed_claims(prefix: &str, provider_claims: bool) -> Vec<&'static str> {
    let mut out = GENERIC_CLAIMS.to_vec();
    if provider_claims {
        out.extend(IssuerKind::of(prefix).provider_claims());
    }
    out
}

/// Splits `s` on `sep`, with each piece's byte offset.
pub(crate) fn split_offsets(s: &str, sep: char) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == sep {
            out.push((start, s.get(start..i).unwrap_or_default()));
            start = i + c.len_utf8();
        }
    }
    out.push((start, s.get(start..).unwrap_or_default()));
    out
}

/// A field at `start` with `value`.
pub(crate) fn field(name: &str, start: usize, value: &str) -> SubjectField {
    SubjectField {
        name: name.to_owned(),
        value: value.to_owned(),
        start,
        end: start + value.len(),
    }
}

/// Reads `key:value:key:value...` pairs, checking the keys against `expect` in order when
/// given. Returns the fields named by the keys.
pub(crate) fn pairs(
    sub: &str,
    expect: Option<&[&str]>,
    what: &str,
) -> Result<Vec<SubjectField>, SubjectError> {
    let parts = split_offsets(sub, ':');
    let mut out = Vec::new();
    let mut it = parts.chunks(2);
    let mut i = 0;
    for pair in &mut it {
        let (kat, key) = pair.first().copied().unwrap_or((sub.len(), ""));
        let Some(&(vat, value)) = pair.get(1) else {
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
            Some("acme".to_owned())
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
            let fields: Vec<(&str, &str)> = parsed
                .fields
                .iter()
                .map(|f| (f.name.as_str(), f.value.as_str()))
                .collect();
            assert_eq!(
                build_subject(platform, &fields).unwrap(),
                sub,
                "{platform:?}"
            );
            for f in &parsed.fields {
                assert_eq!(
                    sub.get(f.start..f.end),
                    Some(f.value.as_str()),
                    "{sub} {}",
                    f.name
                );
            }
        }
    }

    #[test]
    fn describes() {
        let d = describe(
            "https://gitlab.com",
            Some("project_path:g/p:ref_type:tag:ref:v1"),
        );
        assert_eq!(d.issuer.platform, Platform::GitLab);
        assert!(d.exposed_claims.contains(&"project_id"));
        assert_eq!(d.subject.unwrap().form, "tag");
        let d = describe("gitlab.com", Some("repo:o/r:pull_request"));
        assert!(d.subject_error.is_some());
    }

    #[test]
    fn exposed_claims_reuse_the_context_lists() {
        let gh = exposed_claims("token.actions.githubusercontent.com", true);
        assert!(gh.contains(&"repository_id") && gh.contains(&"sub"));
        assert!(
            !exposed_claims("token.actions.githubusercontent.com", false).contains(&"repository")
        );
        assert_eq!(exposed_claims("example.com", true), GENERIC_CLAIMS);
    }
}
