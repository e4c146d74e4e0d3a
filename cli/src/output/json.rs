//! `{"files": [{"path", "kind", "policies", "diagnostics": [...]}], "summary": {...}}`: each
//! diagnostic as the core writes it, with `location` (file, line, column) and `policy`.

use serde_json::json;

use super::FileReport;
use crate::render;

/// The JSON report.
pub fn report(reports: &[FileReport]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            let diagnostics: Vec<serde_json::Value> = r
                .findings
                .iter()
                .map(|f| {
                    let mut v = serde_json::to_value(&f.diagnostic).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        if let Some(s) = &f.site {
                            o.insert("location".into(), json!({"file": s.file, "line": s.line, "column": s.column, "endLine": s.end_line, "endColumn": s.end_column}));
                        }
                        if let Some(p) = &f.policy {
                            o.insert("policy".into(), p.clone().into());
                        }
                    }
                    v
                })
                .collect();
            json!({"path": r.name, "kind": r.kind.name(), "policies": r.policies, "diagnostics": diagnostics})
        })
        .collect();
    let all: Vec<_> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.diagnostic.clone()))
        .collect();
    let (e, w, i) = render::count(&all);
    json!({
        "files": files,
        "summary": {"files": reports.len(), "error": e, "warning": w, "info": i}
    })
}
