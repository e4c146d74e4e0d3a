//! CDK cloud assemblies (`cdk synth` output, `cdk.out/`): the stack templates
//! `manifest.json` lists, read as CloudFormation, with each role named by its construct
//! path (the manifest's `aws:cdk:logicalId` metadata, else the template's `aws:cdk:path`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{Inventory, Kind, Options, cfn, yaml};
use crate::input::{self, InputError, Source};

/// Reads the assembly in a folder (its `manifest.json`).
pub fn read_dir(dir: &Path, options: &Options) -> Result<Inventory, InputError> {
    let manifest = dir.join("manifest.json");
    if !manifest.is_file() {
        return Err(InputError::in_file(
            &dir.display().to_string(),
            "a folder, but not a CDK cloud assembly: it has no `manifest.json` (run `cdk synth`, or name the files to lint)",
        ));
    }
    let source = input::read(&manifest)?;
    read_manifest(dir, &source, options)
}

/// Reads the stacks a manifest lists.
pub fn read_manifest(
    dir: &Path,
    source: &Source,
    options: &Options,
) -> Result<Inventory, InputError> {
    let manifest = input::parse_json(source)?;
    let Some(artifacts) = manifest.get("artifacts").and_then(Value::as_object) else {
        return Err(
            InputError::in_file(&source.name, "expected an object `artifacts`")
                .at(Some(&source.text), "/artifacts"),
        );
    };
    let mut inv = Inventory {
        kind: Some(Kind::Cdk),
        ..Inventory::default()
    };
    for (name, artifact) in artifacts {
        if artifact.get("type").and_then(Value::as_str) != Some("aws:cloudformation:stack") {
            continue;
        }
        let pointer = format!(
            "/artifacts/{}/properties/templateFile",
            oidc_trust::diagnostic::pointer_escape(name)
        );
        let Some(file) = artifact
            .pointer("/properties/templateFile")
            .and_then(Value::as_str)
        else {
            return Err(InputError::in_file(
                &source.name,
                "a stack artifact without `properties.templateFile`",
            )
            .at(Some(&source.text), &pointer));
        };
        let mut names = BTreeMap::new();
        for (path, entries) in artifact
            .get("metadata")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for e in entries.as_array().into_iter().flatten() {
                if e.get("type").and_then(Value::as_str) == Some("aws:cdk:logicalId")
                    && let Some(id) = e.get("data").and_then(Value::as_str)
                {
                    names.insert(id.to_owned(), path.trim_start_matches('/').to_owned());
                }
            }
        }
        let template = input::read(&dir.join(file))?;
        let tree = yaml::from_json(&template)?;
        let found = cfn::read_named(&template, &tree, options, &names, Kind::Cdk)?;
        inv.policies.extend(found.policies);
        inv.providers.extend(found.providers);
        inv.notes.extend(found.notes);
    }
    Ok(inv)
}
