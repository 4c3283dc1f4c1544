//! `ecsform render` of the example stacks, as snapshots: the defaults table's reset
//! defaults made explicit in the file's shape.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use ecsform_spec::{Vars, load_path, var_file};

const EXAMPLES: [&str; 3] = ["retail-store", "service-connect-nginx", "ec2-bridge-nginx"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example_vars() -> Vars {
    let text = std::fs::read_to_string(root().join("examples/example.env")).unwrap();
    Vars::isolated(var_file::parse("example.env", &text).unwrap())
}

#[test]
fn rendered_examples() {
    for name in EXAMPLES {
        let loaded = load_path(&root().join("examples").join(name), &example_vars()).unwrap();
        let stack = loaded.stack.unwrap();
        let rendered = ecsform_model::render::render(&stack.spec);
        let yaml = serde_saphyr::to_string(&rendered).unwrap();
        insta::assert_snapshot!(format!("render-{name}"), yaml);
    }
}

#[test]
fn a_rendered_stack_is_a_valid_stack_file() {
    for name in EXAMPLES {
        let loaded = load_path(&root().join("examples").join(name), &example_vars()).unwrap();
        let rendered = ecsform_model::render::render(&loaded.stack.unwrap().spec);
        let back: Result<ecsform_spec::types::StackFile, _> = serde_json::from_value(rendered);
        assert!(back.is_ok(), "{name}: {back:?}");
    }
}
