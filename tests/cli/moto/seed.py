"""Seeds a moto IAM server with OIDC providers and roles, and writes what boto3 reads
back as an account export and a provider file (the file path `oidc-trust scan` takes),
for `cli/tests/live_aws.rs` to compare with `oidc-trust scan --aws`.

usage: seed.py ENDPOINT EXPORT_OUT PROVIDERS_OUT
"""

import json
import sys

import boto3

endpoint, export_out, providers_out = sys.argv[1:4]
iam = boto3.client(
    "iam",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)

GITHUB = "token.actions.githubusercontent.com"
iam.create_open_id_connect_provider(
    Url="https://" + GITHUB,
    ClientIDList=["sts.amazonaws.com"],
    ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"],
)
iam.create_open_id_connect_provider(
    Url="https://gitlab.com",
    ClientIDList=["https://gitlab.com"],
    ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"],
)
ACCOUNT = "123456789012"


def web_identity(provider, condition):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{provider}"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": condition,
            }
        ],
    }


ROLES = {
    "gha-deploy-main": web_identity(
        GITHUB,
        {"StringEquals": {GITHUB + ":aud": "sts.amazonaws.com", GITHUB + ":sub": "repo:acme/app:ref:refs/heads/main"}},
    ),
    "gha-any-acme-repo": web_identity(GITHUB, {"StringLike": {GITHUB + ":sub": "repo:acme/*"}}),
    "gitlab-wrong-audience": web_identity(
        "gitlab.com",
        {
            "StringEquals": {
                "gitlab.com:aud": "https://gitlab.example.com",
                "gitlab.com:sub": "project_path:acme/app:ref_type:branch:ref:main",
            }
        },
    ),
    "lambda-exec": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    },
}
for name, doc in ROLES.items():
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(doc))

details = iam.get_account_authorization_details(Filter=["Role"])
with open(export_out, "w") as f:
    json.dump({"RoleDetailList": details["RoleDetailList"]}, f, default=str, indent=2)

providers = []
for entry in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]:
    p = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=entry["Arn"])
    p.pop("ResponseMetadata", None)
    providers.append({"Arn": entry["Arn"], **p})
with open(providers_out, "w") as f:
    json.dump({"OpenIDConnectProviders": providers}, f, default=str, indent=2)
