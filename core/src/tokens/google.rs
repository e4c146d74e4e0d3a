//! Google ID tokens for a service account, as a Google Cloud workload gets them from the
//! metadata server or `projects.serviceAccounts.generateIdToken` (Google's OpenID Connect
//! reference, <https://developers.google.com/identity/openid-connect/openid-connect>: `iss`
//! `https://accounts.google.com`, `aud` the requested audience, `azp` and `sub` the service
//! account's numeric unique id, `email` and `email_verified`; one hour of life). AWS trusts
//! them through its built-in provider `accounts.google.com`, whose `aud` key holds `azp`.

use super::{Draft, Minted, TokenError, builder, digits, setters};

builder! {
    /// A Google service-account ID token:
    /// `google().service_account("deployer@acme-prod.iam.gserviceaccount.com").at(now)`.
    pub struct Google(GoogleOptions) = "google" {
        /// The service account's email (required).
        service_account: String,
    } optional {
        /// The service account's numeric unique id, `azp` and `sub` (default: derived from
        /// the email).
        unique_id: Option<String>,
    }
}

/// A Google service-account ID token builder for [`Google::service_account`].
pub fn google() -> Google {
    Google::default()
}

impl Google {
    setters! {
        /// The service account's email.
        service_account => "serviceAccount";
        /// The service account's numeric unique id (`azp` and `sub`).
        unique_id => "uniqueId";
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "google";
        let email = o.need(B, "serviceAccount")?;
        if !email.contains('@') {
            return Err(TokenError::new(
                B,
                "serviceAccount",
                format!("`{email}` is not an email address"),
            ));
        }
        // Google's unique ids are 21 digits, starting with `1`.
        let id = o.text("uniqueId").map_or_else(
            || {
                format!(
                    "10{}",
                    digits(
                        &[email],
                        1_000_000_000_000_000_000,
                        9_999_999_999_999_999_999
                    )
                )
            },
            str::to_owned,
        );
        let mut c = Draft::default();
        c.text("aud", o.text("audience").unwrap_or("sts.amazonaws.com"))
            .text("azp", id.clone())
            .text("email", email)
            .put("email_verified", true)
            .put("exp", o.now().saturating_add(3600))
            .put("iat", o.now())
            .text("iss", "https://accounts.google.com")
            .text("sub", id);
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerKind;

    #[test]
    fn service_account_tokens() {
        let t = google()
            .service_account("deployer@acme-prod.iam.gserviceaccount.com")
            .unique_id("117342119470542212345")
            .audience("sts.amazonaws.com/123456789012")
            .at(1_790_000_000)
            .unwrap();
        let c = t.claims();
        assert_eq!(c["azp"], "117342119470542212345");
        assert_eq!(c["sub"], "117342119470542212345");
        assert_eq!(c["aud"], "sts.amazonaws.com/123456789012");
        assert_eq!(c["exp"].as_i64(), Some(1_790_003_600));
        let decoded = crate::token::decode(t.jwt()).unwrap();
        assert_eq!(&decoded.claims.to_map(), c);
        assert_eq!(
            IssuerKind::of(crate::providers::key_prefix(
                decoded.claims.issuer().unwrap()
            )),
            IssuerKind::Google
        );
        assert_eq!(google().at(0).unwrap_err().field(), "serviceAccount");
        assert!(google().service_account("nobody").at(0).is_err());
    }
}
