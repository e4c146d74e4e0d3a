//! `missing-audience-condition`: no condition on the provider's `aud`; only the provider's
//! client-id list checks the audience.

use crate::aws::lint::common::{Scope, finding, positive_string};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for p in cx.oidc_providers() {
        if cx
            .st
            .conditions
            .iter()
            .any(|c| p.key_is(c, "aud") && positive_string(c))
        {
            continue;
        }
        out.push(
            finding(
                codes::MISSING_AUDIENCE_CONDITION,
                format!("no condition on `{}:aud`; only the provider's client-id list checks the audience", p.url),
            )
            .at(&cx.condition_pointer(), Some(cx.st.span))
            .help(format!("add `\"StringEquals\": {{\"{}:aud\": \"sts.amazonaws.com\"}}` (or your audience) so the role stays pinned if the provider gains client ids", p.url)),
        );
    }
}
