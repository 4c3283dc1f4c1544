//! Property tests of the loader: no input makes it panic or hang, and every problem it
//! reports points inside its file and renders.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use ecsform_spec::{Loaded, SpecDiagnostic, Vars, load_bytes};
use miette::{GraphicalReportHandler, GraphicalTheme};
use proptest::prelude::*;

fn examples() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    for dir in ["retail-store", "service-connect-nginx", "ec2-bridge-nginx"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            out.push(std::fs::read(f).unwrap());
        }
    }
    out
}

fn vars() -> Vars {
    // Some variables set, some not: both paths of interpolation get exercised.
    Vars::isolated([
        ("AWS_REGION".to_owned(), "us-east-1".to_owned()),
        ("ACCOUNT_ID".to_owned(), "123456789012".to_owned()),
        ("VPC_ID".to_owned(), "vpc-1".to_owned()),
    ])
}

/// Loads, then checks what must hold whatever the input.
fn check(files: Vec<(String, Vec<u8>)>) -> Result<(), TestCaseError> {
    let loaded: Loaded = load_bytes(files, &vars());
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    for p in &loaded.problems {
        prop_assert!(!p.labels.is_empty(), "problem without a place: {p:?}");
        for l in &p.labels {
            let text = &loaded.sources[l.file].text;
            prop_assert!(l.span.end() <= text.len(), "label past the end: {p:?}");
            prop_assert!(
                text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end()),
                "label inside a character: {p:?}"
            );
        }
        let mut out = String::new();
        prop_assert!(
            handler
                .render_report(&mut out, &SpecDiagnostic::new(p, &loaded.sources))
                .is_ok()
        );
    }
    prop_assert_eq!(
        loaded.stack.is_some(),
        !loaded
            .problems
            .iter()
            .any(|p| p.severity == ecsform_spec::Severity::Error)
            && loaded.stack.is_some()
    );
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippets = prop::sample::select(vec![
        b": ".to_vec(),
        b"\n- ".to_vec(),
        b"${".to_vec(),
        b"}".to_vec(),
        b"[".to_vec(),
        b"\t".to_vec(),
        b"&a ".to_vec(),
        b"*a".to_vec(),
        b"<<: *a\n".to_vec(),
        b"\"".to_vec(),
        b"'".to_vec(),
        b"\xff".to_vec(),
        b"\0".to_vec(),
        b"? ".to_vec(),
        b"!!binary ".to_vec(),
        b"~".to_vec(),
        b"99999999999999999999".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), snippets).prop_map(|(i, s)| Mutation::Insert(i, s)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] = *b;
                }
            }
            Mutation::Delete(i, n) => {
                let i = i % len;
                let end = (i + n).min(bytes.len());
                if i < end {
                    bytes.drain(i..end);
                }
            }
            Mutation::Insert(i, s) => {
                let i = (i % len).min(bytes.len());
                bytes.splice(i..i, s.iter().copied());
            }
            Mutation::DuplicateLine(i) => {
                let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
                if !lines.is_empty() {
                    let k = i % lines.len();
                    let mut out = Vec::with_capacity(bytes.len() * 2);
                    for (j, l) in lines.iter().enumerate() {
                        out.extend_from_slice(l);
                        if j == k {
                            out.extend_from_slice(l);
                        }
                    }
                    bytes = out;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check(vec![("a.yaml".into(), bytes)])?;
    }

    #[test]
    fn yaml_shaped_text(text in "([a-zA-Z]{1,8}: ?|- |  |\\{|\\}|\\[|\\]|, |\\$\\{[A-Z_]{0,6}(:-[a-z]{0,3})?\\}?|[0-9]{1,3}|\"|'|\n|#|&a |\\*a|<<: ){0,80}") {
        check(vec![("a.yaml".into(), text.into_bytes())])?;
    }

    #[test]
    fn mutated_examples(which in 0usize..8, muts in prop::collection::vec(mutation(), 1..6)) {
        let all = examples();
        let original = all[which % all.len()].clone();
        check(vec![("a.yaml".into(), apply(original, &muts))])?;
    }

    #[test]
    fn mutated_folders(muts in prop::collection::vec(mutation(), 1..4), target in 0usize..4) {
        let all = examples();
        let mut files: Vec<(String, Vec<u8>)> = all[..4].iter().enumerate().map(|(i, b)| (format!("f{i}.yaml"), b.clone())).collect();
        let t = target % files.len();
        files[t].1 = apply(files[t].1.clone(), &muts);
        check(files)?;
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = "[".repeat(100_000);
    let loaded = load_bytes(vec![("deep.yaml".into(), deep.into_bytes())], &vars());
    assert!(!loaded.problems.is_empty());
    let deep_block: String = (0..5000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let loaded = load_bytes(vec![("deep.yaml".into(), deep_block.into_bytes())], &vars());
    assert!(!loaded.problems.is_empty());
}

#[test]
fn alias_bombs_are_refused() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let started = std::time::Instant::now();
    let loaded = load_bytes(vec![("bomb.yaml".into(), bomb.into_bytes())], &vars());
    assert!(!loaded.problems.is_empty());
    // Not a timing assertion of the tool's speed: a guard that expansion is refused
    // rather than carried out (10^13 nodes would never finish).
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
