//! The "generate a token" control: pick a platform, a repository (or its platform's
//! equivalent) and an event, and get a token from the core's builders
//! ([`oidc_trust::tokens`]), with every claim the platform sends. For trying a policy
//! without a real token. Pure: the form, the menus and the mapping to the builders, with
//! native tests.

use oidc_trust::providers::Platform;
use oidc_trust::tokens::{
    Minted, TokenError, bitbucket, buildkite, circleci, eks, github, gitlab, terraform,
};

/// What ran: the event of the generated token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MintEvent {
    /// A push to a branch (a branch pipeline).
    Branch,
    /// A tag.
    Tag,
    /// A GitHub pull request.
    PullRequest,
    /// A GitLab merge request.
    MergeRequest,
    /// A job in a deployment environment.
    Environment,
    /// A Bitbucket deployment step.
    Deployment,
    /// An HCP Terraform apply.
    Apply,
    /// An HCP Terraform plan.
    Plan,
    /// An EKS pod's service account.
    ServiceAccount,
}

/// One entry of the event menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventChoice {
    /// The event.
    pub event: MintEvent,
    /// The `<option>` value.
    pub value: &'static str,
    /// The words shown.
    pub label: &'static str,
    /// The label and the default of the value the event takes (a branch name...), if any.
    pub input: Option<(&'static str, &'static str)>,
}

const BRANCH: EventChoice = EventChoice {
    event: MintEvent::Branch,
    value: "branch",
    label: "push to a branch",
    input: Some(("Branch", "main")),
};
const TAG: EventChoice = EventChoice {
    event: MintEvent::Tag,
    value: "tag",
    label: "tag",
    input: Some(("Tag", "v1.0.0")),
};
const ENVIRONMENT: EventChoice = EventChoice {
    event: MintEvent::Environment,
    value: "environment",
    label: "job in an environment",
    input: Some(("Environment", "production")),
};

/// One entry of the platform menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformChoice {
    /// The platform.
    pub platform: Platform,
    /// The `<option>` value.
    pub value: &'static str,
    /// What the repository box holds on this platform.
    pub repo_label: &'static str,
    /// The same, in a sentence.
    pub noun: &'static str,
    /// Its default.
    pub repo_default: &'static str,
    /// The events, in menu order.
    pub events: &'static [EventChoice],
}

/// The platforms, in menu order.
pub const PLATFORMS: [PlatformChoice; 7] = [
    PlatformChoice {
        platform: Platform::GitHub,
        value: "github",
        repo_label: "Repository (owner/name)",
        noun: "repository",
        repo_default: "acme/widgets",
        events: &[
            BRANCH,
            TAG,
            EventChoice {
                event: MintEvent::PullRequest,
                value: "pullRequest",
                label: "pull request",
                input: None,
            },
            ENVIRONMENT,
        ],
    },
    PlatformChoice {
        platform: Platform::GitLab,
        value: "gitlab",
        repo_label: "Project (group/project)",
        noun: "project",
        repo_default: "acme/widgets",
        events: &[
            BRANCH,
            TAG,
            EventChoice {
                event: MintEvent::MergeRequest,
                value: "mergeRequest",
                label: "merge request",
                input: Some(("Source branch", "feature")),
            },
            ENVIRONMENT,
        ],
    },
    PlatformChoice {
        platform: Platform::CircleCi,
        value: "circleci",
        repo_label: "Organisation id (a UUID)",
        noun: "organisation id",
        repo_default: "2a3b4c5d-1111-2222-3333-444455556666",
        events: &[BRANCH, TAG],
    },
    PlatformChoice {
        platform: Platform::Bitbucket,
        value: "bitbucket",
        repo_label: "Repository (workspace/name)",
        noun: "repository",
        repo_default: "acme/widgets",
        events: &[
            BRANCH,
            EventChoice {
                event: MintEvent::Deployment,
                value: "deployment",
                label: "deployment step",
                input: Some(("Environment", "production")),
            },
        ],
    },
    PlatformChoice {
        platform: Platform::Buildkite,
        value: "buildkite",
        repo_label: "Pipeline (organisation/pipeline)",
        noun: "pipeline",
        repo_default: "acme/deploy",
        events: &[BRANCH, TAG],
    },
    PlatformChoice {
        platform: Platform::Terraform,
        value: "terraform",
        repo_label: "Workspace (organisation/workspace)",
        noun: "workspace",
        repo_default: "acme/production",
        events: &[
            EventChoice {
                event: MintEvent::Apply,
                value: "apply",
                label: "apply",
                input: None,
            },
            EventChoice {
                event: MintEvent::Plan,
                value: "plan",
                label: "plan",
                input: None,
            },
        ],
    },
    PlatformChoice {
        platform: Platform::Eks,
        value: "eks",
        repo_label: "Service account (namespace/name)",
        noun: "service account",
        repo_default: "payments/api",
        events: &[EventChoice {
            event: MintEvent::ServiceAccount,
            value: "serviceAccount",
            label: "pod's service account",
            input: None,
        }],
    },
];

/// The menu entry with this `<option>` value.
pub fn platform_choice(value: &str) -> Option<PlatformChoice> {
    PLATFORMS.into_iter().find(|p| p.value == value)
}

/// The control's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintForm {
    /// The platform picked.
    pub platform: PlatformChoice,
    /// The repository, project, pipeline... as the platform names it.
    pub repo: String,
    /// The event picked.
    pub event: EventChoice,
    /// The event's value (branch, tag, environment), when it takes one.
    pub value: String,
}

impl Default for MintForm {
    fn default() -> Self {
        MintForm::on(PLATFORMS[0])
    }
}

impl MintForm {
    /// The form for a platform, with its defaults.
    pub fn on(platform: PlatformChoice) -> Self {
        let event = platform.events.first().copied().unwrap_or(BRANCH);
        MintForm {
            platform,
            repo: platform.repo_default.to_owned(),
            event,
            value: event.input.map(|(_, v)| v).unwrap_or_default().to_owned(),
        }
    }

    /// The form with another platform: its first event, and its default repository unless
    /// one was typed.
    #[must_use]
    pub fn with_platform(&self, platform: PlatformChoice) -> Self {
        let mut next = MintForm::on(platform);
        if self.repo != self.platform.repo_default && !self.repo.trim().is_empty() {
            next.repo.clone_from(&self.repo);
        }
        next
    }

    /// The form with another event of the platform (by its `<option>` value), with the
    /// event's default value unless the old event took the same kind of value (a branch for
    /// a branch) and one was typed.
    #[must_use]
    pub fn with_event(&self, value: &str) -> Self {
        let Some(event) = self.platform.events.iter().find(|e| e.value == value) else {
            return self.clone();
        };
        let keep = match (self.event.input, event.input) {
            (Some((was, default)), Some((label, _))) => {
                was == label && self.value != default && !self.value.trim().is_empty()
            }
            _ => false,
        };
        MintForm {
            event: *event,
            value: if keep {
                self.value.clone()
            } else {
                event.input.map(|(_, v)| v).unwrap_or_default().to_owned()
            },
            ..self.clone()
        }
    }

    /// The token for this form, issued at `now`: an unsigned JWT from the core's builder,
    /// with `audience` as its `aud` when given (the one the target on screen needs), else the
    /// platform's default.
    pub fn mint(&self, now: i64, audience: Option<&str>) -> Result<Minted, String> {
        // Each platform's builder is its own type: the last step, written once.
        macro_rules! issued {
            ($builder:expr) => {{
                let b = $builder;
                match audience {
                    Some(a) => b.audience(a),
                    None => b,
                }
                .at(now)
            }};
        }
        let repo = self.repo.trim();
        let value = self.value.trim();
        let two = |shape: &str| {
            repo.split_once('/')
                .filter(|(a, b)| !a.is_empty() && !b.is_empty())
                .ok_or_else(|| format!("Write the {} as `{shape}`.", self.platform.noun))
        };
        let e = self.event.event;
        let minted: Result<Minted, TokenError> = match self.platform.platform {
            Platform::GitHub => {
                let b = github().repo(repo);
                issued!(match e {
                    MintEvent::Tag => b.tag(value),
                    MintEvent::PullRequest => b.pull_request(),
                    MintEvent::Environment => b.environment(value),
                    _ => b.branch(value),
                })
            }
            Platform::GitLab => {
                let b = gitlab().project(repo);
                issued!(match e {
                    MintEvent::Tag => b.tag(value),
                    MintEvent::MergeRequest => b.merge_request().branch(value),
                    MintEvent::Environment => b.environment(value),
                    _ => b.branch(value),
                })
            }
            Platform::CircleCi => {
                let b = circleci().org(repo);
                issued!(if e == MintEvent::Tag {
                    b.tag(value)
                } else {
                    b.branch(value)
                })
            }
            Platform::Bitbucket => {
                let (workspace, name) = two("WORKSPACE/REPOSITORY")?;
                let b = bitbucket().workspace(workspace).repository(name);
                issued!(if e == MintEvent::Deployment {
                    b.deployment(value)
                } else {
                    b.branch(value)
                })
            }
            Platform::Buildkite => {
                let (org, pipeline) = two("ORGANISATION/PIPELINE")?;
                let b = buildkite().organization(org).pipeline(pipeline);
                issued!(if e == MintEvent::Tag {
                    b.tag(value)
                } else {
                    b.branch(value)
                })
            }
            Platform::Terraform => {
                let (org, workspace) = two("ORGANISATION/WORKSPACE")?;
                let b = terraform().organization(org).workspace(workspace);
                issued!(if e == MintEvent::Plan { b.plan() } else { b })
            }
            Platform::Eks | Platform::Generic => {
                let (namespace, account) = two("NAMESPACE/NAME")?;
                issued!(eks().service_account(namespace, account))
            }
        };
        minted.map_err(|e| format!("The token could not be generated: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    fn sub(form: &MintForm) -> String {
        form.mint(NOW, None).unwrap().sub().to_owned()
    }

    #[test]
    fn every_platform_and_event_gives_a_token() {
        for p in PLATFORMS {
            for e in p.events {
                let form = MintForm::on(p).with_event(e.value);
                let minted = form.mint(NOW, None);
                assert!(minted.is_ok(), "{} {}: {minted:?}", p.value, e.value);
                let iss = minted.unwrap().claims()["iss"].as_str().unwrap().to_owned();
                let issuer = oidc_trust::providers::recognise(&iss, None);
                assert_eq!(issuer.platform, p.platform, "{iss}");
            }
        }
    }

    #[test]
    fn the_form_maps_to_the_builders() {
        let gh = MintForm::default();
        assert_eq!(sub(&gh), "repo:acme/widgets:ref:refs/heads/main");
        assert_eq!(
            sub(&gh.with_event("pullRequest")),
            "repo:acme/widgets:pull_request"
        );
        let tag = MintForm {
            value: "v2.3.1".to_owned(),
            ..gh.with_event("tag")
        };
        assert_eq!(sub(&tag), "repo:acme/widgets:ref:refs/tags/v2.3.1");
        let gl = gh.with_platform(platform_choice("gitlab").unwrap());
        assert_eq!(gl.event.value, "branch");
        assert_eq!(
            sub(&gl.with_event("mergeRequest")),
            "project_path:acme/widgets:ref_type:branch:ref:feature"
        );
        let tf = gh.with_platform(platform_choice("terraform").unwrap());
        assert_eq!(tf.repo, "acme/production");
        assert!(sub(&tf.with_event("plan")).ends_with(":run_phase:plan"));
        // A typed repository survives a change of platform; a default does not.
        let typed = MintForm {
            repo: "octo/site".to_owned(),
            ..gh.clone()
        };
        assert_eq!(
            typed.with_platform(platform_choice("gitlab").unwrap()).repo,
            "octo/site"
        );
        // A typed value is kept for an event that takes the same kind of value.
        let env = MintForm {
            value: "staging".to_owned(),
            ..gh.with_platform(platform_choice("bitbucket").unwrap())
                .with_event("deployment")
        };
        assert_eq!(env.with_event("deployment").value, "staging");
        assert_eq!(env.with_event("branch").value, "main");
        let tag = MintForm {
            value: "v9".to_owned(),
            ..gl.with_event("tag")
        };
        assert_eq!(tag.with_event("mergeRequest").value, "feature");
        assert_eq!(
            gh.with_event("pullRequest").with_event("branch").value,
            "main"
        );
    }

    #[test]
    fn bad_input_is_said_in_words() {
        let bad = MintForm {
            repo: "acme".to_owned(),
            ..MintForm::default()
        };
        assert_eq!(
            bad.mint(NOW, None).unwrap_err(),
            "The token could not be generated: github(): `repo`: `acme` is not `OWNER/REPOSITORY`"
        );
        let eks = MintForm {
            repo: "payments".to_owned(),
            ..MintForm::on(platform_choice("eks").unwrap())
        };
        assert_eq!(
            eks.mint(NOW, None).unwrap_err(),
            "Write the service account as `NAMESPACE/NAME`."
        );
    }
}
