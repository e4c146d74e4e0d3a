//! The IAM policy that grants the federated identity: `gcloud iam service-accounts
//! get-iam-policy SA --format=json` (impersonation, `roles/iam.workloadIdentityUser`), a
//! resource's policy (direct resource access), an array of bindings, or one binding
//! `{"role": ..., "members": [...]}`; and the `principal://` / `principalSet://` members
//! that name workload identity pool identities.

use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::json::{self, Node, Span};

/// The roles that let a federated identity impersonate a service account (they carry
/// `iam.serviceAccounts.getAccessToken`); the default `role` of an analysis.
/// `roles/iam.workloadIdentityUser` is the one Google's guides grant; the token creator
/// role carries the permission too (Google's roles reference). Others (basic roles) are
/// not modelled (UNCONFIRMED).
pub const IMPERSONATION_ROLES: &[&str] = &[
    "roles/iam.workloadIdentityUser",
    "roles/iam.serviceAccountTokenCreator",
];

/// A workload identity pool, as members name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolRef {
    /// The project (a number, if the member is right).
    pub project: String,
    /// The location.
    pub location: String,
    /// The pool id.
    pub pool: String,
}

/// Which identities of a pool a member names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `principal://.../subject/SUBJECT`: the identity whose `google.subject` is SUBJECT.
    Subject(String),
    /// `principalSet://.../group/GROUP`: identities with GROUP in `google.groups`.
    Group(String),
    /// `principalSet://.../attribute.NAME/VALUE`: identities whose `attribute.NAME` is VALUE.
    Attribute {
        /// NAME.
        name: String,
        /// VALUE.
        value: String,
    },
    /// `principalSet://.../*`: every identity of the pool.
    All,
}

/// A member, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// As written.
    pub text: String,
    /// The pool and the identities, for a pool member; `None` for other members (`user:`,
    /// `serviceAccount:`...), which never match a federated identity.
    pub principal: Option<(PoolRef, Principal)>,
    /// Its pointer in the policy.
    pub pointer: String,
    /// Its span.
    pub span: Span,
}

/// One binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The role.
    pub role: String,
    /// Its members.
    pub members: Vec<Member>,
    /// An IAM condition's expression, if the binding has one (not modelled: a match through
    /// it is undecided).
    pub condition: Option<String>,
    /// Its pointer.
    pub pointer: String,
    /// Its span.
    pub span: Span,
}

/// A policy as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadPolicy {
    /// The bindings; empty when the text could not be read.
    pub bindings: Vec<Binding>,
    /// Whether the text was read as a policy (or bindings).
    pub read: bool,
    /// Problems, located.
    pub diagnostics: Vec<Diagnostic>,
    /// The text read.
    pub text: String,
}

/// Reads a member: a pool principal or principal set, or `None` for another kind.
pub fn parse_member(text: &str) -> Option<(PoolRef, Principal)> {
    let (set, rest) = if let Some(r) = text.strip_prefix("principal://iam.googleapis.com/") {
        (false, r)
    } else {
        (
            true,
            text.strip_prefix("principalSet://iam.googleapis.com/")?,
        )
    };
    let rest = rest.strip_prefix("projects/")?;
    let (project, rest) = rest.split_once("/locations/")?;
    let (location, rest) = rest.split_once("/workloadIdentityPools/")?;
    let (pool, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let pool_ref = PoolRef {
        project: project.to_owned(),
        location: location.to_owned(),
        pool: pool.to_owned(),
    };
    let principal = if set {
        if rest == "*" {
            Principal::All
        } else if let Some(g) = rest.strip_prefix("group/") {
            Principal::Group(g.to_owned())
        } else {
            let (name, value) = rest.strip_prefix("attribute.")?.split_once('/')?;
            Principal::Attribute {
                name: name.to_owned(),
                value: value.to_owned(),
            }
        }
    } else {
        Principal::Subject(rest.strip_prefix("subject/")?.to_owned())
    };
    Some((pool_ref, principal))
}

fn policy_error(message: String, pointer: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic::new(
        codes::INVALID_IAM_POLICY,
        Severity::Error,
        Source::Policy,
        message,
    )
    .at(pointer, span)
}

/// Reads a policy, an array of bindings or one binding from JSON text.
pub fn read(text: &str) -> ReadPolicy {
    let mut out = ReadPolicy {
        text: text.to_owned(),
        ..ReadPolicy::default()
    };
    let root = match json::parse(text) {
        Ok(n) => n,
        Err(e) => {
            out.diagnostics.push(policy_error(
                format!("the IAM policy is not JSON: {e}"),
                "",
                Some(e.span),
            ));
            return out;
        }
    };
    let bindings: Vec<(String, &Node<'_>)> = match &root.value {
        json::Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("/{i}"), n))
            .collect(),
        json::Value::Object(members) if members.iter().any(|m| m.key == "role") => {
            vec![(String::new(), &root)]
        }
        json::Value::Object(members) => match members.iter().find(|m| m.key == "bindings") {
            Some(m) => {
                let json::Value::Array(items) = &m.node.value else {
                    out.diagnostics.push(policy_error(
                        format!("`bindings` is {}; expected an array", m.node.value.kind()),
                        "/bindings",
                        Some(m.node.span),
                    ));
                    return out;
                };
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (format!("/bindings/{i}"), n))
                    .collect()
            }
            // `get-iam-policy` prints `{"etag": "ACAB"}` for a policy without bindings.
            None => Vec::new(),
        },
        other => {
            out.diagnostics.push(policy_error(
                format!("the IAM policy is {}; expected the object `gcloud ... get-iam-policy --format=json` prints, an array of bindings, or one binding", other.kind()),
                "",
                Some(root.span),
            ));
            return out;
        }
    };
    out.read = true;
    for (pointer, node) in bindings {
        if let Some(b) = read_binding(node, &pointer, &mut out.diagnostics) {
            out.bindings.push(b);
        }
    }
    out
}

fn read_binding(node: &Node<'_>, pointer: &str, out: &mut Vec<Diagnostic>) -> Option<Binding> {
    let Some(members) = node.as_object() else {
        out.push(policy_error(
            format!(
                "a binding is {}; expected `{{\"role\": ..., \"members\": [...]}}`",
                node.value.kind()
            ),
            pointer,
            Some(node.span),
        ));
        return None;
    };
    let field = |k: &str| members.iter().rev().find(|m| m.key == k);
    let Some(role) = field("role").and_then(|m| m.node.as_str()) else {
        out.push(policy_error(
            "the binding has no `role` string".to_owned(),
            pointer,
            Some(node.span),
        ));
        return None;
    };
    let mut list = Vec::new();
    match field("members").map(|m| &m.node) {
        Some(Node {
            value: json::Value::Array(items),
            ..
        }) => {
            for (i, item) in items.iter().enumerate() {
                let at = format!("{pointer}/members/{i}");
                match item.as_str() {
                    Some(text) => list.push(Member {
                        text: text.to_owned(),
                        principal: parse_member(text),
                        pointer: at,
                        span: item.span,
                    }),
                    None => out.push(policy_error(
                        format!("a member is {}; expected a string", item.value.kind()),
                        &at,
                        Some(item.span),
                    )),
                }
            }
        }
        Some(other) => out.push(policy_error(
            format!(
                "`members` is {}; expected an array of strings",
                other.value.kind()
            ),
            &format!("{pointer}/members"),
            Some(other.span),
        )),
        None => out.push(policy_error(
            "the binding has no `members`".to_owned(),
            pointer,
            Some(node.span),
        )),
    }
    let condition = field("condition").map(|m| {
        m.node
            .as_object()
            .and_then(|c| c.iter().find(|x| x.key == "expression"))
            .and_then(|x| x.node.as_str())
            .unwrap_or_default()
            .to_owned()
    });
    Some(Binding {
        role: role.to_owned(),
        members: list,
        condition,
        pointer: pointer.to_owned(),
        span: node.span,
    })
}

/// The federated identity a token becomes: the pool, `google.subject`, `google.groups`
/// and the custom attributes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    /// The pool's project number, location and id.
    pub pool: Option<PoolRef>,
    /// `google.subject`.
    pub subject: String,
    /// `google.groups`.
    pub groups: Vec<String>,
    /// `attribute.NAME` values (a list attribute contributes each element).
    pub attributes: Vec<(String, Vec<String>)>,
}

impl Identity {
    /// The `principal://` member of this identity, when the pool is known.
    pub fn principal(&self) -> Option<String> {
        let p = self.pool.as_ref()?;
        Some(format!(
            "principal://iam.googleapis.com/projects/{}/locations/{}/workloadIdentityPools/{}/subject/{}",
            p.project, p.location, p.pool, self.subject
        ))
    }

    /// Whether a pool member names this identity.
    pub fn matches(&self, pool: &PoolRef, principal: &Principal) -> bool {
        if self.pool.as_ref() != Some(pool) {
            return false;
        }
        match principal {
            Principal::Subject(s) => *s == self.subject,
            Principal::Group(g) => self.groups.contains(g),
            Principal::Attribute { name, value } => self
                .attributes
                .iter()
                .any(|(n, vs)| n == name && vs.contains(value)),
            Principal::All => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        let (pool, p) = parse_member("principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/subject/repo:org/app:ref:refs/heads/main").unwrap();
        assert_eq!(pool.pool, "ci");
        assert_eq!(
            p,
            Principal::Subject("repo:org/app:ref:refs/heads/main".into())
        );
        let (_, p) = parse_member("principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/attribute.repository/org/app").unwrap();
        assert_eq!(
            p,
            Principal::Attribute {
                name: "repository".into(),
                value: "org/app".into()
            }
        );
        let (_, p) = parse_member("principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/*").unwrap();
        assert_eq!(p, Principal::All);
        assert!(parse_member("serviceAccount:a@b.iam.gserviceaccount.com").is_none());
    }

    #[test]
    fn policy_shapes() {
        let one = read(
            r#"{"role": "roles/iam.workloadIdentityUser", "members": ["principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*"]}"#,
        );
        assert_eq!(one.bindings.len(), 1);
        assert!(one.diagnostics.is_empty());
        let policy = read(
            r#"{"bindings": [{"role": "r", "members": ["user:a@b.c", 3]}], "etag": "x", "version": 1}"#,
        );
        assert_eq!(policy.bindings[0].members.len(), 1);
        assert_eq!(
            policy.diagnostics[0].pointer.as_deref(),
            Some("/bindings/0/members/1")
        );
        assert!(read(r#"{"etag": "ACAB"}"#).read);
        assert!(!read("[").read);
    }
}
