//! The resource control policy reader and evaluator: the input as an RCP (and as two), with
//! a token the trust policy accepts, so the RCP stage is always reached.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust::aws::request::{Organization, Rcp};

const GH: &str = "token.actions.githubusercontent.com";

fuzz_target!(|data: &[u8]| {
    let (text, [first, second, sub]) = oidc_trust_fuzz::parts::<3>(data);
    let organization = |rcps: Vec<String>| Organization {
        id: Some("o-a1b2c3d4e5".to_owned()),
        paths: vec!["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/".to_owned()],
        management_account: false,
        rcps: rcps
            .into_iter()
            .map(|p| Rcp {
                name: None,
                policy: serde_json::Value::String(p),
            })
            .collect(),
    };
    let _ = oidc_trust::aws::rcp::read(Some(&organization(vec![text.clone()])));
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": format!("arn:aws:iam::123456789012:oidc-provider/{GH}")},
        "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
    }]});
    let claims = serde_json::json!({
        "iss": format!("https://{GH}"), "aud": "sts.amazonaws.com", "sub": sub,
        "exp": 1_790_000_300i64, "repository_owner_id": sub,
        "https://aws.amazon.com/tags": {"principal_tags": {"team": [sub]}},
    });
    for rcps in [vec![text.clone()], vec![first, second]] {
        let mut request = oidc_trust::Request {
            claims: Some(claims.clone()),
            policy: Some(policy.clone()),
            providers: vec![oidc_trust::ProviderConfig::new(GH, &["sts.amazonaws.com"])],
            now: 1_790_000_000,
            organization: Some(organization(rcps)),
            ..oidc_trust::Request::default()
        };
        request.call.role_arn = Some("arn:aws:iam::123456789012:role/deploy".to_owned());
        request.role.tags = Some([("team".to_owned(), sub.clone())].into());
        let _ = serde_json::to_string(&oidc_trust::analyze(&request));
    }
});
