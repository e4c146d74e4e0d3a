//! What a `sub` pattern admits, found by example: every wildcard is replaced by filler text
//! from a platform-specific list (the "witnesses"), each witness is parsed in the
//! platform's `sub` format, and the fields that the wildcards reached are examined. A
//! wildcard that reaches the owner or repository makes the pattern trust other
//! repositories; one that produces `pull_request` admits pull requests; and so on.
//!
//! Witnesses match the pattern by construction, so every example shown to a user is a
//! subject the policy really accepts.

use crate::matching::Elem;
use crate::providers::{self, Platform, Subject};

/// At most this many witnesses per pattern.
const MAX_WITNESSES: usize = 4096;
/// At most this many bytes of witnesses per pattern.
const MAX_WORK: usize = 1 << 20;

/// A subject built from a pattern, with the byte ranges that came from wildcards.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Witness {
    pub text: String,
    pub wild: Vec<(usize, usize)>,
}

/// What a pattern admits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Admits {
    /// A wildcard reaches an identity field: (field, example).
    pub identity: Option<(String, String)>,
    /// Every identity field some wildcard reaches, in the order first reached.
    pub reached: Vec<&'static str>,
    /// A pull-request subject is admitted through a wildcard (GitHub).
    pub pull_request: Option<String>,
    /// A branch or ref made entirely of wildcard text: every branch.
    pub any_branch: Option<String>,
    /// Both run phases (HCP Terraform).
    pub run_phase: Option<String>,
    /// `ref_type` reached by a wildcard, or missing (GitLab).
    pub ref_type: Option<String>,
    /// A per-run field (Bitbucket step UUID, Buildkite commit) the pattern spells out, so
    /// the next run's token cannot match: (field, value).
    pub per_run: Option<(String, String)>,
    /// Whether any witness parsed at all.
    pub parsed: bool,
}

fn fillers(platform: Platform) -> &'static [&'static str] {
    match platform {
        Platform::GitHub => &[
            "other:pull_request",
            "other/other:pull_request",
            "repo:other/other:pull_request",
            "pull_request",
            "ref:refs/heads/other",
            "other",
            "",
            ":pull_request",
            "-other:pull_request",
            "/other:pull_request",
            "environment:other",
            "refs/heads/other",
            "heads/other",
            "other:ref:refs/heads/other",
            "ref:refs/tags/other",
        ],
        Platform::GitLab => &[
            "other:ref_type:branch:ref:other",
            "other/other:ref_type:branch:ref:other",
            "project_path:other/other:ref_type:branch:ref:other",
            "branch",
            "tag",
            "ref_type:branch:ref:other",
            "branch:ref:other",
            "tag:ref:other",
            "other",
            "",
            "-other:ref_type:branch:ref:other",
            "/other:ref_type:branch:ref:other",
            "ref:other",
        ],
        Platform::Terraform => &[
            "other:run_phase:apply",
            "other:workspace:other:run_phase:apply",
            "project:other:workspace:other:run_phase:plan",
            "organization:other:project:other:workspace:other:run_phase:apply",
            "plan",
            "apply",
            "run_phase:plan",
            "workspace:other:run_phase:plan",
            "other",
            "",
            "-other:run_phase:apply",
        ],
        Platform::CircleCi => &[
            "other/user/other",
            "other/project/other/user/other",
            "org/other/project/other/user/other",
            "project/other/user/other",
            "other",
            "",
            "-other/user/other",
        ],
        Platform::Bitbucket => &[
            "{other}",
            "{other}:{other}",
            "{other}:{other}:{other}",
            "other}",
            "other}:{other}",
            "",
            "other",
        ],
        Platform::Buildkite => &[
            "other:ref:refs/heads/other:commit:other:step:other",
            "other:pipeline:other:ref:refs/heads/other:commit:other:step:other",
            "organization:other:pipeline:other:ref:refs/heads/other:commit:other:step:other",
            "pipeline:other:ref:refs/heads/other:commit:other:step:other",
            "ref:refs/heads/other:commit:other:step:other",
            "refs/heads/other:commit:other:step:other",
            "refs/heads/other",
            "commit:other:step:other",
            "other:commit:other:step:other",
            "other",
            "",
        ],
        Platform::Eks => &[
            "other",
            "other:other",
            "serviceaccount:other:other",
            "system:serviceaccount:other:other",
            "",
            "-other",
        ],
        Platform::Generic => &["other", ""],
    }
}

/// The witnesses of a pattern, written one at a time into a reused [`Witness`], so that
/// dozens of them cost no allocation beyond the first.
struct Witnesses<'p> {
    pattern: &'p [Elem],
    pool: &'static [&'static str],
    /// How many wildcards are enumerated over the whole pool; the rest get `""` or `z`.
    enumerated: usize,
    total: usize,
    next: usize,
}

impl<'p> Witnesses<'p> {
    fn new(pattern: &'p [Elem], platform: Platform) -> Self {
        let pool = fillers(platform);
        let wild = pattern
            .iter()
            .filter(|e| !matches!(e, Elem::Lit(_)))
            .count();
        // Enumerate the first `k` wildcards fully; the rest get "" (`*`) or `z` (`?`).
        // Bound the work (witnesses x length), so a hostile pattern stays cheap.
        let len: usize = pattern
            .iter()
            .map(|e| match e {
                Elem::Lit(l) => l.len(),
                _ => 1,
            })
            .sum();
        let budget = MAX_WITNESSES.min(MAX_WORK / len.max(1)).max(1);
        let mut k = 0;
        let mut total = 1usize;
        while k < wild {
            let next = total.saturating_mul(pool.len());
            if next > budget {
                break;
            }
            total = next;
            k += 1;
        }
        Witnesses {
            pattern,
            pool,
            enumerated: k,
            total,
            next: 0,
        }
    }

    /// Writes the next witness into `w`; `false` when there are no more.
    fn fill(&mut self, w: &mut Witness) -> bool {
        if self.next >= self.total {
            return false;
        }
        let mut idx = self.next;
        self.next += 1;
        w.text.clear();
        w.wild.clear();
        let mut nth = 0;
        for e in self.pattern {
            match e {
                Elem::Lit(l) => w.text.push_str(l),
                Elem::One | Elem::Star => {
                    let fill = if *e == Elem::One {
                        "z"
                    } else if nth < self.enumerated {
                        self.pool
                            .get(idx % self.pool.len())
                            .copied()
                            .unwrap_or_default()
                    } else {
                        ""
                    };
                    if nth < self.enumerated {
                        idx /= self.pool.len();
                    }
                    let start = w.text.len();
                    w.text.push_str(fill);
                    w.wild.push((start, w.text.len()));
                    nth += 1;
                }
            }
        }
        true
    }
}

impl Admits {
    /// What a pattern that stays in one repository still admits, in words: pull requests,
    /// every run phase, every branch; `None` when none of them.
    pub(crate) fn breadth(&self) -> Option<String> {
        if let Some(e) = &self.pull_request {
            Some(format!("pull-request workflows (e.g. `{e}`)"))
        } else if let Some(e) = &self.run_phase {
            Some(format!(
                "every run phase, including speculative plans for pull requests (e.g. `{e}`)"
            ))
        } else {
            self.any_branch
                .as_ref()
                .map(|e| format!("every branch anyone with push access can create (e.g. `{e}`)"))
        }
    }
}

/// Whom a wildcard over an identity field lets in: `other repositories`, `other projects`...
pub(crate) fn identity_reach(field: &str) -> &'static str {
    match field {
        "owner" | "ownerId" => "other owners",
        "repository" | "repositoryId" | "repo" | "repositoryUuid" => "other repositories",
        "group" | "project_path" | "project" | "project_id" => "other projects",
        "organization" | "org" => "other organisations",
        "workspace" => "other workspaces",
        "pipeline" => "other pipelines",
        "namespace" => "other namespaces",
        "serviceAccount" => "other service accounts",
        "job_workflow_ref" => "other workflows",
        _ => "other subjects",
    }
}

/// A subject field's name in words.
pub(crate) fn field_words(field: &str) -> &str {
    match field {
        "ownerId" => "owner id",
        "repositoryId" => "repository id",
        "repositoryUuid" => "repository UUID",
        "project_path" => "project path",
        "project_id" => "project id",
        "serviceAccount" => "service account",
        "org" => "organisation",
        "job_workflow_ref" => "workflow",
        "sub" => "whole subject",
        other => other,
    }
}

fn touched(w: &Witness, start: usize, end: usize) -> bool {
    w.wild.iter().any(|&(s, e)| s < e && s < end && start < e)
}

fn covered(w: &Witness, start: usize, end: usize) -> bool {
    start < end && w.wild.iter().any(|&(s, e)| s <= start && end <= e)
}

/// What a `StringLike` `sub` pattern admits on `platform`.
pub(crate) fn admits(pattern: &[Elem], platform: Platform) -> Admits {
    let mut a = Admits::default();
    if platform == Platform::Generic {
        if !pattern.is_empty() && pattern.iter().all(|e| !matches!(e, Elem::Lit(_))) {
            a.identity = Some(("sub".to_owned(), "any subject".to_owned()));
            a.reached.push("sub");
        }
        a.parsed = true;
        return a;
    }
    let mut pinned = None;
    let mut free = false;
    let mut witnesses = Witnesses::new(pattern, platform);
    let mut w = Witness::default();
    while witnesses.fill(&mut w) {
        let Ok(s) = providers::parse_subject(platform, &w.text) else {
            continue;
        };
        a.parsed = true;
        examine(&w, &s, &mut a);
        let per_run = match platform {
            Platform::Bitbucket => "stepUuid",
            Platform::Buildkite => "commit",
            _ => continue,
        };
        if let Some(f) = s.field(per_run) {
            if touched(&w, f.start, f.end) {
                free = true;
            } else if pinned.is_none() {
                pinned = Some((per_run.to_owned(), f.value.to_owned()));
            }
        }
    }
    if !free {
        a.per_run = pinned;
    }
    a
}

fn examine(w: &Witness, s: &Subject<'_>, a: &mut Admits) {
    let example = || w.text.clone();
    for name in s.identity_fields() {
        if s.field(name).is_some_and(|f| touched(w, f.start, f.end)) {
            if a.identity.is_none() {
                a.identity = Some(((*name).to_owned(), example()));
            }
            if !a.reached.contains(name) {
                a.reached.push(name);
            }
        }
    }
    let touches = |name: &str| s.field(name).is_some_and(|f| touched(w, f.start, f.end));
    let covers = |name: &str| s.field(name).is_some_and(|f| covered(w, f.start, f.end));
    match s.platform {
        Platform::GitHub => {
            if a.pull_request.is_none() && touches("pullRequest") {
                a.pull_request = Some(example());
            }
            let branch = if s.field("branch").is_some() {
                "branch"
            } else {
                "ref"
            };
            if a.any_branch.is_none() && covers(branch) {
                a.any_branch = Some(example());
            }
        }
        Platform::GitLab => {
            if a.any_branch.is_none() && covers("ref") {
                a.any_branch = Some(example());
            }
            let no_ref_type = s.field("ref_type").is_none() && s.field("ref").is_some();
            if a.ref_type.is_none() && (touches("ref_type") || no_ref_type) {
                a.ref_type = Some(example());
            }
        }
        Platform::Terraform if a.run_phase.is_none() && touches("run_phase") => {
            a.run_phase = Some(example());
        }
        Platform::Buildkite => {
            let any = s.field("ref").is_some_and(|f| {
                let name = f.value.strip_prefix("refs/heads/").unwrap_or(f.value);
                covered(w, f.end - name.len(), f.end)
            });
            if a.any_branch.is_none() && any {
                a.any_branch = Some(example());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admits_of(p: &str, platform: Platform) -> Admits {
        admits(&crate::matching::pattern(p), platform)
    }

    #[test]
    fn github() {
        let a = admits_of("repo:octo-org/*", Platform::GitHub);
        assert_eq!(
            a.identity,
            Some((
                "repository".to_owned(),
                "repo:octo-org/other:pull_request".to_owned()
            ))
        );
        let a = admits_of("repo:octo-org/octo-repo*", Platform::GitHub);
        assert!(a.identity.is_some());
        let a = admits_of("repo:octo-org/octo-repo:*", Platform::GitHub);
        assert!(a.identity.is_none());
        assert_eq!(
            a.pull_request.as_deref(),
            Some("repo:octo-org/octo-repo:pull_request")
        );
        assert!(a.any_branch.is_some());
        let a = admits_of("repo:o/r:ref:refs/heads/main*", Platform::GitHub);
        assert_eq!(
            a,
            Admits {
                parsed: true,
                ..Admits::default()
            }
        );
        let a = admits_of("repo:o/r:ref:refs/heads/*", Platform::GitHub);
        assert!(a.any_branch.is_some() && a.pull_request.is_none());
        assert!(admits_of("*", Platform::GitHub).identity.is_some());
        assert!(admits_of("repo:*", Platform::GitHub).identity.is_some());
        assert!(
            admits_of("repo:o/r?:pull_request", Platform::GitHub)
                .identity
                .is_some()
        );
        assert!(!admits_of("project_path:g/*", Platform::GitHub).parsed);
    }

    #[test]
    fn others() {
        assert!(
            admits_of("project_path:mygroup/*", Platform::GitLab)
                .identity
                .is_some()
        );
        let a = admits_of("project_path:g/p:ref_type:*:ref:main", Platform::GitLab);
        assert!(a.ref_type.is_some() && a.identity.is_none());
        let a = admits_of("project_path:g/p:ref_type:branch:ref:*", Platform::GitLab);
        assert!(a.any_branch.is_some() && a.ref_type.is_none());
        let a = admits_of(
            "organization:o:project:p:workspace:w:run_phase:*",
            Platform::Terraform,
        );
        assert!(a.run_phase.is_some() && a.identity.is_none());
        assert!(
            admits_of("organization:o:*", Platform::Terraform)
                .identity
                .is_some()
        );
        assert!(
            admits_of("org/o/project/*", Platform::CircleCi)
                .identity
                .is_some()
        );
        assert!(
            admits_of("org/o/project/p/user/*", Platform::CircleCi)
                .identity
                .is_none()
        );
        assert!(admits_of("*", Platform::Bitbucket).identity.is_some());
        assert!(
            admits_of("{r}:{e}:*", Platform::Bitbucket)
                .identity
                .is_none()
        );
        assert!(admits_of("{r}:*", Platform::Bitbucket).identity.is_none());
        assert!(
            admits_of("system:serviceaccount:ns:*", Platform::Eks)
                .identity
                .is_some()
        );
        assert!(admits_of("*", Platform::Generic).identity.is_some());
        assert!(admits_of("a*", Platform::Generic).identity.is_none());
    }
}
