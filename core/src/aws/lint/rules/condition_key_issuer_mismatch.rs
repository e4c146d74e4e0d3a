//! `condition-key-issuer-mismatch`: a condition key whose prefix names an issuer the
//! statement does not trust, so the key is never in the request.

use crate::aws::lint::common::{Scope, finding};
use crate::codes;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(cx: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if !cx.web_identity || cx.trusted.is_empty() {
        return;
    }
    for c in &cx.st.conditions {
        let (prefix, claim) = c.prefix_and_claim();
        let lower = prefix.to_lowercase();
        if lower == "aws" || lower == "sts" || prefix.is_empty() {
            continue;
        }
        if cx
            .trusted
            .iter()
            .any(|p| p.url.eq_ignore_ascii_case(prefix))
        {
            continue;
        }
        let near = cx.trusted.iter().find_map(|p| {
            let (a, b) = (p.url.to_lowercase(), lower.as_str());
            if a.trim_end_matches('/') == b.trim_end_matches('/') {
                Some(format!("the provider is `{}`: a trailing `/` is part of the key prefix", p.url))
            } else if let Some(rest) = a.strip_prefix(&format!("{b}/")) {
                Some(format!("the provider `{}` has the path `/{rest}`, which every key must carry: write `{}:{claim}`", p.url, p.url))
            } else if b.starts_with(&format!("{a}/")) {
                Some(format!("the provider is `{}` without a path: write `{}:{claim}`", p.url, p.url))
            } else {
                None
            }
        });
        let help = near.unwrap_or_else(|| {
            format!(
                "this statement trusts {}; its keys start with {}",
                cx.trusted
                    .iter()
                    .map(|p| format!("`{}`", p.principal))
                    .collect::<Vec<_>>()
                    .join(", "),
                cx.trusted
                    .iter()
                    .map(|p| format!("`{}:`", p.url))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        });
        out.push(
            finding(
                codes::CONDITION_KEY_ISSUER_MISMATCH,
                format!("`{}` names the issuer `{prefix}`, which this statement does not trust, so the condition on it never matches a token", c.key),
            )
            .at(&c.pointer, Some(c.span))
            .help(help),
        );
    }
}
