//! Amazon Cognito identity-pool tokens, as `GetOpenIdToken` (or the enhanced flow's
//! `GetCredentialsForIdentity`) issues them (Cognito developer guide, "Role trust and
//! permissions" and "Identity pools authentication flow": `iss`
//! `https://cognito-identity.amazonaws.com`, `aud` the identity pool id, `sub` the identity
//! id, `amr` `["unauthenticated"]` for a guest or `["authenticated", <login provider>,
//! <login provider>:<app>:<user>]` after a sign-in; valid for 10 minutes). AWS trusts them
//! through its built-in provider `cognito-identity.amazonaws.com`.

use super::{Draft, Minted, TokenError, builder, setters, switches, uuid};

builder! {
    /// A Cognito identity-pool token:
    /// `cognito().identity_pool("us-east-1:4c1e9a2b-...").login("accounts.google.com").at(now)`.
    pub struct Cognito(CognitoOptions) = "cognito" {
        /// The identity pool id, `<region>:<uuid>` (required).
        identity_pool: String,
    } optional {
        /// The identity id, `<region>:<uuid>` (default: derived from the pool and the login).
        identity: Option<String>,
        /// The login provider the user signed in with (`accounts.google.com`,
        /// `graph.facebook.com`, `cognito-idp.<region>.amazonaws.com/<user pool>`...;
        /// default `accounts.google.com`).
        login: Option<String>,
        /// A guest of the pool: `amr` is `["unauthenticated"]`.
        guest: bool,
    }
}

/// A Cognito identity-pool token builder for [`Cognito::identity_pool`].
pub fn cognito() -> Cognito {
    Cognito::default()
}

impl Cognito {
    setters! {
        /// The identity pool id, `<region>:<uuid>`.
        identity_pool => "identityPool";
        /// The identity id, `<region>:<uuid>`.
        identity => "identity";
        /// The login provider the user signed in with.
        login => "login";
    }

    switches! {
        /// A guest (unauthenticated) identity.
        guest => "guest";
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "cognito";
        let pool = o.need(B, "identityPool")?;
        let Some((region, _)) = pool
            .split_once(':')
            .filter(|(r, id)| !r.is_empty() && !id.is_empty())
        else {
            return Err(TokenError::new(
                B,
                "identityPool",
                format!("`{pool}` is not `<region>:<uuid>`"),
            ));
        };
        let login = o.text("login").unwrap_or("accounts.google.com");
        let identity = o.text("identity").map_or_else(
            || format!("{region}:{}", uuid(&[pool, "@", login])),
            str::to_owned,
        );
        let amr: Vec<String> = if o.flag("guest") {
            vec!["unauthenticated".to_owned()]
        } else {
            vec![
                "authenticated".to_owned(),
                login.to_owned(),
                format!("{login}:{}", uuid(&[&identity])),
            ]
        };
        let mut c = Draft::default();
        c.text("sub", identity)
            .text("aud", o.text("audience").unwrap_or(pool))
            .put("amr", amr)
            .text("iss", "https://cognito-identity.amazonaws.com")
            .put("exp", o.now().saturating_add(600))
            .put("iat", o.now());
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POOL: &str = "us-east-1:4c1e9a2b-1111-2222-3333-444455556666";

    #[test]
    fn signed_in_users_and_guests() {
        let t = cognito().identity_pool(POOL).at(1_790_000_000).unwrap();
        let c = t.claims();
        assert_eq!(c["aud"], POOL);
        assert!(t.sub().starts_with("us-east-1:"));
        assert_eq!(c["amr"][0], "authenticated");
        assert_eq!(c["amr"][1], "accounts.google.com");
        assert_eq!(c["exp"].as_i64(), Some(1_790_000_600));
        let guest = cognito().identity_pool(POOL).guest().at(0).unwrap();
        assert_eq!(
            guest.claims()["amr"],
            serde_json::json!(["unauthenticated"])
        );
        assert_eq!(
            cognito().identity_pool("pool").at(0).unwrap_err().field(),
            "identityPool"
        );
    }
}
