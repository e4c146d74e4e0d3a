//! Amazon EKS service-account tokens (IAM roles for service accounts), after the EKS user
//! guide's "IAM roles for service accounts"
//! (<https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html>:
//! the cluster's issuer `https://oidc.eks.<region>.amazonaws.com/id/<ID>`, the audience
//! `sts.amazonaws.com`, the `system:serviceaccount:<namespace>:<name>` subject) and
//! Kubernetes' "Managing Service Accounts"
//! (<https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/>: a
//! bound token's `aud` is an array, the `kubernetes.io` claim names the namespace, the
//! service account, the pod and its node with their UIDs; `nbf` is `iat`). The EKS pod
//! identity webhook asks for a 24-hour token.

use super::{Draft, Minted, TokenError, builder, hex, subject, uuid};
use crate::providers::Platform;

builder! {
    /// An EKS service-account token: `eks().service_account("payments", "api").at(now)`.
    pub struct Eks {
        /// The namespace (required).
        namespace: String,
        /// The service account (required).
        service_account: String,
        /// The cluster's region (default `us-east-1`).
        region: Option<String>,
        /// The cluster's OIDC id, 32 hex digits (default: derived from the region).
        cluster_id: Option<String>,
        /// The pod's name (default: derived from the service account).
        pod: Option<String>,
    }
}

/// An EKS service-account token builder for [`Eks::service_account`].
pub fn eks() -> Eks {
    Eks::default()
}

impl Eks {
    /// The namespace and the service account.
    #[must_use]
    pub fn service_account(
        mut self,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        self.namespace = namespace.into();
        self.service_account = name.into();
        self
    }

    /// The cluster's region and OIDC id.
    #[must_use]
    pub fn cluster(mut self, region: impl Into<String>, id: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self.cluster_id = Some(id.into());
        self
    }

    fn draft(&self) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "eks";
        for (field, value) in [
            ("namespace", &self.namespace),
            ("serviceAccount", &self.service_account),
        ] {
            if value.is_empty() {
                return Err(TokenError::new(B, field, "the name is required"));
            }
        }
        let region = self.region.as_deref().unwrap_or("us-east-1");
        let cluster = self
            .cluster_id
            .clone()
            .unwrap_or_else(|| hex(region, 32).to_ascii_uppercase());
        let sub = subject(
            B,
            Platform::Eks,
            &[
                ("namespace", &self.namespace),
                ("serviceAccount", &self.service_account),
            ],
        )?;
        let account = format!("{cluster}/{sub}");
        let pod = self.pod.clone().unwrap_or_else(|| {
            format!(
                "{}-{}-{}",
                self.service_account,
                hex(&account, 10),
                hex(&format!("{account}@{}", self.now), 5)
            )
        });
        let name_uid =
            |name: &str, seed: &str| serde_json::json!({"name": name, "uid": uuid(seed)});
        let node = format!("ip-10-0-{}-17.ec2.internal", pod.len() % 200);
        let kubernetes = serde_json::json!({
            "namespace": self.namespace,
            "node": name_uid(&node, &node),
            "pod": name_uid(&pod, &pod),
            "serviceaccount": name_uid(&self.service_account, &account),
        });

        let mut c = Draft::default();
        c.put(
            "aud",
            vec![
                self.audience
                    .clone()
                    .unwrap_or_else(|| "sts.amazonaws.com".to_owned()),
            ],
        )
        .put("exp", self.now.saturating_add(86_400))
        .put("iat", self.now)
        .text(
            "iss",
            format!("https://oidc.eks.{region}.amazonaws.com/id/{cluster}"),
        )
        .text("jti", uuid(&format!("{pod}@{}", self.now)))
        .put("kubernetes.io", kubernetes)
        .put("nbf", self.now)
        .text("sub", sub);
        Ok(c.done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::IssuerVariant;
    use crate::tokens::tests::reads_back;

    #[test]
    fn service_accounts_read_back() {
        let t = eks()
            .service_account("payments", "api")
            .cluster("eu-west-1", "5C1B7E0D9A3F4E62B8D1C0FFEE0AB123")
            .at(1_790_000_000)
            .unwrap();
        assert_eq!(t.sub(), "system:serviceaccount:payments:api");
        reads_back(
            &t,
            Platform::Eks,
            IssuerVariant::Eks,
            &[("namespace", "payments"), ("serviceAccount", "api")],
        );
        let c = t.claims();
        assert_eq!(c["aud"], serde_json::json!(["sts.amazonaws.com"]));
        assert_eq!(c["kubernetes.io"]["serviceaccount"]["name"], "api");
        assert_eq!(
            c["iss"],
            "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1B7E0D9A3F4E62B8D1C0FFEE0AB123"
        );
        assert_eq!(c["exp"].as_i64(), Some(1_790_086_400));
    }

    #[test]
    fn names_are_required() {
        assert_eq!(eks().at(0).unwrap_err().field(), "namespace");
    }
}
