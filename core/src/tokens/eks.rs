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

use super::{Draft, Minted, TokenError, builder, hex, setters, subject, uuid};
use crate::providers::Platform;

builder! {
    /// An EKS service-account token: `eks().service_account("payments", "api").at(now)`.
    pub struct Eks(EksOptions) = "eks" {
        /// The namespace (required).
        namespace: String,
        /// The service account (required).
        service_account: String,
    } optional {
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
    setters! {
        /// The pod's name.
        pod => "pod";
    }

    /// The namespace and the service account.
    #[must_use]
    pub fn service_account(
        mut self,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        self.0.set("namespace", namespace.into());
        self.0.set("serviceAccount", name.into());
        self
    }

    /// The cluster's region and OIDC id.
    #[must_use]
    pub fn cluster(mut self, region: impl Into<String>, id: impl Into<String>) -> Self {
        self.0.set("region", region.into());
        self.0.set("clusterId", id.into());
        self
    }

    fn claims(
        o: &super::Options,
    ) -> Result<serde_json::Map<String, serde_json::Value>, TokenError> {
        const B: &str = "eks";
        let namespace = o.need(B, "namespace")?;
        let service_account = o.need(B, "serviceAccount")?;
        let region = o.text("region").unwrap_or("us-east-1");
        let cluster = o
            .text("clusterId")
            .map_or_else(|| hex(&[region], 32).to_ascii_uppercase(), str::to_owned);
        let sub = subject(
            B,
            Platform::Eks,
            &[
                ("namespace", namespace),
                ("serviceAccount", service_account),
            ],
        )?;
        let at = o.now().to_string();
        let pod = o.text("pod").map_or_else(
            || {
                format!(
                    "{service_account}-{}-{}",
                    hex(&[&cluster, &sub], 10),
                    hex(&[&cluster, &sub, "@", &at], 5)
                )
            },
            str::to_owned,
        );
        let node = format!("ip-10-0-{}-17.ec2.internal", pod.len() % 200);
        let name_uid = |name: &str, seed: &[&str]| {
            let mut object = Draft::default();
            object.text("name", name).text("uid", uuid(seed));
            object.done()
        };
        let mut kubernetes = Draft::default();
        kubernetes
            .text("namespace", namespace)
            .put("node", name_uid(&node, &[&node]))
            .put("pod", name_uid(&pod, &[&pod]))
            .put(
                "serviceaccount",
                name_uid(service_account, &[&cluster, &sub]),
            );

        let mut c = Draft::default();
        c.put(
            "aud",
            vec![o.text("audience").unwrap_or("sts.amazonaws.com").to_owned()],
        )
        .put("exp", o.now().saturating_add(86_400))
        .put("iat", o.now())
        .text(
            "iss",
            format!("https://oidc.eks.{region}.amazonaws.com/id/{cluster}"),
        )
        .text("jti", uuid(&[&pod, "@", &at]))
        .put("kubernetes.io", kubernetes.done())
        .put("nbf", o.now())
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
