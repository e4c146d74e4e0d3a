//! `cognito-identity-pool-not-pinned`: a role trusting Amazon Cognito that does not pin
//! `cognito-identity.amazonaws.com:aud` to identity pools trusts every pool in every
//! account: `cognito-identity.amazonaws.com` is one provider for all of them, and there is
//! no client-id list.

use crate::aws::lint::common::{Scope, finding, positive_string};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::providers::IssuerKind;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.web_identity {
        return;
    }
    for p in cx
        .trusted
        .iter()
        .filter(|p| p.built_in_kind == Some(IssuerKind::Cognito))
    {
        let pinned = cx.st.conditions.iter().any(|c| {
            p.key_is(c, "aud")
                && positive_string(c)
                && !c.values.is_empty()
                && c.texts().all(|v| !v.is_empty() && !v.contains(['*', '?']))
        });
        if pinned {
            continue;
        }
        out.push(
            finding(
                codes::COGNITO_IDENTITY_POOL_NOT_PINNED,
                "no condition pins `cognito-identity.amazonaws.com:aud` to an identity pool, so an identity from any pool in any account can assume the role".to_owned(),
            )
            .at(&cx.condition_pointer(), Some(cx.st.span))
            .help("add `\"StringEquals\": {\"cognito-identity.amazonaws.com:aud\": \"<region>:<identity pool id>\"}` naming your pool"),
        );
    }
}
