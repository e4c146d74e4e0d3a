//! `terraform show -json` (and `tofu show -json`) output: plans and state.
//!
//! Roles are read from `planned_values` and `prior_state` (plan) or `values` (state),
//! through `child_modules` at any depth. Policy-document data sources read at plan time
//! live in `prior_state`; those deferred to apply are rebuilt from `resource_changes`,
//! their unknown leaves (`after_unknown`) kept as `${reference}` placeholders named after
//! the configuration's `references`. A reference to an OIDC provider of the same plan is
//! resolved from the provider's `url`.

use std::collections::BTreeMap;

use oidc_trust::codes;
use serde_json::Value;

use super::document::{self, Cond, Principal, Statement, Unknowns, Val};
use super::hcl::HclIndex;
use super::{Found, Inventory, Kind, Options, Provider, SourceMap, note};
use crate::input::{InputError, Source};

const APPLY_UNKNOWNS: Unknowns = Unknowns {
    code: codes::UNKNOWN_UNTIL_APPLY,
    lead: "known after apply",
    help: "the value depends on a resource created by this plan; lint the plan again once it exists (or the state after apply) to check it",
};

/// One resource or data source, from the values representation.
#[derive(Debug, Clone)]
struct Res<'a> {
    address: String,
    mode: &'a str,
    kind: &'a str,
    values: Option<&'a Value>,
    module: String,
}

/// Reads a plan or state.
pub fn read(source: &Source, top: &Value, options: &Options) -> Result<Inventory, InputError> {
    let version = top
        .get("format_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    if version.split('.').next() != Some("1") {
        return Err(InputError::in_file(&source.name, format!("unsupported `format_version` `{version}`: oidc-trust reads format 1.x of `terraform show -json`"))
            .at(Some(&source.text), "/format_version"));
    }
    let plan = top.get("planned_values").is_some() || top.get("resource_changes").is_some();
    let mut resources: Vec<Res<'_>> = Vec::new();
    for (pointer, root) in [
        (
            "/planned_values/root_module",
            top.pointer("/planned_values/root_module"),
        ),
        (
            "/prior_state/values/root_module",
            top.pointer("/prior_state/values/root_module"),
        ),
        ("/values/root_module", top.pointer("/values/root_module")),
    ] {
        if let Some(root) = root {
            walk(source, root, pointer, &mut resources)?;
        }
    }
    let changes: BTreeMap<&str, &Value> = top
        .get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c.get("address")?.as_str()?, c)))
        .collect();
    for (address, change) in &changes {
        if resources.iter().any(|r| r.address == *address) {
            continue;
        }
        let actions = change.pointer("/change/actions").and_then(Value::as_array);
        if actions.is_some_and(|a| a.iter().all(|x| x == "delete")) {
            continue;
        }
        resources.push(Res {
            address: (*address).to_owned(),
            mode: change
                .get("mode")
                .and_then(Value::as_str)
                .unwrap_or("managed"),
            kind: change.get("type").and_then(Value::as_str).unwrap_or(""),
            values: change.pointer("/change/after"),
            module: change
                .get("module_address")
                .and_then(Value::as_str)
                .map(|m| format!("{m}."))
                .unwrap_or_default(),
        });
    }
    let index = match &options.source_root {
        Some(root) => Some(HclIndex::load(root)?),
        None => None,
    };
    let reader = Reader {
        resources: &resources,
        changes: &changes,
        config: top.pointer("/configuration/root_module"),
        index: index.as_ref(),
    };
    let mut inv = Inventory {
        kind: Some(if plan {
            Kind::TerraformPlan
        } else {
            Kind::TerraformState
        }),
        ..Inventory::default()
    };
    for r in &resources {
        if r.kind != "aws_iam_openid_connect_provider" {
            continue;
        }
        let Some(url) = r.values.and_then(|v| v.get("url")).and_then(Value::as_str) else {
            continue;
        };
        let client_ids = r
            .values
            .and_then(|v| v.get("client_id_list"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
        let mut ignored = SourceMap::default();
        inv.providers.push(Provider {
            name: r.address.clone(),
            url: oidc_trust::providers::key_prefix(url).to_owned(),
            client_ids,
            site: reader
                .index
                .and_then(|i| i.locate(&r.address, &mut ignored)),
        });
    }
    let mut consumed: Vec<String> = Vec::new();
    for r in resources
        .iter()
        .filter(|r| r.mode == "managed" && r.kind == "aws_iam_role")
    {
        if let Some(found) = reader.role(r, &mut consumed, &mut inv) {
            inv.policies.push(found);
        }
    }
    for r in resources
        .iter()
        .filter(|r| r.mode == "data" && r.kind == "aws_iam_policy_document")
    {
        if consumed.iter().any(|c| same_resource(c, &r.address))
            || inv.policies.iter().any(|p| p.name == r.address)
        {
            continue;
        }
        if let Some(found) = reader.data_source(&r.address) {
            inv.policies.push(found);
        }
    }
    Ok(inv)
}

/// Walks a module of the values representation and its `child_modules`.
fn walk<'a>(
    source: &Source,
    module: &'a Value,
    pointer: &str,
    out: &mut Vec<Res<'a>>,
) -> Result<(), InputError> {
    let prefix = module
        .get("address")
        .and_then(Value::as_str)
        .map(|a| format!("{a}."))
        .unwrap_or_default();
    for (i, r) in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(address) = r.get("address").and_then(Value::as_str) else {
            return Err(InputError::in_file(&source.name, "a resource without `address` (expected the values representation of `terraform show -json`)")
                .at(Some(&source.text), &format!("{pointer}/resources/{i}")));
        };
        if out.iter().any(|x| x.address == address) {
            continue;
        }
        out.push(Res {
            address: address.to_owned(),
            mode: r.get("mode").and_then(Value::as_str).unwrap_or("managed"),
            kind: r.get("type").and_then(Value::as_str).unwrap_or(""),
            values: r.get("values"),
            module: prefix.clone(),
        });
    }
    for (i, child) in module
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        walk(source, child, &format!("{pointer}/child_modules/{i}"), out)?;
    }
    Ok(())
}

/// `a.b[0]` and `a.b` name the same resource (an instance of it).
fn same_resource(base: &str, address: &str) -> bool {
    address == base
        || address
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('['))
}

/// `module.x[0].aws_iam_role.this["k"]` -> the configuration path `[x]` and `aws_iam_role.this`.
fn config_path(address: &str) -> (Vec<String>, String) {
    let mut modules = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find('.').unwrap_or(after.len());
        let name = after.get(..end).unwrap_or(after);
        modules.push(name.split('[').next().unwrap_or(name).to_owned());
        rest = after.get(end + 1..).unwrap_or("");
    }
    let bare = rest.split('[').next().unwrap_or(rest).to_owned();
    (modules, bare)
}

struct Reader<'a> {
    resources: &'a [Res<'a>],
    changes: &'a BTreeMap<&'a str, &'a Value>,
    config: Option<&'a Value>,
    index: Option<&'a HclIndex>,
}

impl Reader<'_> {
    /// The configuration's `expressions` of a resource.
    fn expressions(&self, address: &str) -> Option<&Value> {
        let (modules, bare) = config_path(address);
        let mut module = self.config?;
        for m in &modules {
            module = module.get("module_calls")?.get(m)?.get("module")?;
        }
        module
            .get("resources")?
            .as_array()?
            .iter()
            .find(|r| r.get("address").and_then(Value::as_str) == Some(bare.as_str()))?
            .get("expressions")
    }

    fn find(&self, address: &str) -> Option<&Res<'_>> {
        self.resources
            .iter()
            .find(|r| r.address == address)
            .or_else(|| {
                self.resources
                    .iter()
                    .find(|r| same_resource(address, &r.address))
            })
    }

    fn role(&self, r: &Res<'_>, consumed: &mut Vec<String>, inv: &mut Inventory) -> Option<Found> {
        let refs: Vec<String> = self
            .expressions(&r.address)
            .and_then(|e| e.pointer("/assume_role_policy/references"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let data = refs.iter().find_map(|x| {
            let name = x.strip_prefix("data.aws_iam_policy_document.")?;
            let name = name.strip_suffix(".json").unwrap_or(name);
            Some(format!(
                "{}data.aws_iam_policy_document.{}",
                r.module,
                name.split('.').next().unwrap_or(name)
            ))
        });
        if let Some(d) = &data {
            consumed.push(d.clone());
        }
        let mut found = Found {
            name: r.address.clone(),
            document: Value::Null,
            map: SourceMap::default(),
            notes: Vec::new(),
        };
        let site = self
            .index
            .and_then(|i| i.locate(&r.address, &mut found.map));
        if let Some(text) = r
            .values
            .and_then(|v| v.get("assume_role_policy"))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            match serde_json::from_str(text) {
                Ok(doc) => found.document = doc,
                Err(e) => {
                    inv.notes.push((
                        note(
                            codes::INVALID_POLICY_JSON,
                            "",
                            format!(
                                "the `assume_role_policy` of `{}` is not JSON: {e}",
                                r.address
                            ),
                            "check the expression that writes it",
                        ),
                        site,
                    ));
                    return None;
                }
            }
            if let Some(d) = &data {
                self.map_data_source(d, &mut found.map);
            }
            return Some(found);
        }
        if let Some(d) = &data
            && let Some(from_data) = self.data_source(d)
        {
            found.document = from_data.document;
            found.notes = from_data.notes;
            found.map.merge(from_data.map);
            return Some(found);
        }
        let unknown = self
            .changes
            .get(r.address.as_str())
            .and_then(|c| c.pointer("/change/after_unknown/assume_role_policy"))
            .is_some_and(|v| v == &Value::Bool(true));
        let why = if unknown {
            let on = refs
                .first()
                .map_or_else(String::new, |x| format!(" (it depends on `{x}`)"));
            format!(
                "known after apply: the whole `assume_role_policy` of `{}`{on}, so it was not linted",
                r.address
            )
        } else {
            format!(
                "`{}` has no `assume_role_policy` in the plan, so it was not linted",
                r.address
            )
        };
        inv.notes.push((
            note(codes::UNKNOWN_UNTIL_APPLY, "", why, APPLY_UNKNOWNS.help),
            site,
        ));
        None
    }

    fn map_data_source(&self, address: &str, map: &mut SourceMap) {
        if let Some(i) = self.index {
            let mut data_map = SourceMap::default();
            if i.locate(address, &mut data_map).is_some() {
                map.merge(data_map);
            }
        }
    }

    /// A policy-document data source: its `json` when known, else rebuilt from the change.
    fn data_source(&self, address: &str) -> Option<Found> {
        let r = self.find(address)?;
        let mut found = Found {
            name: r.address.clone(),
            document: Value::Null,
            map: SourceMap::default(),
            notes: Vec::new(),
        };
        self.index
            .and_then(|i| i.locate(&r.address, &mut found.map));
        if let Some(doc) = r
            .values
            .and_then(|v| v.get("json"))
            .and_then(Value::as_str)
            .and_then(|t| serde_json::from_str(t).ok())
        {
            found.document = doc;
            return Some(found);
        }
        let change = self.changes.get(r.address.as_str())?;
        let after = change.pointer("/change/after");
        let unknown = change.pointer("/change/after_unknown");
        let expressions = self.expressions(&r.address);
        let statements = self.statements(&r.module, after, unknown, expressions);
        found.document = document::render(
            &statements,
            APPLY_UNKNOWNS,
            &mut found.map,
            &mut found.notes,
        );
        Some(found)
    }

    fn statements(
        &self,
        module: &str,
        after: Option<&Value>,
        unknown: Option<&Value>,
        expr: Option<&Value>,
    ) -> Vec<Statement> {
        let count = after
            .and_then(|a| a.get("statement"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..count)
            .map(|i| {
                let at = |k: &str| {
                    Leaf::new(
                        self,
                        module,
                        after,
                        unknown,
                        expr,
                        &format!("/statement/{i}/{k}"),
                    )
                };
                let mut st = Statement {
                    sid: at("sid").val().filter(|v| v != &Val::Known(String::new())),
                    effect: at("effect").val(),
                    actions: at("actions").list().unwrap_or_default(),
                    not_actions: at("not_actions").list().unwrap_or_default(),
                    ..Statement::default()
                };
                let n = |k: &str| {
                    after
                        .and_then(|a| a.pointer(&format!("/statement/{i}/{k}")))
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len)
                };
                let at = |path: String| Leaf::new(self, module, after, unknown, expr, &path);
                for j in 0..n("principals") {
                    let p = |k: &str| at(format!("/statement/{i}/principals/{j}/{k}"));
                    st.principals.push(Principal {
                        kind: p("type").val().unwrap_or(Val::Known("AWS".into())),
                        identifiers: p("identifiers").list(),
                    });
                }
                for j in 0..n("condition") {
                    let c = |k: &str| at(format!("/statement/{i}/condition/{j}/{k}"));
                    st.conditions.push(Cond {
                        test: c("test").val().unwrap_or(Val::Unknown("test".into())),
                        variable: c("variable")
                            .val()
                            .unwrap_or(Val::Unknown("variable".into())),
                        values: c("values").list(),
                        site: None,
                    });
                }
                st
            })
            .collect()
    }

    /// A reference's value when the plan knows it: an OIDC provider's `url` or `arn`.
    fn resolve(&self, module: &str, reference: &str) -> Option<String> {
        let rest = reference.strip_prefix("aws_iam_openid_connect_provider.")?;
        let (name, attr) = rest.rsplit_once('.')?;
        let provider = self.find(&format!("{module}aws_iam_openid_connect_provider.{name}"))?;
        let values = provider.values?;
        let url = values.get("url").and_then(Value::as_str)?;
        match attr {
            "url" => Some(oidc_trust::providers::key_prefix(url).to_owned()),
            "arn" => Some(values.get("arn").and_then(Value::as_str).map_or_else(
                || {
                    format!(
                        "arn:aws:iam::${{known after apply}}:oidc-provider/{}",
                        oidc_trust::providers::key_prefix(url)
                    )
                },
                str::to_owned,
            )),
            _ => None,
        }
    }
}

/// One leaf of a change: its `after` value, its `after_unknown` mark and its configuration
/// expression, at one pointer.
struct Leaf<'a> {
    reader: &'a Reader<'a>,
    module: &'a str,
    after: Option<&'a Value>,
    unknown: Option<&'a Value>,
    expr: Option<&'a Value>,
}

impl<'a> Leaf<'a> {
    fn new(
        reader: &'a Reader<'a>,
        module: &'a str,
        after: Option<&'a Value>,
        unknown: Option<&'a Value>,
        expr: Option<&'a Value>,
        pointer: &str,
    ) -> Self {
        Leaf {
            reader,
            module,
            after: after.and_then(|a| a.pointer(pointer)),
            unknown: unknown_at(unknown, pointer),
            expr: expr.and_then(|e| e.pointer(pointer)),
        }
    }

    fn is_unknown(&self) -> bool {
        self.unknown == Some(&Value::Bool(true))
    }

    /// What an unknown value waits for: the first reference of its expression.
    fn unknown_val(&self) -> Val {
        let reference = self
            .expr
            .and_then(|e| e.get("references"))
            .and_then(Value::as_array)
            .and_then(|r| r.first())
            .and_then(Value::as_str);
        match reference {
            Some(r) => self
                .reader
                .resolve(self.module, r)
                .map_or_else(|| Val::Unknown(r.to_owned()), Val::Known),
            None => Val::Unknown("known after apply".to_owned()),
        }
    }

    fn val(&self) -> Option<Val> {
        if self.is_unknown() {
            return Some(self.unknown_val());
        }
        match self.after? {
            Value::String(s) => Some(Val::Known(s.clone())),
            Value::Null => None,
            other => Some(Val::Known(other.to_string())),
        }
    }

    fn list(&self) -> Result<Vec<Val>, String> {
        if self.is_unknown() {
            return match self.unknown_val() {
                Val::Known(v) => Ok(vec![Val::Known(v)]),
                Val::Unknown(name) => Err(name),
            };
        }
        let items = self
            .after
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if self.unknown.and_then(|u| u.get(i)) == Some(&Value::Bool(true)) {
                    self.unknown_val()
                } else {
                    Val::Known(
                        item.as_str()
                            .map_or_else(|| item.to_string(), str::to_owned),
                    )
                }
            })
            .collect())
    }
}

/// The `after_unknown` mark at a pointer: `true` anywhere above it marks it unknown.
fn unknown_at<'a>(unknown: Option<&'a Value>, pointer: &str) -> Option<&'a Value> {
    let mut node = unknown?;
    for part in pointer.split('/').skip(1) {
        if node == &Value::Bool(true) {
            return Some(node);
        }
        node = match node {
            Value::Object(m) => m.get(part)?,
            Value::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_marks_cover_their_children() {
        let u = json!({"statement": [{"principals": [{"identifiers": true}]}], "json": true});
        assert_eq!(
            unknown_at(Some(&u), "/statement/0/principals/0/identifiers"),
            Some(&Value::Bool(true))
        );
        assert_eq!(unknown_at(Some(&u), "/json/x"), Some(&Value::Bool(true)));
        assert_eq!(unknown_at(Some(&u), "/statement/0/condition"), None);
    }

    #[test]
    fn config_paths_drop_indexes() {
        let (m, bare) = config_path("module.a[0].module.b.aws_iam_role.this[\"k\"]");
        assert_eq!(m, ["a", "b"]);
        assert_eq!(bare, "aws_iam_role.this");
        assert!(same_resource("data.x.y", "data.x.y[0]"));
        assert!(!same_resource("data.x.y", "data.x.yz"));
    }
}
