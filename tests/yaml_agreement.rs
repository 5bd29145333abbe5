//! The fast front-matter reader agrees with serde_yaml_ng: whenever it answers, serde_yaml_ng parses
//! the same text to the same tree. Two generators: block YAML rendered from random trees in every
//! style the fast reader takes (so it must answer), and lines assembled from YAML's tricky pieces
//! (where it may decline, but never differ).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use frontfeed::input::block_yaml;
use proptest::prelude::*;
use serde_yaml_ng::Value;

/// Checks agreement; returns whether the fast reader answered.
fn agrees(yaml: &str) -> Result<bool, TestCaseError> {
    let Some(fast) = block_yaml::parse(yaml) else {
        return Ok(false);
    };
    let full = serde_yaml_ng::from_str::<Value>(yaml);
    prop_assert!(
        full.is_ok(),
        "fast reader accepted what serde_yaml_ng rejects ({:?}):\n{yaml}",
        full.err()
    );
    prop_assert_eq!(fast, full.unwrap(), "{}", yaml);
    Ok(true)
}

/// A scalar as written in YAML, in any of the three one-line styles.
fn scalar() -> impl Strategy<Value = String> {
    let words = prop_oneof![
        "[a-zA-Z][a-zA-Z0-9 ,.!?/()&%$'\"-]{0,20}",
        "\\PC{1,12}",
        "[0-9][0-9a-zA-Z:.+ -]{0,12}",
        Just("2024-05-01T10:00:00Z".to_owned()),
        Just("true".to_owned()),
        Just("Null".to_owned()),
        Just("~".to_owned()),
        Just("0".to_owned()),
        Just("-12".to_owned()),
        Just("5G".to_owned()),
        Just("https://example.org/a?b=c#d".to_owned()),
    ];
    (words, 0..3usize).prop_map(|(text, style)| match style {
        0 => text,
        1 => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
        _ => format!("'{}'", text.replace('\'', "''")),
    })
}

/// A node of a front-matter-like tree.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
}

fn node() -> impl Strategy<Value = Node> {
    let key = "[a-zA-Z_][a-zA-Z0-9_-]{0,8}";
    scalar()
        .prop_map(Node::Scalar)
        .prop_recursive(4, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec((key, inner.clone()), 1..5).prop_map(Node::Map),
                prop::collection::vec(inner, 1..5).prop_map(Node::List),
            ]
        })
}

/// Renders `node` in block style at `indent`, with `step` extra spaces per level and, where YAML
/// allows it, lists at their key's own indentation.
fn render(node: &Node, indent: usize, step: usize, compact: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Node::Scalar(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Node::Map(entries) => {
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 || !out.ends_with("- ") {
                    out.push_str(&pad);
                }
                out.push_str(key);
                out.push(':');
                match value {
                    Node::Scalar(s) => {
                        out.push(' ');
                        out.push_str(s);
                        out.push('\n');
                    }
                    Node::List(_) if compact => {
                        out.push('\n');
                        render(value, indent, step, compact, out);
                    }
                    _ => {
                        out.push('\n');
                        render(value, indent + step, step, compact, out);
                    }
                }
            }
        }
        Node::List(items) => {
            for item in items {
                out.push_str(&pad);
                match item {
                    Node::List(_) => {
                        out.push_str("-\n");
                        render(item, indent + step, step, compact, out);
                    }
                    _ => {
                        out.push_str("- ");
                        render(item, indent + 2, step, compact, out);
                    }
                }
            }
        }
    }
}

/// A line built from the pieces YAML is tricky about.
fn tricky_line() -> impl Strategy<Value = String> {
    let indent = prop_oneof![Just(""), Just("  "), Just("    "), Just(" ")];
    let lead = prop_oneof![Just(""), Just("- "), Just("-"), Just("- - ")];
    let key = prop_oneof![
        Just("a:"),
        Just("b: "),
        Just("a: "),
        Just("true: "),
        Just("\"q\": "),
        Just("? "),
        Just(""),
        Just("k:v "),
    ];
    let value = prop_oneof![
        scalar(),
        Just("[1, 2]".to_owned()),
        Just("{a: b}".to_owned()),
        Just("|".to_owned()),
        Just(">-".to_owned()),
        Just("&x 1".to_owned()),
        Just("*x".to_owned()),
        Just("!t v".to_owned()),
        Just("\"open".to_owned()),
        Just("'open".to_owned()),
        Just("a # c".to_owned()),
        Just("a\tb".to_owned()),
        Just("\"\\e \\N \\_ \\x85 \\u2028 \\ud800\"".to_owned()),
        Just("x\u{85}y".to_owned()),
        Just("\u{1}".to_owned()),
        Just("0x1F".to_owned()),
        Just("-.inf".to_owned()),
        Just("1e3".to_owned()),
        Just("007".to_owned()),
        Just("---".to_owned()),
        Just("#".to_owned()),
        Just(String::new()),
    ];
    let tail = prop_oneof![Just(""), Just("  "), Just(" # note"), Just(":")];
    (indent, lead, key, value, tail).prop_map(|(i, l, k, v, t)| format!("{i}{l}{k}{v}{t}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn block_yaml_from_trees_is_read_alike(
        root in prop::collection::vec(("[a-z][a-zA-Z0-9]{0,6}", node()), 1..6),
        step in 1..4usize,
        compact in any::<bool>(),
        blank in any::<bool>(),
    ) {
        let mut yaml = String::new();
        render(&Node::Map(root), 0, step, compact, &mut yaml);
        if blank {
            yaml = yaml.replace('\n', "\n\n# comment\n");
        }
        agrees(&yaml)?;
    }

    #[test]
    fn tricky_lines_are_read_alike_or_declined(
        lines in prop::collection::vec(tricky_line(), 1..8),
    ) {
        agrees(&(lines.join("\n") + "\n"))?;
    }
}

/// Share of well-formed generated trees the fast reader takes: it must be most of them, or the
/// agreement checks above would prove little.
#[test]
fn the_fast_reader_takes_most_generated_front_matter() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = prop::collection::vec(("[a-z][a-zA-Z0-9]{0,6}", node()), 1..6);
    let (mut valid, mut taken) = (0, 0);
    for _ in 0..1000 {
        let root = strategy.new_tree(&mut runner).unwrap().current();
        let mut yaml = String::new();
        render(&Node::Map(root), 0, 2, false, &mut yaml);
        if serde_yaml_ng::from_str::<Value>(&yaml).is_ok() {
            valid += 1;
            if block_yaml::parse(&yaml).is_some() {
                taken += 1;
            }
        }
    }
    eprintln!("{taken} taken of {valid} valid");
    assert!(valid > 300, "{valid} valid of 1000");
    assert!(taken * 10 >= valid * 6, "{taken} taken of {valid} valid");
}
