//! The differential test: generated cases ([`crate::grammar`]) decided three times, by the
//! native library, by the packed npm package and by `@cloud-copilot/iam-simulate`, and
//! compared.
//!
//! The Rust side draws the cases and runs the native analysis; a Node.js process (the
//! oracle, `wasm/tests/differential/oracle.mjs`, run in the npm test project where the
//! packed tarball and iam-simulate are installed) answers each request with the npm
//! package's verdict and iam-simulate's decision, given the condition keys oidc-trust
//! derived (`conditionKeys`) as the bench does. Requests go to it in batches over a pipe.
//!
//! A case is judged:
//! - the native and the npm verdict (accepted, stage, decision) must be the same, always;
//! - where the two evaluators model the same thing (the trust policy is reached, every
//!   condition decided, the policy one AWS would store), the decisions must be the same;
//! - a disagreement on a case with a feature iam-simulate is known not to model
//!   (`tests/differential/known-differences.json`, each with the IAM documentation that
//!   settles it) counts as that known difference only if the same case without the feature
//!   agrees; otherwise it is a disagreement.
//!
//! Every disagreement is shrunk by proptest's value tree (fewer statements, conditions and
//! values, the first operator and key, the request's own value) to a minimal case, written
//! as a candidate vector, and fails the run.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::Deserialize;
use serde_json::Value;

use crate::grammar::{self, Family, Plan};

/// The oracle's answer for one request.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Answer {
    /// The npm package's verdict.
    pub npm: Option<Verdict>,
    /// iam-simulate's decision (`Allowed`, `ExplicitlyDenied`, `ImplicitlyDenied`).
    pub sim: Option<String>,
    /// Why the case cannot be compared.
    pub skip: Option<String>,
    /// iam-simulate (or the oracle) threw.
    pub error: Option<String>,
}

/// A verdict, as the wire spells it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Verdict {
    /// Whether AWS returns credentials.
    pub accepted: bool,
    /// The deciding stage.
    pub stage: String,
    /// The trust policy's decision, when it was reached.
    pub decision: Option<String>,
}

/// The oracle process.
#[derive(Debug)]
pub struct Oracle {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
    /// Its first line: the versions of oidc-trust (npm), iam-simulate and Node.js.
    pub versions: String,
}

impl Oracle {
    /// Starts `node differential/oracle.mjs` in the npm test project `project`.
    ///
    /// # Errors
    /// When Node.js cannot be started or does not answer.
    pub fn start(project: &Path) -> Result<Oracle, String> {
        let script = project.join("differential/oracle.mjs");
        if !script.is_file() {
            return Err(format!(
                "{} is missing: run `cargo xtask npm-test` first (it packs the npm package and installs iam-simulate there)",
                script.display()
            ));
        }
        let mut child = Command::new("node")
            .arg(&script)
            .current_dir(project)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start node: {e}"))?;
        let input = child.stdin.take().ok_or("no stdin")?;
        let output = child.stdout.take().ok_or("no stdout")?;
        let mut oracle = Oracle {
            child,
            input: BufWriter::new(input),
            output: BufReader::new(output),
            versions: String::new(),
        };
        oracle.versions = oracle.line()?;
        Ok(oracle)
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        let n = self
            .output
            .read_line(&mut line)
            .map_err(|e| format!("oracle: {e}"))?;
        if n == 0 {
            return Err("the oracle stopped".to_owned());
        }
        Ok(line.trim_end().to_owned())
    }

    /// Answers a batch of requests, in order. The requests are written by a second thread
    /// while the answers are read, so a large batch cannot fill both pipes.
    ///
    /// # Errors
    /// When the oracle stops or answers something else.
    pub fn ask(&mut self, requests: &[Value]) -> Result<Vec<Answer>, String> {
        let lines: Vec<String> = requests.iter().map(Value::to_string).collect();
        let input = &mut self.input;
        let output = &mut self.output;
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> Result<(), String> {
                for line in &lines {
                    input
                        .write_all(line.as_bytes())
                        .and_then(|()| input.write_all(b"\n"))
                        .map_err(|e| format!("oracle: {e}"))?;
                }
                input.flush().map_err(|e| format!("oracle: {e}"))
            });
            let mut answers = Vec::with_capacity(requests.len());
            for _ in requests {
                let mut line = String::new();
                let n = output
                    .read_line(&mut line)
                    .map_err(|e| format!("oracle: {e}"))?;
                if n == 0 {
                    return Err("the oracle stopped".to_owned());
                }
                answers.push(
                    serde_json::from_str(&line)
                        .map_err(|e| format!("oracle: unreadable answer {line:?}: {e}"))?,
                );
            }
            writer
                .join()
                .map_err(|_| "the oracle writer thread panicked".to_owned())??;
            Ok(answers)
        })
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the native library says.
fn native(request: &Value) -> Result<(Verdict, oidc_trust::Analysis), String> {
    let r: oidc_trust::Request = serde_json::from_value(request.clone())
        .map_err(|e| format!("the generated request does not parse: {e}"))?;
    let a = oidc_trust::analyze(&r);
    let word = |v: Value| v.as_str().map(str::to_owned).unwrap_or_default();
    let verdict = Verdict {
        accepted: a.accepted,
        stage: word(serde_json::to_value(a.stage).unwrap_or_default()),
        decision: a
            .policy
            .as_ref()
            .map(|p| word(serde_json::to_value(p.decision).unwrap_or_default())),
    };
    Ok((verdict, a))
}

/// iam-simulate's word for a decision of ours.
fn sim_word(decision: Option<&str>) -> Option<&'static str> {
    match decision? {
        "allow" => Some("Allowed"),
        "explicitDeny" => Some("ExplicitlyDenied"),
        "implicitDeny" => Some("ImplicitlyDenied"),
        _ => None,
    }
}

/// How one case came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// Both evaluators gave this decision.
    Agree(String),
    /// Not comparable, and why.
    Skip(String),
    /// A known difference (its id) explains the disagreement.
    Known(String),
    /// The decisions differ: ours, then iam-simulate's.
    Disagree(String, String),
    /// The native library and the npm package differ.
    NpmMismatch(String),
    /// iam-simulate threw.
    SimError(String),
}

impl Judgement {
    fn failed(&self) -> bool {
        matches!(
            self,
            Judgement::Disagree(..) | Judgement::NpmMismatch(_) | Judgement::SimError(_)
        )
    }
}

/// A known difference: which cases have the feature, and the case without it.
struct Known {
    id: &'static str,
    applies: fn(&Plan) -> bool,
    ablate: fn(&Plan) -> Plan,
}

fn has_text(plan: &Plan, needles: &[&str]) -> bool {
    let text = plan.policy().to_string();
    needles.iter().any(|n| text.contains(n))
}

/// A condition as the two evaluators see it: the key's request values and the policy's
/// values, as text.
struct Seen<'a> {
    c: &'a grammar::Condition,
    key: &'a grammar::Key,
    policy: Vec<String>,
}

impl Seen<'_> {
    fn request(&self) -> &[String] {
        self.key.values.as_deref().unwrap_or_default()
    }

    fn family(&self) -> Family {
        self.c.operator().family
    }

    /// Every value, the request's and the policy's.
    fn all(&self) -> impl Iterator<Item = &str> {
        self.request()
            .iter()
            .chain(&self.policy)
            .map(String::as_str)
    }
}

fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().flat_map(texts).collect(),
        Value::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    }
}

/// Whether `pred` holds for some condition of the plan.
fn some_condition(plan: &Plan, pred: impl Fn(&Seen<'_>) -> bool) -> bool {
    let keys = plan.world.keys();
    plan.statements.iter().any(|s| {
        s.conditions.iter().any(|c| {
            let (Some(key), Some(v)) = (c.key(&keys), plan.rendered(&keys, c)) else {
                return false;
            };
            pred(&Seen {
                c,
                key,
                policy: texts(&v),
            })
        })
    })
}

/// The plan without the conditions for which `drop` holds.
fn without(plan: &Plan, drop: impl Fn(&Seen<'_>) -> bool) -> Plan {
    let keys = plan.world.keys();
    let mut p = plan.clone();
    for s in &mut p.statements {
        s.conditions.retain(|c| {
            let (Some(key), Some(v)) = (c.key(&keys), plan.rendered(&keys, c)) else {
                return true;
            };
            !drop(&Seen {
                c,
                key,
                policy: texts(&v),
            })
        });
    }
    p
}

fn variable(s: &Seen<'_>) -> bool {
    s.policy.iter().any(|v| v.contains("${"))
}

/// Epoch seconds, as IAM's date operators take them.
fn epoch(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A date in one of the W3C profiles of ISO 8601 (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
/// `YYYY-MM-DDThh:mm[:ss[.s]]TZD`, TZD `Z` or `+hh:mm`), which IAM's date operators name.
fn w3c_date(s: &str) -> bool {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let d: Vec<&str> = date.split('-').collect();
    let date_ok = match d.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, dd] => digits(y, 4) && digits(m, 2) && digits(dd, 2),
        _ => false,
    };
    if !date_ok || (time.is_empty() && !s.contains('T')) {
        return date_ok;
    }
    let (clock, zone) = match time.strip_suffix('Z') {
        Some(c) => (c, true),
        None => match time.rfind(['+', '-']) {
            Some(i) => (
                time.get(..i).unwrap_or_default(),
                time.get(i + 1..).is_some_and(|z| {
                    z.split_once(':')
                        .is_some_and(|(h, m)| digits(h, 2) && digits(m, 2))
                }),
            ),
            None => (time, false),
        },
    };
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = whole.split(':').collect();
    zone && fraction.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && matches!(parts.as_slice(), [h, m] | [h, m, _] if digits(h, 2) && digits(m, 2))
        && parts.get(2).is_none_or(|sec| digits(sec, 2))
}

/// Whether a value is of the type its operator family compares (policy side for IP: a
/// CIDR block or an address).
fn typed(family: Family, v: &str, policy: bool) -> bool {
    match family {
        Family::Numeric => v.trim().parse::<f64>().is_ok(),
        Family::Date => epoch(v) || w3c_date(v),
        Family::Ip => {
            let (addr, prefix) = match v.split_once('/') {
                Some((a, p)) if policy => (a, Some(p)),
                _ => (v, None),
            };
            match (addr.parse::<std::net::IpAddr>(), prefix) {
                (Ok(_), None) => true,
                (Ok(ip), Some(p)) => {
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    p.bytes().all(|b| b.is_ascii_digit())
                        && p.parse::<u32>().is_ok_and(|n| n <= max)
                }
                (Err(_), _) => false,
            }
        }
        Family::Arn => v.splitn(6, ':').count() == 6,
        _ => true,
    }
}

/// Keys the oracle gives iam-simulate as an array.
fn sent_as_array(key: &grammar::Key) -> bool {
    let n = &key.name;
    n.ends_with(":amr")
        || n == "aws:TagKeys"
        || n == "aws:ResourceOrgPaths"
        || key.values.as_ref().is_some_and(|v| v.len() != 1)
}

fn dates_mixed(s: &Seen<'_>) -> bool {
    s.family() == Family::Date
        && !variable(s)
        && s.all().all(|v| epoch(v) || w3c_date(v))
        && s.all().any(epoch)
        && s.all().any(|v| !epoch(v))
}

fn dates_lenient(s: &Seen<'_>) -> bool {
    s.family() == Family::Date && (variable(s) || s.all().any(|v| !epoch(v) && !w3c_date(v)))
}

fn untyped_negated(s: &Seen<'_>) -> bool {
    let f = s.family();
    s.c.operator().negated
        && f != Family::String
        && (variable(s)
            || s.request().iter().any(|v| !typed(f, v, false))
            || s.policy.iter().any(|v| !typed(f, v, true)))
}

fn multivalued_plain(s: &Seen<'_>) -> bool {
    s.c.qualifier == 0 && s.family() != Family::Null && sent_as_array(s.key)
}

/// An ARN condition with a value that does not begin with `arn:` (so is no ARN), which
/// iam-simulate does not check.
fn arn_first_part(s: &Seen<'_>) -> bool {
    s.family() == Family::Arn && s.all().any(|v| v.contains(':') && !v.starts_with("arn:"))
}

fn arn_variable(s: &Seen<'_>) -> bool {
    s.family() == Family::Arn && variable(s)
}

/// An integer or a decimal (`-12`, `3.5`), the numbers IAM's numeric operators compare.
fn plain_number(v: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let v = v.strip_prefix('-').unwrap_or(v);
    match v.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(v),
    }
}

/// A numeric condition with a value that is no integer or decimal (`42repo:`, an address,
/// a date), which iam-simulate reads by its leading digits (`parseInt`, `parseFloat`).
fn numbers_by_prefix(s: &Seen<'_>) -> bool {
    s.family() == Family::Numeric && s.all().any(|v| !plain_number(v))
}

/// An address range of prefix length 0 (`0.0.0.0/0`, `::/0`): every address of its
/// version.
fn slash_zero(s: &Seen<'_>) -> bool {
    s.family() == Family::Ip && s.policy.iter().any(|v| v.ends_with("/0"))
}

/// An IP condition whose request address and policy range are of different versions
/// (an IPv6 caller against an IPv4 range, or the reverse).
fn ip_versions_mixed(s: &Seen<'_>) -> bool {
    let version = |v: &str| {
        v.split_once('/')
            .map_or(v, |(a, _)| a)
            .parse::<std::net::IpAddr>()
            .ok()
            .map(|ip| ip.is_ipv4())
    };
    s.family() == Family::Ip
        && s.request()
            .iter()
            .filter_map(|r| version(r))
            .any(|r| s.policy.iter().filter_map(|p| version(p)).any(|p| p != r))
}

fn empty_set(s: &Seen<'_>) -> bool {
    s.key.values.as_ref().is_some_and(Vec::is_empty)
}

fn drop_principal(plan: &Plan, which: u8) -> Plan {
    let mut p = plan.clone();
    p.statements.retain(|s| s.principal != which);
    p
}

fn replace_principal(plan: &Plan, which: u8) -> Plan {
    let mut p = plan.clone();
    for s in &mut p.statements {
        if s.principal == which {
            s.principal = 0;
        }
    }
    p
}

const KNOWN: [Known; 17] = [
    Known {
        id: "binary-equals-base64",
        applies: |p| p.uses(|c| c.operator().family == Family::Binary),
        ablate: |p| without(p, |s| s.family() == Family::Binary),
    },
    Known {
        id: "variables-outside-2012-10-17",
        applies: |p| p.version != 0 && has_text(p, &["${"]),
        ablate: |p| without(p, variable),
    },
    Known {
        id: "variable-missing-negated",
        applies: |p| some_condition(p, |s| s.c.operator().negated && variable(s)),
        ablate: |p| without(p, |s| s.c.operator().negated && variable(s)),
    },
    Known {
        id: "escapes-question-and-dollar",
        applies: |p| has_text(p, &["${?}", "${$}"]),
        ablate: |p| {
            without(p, |s| {
                s.policy
                    .iter()
                    .any(|v| v.contains("${?}") || v.contains("${$}"))
            })
        },
    },
    Known {
        id: "wildcard-principal",
        applies: |p| p.statements.iter().any(|s| s.principal == 3),
        ablate: |p| replace_principal(p, 3),
    },
    Known {
        id: "federated-wildcard",
        applies: |p| p.statements.iter().any(|s| s.principal == 4),
        ablate: |p| replace_principal(p, 4),
    },
    Known {
        id: "account-principal",
        applies: |p| p.statements.iter().any(|s| s.principal == 5),
        ablate: |p| drop_principal(p, 5),
    },
    Known {
        id: "dates-epoch-and-iso",
        applies: |p| some_condition(p, dates_mixed),
        ablate: |p| without(p, dates_mixed),
    },
    Known {
        id: "dates-not-iso-8601",
        applies: |p| some_condition(p, dates_lenient),
        ablate: |p| without(p, dates_lenient),
    },
    Known {
        id: "negated-operator-untyped-value",
        applies: |p| some_condition(p, untyped_negated),
        ablate: |p| without(p, untyped_negated),
    },
    Known {
        id: "multivalued-key-without-qualifier",
        applies: |p| some_condition(p, multivalued_plain),
        ablate: |p| without(p, multivalued_plain),
    },
    Known {
        id: "arn-first-part",
        applies: |p| some_condition(p, arn_first_part),
        ablate: |p| without(p, arn_first_part),
    },
    Known {
        id: "arn-variable-across-parts",
        applies: |p| some_condition(p, arn_variable),
        ablate: |p| without(p, arn_variable),
    },
    Known {
        id: "numbers-read-by-prefix",
        applies: |p| some_condition(p, numbers_by_prefix),
        ablate: |p| without(p, numbers_by_prefix),
    },
    Known {
        id: "cidr-slash-zero",
        applies: |p| some_condition(p, slash_zero),
        ablate: |p| without(p, slash_zero),
    },
    Known {
        id: "ip-versions-mixed",
        applies: |p| some_condition(p, ip_versions_mixed),
        ablate: |p| without(p, ip_versions_mixed),
    },
    Known {
        id: "empty-value-set",
        applies: |p| some_condition(p, empty_set),
        ablate: |p| without(p, empty_set),
    },
];

/// The ids of the known differences the differential test can recognise.
pub fn known_ids() -> Vec<&'static str> {
    KNOWN.iter().map(|k| k.id).collect()
}

/// Judges one case from its native verdict and the oracle's answer (without looking at
/// known differences).
fn compare(ours: &Verdict, answer: &Answer) -> Judgement {
    if answer.npm.as_ref() != Some(ours) {
        return Judgement::NpmMismatch(format!(
            "native {ours:?}, npm {:?} {}",
            answer.npm,
            answer.error.as_deref().unwrap_or("")
        ));
    }
    if let Some(why) = &answer.skip {
        return Judgement::Skip(why.clone());
    }
    if let Some(e) = &answer.error {
        return Judgement::SimError(e.clone());
    }
    let ours = sim_word(ours.decision.as_deref()).unwrap_or("none");
    let theirs = answer.sim.clone().unwrap_or_default();
    if ours == theirs {
        Judgement::Agree(ours.to_owned())
    } else {
        Judgement::Disagree(ours.to_owned(), theirs)
    }
}

/// Runs one case through both sides.
fn decide(plan: &Plan, oracle: &mut Oracle) -> Result<Judgement, String> {
    let request = plan.request();
    let (ours, _) = native(&request)?;
    let answer = oracle
        .ask(std::slice::from_ref(&request))?
        .pop()
        .ok_or("no answer")?;
    Ok(compare(&ours, &answer))
}

/// Explains a disagreement by a known difference, if removing its feature from the case
/// makes the two agree.
fn explain(plan: &Plan, oracle: &mut Oracle) -> Result<Option<&'static str>, String> {
    let applicable: Vec<&Known> = KNOWN.iter().filter(|k| (k.applies)(plan)).collect();
    for k in &applicable {
        if matches!(
            decide(&(k.ablate)(plan), oracle)?,
            Judgement::Agree(_) | Judgement::Skip(_)
        ) {
            return Ok(Some(k.id));
        }
    }
    if applicable.len() > 1 {
        let all = applicable.iter().fold(plan.clone(), |p, k| (k.ablate)(&p));
        if matches!(decide(&all, oracle)?, Judgement::Agree(_)) {
            return Ok(applicable.first().map(|k| k.id));
        }
    }
    Ok(None)
}

/// Judges a case completely (known differences included).
fn judge(
    plan: &Plan,
    ours: &Verdict,
    answer: &Answer,
    oracle: &mut Oracle,
) -> Result<Judgement, String> {
    let j = compare(ours, answer);
    if let Judgement::Disagree(..) = j
        && let Some(id) = explain(plan, oracle)?
    {
        return Ok(Judgement::Known(id.to_owned()));
    }
    Ok(j)
}

/// A disagreement, shrunk.
#[derive(Debug, Clone)]
pub struct Failure {
    /// How the minimal case came out.
    pub judgement: Judgement,
    /// The minimal case's request.
    pub request: Value,
    /// The case as first drawn.
    pub original: Value,
}

/// The counts of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// Cases drawn.
    pub cases: usize,
    /// Compared with the same decision, by decision.
    pub agree: BTreeMap<String, usize>,
    /// Explained by a known difference, by id.
    pub known: BTreeMap<String, usize>,
    /// Not compared, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Compared cases in which each operator (with qualifier and `IfExists`) appears.
    pub operators: BTreeMap<String, usize>,
    /// Condition outcomes in the native traces of compared cases.
    pub outcomes: BTreeMap<String, usize>,
    /// The native and npm verdicts agreed on this many cases.
    pub npm_same: usize,
    /// Disagreements, shrunk.
    pub failures: Vec<Failure>,
    /// The oracle's versions line.
    pub versions: String,
    /// Seconds taken.
    pub seconds: f64,
}

impl Report {
    /// Cases compared with iam-simulate (agreeing, or explained by a known difference).
    pub fn compared(&self) -> usize {
        self.agree.values().sum::<usize>() + self.known.values().sum::<usize>()
    }

    /// The report as text.
    pub fn text(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let list = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            s,
            "differential: {} cases in {:.0} s ({})",
            self.cases, self.seconds, self.versions
        );
        let _ = writeln!(
            s,
            "  native library and npm package: the same verdict on {} of {}",
            self.npm_same, self.cases
        );
        let _ = writeln!(
            s,
            "  compared with iam-simulate: {} (same decision: {}; known differences: {})",
            self.compared(),
            list(&self.agree),
            if self.known.is_empty() {
                "none".to_owned()
            } else {
                list(&self.known)
            }
        );
        let _ = writeln!(s, "  not compared: {}", list(&self.skipped));
        let _ = writeln!(
            s,
            "  operators in compared cases ({} forms): {}",
            self.operators.len(),
            list(&self.operators)
        );
        let _ = writeln!(
            s,
            "  condition outcomes in compared cases: {}",
            list(&self.outcomes)
        );
        let _ = writeln!(s, "  disagreements: {}", self.failures.len());
        for f in &self.failures {
            let _ = writeln!(s, "    {:?}: {}", f.judgement, f.request);
        }
        s
    }
}

/// Shrinks a failing case: simplify while the failure (of the same kind) persists.
fn shrink(
    mut tree: impl ValueTree<Value = Plan>,
    first: &Judgement,
    oracle: &mut Oracle,
) -> Result<(Plan, Judgement), String> {
    let same_kind = |j: &Judgement| std::mem::discriminant(j) == std::mem::discriminant(first);
    let mut best = (tree.current(), first.clone());
    let mut steps = 0;
    if !tree.simplify() {
        return Ok(best);
    }
    loop {
        steps += 1;
        if steps > 2000 {
            break;
        }
        let plan = tree.current();
        let request = plan.request();
        let (ours, _) = native(&request)?;
        let answer = oracle
            .ask(std::slice::from_ref(&request))?
            .pop()
            .ok_or("no answer")?;
        let j = judge(&plan, &ours, &answer, oracle)?;
        if j.failed() && same_kind(&j) {
            best = (plan, j);
            if !tree.simplify() {
                break;
            }
        } else if !tree.complicate() {
            break;
        }
    }
    Ok(best)
}

/// Options of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many cases.
    pub cases: usize,
    /// The random seed (the same seed draws the same cases).
    pub seed: u64,
    /// The npm test project (with the packed package and iam-simulate installed).
    pub project: PathBuf,
    /// Where to write the shrunk disagreements.
    pub out: PathBuf,
    /// Requests per round trip to the oracle.
    pub batch: usize,
}

/// Runs the differential test.
///
/// # Errors
/// When the oracle cannot be run or a generated request does not parse (a bug of the
/// grammar, not a disagreement).
pub fn run(options: &Options, mut progress: impl FnMut(&Report)) -> Result<Report, String> {
    #[expect(
        clippy::disallowed_methods,
        reason = "a native tool timing its own run"
    )]
    let started = std::time::Instant::now();
    let mut oracle = Oracle::start(&options.project)?;
    let mut seed = [0u8; 32];
    for (i, b) in options.seed.to_le_bytes().iter().enumerate() {
        if let Some(s) = seed.get_mut(i) {
            *s = *b;
        }
    }
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let strategy = grammar::plan();
    let mut report = Report {
        versions: oracle.versions.clone(),
        ..Report::default()
    };
    std::fs::create_dir_all(&options.out)
        .map_err(|e| format!("cannot create {}: {e}", options.out.display()))?;
    // The disagreements of an earlier run are not this run's.
    for entry in std::fs::read_dir(&options.out)
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("disagreement-") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    while report.cases < options.cases {
        let n = options.batch.min(options.cases - report.cases);
        let mut trees = Vec::with_capacity(n);
        for _ in 0..n {
            trees.push(
                strategy
                    .new_tree(&mut runner)
                    .map_err(|e| format!("cannot draw a case: {e}"))?,
            );
        }
        let plans: Vec<Plan> = trees.iter().map(ValueTree::current).collect();
        let requests: Vec<Value> = plans.iter().map(Plan::request).collect();
        let natives = requests.iter().map(native).collect::<Result<Vec<_>, _>>()?;
        let answers = oracle.ask(&requests)?;
        for (((tree, plan), (ours, analysis)), answer) in
            trees.into_iter().zip(&plans).zip(&natives).zip(&answers)
        {
            report.cases += 1;
            if answer.npm.as_ref() == Some(ours) {
                report.npm_same += 1;
            }
            let j = judge(plan, ours, answer, &mut oracle)?;
            match &j {
                Judgement::Agree(d) => {
                    *report.agree.entry(d.clone()).or_default() += 1;
                }
                Judgement::Known(id) => *report.known.entry(id.clone()).or_default() += 1,
                Judgement::Skip(why) => *report.skipped.entry(why.clone()).or_default() += 1,
                _ => {}
            }
            if matches!(j, Judgement::Agree(_) | Judgement::Known(_)) {
                tally(&mut report, plan, analysis);
            }
            if j.failed() {
                let original = plan.request();
                let (minimal, judgement) = shrink(tree, &j, &mut oracle)?;
                let failure = Failure {
                    judgement,
                    request: minimal.request(),
                    original,
                };
                let file = options
                    .out
                    .join(format!("disagreement-{}.json", report.failures.len()));
                let doc = serde_json::json!({
                    "judgement": format!("{:?}", failure.judgement),
                    "request": failure.request,
                    "original": failure.original,
                });
                std::fs::write(
                    &file,
                    serde_json::to_string_pretty(&doc).unwrap_or_default(),
                )
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
                report.failures.push(failure);
            }
        }
        report.seconds = started.elapsed().as_secs_f64();
        progress(&report);
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Counts the operators and condition outcomes of a compared case.
fn tally(report: &mut Report, plan: &Plan, analysis: &oidc_trust::Analysis) {
    let mut seen: Vec<String> = plan
        .statements
        .iter()
        .flat_map(|s| s.conditions.iter().map(grammar::Condition::operator_name))
        .collect();
    seen.sort();
    seen.dedup();
    for op in seen {
        *report.operators.entry(op).or_default() += 1;
    }
    for c in analysis
        .policy
        .iter()
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.conditions)
    {
        let word = serde_json::to_value(c.outcome)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        *report.outcomes.entry(word).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every known difference the test can recognise is listed, with its source, in
    /// `tests/differential/known-differences.json`, and every listed one is recognised.
    #[test]
    fn known_differences_are_listed_with_their_source() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/differential/known-differences.json"
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let listed: Vec<(String, String)> = doc["differences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_owned(),
                    d["source"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for id in known_ids() {
            let entry = listed.iter().find(|(l, _)| l == id);
            assert!(entry.is_some(), "{id} is not in {path}");
            assert!(entry.is_some_and(|(_, s)| s.contains("IAM") || s.contains("UNCONFIRMED")));
        }
        for (id, _) in &listed {
            assert!(
                known_ids().contains(&id.as_str()),
                "{id} is listed but not recognised"
            );
        }
    }

    #[test]
    fn plain_numbers_are_integers_and_decimals() {
        for n in ["0", "42", "-12", "3.5"] {
            assert!(plain_number(n), "{n}");
        }
        for n in ["", "42repo:", "203.0.113.0", "1e5", "inf", "3.", ".5", "-"] {
            assert!(!plain_number(n), "{n}");
        }
    }

    #[test]
    fn w3c_dates() {
        for d in [
            "2026",
            "2026-09",
            "2026-09-21",
            "2026-09-21T14:13Z",
            "2026-09-21T14:13:20.5+02:00",
        ] {
            assert!(w3c_date(d), "{d}");
        }
        for d in [
            "2026-09-21 14:13:20",
            "2026-09-21T14:13:20",
            "Sep 21 2026",
            "2026-9-21",
        ] {
            assert!(!w3c_date(d), "{d}");
        }
    }
}
