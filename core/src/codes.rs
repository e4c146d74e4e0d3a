//! The one registry of codes: every input diagnostic, lint id and hint id oidc-trust can
//! report, with its kind, usual level, one-line summary and, for lints, the documentation
//! page. Codes share one kebab-case namespace (ruff and ty do the same); shells look a code
//! up here with [`code`] instead of keeping tables of their own.

use serde::Serialize;

/// How serious a finding is.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// AWS would refuse the input, or oidc-trust cannot read it.
    Error,
    /// Legal, but probably not what was meant.
    Warning,
    /// Worth knowing.
    Info,
}

/// What kind of finding a code names.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CodeKind {
    /// A problem reading the input (a token, a policy, a request, a provider setting).
    Input,
    /// A security or correctness lint about a trust configuration.
    Lint,
    /// A near-miss hint: on a refusal, what to change.
    Hint,
}

/// Which part of oidc-trust reports a code.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EmittedBy {
    /// The reader of the token, the policy or the request.
    Reader,
    /// The lint pass over a parsed configuration.
    Lint,
    /// The analysis, while it runs the stages.
    Analysis,
    /// The hint writer, on a refusal.
    Hints,
}

/// What a finding means for the person reading it: the groups the CLI lists findings in
/// (and the playground can), after Access Analyzer's finding types. Every code has one.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Group {
    /// The input cannot be read, or AWS refuses it as written (a syntax or shape error, a
    /// grammar or save-time rule, a call parameter, an expired or unsigned token).
    Invalid,
    /// The configuration admits more than it probably means to (other repositories, pull
    /// requests, guest identities, every provider).
    Security,
    /// A value, condition or statement that cannot match the tokens it was written for, so
    /// they are refused.
    NeverMatches,
    /// A `Deny` the configuration spells out (a `Deny` statement, a resource control
    /// policy) applies.
    Denied,
    /// Works as written, but could be clearer or keep working longer.
    Style,
    /// What oidc-trust assumed, inferred or could not check.
    Note,
}

impl Group {
    /// Every group, in the order the CLI lists them.
    pub const ORDER: [Group; 6] = [
        Group::Invalid,
        Group::Security,
        Group::NeverMatches,
        Group::Denied,
        Group::Style,
        Group::Note,
    ];

    /// The group's heading, as the CLI writes it.
    pub fn title(self) -> &'static str {
        match self {
            Group::Invalid => "Invalid",
            Group::Security => "Security",
            Group::NeverMatches => "Will never match",
            Group::Denied => "Denied",
            Group::Style => "Style",
            Group::Note => "Notes",
        }
    }

    /// The group's name as `--select`/`--ignore` take it (kebab-case).
    pub fn id(self) -> &'static str {
        match self {
            Group::Invalid => "invalid",
            Group::Security => "security",
            Group::NeverMatches => "never-matches",
            Group::Denied => "denied",
            Group::Style => "style",
            Group::Note => "note",
        }
    }
}

/// One code.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Code {
    /// Stable kebab-case id, e.g. `wildcard-subject`.
    pub id: &'static str,
    /// Input diagnostic, lint or hint.
    pub kind: CodeKind,
    /// Who reports it.
    pub emitted_by: EmittedBy,
    /// The level it is usually reported at (hints are `info`).
    pub level: Severity,
    /// What it means for the reader: security, never matches, style...
    pub group: Group,
    /// One line, lowercase, no final period.
    pub summary: &'static str,
    /// The documentation page (Markdown), for lints; `None` in a build without the
    /// `lint-docs` feature (the page is `core/docs/lints/<id>.md`).
    pub docs: Option<&'static str>,
}

// A lint's page, compiled in only with the `lint-docs` feature (without it the text is
// never referenced, so no build carries it).
macro_rules! docs {
    (Lint, $id:literal) => {
        if cfg!(feature = "lint-docs") {
            Some(include_str!(concat!("../docs/lints/", $id, ".md")))
        } else {
            None
        }
    };
    ($other:ident, $id:literal) => {
        None
    };
}

// An entry may carry attributes (`#[cfg(feature = "azure")]` for a target's own codes),
// applied to its constant and its registry row alike.
macro_rules! codes {
    ($($(#[$meta:meta])* $name:ident = $id:literal, $kind:ident by $by:ident, $level:ident in $group:ident, $summary:literal;)*) => {
        $(
            $(#[$meta])*
            #[doc = $summary]
            pub const $name: &str = $id;
        )*
        /// Every code, in id order.
        pub static CODES: &[Code] = &[
            $($(#[$meta])* Code {
                id: $id,
                kind: CodeKind::$kind,
                emitted_by: EmittedBy::$by,
                level: Severity::$level,
                group: Group::$group,
                summary: $summary,
                docs: docs!($kind, $id),
            },)*
        ];
    };
}

codes! {
    ACTION_NOT_ALLOWED = "action-not-allowed", Hint by Hints, Info in NeverMatches,
        "a statement trusts the provider but does not allow the action";
    ALLOWED_AUDIENCE_MISMATCH = "allowed-audience-mismatch", Hint by Hints, Info in NeverMatches,
        "the token's `aud` is not one of the Google provider's allowed audiences (or, with none listed, its two default forms)";
    AUDIENCE_NOT_ALLOWED = "audience-not-allowed", Hint by Hints, Info in NeverMatches,
        "the token's audience is not on the provider's client-id list";
    BUILT_IN_PROVIDER_ENTRY = "built-in-provider-entry", Input by Analysis, Info in Note,
        "a provider entry for one of AWS's built-in providers (Google, Cognito, Facebook, Amazon), which need none; it changes nothing";
    CALL_PARAMETER_REFUSED = "call-parameter-refused", Hint by Hints, Info in Invalid,
        "STS refuses a parameter of the call before it reads the token";
    CASE_ONLY_DIFFERENCE = "case-only-difference", Hint by Hints, Info in NeverMatches,
        "a value differs from the token's only in letter case";
    CLAIM_MISSING = "claim-missing", Hint by Hints, Info in NeverMatches,
        "the policy or a credential's expression requires a claim the token does not carry";
    CLAIM_NOT_SUPPLIED = "claim-not-supplied", Hint by Hints, Info in NeverMatches,
        "the policy names a claim AWS does not supply as a key for this issuer";
    #[cfg(feature = "gcp")]
    CLAIM_TYPE_MISMATCH = "claim-type-mismatch", Lint by Lint, Warning in NeverMatches,
        "a CEL condition compares a claim the token sends as a string with a number or a boolean, so `==` is never true and `!=` always";
    CLASSIC_GITHUB_SUBJECT = "classic-github-subject", Lint by Lint, Info in Style,
        "a GitHub `sub` value names the repository by name, which repositories created after 2026-07-15 no longer use";
    COGNITO_IDENTITY_POOL_NOT_PINNED = "cognito-identity-pool-not-pinned", Lint by Lint, Error in Security,
        "a role trusting Amazon Cognito does not pin `cognito-identity.amazonaws.com:aud` to an identity pool, so every identity pool in every account is trusted";
    COGNITO_UNAUTHENTICATED_IDENTITIES = "cognito-unauthenticated-identities", Lint by Lint, Warning in Security,
        "a role trusting Amazon Cognito does not require `amr` `authenticated`, so guest identities of the pool can assume it";
    CONDITION_CLAUSE_FALSE = "condition-clause-false", Hint by Hints, Info in NeverMatches,
        "a clause of the Google attribute condition is false for the token: the value it compared, and the closest literal";
    CONDITION_KEY_ISSUER_MISMATCH = "condition-key-issuer-mismatch", Lint by Lint, Warning in NeverMatches,
        "a condition key's prefix names another issuer than the statement's OIDC provider, so the condition never matches";
    CONDITION_KEY_NOT_SUPPLIED = "condition-key-not-supplied", Lint by Lint, Warning in NeverMatches,
        "a condition names a claim AWS does not supply as a key for this issuer, so it can never be true";
    CONDITION_KEY_PREFIX = "condition-key-prefix", Hint by Hints, Info in NeverMatches,
        "a condition key's prefix names another issuer, or misses the provider's path or trailing slash";
    CONTEXT_KEY_UNKNOWN = "context-key-unknown", Hint by Hints, Info in Note,
        "a condition depends on a key whose value the request does not give (the caller's address, the role's tags...), so it is undecided";
    #[cfg(feature = "azure")]
    CREDENTIAL_AUDIENCE_MISMATCH = "credential-audience-mismatch", Hint by Hints, Info in NeverMatches,
        "no federated identity credential with the token's issuer has the token's `aud` as its audience";
    #[cfg(feature = "azure")]
    CREDENTIAL_ISSUER_MISMATCH = "credential-issuer-mismatch", Hint by Hints, Info in NeverMatches,
        "no federated identity credential's issuer equals the token's `iss` exactly";
    #[cfg(feature = "azure")]
    DUPLICATE_CREDENTIAL = "duplicate-credential", Input by Reader, Error in Invalid,
        "two federated identity credentials of one identity share an issuer and subject, or a name, which Entra ID refuses";
    DUPLICATE_JSON_KEY = "duplicate-json-key", Lint by Reader, Warning in Style,
        "a JSON object names the same key twice, or a condition block repeats a key in another case";
    EMPTY_CONDITION_VALUES = "empty-condition-values", Lint by Lint, Warning in NeverMatches,
        "a condition key has an empty value list, so a positive operator never matches and a negated one restricts nothing";
    #[cfg(feature = "azure")]
    ENTRA_ISSUED_TOKEN = "entra-issued-token", Hint by Hints, Info in Invalid,
        "the token was issued by Entra ID itself, which refuses its own tokens as federated assertions";
    ENVIRONMENT_SUBJECT = "environment-subject", Hint by Hints, Info in NeverMatches,
        "the job runs in an environment, so GitHub sends the environment subject, not the ref";
    EXPLICIT_DENY = "explicit-deny", Hint by Hints, Info in Denied,
        "a `Deny` statement applies to the token, and a deny always wins";
    #[cfg(feature = "azure")]
    EXPRESSION_CLAIM_NOT_ALLOWED = "expression-claim-not-allowed", Lint by Lint, Error in Invalid,
        "a flexible credential's expression uses a claim or operator Entra ID does not allow for its issuer, or an issuer without flexible credentials, so Entra refuses to save it";
    #[cfg(feature = "azure")]
    EXPRESSION_WITHOUT_IMMUTABLE_ID = "expression-without-immutable-id", Lint by Lint, Error in Invalid,
        "a GitHub or GitLab flexible credential's expression pins no repository, owner or project id, so Entra ID refuses to save it";
    FOR_ALL_VALUES_SINGLE_VALUED_KEY = "for-all-values-single-valued-key", Lint by Lint, Warning in Security,
        "`ForAllValues:` on a single-valued key is true when the token lacks the claim";
    GITLAB_SUBJECT_WITHOUT_REF_TYPE = "gitlab-subject-without-ref-type", Lint by Lint, Warning in Security,
        "a GitLab `sub` pattern does not pin `ref_type`, so a tag can pass for a branch";
    GOOGLE_SUBJECT_TOO_LONG = "google-subject-too-long", Hint by Hints, Info in Invalid,
        "the mapped `google.subject` is longer than the 127 bytes Google allows";
    IF_EXISTS_CONDITION = "if-exists-condition", Lint by Lint, Warning in Security,
        "an `...IfExists` condition on a token claim is true for tokens without the claim";
    IF_EXISTS_UNDER_FOR_ANY_VALUE = "if-exists-under-for-any-value", Lint by Lint, Warning in NeverMatches,
        "`ForAnyValue:...IfExists` is false when the token lacks the claim: AWS ignores the `IfExists` there";
    IMMUTABLE_SUBJECT = "immutable-subject", Hint by Hints, Info in NeverMatches,
        "the token uses the immutable `owner@id/repo@id` subject and the policy or credential the name form, or the reverse";
    INFERRED_ISSUER = "inferred-issuer", Input by Lint, Info in Note,
        "a `Federated` principal names no OIDC provider (a template placeholder), so the issuer was inferred from the condition keys";
    INVALID_CALL_PARAMETER = "invalid-call-parameter", Input by Analysis, Error in Invalid,
        "a parameter of the `AssumeRoleWithWebIdentity` call breaks STS's constraints (length, pattern, range, the role's maximum)";
    INVALID_CEL = "invalid-cel", Input by Reader, Error in Invalid,
        "an attribute mapping or condition is not CEL Google would save (a syntax error, an undeclared name, a wrong number of arguments)";
    #[cfg(feature = "azure")]
    INVALID_CLAIMS_EXPRESSION = "invalid-claims-expression", Input by Reader, Error in Invalid,
        "a flexible credential's `claimsMatchingExpression` is not in Entra ID's expression language";
    #[cfg(feature = "azure")]
    INVALID_CREDENTIAL = "invalid-credential", Input by Reader, Error in Invalid,
        "a federated identity credential Entra ID would refuse to save (no issuer, not exactly one audience, both or neither of `subject` and `claimsMatchingExpression`, a bad name, a value over 600 characters)";
    #[cfg(feature = "azure")]
    INVALID_CREDENTIALS = "invalid-credentials", Input by Reader, Error in Invalid,
        "the federated identity credentials are not JSON in a shape `az`, Microsoft Graph or ARM prints";
    INVALID_GCP_PROVIDER = "invalid-gcp-provider", Input by Reader, Error in Invalid,
        "the workload identity pool provider has the wrong shape or a setting Google refuses";
    INVALID_IAM_POLICY = "invalid-iam-policy", Input by Reader, Error in Invalid,
        "the Google IAM policy or binding has the wrong shape";
    INVALID_POLICY = "invalid-policy", Input by Reader, Error in Invalid,
        "the trust policy has the wrong shape (a missing or mistyped element)";
    INVALID_POLICY_JSON = "invalid-policy-json", Input by Reader, Error in Invalid,
        "the trust policy is not JSON";
    INVALID_PROVIDER = "invalid-provider", Input by Analysis, Error in Invalid,
        "an OIDC provider setting is not one AWS would accept";
    INVALID_RCP = "invalid-rcp", Input by Reader, Error in Invalid,
        "a resource control policy statement AWS Organizations refuses (a `Principal` other than `*`, no `Resource`, a custom `Allow`)";
    INVALID_REQUEST = "invalid-request", Input by Reader, Error in Invalid,
        "the analysis request is malformed";
    INVALID_TOKEN = "invalid-token", Input by Reader, Error in Invalid,
        "the token cannot be decoded";
    INVALID_TRUSTED_PUBLISHER = "invalid-trusted-publisher", Input by Reader, Error in Invalid,
        "a trusted publisher is not JSON, or lacks or mistypes a field the registry records";
    INVALID_VAULT_CONFIG = "invalid-vault-config", Input by Reader, Error in Invalid,
        "the Vault auth mount's configuration is not JSON, or a field has the wrong type";
    INVALID_VAULT_ROLE = "invalid-vault-role", Input by Reader, Error in Invalid,
        "the Vault role is not JSON, or a field has the wrong type";
    ISSUER_NOT_FOUND = "issuer-not-found", Hint by Hints, Info in NeverMatches,
        "no provider URL equals the token's issuer exactly";
    ISSUER_URI_MISMATCH = "issuer-uri-mismatch", Hint by Hints, Info in NeverMatches,
        "the token's `iss` is not the Google provider's `oidc.issuerUri`";
    #[cfg(feature = "azure")]
    ISSUER_URL_VARIANT = "issuer-url-variant", Lint by Lint, Warning in NeverMatches,
        "a credential's issuer is a CI platform's issuer URL with a difference (a trailing `/`, `http://`, letter case, whitespace), so no token of the platform matches it";
    LOOSE_AUDIENCE_OPERATOR = "loose-audience-operator", Lint by Lint, Warning in Security,
        "a `StringLike` pattern or a `ForAnyValue:` qualifier on `aud`, the one value that says whom the token was minted for";
    MEMBER_MISMATCH = "member-mismatch", Hint by Hints, Info in NeverMatches,
        "no member of the IAM binding names the federated identity: the closest member and the one that would";
    MISMATCHED_ACTION_FOR_PRINCIPAL = "mismatched-action-for-principal", Lint by Lint, Warning in NeverMatches,
        "a statement trusts an OIDC provider but does not allow `sts:AssumeRoleWithWebIdentity`";
    #[cfg(feature = "gcp")]
    MISSING_ATTRIBUTE_CONDITION = "missing-attribute-condition", Lint by Lint, Error in Security,
        "a Google provider has no attribute condition, so every token its issuer signs is accepted (every repository on GitHub, every project on GitLab.com)";
    MISSING_AUDIENCE_CONDITION = "missing-audience-condition", Lint by Lint, Info in Security,
        "no condition on the provider's `aud` key; only the provider's client-id list checks the audience";
    MISSING_SUBJECT_CONDITION = "missing-subject-condition", Lint by Lint, Warning in Security,
        "a statement trusts an OIDC provider without any condition on its `sub` key";
    MUTABLE_GITLAB_SUBJECT = "mutable-gitlab-subject", Lint by Lint, Warning in Security,
        "a GitLab `sub` pins a project path, which can be reused, without pinning `project_id`";
    #[cfg(feature = "gcp")]
    NAME_BASED_ATTRIBUTE_CONDITION = "name-based-attribute-condition", Lint by Lint, Warning in Security,
        "a Google attribute condition pins an owner, repository or workspace by its name, which can be renamed and reused, without its immutable id";
    NEAR_MISS = "near-miss", Hint by Hints, Info in NeverMatches,
        "the closest configured value (a policy value, a credential's subject or comparand) and where it parts from the token's value";
    NEGATED_ONLY_SUBJECT = "negated-only-subject", Lint by Lint, Warning in Security,
        "the only conditions on `sub` exclude values, so every other subject is trusted";
    #[cfg(feature = "azure")]
    NON_EXCHANGE_AUDIENCE = "non-exchange-audience", Lint by Lint, Warning in Security,
        "a credential's audience is not `api://AzureADTokenExchange`, so tokens minted for another service, or with the issuer's default audience, are exchanged";
    #[cfg(feature = "azure")]
    NON_RS256_SIGNATURE = "non-rs256-signature", Input by Analysis, Warning in Invalid,
        "the token is not signed with RS256, the one algorithm Entra ID documents for federated credentials";
    NORMALIZED_INPUT = "normalized-input", Input by Reader, Info in Note,
        "the pasted text was read after a change the message names (CI-log timestamps stripped, a lone JWT payload read as claims, `aws iam get-role` output unwrapped, URL-encoding decoded)";
    NOT_PRINCIPAL_IN_TRUST_POLICY = "not-principal-in-trust-policy", Lint by Reader, Error in Invalid,
        "`NotPrincipal` is not allowed in a role trust policy";
    PER_RUN_SUBJECT = "per-run-subject", Lint by Lint, Warning in NeverMatches,
        "a `sub` value spells out a part that changes with every run (Bitbucket step, Buildkite commit), so it matches once";
    POLICY_VARIABLE_IN_LEGACY_VERSION = "policy-variable-in-legacy-version", Input by Reader, Warning in NeverMatches,
        "a `${...}` policy variable is literal text without `Version` `2012-10-17`";
    POLICY_VARIABLE_NOT_SUPPORTED = "policy-variable-not-supported", Input by Reader, Warning in NeverMatches,
        "a `${...}` policy variable is literal text under an operator that takes none (only string, `Bool` and ARN operators do)";
    #[cfg(feature = "gcp")]
    POOL_WIDE_PRINCIPAL_SET = "pool-wide-principal-set", Lint by Lint, Warning in Security,
        "an IAM binding grants `principalSet://.../*`: every identity of the workload identity pool, from every provider";
    PRINCIPAL_MISMATCH = "principal-mismatch", Hint by Hints, Info in NeverMatches,
        "the `Federated` principal names another provider or account";
    #[cfg(feature = "gcp")]
    PRINCIPAL_PROJECT_ID = "principal-project-id", Lint by Lint, Warning in NeverMatches,
        "a `principal://` or `principalSet://` member names the project by its id, not its number, so it never matches";
    PROVIDER_IN_OTHER_ACCOUNT = "provider-in-other-account", Input by Analysis, Warning in NeverMatches,
        "an OIDC provider's ARN names another account than the role's; AWS looks providers up in the role's account only";
    PUBLISHER_AUDIENCE = "publisher-audience", Hint by Hints, Info in NeverMatches,
        "the token's `aud` is not the registry's audience (`pypi`, `crates.io`, `npm:registry.npmjs.org`)";
    PUBLISHER_ENVIRONMENT = "publisher-environment", Hint by Hints, Info in NeverMatches,
        "the publisher requires a GitHub environment the job does not run in, or another one";
    PUBLISHER_ISSUER = "publisher-issuer", Hint by Hints, Info in NeverMatches,
        "the registry takes GitHub Actions tokens only from `https://token.actions.githubusercontent.com`";
    PUBLISHER_OWNER_ID = "publisher-owner-id", Hint by Hints, Info in NeverMatches,
        "the repository owner's id differs from the one the registry recorded (a deleted and re-created owner)";
    PUBLISHER_REUSABLE_WORKFLOW = "publisher-reusable-workflow", Hint by Hints, Info in NeverMatches,
        "the registry compares another workflow file than the one configured: a reusable workflow, or its caller";
    PUBLISHER_WITHOUT_ENVIRONMENT = "publisher-without-environment", Lint by Lint, Warning in Security,
        "a trusted publisher pins no GitHub environment, so any run of the workflow, from any branch, can publish";
    PUBLISHER_WORKFLOW_PATH = "publisher-workflow-path", Lint by Lint, Warning in NeverMatches,
        "a trusted publisher's workflow is a path, or does not end in `.yml` or `.yaml`, so no token matches it";
    PULL_REQUEST_SUBJECT = "pull-request-subject", Hint by Hints, Info in NeverMatches,
        "a pull-request token against a policy or credential that expects a branch";
    RCP_DENY = "rcp-deny", Hint by Hints, Info in Denied,
        "a resource control policy of the organization denies the call, whatever the trust policy allows";
    REPOSITORY_WIDE_SUBJECT = "repository-wide-subject", Lint by Lint, Warning in Security,
        "a `sub` pattern admits pull requests, every branch or every run phase of a repository";
    REQUIRED_CLAIM_MISSING = "required-claim-missing", Hint by Hints, Info in Invalid,
        "the token lacks `aud`, `sub`, `iss` or `exp`, which AWS and Entra ID require";
    RESOURCE_IN_TRUST_POLICY = "resource-in-trust-policy", Lint by Reader, Error in Invalid,
        "`Resource` or `NotResource` is not allowed in a role trust policy";
    STRING_LIKE_WITHOUT_WILDCARD = "string-like-without-wildcard", Lint by Lint, Info in Style,
        "a `StringLike` value has no wildcard, so it is an exact match";
    SUBJECT_FORMAT_MISMATCH = "subject-format-mismatch", Lint by Lint, Warning in NeverMatches,
        "a `sub` value is not in the format of the provider's platform (or is another platform's), so it never matches";
    TAG_SESSION_NOT_ALLOWED = "tag-session-not-allowed", Hint by Hints, Info in NeverMatches,
        "the token carries session tags and no statement allows `sts:TagSession`";
    TAG_VS_BRANCH = "tag-vs-branch", Hint by Hints, Info in NeverMatches,
        "a tag token against a branch filter, or the reverse";
    TOKEN_EXPIRED = "token-expired", Hint by Hints, Info in Invalid,
        "the token expired before the evaluation time (beyond AWS's five-minute grace; Entra ID allows none)";
    TOKEN_NOT_YET_VALID = "token-not-yet-valid", Input by Analysis, Warning in Note,
        "the token's `nbf` or `iat` lies in the future at the evaluation time";
    TOKEN_OUTSIDE_VALIDITY = "token-outside-validity", Hint by Hints, Info in Invalid,
        "the token is expired, or not yet valid, at the evaluation time, even with the consumer's leeway";
    #[cfg(feature = "azure")]
    TOO_MANY_CREDENTIALS = "too-many-credentials", Input by Reader, Error in Invalid,
        "more than 20 federated identity credentials on one application or managed identity, the most Entra ID allows";
    #[cfg(feature = "gcp")]
    UNBOUNDED_GOOGLE_SUBJECT = "unbounded-google-subject", Lint by Lint, Warning in NeverMatches,
        "the mapping of `google.subject` concatenates claims, so it can exceed Google's 127-byte limit and refuse the token";
    UNEXPECTED_SUBJECT_FORMAT = "unexpected-subject-format", Input by Analysis, Info in Note,
        "the token's `sub` does not follow its CI platform's documented format";
    UNKNOWN_CONDITION_OPERATOR = "unknown-condition-operator", Input by Reader, Error in Invalid,
        "a condition operator IAM does not know";
    #[cfg(feature = "azure")]
    UNKNOWN_CREDENTIAL_FIELD = "unknown-credential-field", Input by Reader, Warning in Invalid,
        "a field federated identity credentials do not have (a misspelling?), so it is not read";
    UNKNOWN_UNTIL_APPLY = "unknown-until-apply", Input by Reader, Warning in Note,
        "a part of a Terraform trust policy is known only after apply, so the checks that need it were skipped";
    UNRESOLVED_PARAMETER = "unresolved-parameter", Input by Reader, Warning in Note,
        "a template value depends on a parameter, resource or import with no known value, so the checks that need it were skipped";
    #[cfg(feature = "gcp")]
    UNSCOPED_ATTRIBUTE_CONDITION = "unscoped-attribute-condition", Lint by Lint, Warning in Security,
        "a Google attribute condition for a shared issuer pins no owner, group or organization, so it admits tokens of every tenant";
    UNSCOPED_SHARED_PROVIDER = "unscoped-shared-provider", Lint by Lint, Error in Invalid,
        "a statement trusts a shared OIDC provider without the claim condition AWS requires, so AWS refuses the policy";
    UNSUPPORTED_CEL = "unsupported-cel", Input by Reader, Warning in Note,
        "an attribute mapping or condition uses CEL oidc-trust does not model, so no verdict is given rather than a guessed one";
    UNSUPPORTED_SIGNING_ALGORITHM = "unsupported-signing-algorithm", Input by Reader, Error in Invalid,
        "the token's `alg` is not one AWS accepts (RSA or ECDSA), so AWS refuses it";
    UNSUPPORTED_TRUST_POLICY_ACTION = "unsupported-trust-policy-action", Lint by Lint, Error in Invalid,
        "an action AWS does not accept in a role trust policy (a wildcard, another service, another case)";
    UNSUPPORTED_VERSION = "unsupported-version", Input by Reader, Error in Invalid,
        "`Version` is neither `2012-10-17` nor `2008-10-17`";
    VAULT_AUDIENCE_NOT_BOUND = "vault-audience-not-bound", Hint by Hints, Info in NeverMatches,
        "the token has an `aud` and the role binds none, which Vault 1.17 and later refuse";
    VAULT_CLAIM_NAME_COLLISION = "vault-claim-name-collision", Input by Analysis, Warning in Security,
        "a claim name equals `iss`, `sub`, `aud`, `exp`, `nbf`, `iat` or `jti` only under Unicode case folding, so Vault checks one value and reads another";
    VAULT_CLAIM_TYPE_MISMATCH = "vault-claim-type-mismatch", Hint by Hints, Info in NeverMatches,
        "a bound value and the token's value differ in JSON type (`20` against `\"20\"`), which Vault never matches";
    VAULT_CLIENT_ADDRESS = "vault-client-address", Hint by Hints, Info in NeverMatches,
        "the client address is outside the role's `token_bound_cidrs`";
    VAULT_CONFIG_FIELD_ON_ROLE = "vault-config-field-on-role", Lint by Reader, Warning in Security,
        "a role names a field of the mount's configuration (`bound_issuer`, `oidc_discovery_url`...), which Vault ignores on a role";
    VAULT_GLOB_NOT_ENABLED = "vault-glob-not-enabled", Hint by Hints, Info in NeverMatches,
        "a bound value with `*` in a role whose `bound_claims_type` is `string`; as a glob it would match";
    VAULT_GLOB_OVER_REPOSITORY = "vault-glob-over-repository", Lint by Lint, Warning in Security,
        "a glob `bound_claims` value whose `*` reaches the owner, repository or project, so it admits other repositories";
    VAULT_IDENTITY_CLAIM_UNUSABLE = "vault-identity-claim-unusable", Hint by Hints, Info in NeverMatches,
        "a claim Vault reads to build the identity (`user_claim`, `claim_mappings`, `groups_claim`) is missing or not a string";
    VAULT_KEYS_OF_ANOTHER_ISSUER = "vault-keys-of-another-issuer", Hint by Hints, Info in NeverMatches,
        "the mount checks signatures with another issuer's keys (`oidc_discovery_url`), so the token's signature cannot verify";
    VAULT_LITERAL_WILDCARD = "vault-literal-wildcard", Lint by Lint, Warning in NeverMatches,
        "a `*` in `bound_subject`, or in a `bound_claims` value of a `string` role, which Vault compares literally";
    VAULT_MISSING_BOUND_AUDIENCES = "vault-missing-bound-audiences", Lint by Lint, Warning in Security,
        "a `jwt` role without `bound_audiences`: Vault 1.17 refuses every token with an `aud`, older versions accept tokens minted for anyone";
    VAULT_NUMBER_FOR_STRING_CLAIM = "vault-number-for-string-claim", Lint by Lint, Warning in NeverMatches,
        "a `bound_claims` number or boolean for a claim CI platforms send as a string (ids, `ref_protected`), so it never matches";
    VAULT_OIDC_ROLE_TYPE = "vault-oidc-role-type", Hint by Hints, Info in Invalid,
        "the role's `role_type` is `oidc`, which the JWT login endpoint refuses";
    VAULT_REGEX_IN_GLOB = "vault-regex-in-glob", Lint by Lint, Warning in NeverMatches,
        "a glob `bound_claims` value written as a regular expression (`.*`, `^`, `[...]`, `?`): Vault's glob knows only `*`";
    VAULT_ROLE_NOT_FOUND = "vault-role-not-found", Hint by Hints, Info in Invalid,
        "the login names no role, or another role than the one given";
    VAULT_ROLE_WITHOUT_BOUND_CLAIMS = "vault-role-without-bound-claims", Lint by Lint, Warning in Security,
        "a `jwt` role with neither `bound_claims` nor `bound_subject`, so every token of the issuer with an accepted audience logs in";
    VAULT_SHARED_USER_CLAIM = "vault-shared-user-claim", Lint by Lint, Warning in Security,
        "`user_claim` names a claim many workloads share (`aud`, `repository_owner`, `actor`...), so they share one identity entity";
    VAULT_STALE_BOUND_SUBJECT = "vault-stale-bound-subject", Hint by Hints, Info in NeverMatches,
        "`bound_subject` refuses a token that `bound_claims` admits, often a leftover of an earlier `vault write`";
    WILDCARD_PRINCIPAL = "wildcard-principal", Lint by Lint, Warning in Security,
        "a statement allowing `sts:AssumeRoleWithWebIdentity` trusts every principal (`*`), so every OIDC provider of the account is trusted";
    WILDCARD_SUBJECT = "wildcard-subject", Lint by Lint, Warning in Security,
        "a `sub` pattern has a wildcard over the owner, repository, project or workspace";
    WILDCARD_UNDER_STRING_EQUALS = "wildcard-under-string-equals", Hint by Hints, Info in NeverMatches,
        "a `*` or `?` under `StringEquals`, which would match under `StringLike`";
    WILDCARD_WITHOUT_LIKE_OPERATOR = "wildcard-without-like-operator", Lint by Lint, Warning in NeverMatches,
        "`*` or `?` under an operator that compares literally, so it matches only itself";
    WRONG_PLATFORM_SUBJECT = "wrong-platform-subject", Hint by Hints, Info in NeverMatches,
        "a `sub` value in another CI platform's format than the token's";
}

/// Where the lint documentation pages are published (the repository's `core/docs/lints/`,
/// one folder for every target).
pub const DOCS_BASE: &str = "https://github.com/oidc-trust/oidc-trust/blob/main/core/docs/lints";

impl Code {
    /// The address of the code's documentation page, for lints.
    pub fn docs_url(&self) -> Option<String> {
        (self.kind == CodeKind::Lint).then(|| format!("{DOCS_BASE}/{}.md", self.id))
    }
}

/// The code with this id.
pub fn code(id: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.id == id)
}

/// The group of the code with this id; [`Group::Note`] for an id the registry does not
/// know.
pub fn group_of(id: &str) -> Group {
    code(id).map_or(Group::Note, |c| c.group)
}

/// The codes of one kind, in id order.
pub fn of_kind(kind: CodeKind) -> impl Iterator<Item = &'static Code> {
    CODES.iter().filter(move |c| c.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sorted_unique_and_lints_have_docs() {
        let ids: Vec<&str> = CODES.iter().map(|c| c.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
        for c in CODES {
            assert_eq!(c.docs_url().is_some(), c.kind == CodeKind::Lint, "{}", c.id);
            #[cfg(feature = "lint-docs")]
            assert_eq!(c.docs.is_some(), c.kind == CodeKind::Lint, "{}", c.id);
        }
        assert_eq!(
            code("wildcard-subject").map(|c| c.kind),
            Some(CodeKind::Lint)
        );
        assert!(code("no-such-code").is_none());
    }

    #[test]
    fn groups_fit_the_kinds() {
        for c in CODES {
            match c.kind {
                // A lint is about the configuration: never a note or a deny it spells out.
                CodeKind::Lint => {
                    assert!(!matches!(c.group, Group::Note | Group::Denied), "{}", c.id);
                }
                // A hint explains a refusal: it never reports something too broad.
                CodeKind::Hint => assert_ne!(c.group, Group::Security, "{}", c.id),
                CodeKind::Input => {}
            }
            // An error-level code is invalid input or a security problem.
            if c.level == Severity::Error {
                assert!(
                    matches!(c.group, Group::Invalid | Group::Security),
                    "{}",
                    c.id
                );
            }
        }
        let ids: Vec<&str> = Group::ORDER.iter().map(|g| g.id()).collect();
        assert_eq!(ids.len(), 6);
        assert!(Group::ORDER.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(group_of("wildcard-subject"), Group::Security);
        assert_eq!(group_of("nope"), Group::Note);
    }
}
