//! The trusted publishers, as each registry shows them, read with their JSON pointers and
//! spans. Accepted shapes:
//!
//! - crates.io's API answer (`GET /api/v1/trusted_publishing/github_configs?crate=NAME`):
//!   `{"github_configs": [{"repository_owner", "repository_owner_id", "repository_name",
//!   "workflow_filename", "environment", ...}]}`, or one config as its create request and
//!   answer carry it (`{"github_config": {...}}`);
//! - PyPI's publisher form (`owner`, `repository`, `workflow_filename`, `environment`), with
//!   `repository_owner_id` when known;
//! - npm's (`repository` as `owner/name`, `workflow` or `file` as `npm trust github` takes
//!   it, `environment`);
//! - a list of any of these, or `{"publishers": [...]}`, each optionally naming its
//!   `registry`.

use super::Registry;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::json::{self, Member, Node, Span, Value};

/// A publisher field.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    /// The repository owner (user or organisation) name.
    Owner,
    /// The repository name.
    Repository,
    /// The owner's immutable id.
    OwnerId,
    /// The workflow file name (`release.yml`).
    Workflow,
    /// The GitHub environment.
    Environment,
}

impl Field {
    /// Every field, in the order the registries compare them.
    pub const ORDER: [Field; 5] = [
        Field::Owner,
        Field::Repository,
        Field::OwnerId,
        Field::Workflow,
        Field::Environment,
    ];

    /// The field's name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            Field::Owner => "owner",
            Field::Repository => "repository",
            Field::OwnerId => "owner id",
            Field::Workflow => "workflow",
            Field::Environment => "environment",
        }
    }
}

/// Where a field is in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The field.
    pub field: Field,
    /// JSON pointer.
    pub pointer: String,
    /// Span of the value.
    pub span: Span,
}

/// One trusted publisher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The registry it belongs to.
    pub registry: Registry,
    /// The owner's name.
    pub owner: String,
    /// The repository's name (without the owner).
    pub repository: String,
    /// The owner's id, when recorded.
    pub owner_id: Option<String>,
    /// The workflow file name, as written.
    pub workflow: String,
    /// The environment; empty when none is pinned.
    pub environment: String,
    /// JSON pointer to the publisher.
    pub pointer: String,
    /// Its span.
    pub span: Span,
    /// Where each field is.
    pub places: Vec<Place>,
}

impl Publisher {
    /// Where `field` is written (the publisher itself when it is not).
    pub fn place(&self, field: Field) -> (String, Span) {
        self.places
            .iter()
            .find(|p| p.field == field)
            .map_or((self.pointer.clone(), self.span), |p| {
                (p.pointer.clone(), p.span)
            })
    }

    /// The value of `field` as the registry records it (`""` when not recorded).
    pub fn value(&self, field: Field) -> &str {
        match field {
            Field::Owner => &self.owner,
            Field::Repository => &self.repository,
            Field::OwnerId => self.owner_id.as_deref().unwrap_or_default(),
            Field::Workflow => &self.workflow,
            Field::Environment => &self.environment,
        }
    }
}

/// What was read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Read {
    /// The publishers read (those with every required field).
    pub publishers: Vec<Publisher>,
    /// Whether the text could be read at all (JSON, of an accepted shape).
    pub readable: bool,
    /// Problems, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The names each field goes by in the registries' shapes.
const NAMES: [(Field, &[&str]); 5] = [
    (
        Field::Owner,
        &["owner", "repository_owner", "repositoryOwner"],
    ),
    (
        Field::Repository,
        &["repository", "repository_name", "repositoryName", "repo"],
    ),
    (
        Field::OwnerId,
        &[
            "repository_owner_id",
            "repositoryOwnerId",
            "owner_id",
            "ownerId",
        ],
    ),
    (
        Field::Workflow,
        &["workflow_filename", "workflowFilename", "workflow", "file"],
    ),
    (Field::Environment, &["environment", "environment_name"]),
];

fn error(out: &mut Vec<Diagnostic>, pointer: &str, span: Span, message: String) {
    out.push(
        Diagnostic::new(
            codes::INVALID_TRUSTED_PUBLISHER,
            Severity::Error,
            Source::Policy,
            message,
        )
        .at(pointer, Some(span)),
    );
}

/// Reads the publishers. `registry` is the request's; a publisher naming another one, or
/// none named anywhere, is an error.
pub fn read(text: &str, registry: Option<Registry>) -> Read {
    let mut out = Read::default();
    let node = match json::parse(text) {
        Ok(n) => n,
        Err(e) => {
            error(
                &mut out.diagnostics,
                "",
                e.span,
                format!("the trusted publishers are not JSON: {e}"),
            );
            return out;
        }
    };
    // The list, its pointer, and the registry the shape implies.
    let (items, base, implied): (Vec<&Node<'_>>, &str, Option<Registry>) = match &node.value {
        Value::Array(items) => (items.iter().collect(), "", None),
        Value::Object(members) => {
            let list = [
                ("github_configs", Some(Registry::CratesIo)),
                ("publishers", None),
            ]
            .into_iter()
            .find_map(|(key, implied)| Some((json::member(members, key)?, key, implied)));
            if let Some(m) = json::member(members, "github_config") {
                // crates.io's create request (and its answer): one config.
                (vec![&m.node], "/github_config", Some(Registry::CratesIo))
            } else if let Some((m, key, implied)) = list {
                let Value::Array(items) = &m.node.value else {
                    error(
                        &mut out.diagnostics,
                        &format!("/{key}"),
                        m.node.span,
                        format!("`{key}` is {}, expected a list", m.node.value.kind()),
                    );
                    return out;
                };
                let base = if key == "publishers" {
                    "/publishers"
                } else {
                    "/github_configs"
                };
                (items.iter().collect(), base, implied)
            } else {
                (vec![&node], "", None)
            }
        }
        other => {
            error(
                &mut out.diagnostics,
                "",
                node.span,
                format!(
                    "the trusted publishers are {}, expected a publisher object or a list of them",
                    other.kind()
                ),
            );
            return out;
        }
    };
    out.readable = true;
    // One publisher (the object itself, or crates.io's `github_config`) or a list.
    let single = node.as_object().is_some() && (base.is_empty() || base == "/github_config");
    for (i, item) in items.into_iter().enumerate() {
        let pointer = if single {
            base.to_owned()
        } else {
            format!("{base}/{i}")
        };
        if let Some(p) = publisher(item, &pointer, registry.or(implied), &mut out.diagnostics) {
            out.publishers.push(p);
        }
    }
    out
}

/// A field's text: a string, or a number for the owner id (crates.io answers a number).
fn text(field: Field, node: &Node<'_>) -> Option<String> {
    match (&node.value, field) {
        (Value::String(s), _) => Some(s.to_string()),
        (Value::Number(n), Field::OwnerId) => Some((*n).to_owned()),
        (Value::Null, Field::Environment | Field::OwnerId) => Some(String::new()),
        _ => None,
    }
}

fn publisher(
    node: &Node<'_>,
    pointer: &str,
    registry: Option<Registry>,
    out: &mut Vec<Diagnostic>,
) -> Option<Publisher> {
    let Some(members) = node.as_object() else {
        error(
            out,
            pointer,
            node.span,
            format!(
                "a trusted publisher is {}, expected a JSON object",
                node.value.kind()
            ),
        );
        return None;
    };
    let registry = if let Some(m) = json::member(members, "registry") {
        let named = m.node.as_str().and_then(Registry::named);
        let at = format!("{pointer}/registry");
        match (named, registry) {
            (None, _) => {
                error(
                    out,
                    &at,
                    m.node.span,
                    "`registry` is not `pypi`, `crates.io` or `npm`".to_owned(),
                );
                return None;
            }
            (Some(n), Some(r)) if n != r => {
                error(
                    out,
                    &at,
                    m.node.span,
                    format!(
                        "`registry` is `{}`, but the request is about {}",
                        n.as_str(),
                        r.name()
                    ),
                );
                return None;
            }
            (Some(n), _) => n,
        }
    } else {
        let Some(r) = registry else {
            error(
                    out,
                    pointer,
                    node.span,
                    "the publisher names no `registry`, and neither does the request (`pypi`, `crates.io` or `npm`)".to_owned(),
                );
            return None;
        };
        r
    };
    let mut p = Publisher {
        registry,
        owner: String::new(),
        repository: String::new(),
        owner_id: None,
        workflow: String::new(),
        environment: String::new(),
        pointer: pointer.to_owned(),
        span: node.span,
        places: Vec::new(),
    };
    let errors_before = out.len();
    for (field, names) in NAMES {
        let Some(m) = last_of(members, names) else {
            continue;
        };
        let at = format!("{pointer}/{}", m.key);
        let Some(value) = text(field, &m.node) else {
            error(
                out,
                &at,
                m.node.span,
                format!("`{}` is {}, expected a string", m.key, m.node.value.kind()),
            );
            continue;
        };
        match field {
            Field::Owner => p.owner = value,
            Field::Repository => p.repository = value,
            Field::OwnerId => p.owner_id = Some(value).filter(|v| !v.is_empty()),
            Field::Workflow => p.workflow = value,
            Field::Environment => p.environment = value,
        }
        p.places.push(Place {
            field,
            pointer: at,
            span: m.node.span,
        });
    }
    // npm (and a pasted `owner/name`) write the repository with its owner.
    if p.owner.is_empty()
        && let Some((owner, name)) = p.repository.split_once('/')
    {
        let (owner, name) = (owner.to_owned(), name.to_owned());
        p.owner = owner;
        p.repository = name;
        if let Some(place) = p
            .places
            .iter()
            .find(|x| x.field == Field::Repository)
            .cloned()
        {
            p.places.push(Place {
                field: Field::Owner,
                ..place
            });
        }
    }
    let missing: Vec<&str> = [
        (Field::Owner, "the owner"),
        (Field::Repository, "the repository"),
        (Field::Workflow, "the workflow file"),
    ]
    .into_iter()
    .filter(|(f, _)| p.value(*f).is_empty())
    .map(|(_, n)| n)
    .collect();
    if out.len() > errors_before {
        // A field that could not be read: the publisher is left out, said once.
        return None;
    }
    if !missing.is_empty() {
        error(
            out,
            pointer,
            node.span,
            format!(
                "the publisher lacks {}, which every {} trusted publisher records",
                missing.join(" and "),
                registry.name()
            ),
        );
        return None;
    }
    Some(p)
}

/// The last member with one of `names` (JSON's last-wins reading of a repeated key).
fn last_of<'m, 'a>(members: &'m [Member<'a>], names: &[&str]) -> Option<&'m Member<'a>> {
    members
        .iter()
        .rev()
        .find(|m| names.contains(&m.key.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_registry_shape() {
        let crates = read(
            r#"{"github_configs": [{"id": 1, "crate": "demo", "repository_owner": "octo-org", "repository_owner_id": 42, "repository_name": "demo", "workflow_filename": "release.yml", "environment": null, "created_at": "2026-01-01T00:00:00Z"}]}"#,
            None,
        );
        assert!(crates.diagnostics.is_empty(), "{:?}", crates.diagnostics);
        let p = &crates.publishers[0];
        assert_eq!(p.registry, Registry::CratesIo);
        assert_eq!(p.owner_id.as_deref(), Some("42"));
        assert_eq!(p.pointer, "/github_configs/0");
        let npm = read(
            r#"{"registry": "npm", "repository": "octo-org/app", "workflow": "publish.yml"}"#,
            None,
        );
        let p = &npm.publishers[0];
        assert_eq!(
            (p.owner.as_str(), p.repository.as_str()),
            ("octo-org", "app")
        );
        let pypi = read(
            r#"[{"owner": "octo-org", "repository": "app", "workflow_filename": 7}]"#,
            Some(Registry::PyPi),
        );
        assert_eq!(pypi.diagnostics.len(), 1, "{:?}", pypi.diagnostics);
        assert_eq!(
            pypi.diagnostics[0].pointer.as_deref(),
            Some("/0/workflow_filename")
        );
        let unnamed = read(
            r#"{"owner": "o", "repository": "r", "workflow": "w.yml"}"#,
            None,
        );
        assert!(unnamed.publishers.is_empty());
        assert!(
            unnamed.diagnostics[0]
                .message
                .contains("names no `registry`")
        );
        assert!(!read("[", None).readable);
        let created = read(
            r#"{"github_config": {"crate": "demo", "repository_owner": "octo-org", "repository_name": "demo", "workflow_filename": "release.yml", "environment": null}}"#,
            None,
        );
        assert!(created.diagnostics.is_empty(), "{:?}", created.diagnostics);
        let p = &created.publishers[0];
        assert_eq!(p.registry, Registry::CratesIo);
        assert_eq!(p.pointer, "/github_config");
        assert_eq!(
            p.place(Field::Workflow).0,
            "/github_config/workflow_filename"
        );
    }
}
