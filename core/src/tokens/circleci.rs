//! `CircleCI` tokens, after `CircleCI`'s "Using OpenID Connect tokens in jobs"
//! (<https://circleci.com/docs/openid-connect-tokens/>, "Format of the OpenID Connect ID
//! token": `iss` per organisation, the `$CIRCLE_OIDC_TOKEN` and `$CIRCLE_OIDC_TOKEN_V2`
//! subjects, `aud` the organisation id, `exp` an hour after `iat`, no `nbf`, and the
//! `oidc.circleci.com/...` claims with their types: `context-ids` an array, `ssh-rerun` a
//! boolean). Every id is a UUID.

use super::{Draft, Minted, TokenError, builder, setters, subject, switches, uuid};
use crate::providers::Platform;

builder! {
    /// A `CircleCI` token: `circleci().org(ORG_ID).repo("github.com/acme/app").branch("main").at(now)`.
    ///
    /// The `sub` is `$CIRCLE_OIDC_TOKEN_V2`'s,
    /// `org/ORG/project/PROJECT/user/USER/vcs-origin/ORIGIN/vcs-ref/REF` (what the AWS CLI orb
    /// uses), or `$CIRCLE_OIDC_TOKEN`'s without the VCS part with `classic`. `aud` defaults to
    /// the organisation id, `CircleCI`'s fixed audience.
    pub struct CircleCi(CircleCiOptions) = "circleci" {
        /// The organisation id, a UUID (required: it is in the issuer URL).
        org: String,
    } optional {
        /// The project id (default: derived from the organisation and the repository).
        project: Option<String>,
        /// The user id (default: derived from the organisation).
        user: Option<String>,
        /// The repository, as `vcs-origin` (default `github.com/acme/app`).
        repo: Option<String>,
        /// The branch (default `main`).
        branch: Option<String>,
        /// The tag (instead of a branch).
        tag: Option<String>,
        /// `$CIRCLE_OIDC_TOKEN`'s `sub`, without the VCS origin and ref.
        classic: bool,
        /// The contexts the job uses (`oidc.circleci.com/context-ids`; default one, derived).
        contexts: Option<Vec<String>>,
    }
}

/// A `CircleCI` token builder for [`CircleCi::org`].
pub fn circleci() -> CircleCi {
    CircleCi::default()
}

impl CircleCi {
    setters! {
        /// The organisation id.
        org => "org";
        /// The project id.
        project => "project";
        /// The id of the user who triggered the pipeline.
        user => "user";
        /// The repository the pipeline was triggered from, e.g. `github.com/acme/app`.
        repo => "repo";
        /// The branch.
        branch => "branch";
        /// The tag.
        tag => "tag";
    }

    switches! {
        /// `$CIRCLE_OIDC_TOKEN` rather than `$CIRCLE_OIDC_TOKEN_V2`.
        classic => "classic";
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "circleci";
        let org = o.need(B, "org")?;
        let (tag, branch) = (o.text("tag"), o.text("branch"));
        if tag.is_some() && branch.is_some() {
            return Err(TokenError::new(
                B,
                "tag",
                "give `tag` or `branch`, not both",
            ));
        }
        let origin = o.text("repo").unwrap_or("github.com/acme/app");
        let vcs_ref = match tag {
            Some(tag) => format!("refs/tags/{tag}"),
            None => format!("refs/heads/{}", branch.unwrap_or("main")),
        };
        let project = o
            .text("project")
            .map_or_else(|| uuid(&[org, "/", origin]), str::to_owned);
        let user = o
            .text("user")
            .map_or_else(|| uuid(&[org, "/user"]), str::to_owned);
        let mut fields = vec![("org", org), ("project", &project), ("user", &user)];
        if !o.flag("classic") {
            fields.extend([("vcsOrigin", origin), ("vcsRef", &vcs_ref)]);
        }
        let sub = subject(B, Platform::CircleCi, &fields)?;
        let contexts = o
            .texts("contexts")
            .unwrap_or_else(|| vec![uuid(&[org, "/context"])]);

        let mut c = Draft::default();
        c.text("iss", format!("https://oidc.circleci.com/org/{org}"))
            .text("sub", sub)
            .text("aud", o.text("audience").unwrap_or(org))
            .times(o.now(), None, 3600)
            .text("oidc.circleci.com/project-id", project)
            .text("oidc.circleci.com/vcs-origin", origin)
            .text("oidc.circleci.com/vcs-ref", vcs_ref)
            .put("oidc.circleci.com/context-ids", contexts)
            .put("oidc.circleci.com/ssh-rerun", false);
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    const ORG: &str = "2a3b4c5d-1111-2222-3333-444455556666";

    #[test]
    fn v2_and_classic_subjects_read_back() {
        let t = circleci()
            .org(ORG)
            .repo("github.com/acme/app")
            .tag("v1")
            .at(1_790_000_000)
            .unwrap();
        reads_back(
            &t,
            Platform::CircleCi,
            IssuerVariant::Circleci,
            &[
                ("org", ORG),
                ("vcsOrigin", "github.com/acme/app"),
                ("vcsRef", "refs/tags/v1"),
            ],
        );
        let c = t.claims();
        assert_eq!(c["aud"], ORG);
        assert!(c["oidc.circleci.com/context-ids"].is_array());
        assert!(c["oidc.circleci.com/ssh-rerun"].is_boolean());
        assert!(!c.contains_key("nbf"));
        let project = c["oidc.circleci.com/project-id"].as_str().unwrap();

        let t = circleci().org(ORG).classic().at(1_790_000_000).unwrap();
        reads_back(
            &t,
            Platform::CircleCi,
            IssuerVariant::Circleci,
            &[("project", project)],
        );
        assert!(
            t.sub()
                .ends_with(&format!("/user/{}", uuid(&[ORG, "/user"])))
        );
    }

    #[test]
    fn the_organisation_is_required() {
        assert_eq!(circleci().at(0).unwrap_err().field(), "org");
    }
}
