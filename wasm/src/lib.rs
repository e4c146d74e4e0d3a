//! WebAssembly exports of oidc-trust: the npm package `oidc-trust` (see `README.md`).
//!
//! Each export is a thin call into `oidc_trust::api`; there is no logic here. Values cross
//! the boundary as JSON (`JSON.stringify` in, `JSON.parse` out), so the JS objects are
//! exactly the `serde_json` output the Rust tests compare with the golden files: camelCase
//! keys, `null` for absent values, plain objects for maps. The TypeScript declarations come
//! from the `tsify` derives on the core's wire types.
//!
//! Bad input (an unreadable token, a broken policy, a malformed request object) comes back
//! inside the answer as diagnostics. Only a call with the wrong JavaScript types throws, with
//! a `TypeError` that names the function and what it expected.

use oidc_trust::api::{
    Analysis, AnyAnalysis, AzureGenerateRequest, AzureGenerateResult, AzureLintRequest,
    CompileRequest, DecodedToken, GcpGenerateRequest, GcpGenerateResult, GcpLintRequest,
    GenerateRequest, GenerateResult, LintRequest, LintResult, ModuleInputs,
    PublishingGenerateRequest, PublishingGenerateResult, PublishingLintRequest,
    VaultGenerateRequest, VaultGenerateResult, VaultLintRequest, VerdictSummary,
};
use oidc_trust::testing::CheckResult;
use oidc_trust::tokens::bitbucket::{Bitbucket, BitbucketOptions};
use oidc_trust::tokens::buildkite::{Buildkite, BuildkiteOptions};
use oidc_trust::tokens::circleci::{CircleCi, CircleCiOptions};
use oidc_trust::tokens::eks::{Eks, EksOptions};
use oidc_trust::tokens::github::{GitHub, GitHubOptions};
use oidc_trust::tokens::gitlab::{GitLab, GitLabOptions};
use oidc_trust::tokens::terraform::{Terraform, TerraformOptions};
use oidc_trust::tokens::{Minted, TokenError, mint_json};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const JSON_TYPES: &str = r#"
/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object, as `JSON.parse` returns it. */
export interface JsonObject {
    [key: string]: JsonValue;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TEST_KIT_TYPES: &str = r#"
/**
 * A check for `checkTrust`: the request `analyze` takes, with `now` optional (default: the
 * token's `iat`; without `providers`, one is assumed for the token's issuer), and the answer
 * the token should get.
 */
export type CheckRequest = Omit<Request, "now"> & { now?: number | null; expect: Expect };

/** A token for the test helpers: a compact JWT or claims JSON, or a token from `tokens`. */
export type TestToken = string | Minted;

/** What `expectAccepted` and `expectRefused` take: a `CheckRequest` without `expect`, the token a `TestToken`. */
export type TrustCase = Omit<CheckRequest, "token" | "claims" | "expect"> & { token: TestToken };

/** What a matcher takes besides the token and the policy: the providers, the account, `now`... */
export type TrustOptions = Omit<TrustCase, "policy" | "token">;

/** Throws an `Error` whose message is the explanation unless AWS accepts the token; returns the analysis. */
export function expectAccepted(check: TrustCase): Analysis;

/** Throws an `Error` whose message is the explanation unless AWS refuses the token; returns the analysis. */
export function expectRefused(check: TrustCase): Analysis;

/** What a Jest or Vitest matcher returns. */
export interface TrustMatcherResult {
    pass: boolean;
    message(): string;
}

/**
 * Jest and Vitest matchers: `expect.extend(matchers)`, then
 * `expect(token).toBeAcceptedBy(policy)` or `expect(token).toBeRefusedBy(policy, options)`;
 * the failure message is the explanation.
 */
export declare const matchers: {
    toBeAcceptedBy(this: unknown, token: TestToken, policy: string | JsonObject, options?: TrustOptions): TrustMatcherResult;
    toBeRefusedBy(this: unknown, token: TestToken, policy: string | JsonObject, options?: TrustOptions): TrustMatcherResult;
};
"#;

/// Installs the panic hook, so an internal error prints its message to the console.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen(typescript_custom_section)]
const ANY_REQUEST: &str = r#"
/** A request for any target: `target` names it (`"aws"` when absent). */
export type AnyRequest =
  | (Request & { target?: "aws" })
  | (AzureRequest & { target: "azure" })
  | (GcpRequest & { target: "gcp" })
  | (VaultRequest & { target: "vault" })
  | (PublishingRequest & { target: "publishing" });

/**
 * Decides, as the request's target would (AWS STS `AssumeRoleWithWebIdentity` by default,
 * Microsoft Entra ID's token exchange, Google Cloud STS, Vault's JWT login, a registry's trusted publishing),
 * whether the request's token is accepted, and explains why; the answer carries the
 * `target`, and its type follows the request's (`switch (analysis.target)` narrows a union).
 * Never throws for bad input: a malformed request comes back as an analysis with an
 * `invalid-request` diagnostic. Throws a `TypeError` only if `request` is not an object, or
 * cannot be written as JSON (a `BigInt`, a cycle).
 */
export function analyze(request: Request & { target?: "aws" }): Extract<AnyAnalysis, { target: "aws" }>;
export function analyze(request: AzureRequest & { target: "azure" }): Extract<AnyAnalysis, { target: "azure" }>;
export function analyze(request: GcpRequest & { target: "gcp" }): Extract<AnyAnalysis, { target: "gcp" }>;
export function analyze(request: VaultRequest & { target: "vault" }): Extract<AnyAnalysis, { target: "vault" }>;
export function analyze(request: PublishingRequest & { target: "publishing" }): Extract<AnyAnalysis, { target: "publishing" }>;
export function analyze(request: AnyRequest): AnyAnalysis;
"#;

#[wasm_bindgen]
extern "C" {
    /// [`ANY_REQUEST`], for the signature of [`analyze`].
    #[wasm_bindgen(typescript_type = "AnyRequest")]
    pub type AnyRequest;
}

/// Decides, as the request's target would (AWS STS `AssumeRoleWithWebIdentity` by
/// default), whether the request's token is accepted, and explains why; the answer carries
/// the `target`. Never throws for bad input: a malformed request comes back as an analysis
/// with an `invalid-request` diagnostic. Throws a `TypeError` only if `request` is not an
/// object, or cannot be written as JSON (a `BigInt`, a cycle).
///
/// Its TypeScript signature is declared in [`ANY_REQUEST`], one overload per target, so that
/// a request without `target` gets AWS's `Analysis` type.
#[wasm_bindgen(js_name = analyze, skip_typescript)]
pub fn analyze(request: &AnyRequest) -> Result<Ts<AnyAnalysis>, JsValue> {
    let text = json_text("analyze", "request", request)?;
    to_js(&oidc_trust::api::analyze_any_json(&text))
}

/// Lints federated identity credentials (Microsoft Entra ID), in any shape `az`, Microsoft
/// Graph or ARM prints: the reader's findings and the security lints, as diagnostics. Never
/// throws for bad input. Throws a `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = lintAzureCredentials)]
pub fn lint_azure_credentials(request: &Ts<AzureLintRequest>) -> Result<Ts<LintResult>, JsValue> {
    let text = json_text("lintAzureCredentials", "request", &request.js_value())?;
    to_js(&oidc_trust::api::lint_azure_json(&text))
}

/// Writes the least-privilege federated identity credential (Microsoft Entra ID) that
/// admits a token, classic (its exact subject) or flexible (the subject and the immutable
/// id), checks it against the token (`verified`) and lints it. Never throws for bad input.
/// Throws a `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = generateAzureCredential)]
pub fn generate_azure_credential(
    request: &Ts<AzureGenerateRequest>,
) -> Result<Ts<AzureGenerateResult>, JsValue> {
    let text = json_text("generateAzureCredential", "request", &request.js_value())?;
    to_js(&oidc_trust::api::generate_azure_json(&text))
}

/// Decodes a token (a compact JWT, optionally with a `Bearer ` prefix, or claims as JSON
/// text) without verifying its signature. Never throws for a bad token: it comes back with
/// an `invalid-token` diagnostic. Throws a `TypeError` only if `token` is not a string.
#[wasm_bindgen(js_name = decodeToken)]
pub fn decode_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
) -> Result<Ts<DecodedToken>, JsValue> {
    let Some(token) = token.as_string() else {
        return Err(type_error("decodeToken", "token", "a string", token));
    };
    to_js(&oidc_trust::api::decode_token(&token))
}

/// Lints a trust policy, with or without a token: the security lints and the policy
/// reader's findings, as diagnostics whose `code` is the lint id. Never throws for bad
/// input: a malformed request comes back with an `invalid-request` diagnostic. Throws a
/// `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = lintPolicy)]
pub fn lint_policy(request: &Ts<LintRequest>) -> Result<Ts<LintResult>, JsValue> {
    let text = json_text("lintPolicy", "request", &request.js_value())?;
    to_js(&oidc_trust::api::lint_json(&text))
}

/// Lints a HashiCorp Vault or OpenBao JWT role (as `vault read -format=json
/// auth/<mount>/role/<name>` prints it, the envelope or its `data`), and reads the mount's
/// configuration if given: the role reader's findings and the `vault-*` lints. Never throws
/// for bad input; throws a `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = lintVaultRole)]
pub fn lint_vault_role(request: &Ts<VaultLintRequest>) -> Result<Ts<LintResult>, JsValue> {
    let text = json_text("lintVaultRole", "request", &request.js_value())?;
    to_js(&oidc_trust::api::lint_vault_json(&text))
}

/// Writes the least-privilege Vault JWT role (and the mount's configuration) for a token,
/// logs the token in with it (`verified`) and lints it. Never throws for bad input; throws a
/// `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = generateVaultRole)]
pub fn generate_vault_role(
    request: &Ts<VaultGenerateRequest>,
) -> Result<Ts<VaultGenerateResult>, JsValue> {
    let text = json_text("generateVaultRole", "request", &request.js_value())?;
    to_js(&oidc_trust::api::generate_vault_json(&text))
}

/// Lints a package's trusted publishers (PyPI, crates.io, npm), as each registry shows
/// them: the reader's findings and the `publisher-*` lints. Never throws for bad input;
/// throws a `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = lintPublishers)]
pub fn lint_publishers(request: &Ts<PublishingLintRequest>) -> Result<Ts<LintResult>, JsValue> {
    let text = json_text("lintPublishers", "request", &request.js_value())?;
    to_js(&oidc_trust::api::lint_publishing_json(&text))
}

/// Writes the trusted publisher to register at a registry (`pypi`, `crates.io`, `npm`) for
/// a GitHub Actions token: its repository, workflow file and (unless `environment: false`)
/// environment, in the registry's own field names, with the steps that register it; runs
/// the exchange on it with the token (`verified`) and lints it. Never throws for bad input;
/// throws a `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = generatePublisher)]
pub fn generate_publisher(
    request: &Ts<PublishingGenerateRequest>,
) -> Result<Ts<PublishingGenerateResult>, JsValue> {
    let text = json_text("generatePublisher", "request", &request.js_value())?;
    to_js(&oidc_trust::api::generate_publishing_json(&text))
}

/// Every lint: its id, level, one-line summary, who reports it, and its documentation page
/// (Markdown), in id order.
#[wasm_bindgen(js_name = listLints, unchecked_return_type = "Code[]")]
pub fn list_lints() -> Result<JsValue, JsValue> {
    json_value(&oidc_trust::lints().collect::<Vec<_>>())
}

/// Every code oidc-trust reports (input diagnostics, lints and hints), with its kind, level
/// and one-line summary, in id order: the one registry the shells look codes up in.
#[wasm_bindgen(js_name = listCodes, unchecked_return_type = "Code[]")]
pub fn list_codes() -> Result<JsValue, JsValue> {
    json_value(oidc_trust::codes::CODES)
}

/// Writes the least-privilege trust policy that accepts a token (this ref, a tag pattern,
/// an environment or the whole repository), analyses it against the token (`verified`) and
/// lints it. Never throws for bad input: it comes back with an `invalid-request` diagnostic.
/// Throws a `TypeError` only if `request` is not an object.
#[wasm_bindgen(js_name = generatePolicy)]
pub fn generate_policy(request: &Ts<GenerateRequest>) -> Result<Ts<GenerateResult>, JsValue> {
    let text = json_text("generatePolicy", "request", &request.js_value())?;
    to_js(&oidc_trust::api::generate_json(&text))
}

/// Lints a Google Cloud workload identity pool provider (as `gcloud iam
/// workload-identity-pools providers describe --format=json` prints it) and, optionally, the
/// IAM policy that grants its identities. Never throws for bad input; throws a `TypeError`
/// only if `request` is not an object.
#[wasm_bindgen(js_name = lintGcp)]
pub fn lint_gcp(request: &Ts<GcpLintRequest>) -> Result<Ts<LintResult>, JsValue> {
    let text = json_text("lintGcp", "request", &request.js_value())?;
    to_js(&oidc_trust::api::lint_gcp_json(&text))
}

/// Writes the least-privilege Google pool provider (attribute mapping and condition) and
/// IAM binding for a token, with the `gcloud` commands, and checks them against the token
/// (`verified`). Never throws for bad input; throws a `TypeError` only if `request` is not
/// an object.
#[wasm_bindgen(js_name = generateGcp)]
pub fn generate_gcp(request: &Ts<GcpGenerateRequest>) -> Result<Ts<GcpGenerateResult>, JsValue> {
    let text = json_text("generateGcp", "request", &request.js_value())?;
    to_js(&oidc_trust::api::generate_gcp_json(&text))
}

/// Renders the trust policy the terraform-aws-signing-kms module writes from its inputs
/// (`oidcIssuerHost`, `oidcAudience`, `ciSubjectFilters`), and lints it. Never throws for
/// bad input; throws a `TypeError` only if `inputs` is not an object.
#[wasm_bindgen(js_name = renderModulePolicy)]
pub fn render_module_policy(inputs: &Ts<ModuleInputs>) -> Result<Ts<GenerateResult>, JsValue> {
    let text = json_text("renderModulePolicy", "inputs", &inputs.js_value())?;
    to_js(&oidc_trust::api::render_module_json(&text))
}

/// Reads a trust configuration (the policy, the providers, the account...) once, for checking
/// many tokens: `compile(config).verdict(token, now)` gives AWS's verdict without the
/// explanation, `.analyze(token, now)` the whole answer, both without reading the policy
/// again. Throws a `TypeError` if `config` is not an object or has fields the interface does
/// not know (the policy's own problems are in `.diagnostics()`).
#[wasm_bindgen(js_name = compile)]
pub fn compile(config: &Ts<CompileRequest>) -> Result<Compiled, JsValue> {
    let text = json_text("compile", "config", &config.js_value())?;
    serde_json::from_str::<CompileRequest>(&text)
        .map(|c| Compiled {
            inner: oidc_trust::api::Compiled::new(c),
        })
        .map_err(|e| js_sys::TypeError::new(&format!("compile: `config` is not valid: {e}")).into())
}

/// A trust configuration read once (from `compile`). Its memory is freed when it is
/// garbage-collected, or at once with `free()`. Its TypeScript declaration is written by
/// hand (`COMPILED_TYPE`): wasm-bindgen's would name `Symbol.dispose`, which only type-checks
/// with TypeScript's `esnext.disposable` library.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct Compiled {
    inner: oidc_trust::api::Compiled,
}

#[wasm_bindgen(typescript_custom_section)]
const COMPILED_TYPE: &str = r#"
/** A trust configuration read once, from `compile`. Freed when garbage-collected, or with `free()`. */
export class Compiled {
    private constructor();
    /** Frees the configuration now; the handle is unusable afterwards. */
    free(): void;
    /** AWS's verdict for a token (a compact JWT, or its claims as JSON text) at `now` (seconds since the epoch), without the explanation. */
    verdict(token: string, now: number): VerdictSummary;
    /** The whole analysis of a token at `now`, as `analyze` gives it, with the policy read once. */
    analyze(token: string, now: number): Analysis;
    /** What the policy reader found (a JSON error, an element IAM refuses), in document order. */
    diagnostics(): Diagnostic[];
}
"#;

#[wasm_bindgen]
impl Compiled {
    /// AWS's verdict for a token (a compact JWT, or its claims as JSON text) at `now`
    /// (seconds since the epoch): accepted or not, the deciding stage, AWS's error and the
    /// trust policy's decision. Throws a `TypeError` if `token` is not a string or `now` not
    /// a whole number.
    pub fn verdict(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
        now: f64,
    ) -> Result<Ts<VerdictSummary>, JsValue> {
        let (token, now) = token_and_time("verdict", token, now)?;
        to_js(&self.inner.verdict(&token, now))
    }

    /// The whole analysis of a token at `now`, as `analyze` gives it, with the policy read
    /// once. Throws a `TypeError` if `token` is not a string or `now` not a whole number.
    pub fn analyze(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: &JsValue,
        now: f64,
    ) -> Result<Ts<Analysis>, JsValue> {
        let (token, now) = token_and_time("analyze", token, now)?;
        to_js(&self.inner.analyze(&token, now))
    }

    /// What the policy reader found (a JSON error, an element IAM refuses), in document
    /// order; the lints come with `analyze`.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn diagnostics(&self) -> Result<JsValue, JsValue> {
        json_value(&self.inner.diagnostics())
    }
}

/// The token and time arguments of a `Compiled` method, or a `TypeError`.
fn token_and_time(method: &str, token: &JsValue, now: f64) -> Result<(String, i64), JsValue> {
    let Some(token) = token.as_string() else {
        return Err(type_error(method, "token", "a string", token));
    };
    if !now.is_finite() || now.fract() != 0.0 || now.abs() > 9.007e15 {
        // The number is not printed: formatting a float would add its code to the module.
        return Err(js_sys::TypeError::new(&format!(
            "{method}: `now` must be a whole number of seconds"
        ))
        .into());
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a whole number within 2^53, checked above"
    )]
    Ok((token, now as i64))
}

/// A GitHub Actions token for tests (every claim GitHub sends, an unsigned JWT): `repo`,
/// `branch` / `tag` / `pullRequest`, `environment`, `workflow`, `immutable`... and `now`.
/// Throws an `Error` naming the field that cannot make a token.
#[wasm_bindgen(js_namespace = tokens, js_name = github)]
pub fn tokens_github(options: &Ts<GitHubOptions>) -> Result<Ts<Minted>, JsValue> {
    mint("tokens.github", &options.js_value(), mint_json::<GitHub>)
}

/// A GitLab CI token for tests: `project`, `branch` / `tag` / `mergeRequest`,
/// `environment`, `host`... and `now`.
#[wasm_bindgen(js_namespace = tokens, js_name = gitlab)]
pub fn tokens_gitlab(options: &Ts<GitLabOptions>) -> Result<Ts<Minted>, JsValue> {
    mint("tokens.gitlab", &options.js_value(), mint_json::<GitLab>)
}

/// A `CircleCI` token for tests: `org`, `repo`, `branch` / `tag`... and `now`.
#[wasm_bindgen(js_namespace = tokens, js_name = circleci)]
pub fn tokens_circleci(options: &Ts<CircleCiOptions>) -> Result<Ts<Minted>, JsValue> {
    mint(
        "tokens.circleci",
        &options.js_value(),
        mint_json::<CircleCi>,
    )
}

/// A Bitbucket Pipelines token for tests: `workspace`, `repository`, `deployment`... and
/// `now`.
#[wasm_bindgen(js_namespace = tokens, js_name = bitbucket)]
pub fn tokens_bitbucket(options: &Ts<BitbucketOptions>) -> Result<Ts<Minted>, JsValue> {
    mint(
        "tokens.bitbucket",
        &options.js_value(),
        mint_json::<Bitbucket>,
    )
}

/// A Buildkite token for tests: `organization`, `pipeline`, `branch` / `tag`... and `now`.
#[wasm_bindgen(js_namespace = tokens, js_name = buildkite)]
pub fn tokens_buildkite(options: &Ts<BuildkiteOptions>) -> Result<Ts<Minted>, JsValue> {
    mint(
        "tokens.buildkite",
        &options.js_value(),
        mint_json::<Buildkite>,
    )
}

/// An HCP Terraform token for tests: `organization`, `project`, `workspace`, `runPhase`...
/// and `now`.
#[wasm_bindgen(js_namespace = tokens, js_name = terraform)]
pub fn tokens_terraform(options: &Ts<TerraformOptions>) -> Result<Ts<Minted>, JsValue> {
    mint(
        "tokens.terraform",
        &options.js_value(),
        mint_json::<Terraform>,
    )
}

/// An EKS service-account token for tests: `namespace`, `serviceAccount`, `region`... and
/// `now`.
#[wasm_bindgen(js_namespace = tokens, js_name = eks)]
pub fn tokens_eks(options: &Ts<EksOptions>) -> Result<Ts<Minted>, JsValue> {
    mint("tokens.eks", &options.js_value(), mint_json::<Eks>)
}

/// A builder's token from its options object, or an `Error` that says why not.
fn mint(
    function: &str,
    options: &JsValue,
    builder: fn(&str) -> Result<Minted, TokenError>,
) -> Result<Ts<Minted>, JsValue> {
    let text = json_text(function, "options", options)?;
    match builder(&text) {
        Ok(minted) => to_js(&minted),
        Err(e) => Err(js_sys::Error::new(&format!("{function}: {e}")).into()),
    }
}

/// Checks that a token gets the answer it should (`expect`: `accepted` or `refused`) from a
/// role's trust policy, evaluated at `now` or the token's `iat`, with the account's
/// providers or one assumed for the token's issuer. `message` is the explanation the Rust
/// assertions and the CLI write. Never throws for bad input: it comes back as a failed check.
#[wasm_bindgen(js_name = checkTrust)]
pub fn check_trust(
    #[wasm_bindgen(unchecked_param_type = "CheckRequest")] request: &JsValue,
) -> Result<Ts<CheckResult>, JsValue> {
    let text = json_text("checkTrust", "request", request)?;
    to_js(&oidc_trust::testing::check_json(&text))
}

/// The version of oidc-trust in this package.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The JSON text of an object argument, or a `TypeError`.
fn json_text(function: &str, name: &str, value: &JsValue) -> Result<String, JsValue> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(type_error(function, name, "an object", value));
    }
    match js_sys::JSON::stringify(value) {
        Ok(text) => Ok(String::from(text)),
        Err(e) => {
            let why = e.dyn_ref::<js_sys::Error>().map_or_else(
                || "it is not JSON".to_owned(),
                |e| String::from(e.message()),
            );
            Err(js_sys::TypeError::new(&format!(
                "{function}: `{name}` cannot be written as JSON: {why}"
            ))
            .into())
        }
    }
}

/// `TypeError: <function>: `<name>` must be <expected>, got <kind>`.
fn type_error(function: &str, name: &str, expected: &str, got: &JsValue) -> JsValue {
    let kind = if got.is_null() {
        "null".to_owned()
    } else if js_sys::Array::is_array(got) {
        "an array".to_owned()
    } else {
        got.js_typeof().as_string().unwrap_or_default()
    };
    js_sys::TypeError::new(&format!(
        "{function}: `{name}` must be {expected}, got {kind}"
    ))
    .into()
}

/// A Rust answer as a plain JS object (through JSON, as the goldens are written).
fn to_js<T: Tsify + serde::Serialize>(value: &T) -> Result<Ts<T>, JsValue> {
    value
        .into_ts()
        .map_err(|e| js_sys::Error::new(&format!("oidc-trust: {e}")).into())
}

/// A Rust value as plain JS data, through JSON (for values without a `Tsify` type).
fn json_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsValue::from(js_sys::Error::new(&format!("oidc-trust: {e}"))))?;
    js_sys::JSON::parse(&text)
}
