//! `cognito-unauthenticated-identities`: a role trusting Amazon Cognito that does not test
//! `cognito-identity.amazonaws.com:amr` admits the pool's guest (unauthenticated)
//! identities as well as signed-in users. `amr` is multi-valued (`authenticated` or
//! `unauthenticated`, then the login providers), so it is tested with `ForAnyValue:`.

use crate::aws::lint::common::{Scope, finding, positive_string};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::matching;
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
        let decided = cx.st.conditions.iter().any(|c| {
            if !p.key_is(c, "amr") || !positive_string(c) || c.values.is_empty() {
                return false;
            }
            let admits_guests = c
                .texts()
                .any(|v| matching::like(&matching::pattern(v), "unauthenticated"));
            // Guests only, on purpose, or no guests at all.
            c.texts().all(|v| v == "unauthenticated") || !admits_guests
        });
        if decided {
            continue;
        }
        out.push(
            finding(
                codes::COGNITO_UNAUTHENTICATED_IDENTITIES,
                "no condition on `cognito-identity.amazonaws.com:amr` requires `authenticated`, so the pool's guest identities can assume the role too".to_owned(),
            )
            .at(&cx.condition_pointer(), Some(cx.st.span))
            .help("add `\"ForAnyValue:StringLike\": {\"cognito-identity.amazonaws.com:amr\": \"authenticated\"}` (or `unauthenticated`, for a role meant for guests)"),
        );
    }
}
