//! `.tf` files, parsed with `hcl-edit` (which keeps byte spans): the places that wrote a
//! plan's trust policies (`--source-root`), and a literals-only reading for pre-commit
//! (`jsonencode` of literals, heredoc JSON, `aws_iam_policy_document` blocks with literal
//! values). Nothing is evaluated: a reference, a function other than `jsonencode` or a
//! `dynamic` block is reported as a value this reading cannot know.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, BlockLabel, Body};
use oidc_trust::Diagnostic;
use oidc_trust::codes;
use serde_json::Value;

use super::document::{self, Cond, Principal, Statement, Unknowns, Val};
use super::{Found, Inventory, Kind, Site, SourceMap, note};
use crate::input::{InputError, Source};

/// How the literal reading reports what it cannot know.
const LITERAL_UNKNOWNS: Unknowns = Unknowns {
    code: codes::UNRESOLVED_PARAMETER,
    lead: "not a literal",
    help: "the literal reading of `.tf` files evaluates nothing: lint `terraform show -json` of a plan to check this value",
};

/// One parsed `.tf` file.
#[derive(Debug)]
pub struct HclFile {
    /// The name to show.
    pub display: String,
    /// The text.
    pub text: String,
    /// The parsed body.
    pub body: Body,
}

impl HclFile {
    /// Parses a file's text; a syntax error names the file, line and column.
    pub fn parse(display: &str, text: &str) -> Result<Self, InputError> {
        let body = hcl_edit::parser::parse_body(text).map_err(|e| {
            let loc = e.location();
            let mut err = InputError::in_file(display, format!("not valid HCL: {}", e.message()));
            err.line_column = Some((loc.line(), loc.column()));
            err
        })?;
        Ok(HclFile {
            display: display.to_owned(),
            text: text.to_owned(),
            body,
        })
    }

    fn site(&self, span: Option<std::ops::Range<usize>>) -> Option<Site> {
        span.map(|r| Site::of_range(&self.display, &self.text, r.start, r.end))
    }

    fn source_of(&self, e: &Expression) -> String {
        e.span()
            .and_then(|r| self.text.get(r))
            .map_or_else(|| e.to_string(), |s| s.trim().to_owned())
    }

    /// The top-level blocks `ident "type" "name"`.
    fn blocks<'a>(
        &'a self,
        ident: &'a str,
        kind: &'a str,
    ) -> impl Iterator<Item = (&'a Block, String)> + 'a {
        self.body.get_blocks(ident).filter_map(move |b| {
            let mut labels = b.labels.iter().map(label);
            (labels.next()? == kind)
                .then(|| labels.next())
                .flatten()
                .map(|n| (b, n))
        })
    }
}

fn label(l: &BlockLabel) -> String {
    match l {
        BlockLabel::String(s) => s.value().clone(),
        BlockLabel::Ident(i) => i.as_str().to_owned(),
    }
}

/// Every `.tf` file under a folder (not `.terraform/`), by folder.
#[derive(Debug, Default)]
pub struct HclIndex {
    dirs: BTreeMap<PathBuf, Vec<HclFile>>,
    root: PathBuf,
}

impl HclIndex {
    /// Reads and parses every `.tf` file under `root`.
    pub fn load(root: &Path) -> Result<Self, InputError> {
        let mut index = HclIndex {
            dirs: BTreeMap::new(),
            root: root.to_owned(),
        };
        let mut stack = vec![root.to_owned()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| {
                InputError::in_file(
                    &dir.display().to_string(),
                    format!("cannot read the source root: {e}"),
                )
            })?;
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if path.is_dir() {
                    if !name.starts_with('.') {
                        stack.push(path);
                    }
                } else if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("tf"))
                {
                    let display = path.display().to_string();
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        InputError::in_file(&display, format!("cannot read the file: {e}"))
                    })?;
                    let file = HclFile::parse(&display, &text)?;
                    index.dirs.entry(normal(&dir)).or_default().push(file);
                }
            }
        }
        Ok(index)
    }

    /// Where the resource or data source at `address` was written, recording the places of
    /// its policy's parts in `map`. A resource inside a module from a registry or a remote
    /// source points at the `module` block that calls it (the place the user edits).
    pub fn locate(&self, address: &str, map: &mut SourceMap) -> Option<Site> {
        let (modules, data, kind, name) = split_address(address)?;
        let mut dir = normal(&self.root);
        for m in &modules {
            let (file, block) = self.find(&dir, "module", None, m)?;
            let source = block
                .body
                .get_attribute("source")
                .and_then(|a| a.value.as_str().map(str::to_owned));
            match source {
                Some(s) if s.starts_with("./") || s.starts_with("../") => {
                    dir = normal(&dir.join(s));
                }
                _ => {
                    let site = file.site(block.span());
                    if let Some(site) = &site {
                        map.insert("", site.clone());
                    }
                    return site;
                }
            }
        }
        let ident = if data { "data" } else { "resource" };
        let (file, block) = self.find(&dir, ident, Some(&kind), &name)?;
        let site = file.site(block.span())?;
        map.insert("", site.clone());
        record_parts(file, block, map);
        Some(site)
    }

    fn find<'a>(
        &'a self,
        dir: &Path,
        ident: &'a str,
        kind: Option<&str>,
        name: &str,
    ) -> Option<(&'a HclFile, &'a Block)> {
        self.dirs.get(dir)?.iter().find_map(|f| {
            f.body.get_blocks(ident).find_map(|b| {
                let labels: Vec<String> = b.labels.iter().map(label).collect();
                let hit = match kind {
                    Some(k) => {
                        labels.first().is_some_and(|l| l == k)
                            && labels.get(1).is_some_and(|l| l == name)
                    }
                    None => labels.first().is_some_and(|l| l == name),
                };
                hit.then_some((f, b))
            })
        })
    }
}

/// `a/./b/../c` -> `a/c`, without touching the file system.
fn normal(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `module.a[0].module.b.data.aws_iam_policy_document.x["k"]` -> (`[a, b]`, data, type, name).
fn split_address(address: &str) -> Option<(Vec<String>, bool, String, String)> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for ch in address.chars() {
        match ch {
            '[' => {
                depth += 1;
            }
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            c if depth == 0 => cur.push(c),
            _ => {}
        }
    }
    parts.push(cur);
    let mut modules = Vec::new();
    let mut it = parts.into_iter().peekable();
    while it.peek().is_some_and(|p| p == "module") {
        it.next();
        modules.push(it.next()?);
    }
    let mut first = it.next()?;
    let data = first == "data";
    if data {
        first = it.next()?;
    }
    let name = it.next()?;
    Some((modules, data, first, name))
}

/// Records where a role's or a policy document's parts were written.
fn record_parts(file: &HclFile, block: &Block, map: &mut SourceMap) {
    if let Some(attr) = block.body.get_attribute("assume_role_policy") {
        if let Some(site) = file.site(attr.span()) {
            map.insert("", site);
        }
        if let Some(obj) = jsonencoded(&attr.value) {
            let mut ignored = Vec::new();
            to_json(file, obj, "", map, &mut ignored);
        }
    }
    if block.body.get_blocks("statement").next().is_some() {
        let mut ignored = Vec::new();
        let statements = statements(file, &block.body, &mut ignored);
        document::render(&statements, LITERAL_UNKNOWNS, map, &mut ignored);
    }
}

/// The argument of `jsonencode(...)`, if the expression is such a call.
fn jsonencoded(e: &Expression) -> Option<&Expression> {
    match e {
        Expression::FuncCall(call) if call.name.name.as_str() == "jsonencode" => {
            call.args.iter().next()
        }
        _ => None,
    }
}

/// An HCL expression as JSON: literals as they are, anything else as a `${...}`
/// placeholder holding its source text, recorded in `unknown` with its pointer.
fn to_json(
    file: &HclFile,
    e: &Expression,
    pointer: &str,
    map: &mut SourceMap,
    unknown: &mut Vec<(String, String)>,
) -> Value {
    if let Some(site) = file.site(e.span()) {
        map.insert(pointer, site);
    }
    match e {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => serde_json::from_str(&n.to_string()).unwrap_or(Value::Null),
        Expression::String(s) => Value::String(s.value().clone()),
        Expression::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(file, item, &format!("{pointer}/{i}"), map, unknown))
                .collect(),
        ),
        Expression::Object(obj) => {
            let mut out = serde_json::Map::new();
            for (key, value) in obj {
                let k = match key {
                    ObjectKey::Ident(i) => i.as_str().to_owned(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    ObjectKey::Expression(other) => {
                        let text = file.source_of(other);
                        let k =
                            template_text(file, other).unwrap_or_else(|| format!("${{{text}}}"));
                        if k.contains("${") {
                            unknown.push((
                                format!("{pointer}/{}", oidc_trust::diagnostic::pointer_escape(&k)),
                                text,
                            ));
                        }
                        k
                    }
                };
                let at = format!("{pointer}/{}", oidc_trust::diagnostic::pointer_escape(&k));
                if let (Some(ks), Some(vs)) = (key.span(), value.expr().span()) {
                    map.insert(
                        &at,
                        Site::of_range(&file.display, &file.text, ks.start, vs.end),
                    );
                }
                let v = to_json(file, value.expr(), &at, map, unknown);
                out.insert(k, v);
            }
            Value::Object(out)
        }
        other => {
            if let Some(t) = template_text(file, other) {
                if t.contains("${") {
                    unknown.push((pointer.to_owned(), file.source_of(other)));
                }
                return Value::String(t);
            }
            let text = file.source_of(other);
            unknown.push((pointer.to_owned(), text.clone()));
            Value::String(format!("${{{text}}}"))
        }
    }
}

/// A string template's text with each interpolation kept as `${...}` (its source).
fn template_text(file: &HclFile, e: &Expression) -> Option<String> {
    let Expression::StringTemplate(t) = e else {
        return None;
    };
    elements_text(file, t)
}

/// A template's elements as text, interpolations as `${...}`; `None` with a directive.
fn elements_text(file: &HclFile, t: &hcl_edit::template::Template) -> Option<String> {
    let mut out = String::new();
    for el in t {
        match el {
            hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
            hcl_edit::template::Element::Interpolation(i) => {
                out.push_str("${");
                out.push_str(&file.source_of(&i.expr));
                out.push('}');
            }
            hcl_edit::template::Element::Directive(_) => return None,
        }
    }
    Some(out)
}

/// A literal string (or number, bool) as a known value; anything else as unknown, named by
/// its source.
fn lit(file: &HclFile, e: &Expression) -> Val {
    match e {
        Expression::String(s) => Val::Known(s.value().clone()),
        Expression::Number(n) => Val::Known(n.to_string()),
        Expression::Bool(b) => Val::Known(b.value().to_string()),
        other => Val::Unknown(file.source_of(other)),
    }
}

fn lit_list(file: &HclFile, e: &Expression) -> Result<Vec<Val>, String> {
    match e {
        Expression::Array(items) => Ok(items.iter().map(|i| lit(file, i)).collect()),
        other => Err(file.source_of(other)),
    }
}

/// The `statement` blocks of a policy-document body; `dynamic` blocks are noted.
fn statements(file: &HclFile, body: &Body, notes: &mut Vec<Diagnostic>) -> Vec<Statement> {
    let mut out = Vec::new();
    for b in body.get_blocks("dynamic") {
        let name = b.labels.first().map(label).unwrap_or_default();
        notes.push(note(
            codes::UNRESOLVED_PARAMETER,
            "",
            format!("not a literal: a `dynamic \"{name}\"` block, so its statements or conditions were not read"),
            LITERAL_UNKNOWNS.help,
        ));
    }
    for st in body.get_blocks("statement") {
        let attr = |k: &str| st.body.get_attribute(k).map(|a| &a.value);
        let mut s = Statement {
            sid: attr("sid").map(|e| lit(file, e)),
            effect: attr("effect").map(|e| lit(file, e)),
            site: file.site(st.span()),
            ..Statement::default()
        };
        for (key, slot) in [
            ("actions", &mut s.actions),
            ("not_actions", &mut s.not_actions),
        ] {
            if let Some(e) = attr(key) {
                *slot = lit_list(file, e).unwrap_or_else(|name| vec![Val::Unknown(name)]);
            }
        }
        for p in st.body.get_blocks("principals") {
            let kind = p
                .body
                .get_attribute("type")
                .map_or(Val::Known("AWS".into()), |a| lit(file, &a.value));
            let identifiers = p
                .body
                .get_attribute("identifiers")
                .map_or(Ok(Vec::new()), |a| lit_list(file, &a.value));
            s.principals.push(Principal { kind, identifiers });
        }
        for c in st.body.get_blocks("condition") {
            let get = |k: &str| c.body.get_attribute(k).map(|a| &a.value);
            s.conditions.push(Cond {
                test: get("test").map_or(Val::Unknown("test".into()), |e| template_or_lit(file, e)),
                variable: get("variable").map_or(Val::Unknown("variable".into()), |e| {
                    template_or_lit(file, e)
                }),
                values: get("values").map_or(Ok(Vec::new()), |e| lit_list(file, e)),
                site: file.site(c.span()),
            });
        }
        if st.body.get_blocks("dynamic").next().is_some() {
            notes.push(note(
                codes::UNRESOLVED_PARAMETER,
                &format!("/Statement/{}", out.len()),
                "not a literal: a `dynamic` block inside the statement, so some of its conditions or principals were not read".to_owned(),
                LITERAL_UNKNOWNS.help,
            ));
        }
        out.push(s);
    }
    out
}

/// A condition key written as a template (`"${local.issuer}:sub"`) keeps its shape, so the
/// key's claim is still known; `render` reports the placeholder.
fn template_or_lit(file: &HclFile, e: &Expression) -> Val {
    match template_text(file, e) {
        Some(t) if t.contains("${") => Val::Unknown(t.replace("${", "").replace('}', "")),
        Some(t) => Val::Known(t),
        None => lit(file, e),
    }
}

/// The literals-only reading of one `.tf` file: `aws_iam_role` trust policies written as
/// `jsonencode` of literals or heredoc JSON, and `aws_iam_policy_document` data sources.
pub fn read_literals(source: &Source) -> Result<Inventory, InputError> {
    let file = HclFile::parse(&source.name, &source.text)?;
    let mut inv = Inventory {
        kind: Some(Kind::Hcl),
        ..Inventory::default()
    };
    let mut consumed = Vec::new();
    for (block, name) in file.blocks("resource", "aws_iam_role") {
        let address = format!("aws_iam_role.{name}");
        let Some(attr) = block.body.get_attribute("assume_role_policy") else {
            continue;
        };
        let mut found = Found {
            name: address.clone(),
            document: Value::Null,
            map: SourceMap::default(),
            notes: Vec::new(),
        };
        if let Some(site) = file.site(attr.span()) {
            found.map.insert("", site);
        }
        if let Some(obj) = jsonencoded(&attr.value) {
            let mut unknown = Vec::new();
            found.document = to_json(&file, obj, "", &mut found.map, &mut unknown);
            for (pointer, text) in unknown {
                found.notes.push(LITERAL_UNKNOWNS.note(&pointer, &text));
            }
        } else if let Some(text) = heredoc_or_string(&file, &attr.value) {
            match serde_json::from_str::<Value>(&text) {
                Ok(v) => found.document = v,
                Err(e) => {
                    inv.notes.push((
                        note(
                            codes::INVALID_POLICY_JSON,
                            "",
                            format!("the `assume_role_policy` of `{address}` is not JSON: {e}"),
                            "write the policy as `jsonencode({...})` or valid JSON",
                        ),
                        file.site(attr.span()),
                    ));
                    continue;
                }
            }
        } else if let Some(data) = data_reference(&attr.value) {
            consumed.push(data.clone());
            if let Some((b, _)) = file
                .blocks("data", "aws_iam_policy_document")
                .find(|(_, n)| *n == data)
            {
                found.document = document::render(
                    &statements(&file, &b.body, &mut found.notes),
                    LITERAL_UNKNOWNS,
                    &mut found.map,
                    &mut found.notes,
                );
            } else {
                inv.notes.push((
                    note(codes::UNRESOLVED_PARAMETER, "", format!("not a literal: the `assume_role_policy` of `{address}` is `data.aws_iam_policy_document.{data}`, which is not in this file"), LITERAL_UNKNOWNS.help),
                    file.site(attr.span()),
                ));
                continue;
            }
        } else {
            inv.notes.push((
                note(
                    codes::UNRESOLVED_PARAMETER,
                    "",
                    format!(
                        "not a literal: the `assume_role_policy` of `{address}` is `{}`",
                        file.source_of(&attr.value)
                    ),
                    LITERAL_UNKNOWNS.help,
                ),
                file.site(attr.span()),
            ));
            continue;
        }
        inv.policies.push(found);
    }
    for (block, name) in file.blocks("data", "aws_iam_policy_document") {
        if consumed.contains(&name) {
            continue;
        }
        let mut found = Found {
            name: format!("data.aws_iam_policy_document.{name}"),
            document: Value::Null,
            map: SourceMap::default(),
            notes: Vec::new(),
        };
        if let Some(site) = file.site(block.span()) {
            found.map.insert("", site);
        }
        let sts = statements(&file, &block.body, &mut found.notes);
        found.document = document::render(&sts, LITERAL_UNKNOWNS, &mut found.map, &mut found.notes);
        inv.policies.push(found);
    }
    for (block, name) in file.blocks("resource", "aws_iam_openid_connect_provider") {
        let Some(Val::Known(url)) = block
            .body
            .get_attribute("url")
            .map(|a| lit(&file, &a.value))
        else {
            continue;
        };
        let client_ids = block
            .body
            .get_attribute("client_id_list")
            .and_then(|a| lit_list(&file, &a.value).ok())
            .and_then(|l| {
                l.into_iter()
                    .map(|v| match v {
                        Val::Known(s) => Some(s),
                        Val::Unknown(_) => None,
                    })
                    .collect()
            });
        inv.providers.push(super::Provider {
            name: format!("aws_iam_openid_connect_provider.{name}"),
            url: oidc_trust::providers::key_prefix(&url).to_owned(),
            client_ids,
            site: file.site(block.span()),
        });
    }
    Ok(inv)
}

/// A heredoc's or quoted string's text (interpolations kept as `${...}`).
fn heredoc_or_string(file: &HclFile, e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(_) => template_text(file, e),
        Expression::HeredocTemplate(h) => elements_text(file, &h.template),
        _ => None,
    }
}

/// `data.aws_iam_policy_document.NAME.json` -> `NAME`.
fn data_reference(e: &Expression) -> Option<String> {
    let Expression::Traversal(t) = e else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    if root.as_str() != "data" {
        return None;
    }
    let names: Vec<&str> = t
        .operators
        .iter()
        .filter_map(|op| match op.value() {
            hcl_edit::expr::TraversalOperator::GetAttr(i) => Some(i.as_str()),
            _ => None,
        })
        .collect();
    match names.as_slice() {
        ["aws_iam_policy_document", name, "json"] => Some((*name).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_modules_and_names() {
        let (m, data, kind, name) =
            split_address("module.a[0].module.b.data.aws_iam_policy_document.x[\"k.v\"]").unwrap();
        assert_eq!(m, ["a", "b"]);
        assert!(data);
        assert_eq!(
            (kind.as_str(), name.as_str()),
            ("aws_iam_policy_document", "x")
        );
        let (m, data, _, name) = split_address("aws_iam_role.this").unwrap();
        assert!(m.is_empty() && !data && name == "this");
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = HclFile::parse("main.tf", "resource \"a\" {\n  x = \n}").unwrap_err();
        assert_eq!(e.file.as_deref(), Some("main.tf"));
        assert!(e.line_column.is_some());
        assert!(e.message.starts_with("not valid HCL"));
    }
}
