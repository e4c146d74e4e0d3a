//! Amazon EKS service accounts (IRSA; semantics reference 5.3, after the EKS user guide).
//!
//! Issuer `oidc.eks.<region>.amazonaws.com/id/<ID>` (`.amazonaws.com.cn` in China);
//! `sub` `system:serviceaccount:<namespace>:<serviceaccount>`.

use super::{IssuerVariant, Platform, Subject, SubjectError, SubjectForm, field};

pub(crate) fn recognise(prefix: &str) -> Option<(IssuerVariant, Option<&str>)> {
    let (host, path) = prefix.split_once('/')?;
    let region = host.strip_prefix("oidc.eks.")?;
    let region = region
        .strip_suffix(".amazonaws.com")
        .or_else(|| region.strip_suffix(".amazonaws.com.cn"))?;
    let id = path.strip_prefix("id/")?;
    (!region.is_empty()).then_some((IssuerVariant::Eks, Some(id.trim_end_matches('/'))))
}

/// Parses an EKS service-account `sub`.
pub(crate) fn parse(sub: &str) -> Result<Subject<'_>, SubjectError> {
    const HEAD: &str = "system:serviceaccount:";
    let Some(rest) = sub.strip_prefix(HEAD) else {
        return Err(SubjectError::new(
            0,
            "an EKS subject starts with `system:serviceaccount:`",
        ));
    };
    let Some((ns, sa)) = rest.split_once(':') else {
        return Err(SubjectError::new(
            HEAD.len(),
            "expected `NAMESPACE:SERVICEACCOUNT`",
        ));
    };
    if ns.is_empty() || sa.is_empty() || sa.contains(':') {
        return Err(SubjectError::new(
            HEAD.len(),
            "expected `NAMESPACE:SERVICEACCOUNT`",
        ));
    }
    Ok(Subject {
        platform: Platform::Eks,
        form: SubjectForm::ServiceAccount,
        immutable: false,
        fields: vec![
            field("namespace", HEAD.len(), ns),
            field("serviceAccount", HEAD.len() + ns.len() + 1, sa),
        ],
    })
}

/// Builds `system:serviceaccount:NAMESPACE:SERVICEACCOUNT`.
pub(crate) fn build<'a>(need: &dyn Fn(&str) -> Result<&'a str, String>) -> Result<String, String> {
    Ok(format!(
        "system:serviceaccount:{}:{}",
        need("namespace")?,
        need("serviceAccount")?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let s = parse("system:serviceaccount:kube-system:aws-node").unwrap();
        assert_eq!(s.get("serviceAccount"), Some("aws-node"));
        assert!(parse("system:serviceaccount:x").is_err());
        assert_eq!(
            recognise("oidc.eks.us-east-1.amazonaws.com/id/ABC"),
            Some((IssuerVariant::Eks, Some("ABC")))
        );
    }
}
