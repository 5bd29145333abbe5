//! The layout rules of `src/`, checked on the source itself (parsed with syn), so they cannot erode:
//!
//! - no file imports a file that imports it back, directly or through others (a `use`, a `pub use`
//!   re-export or a path written in code, resolved to the file that holds the module it names);
//! - no function is over 100 lines;
//! - `lib.rs` stays under 120 lines;
//! - every file opens with a `//!` comment saying what it owns.
//!
//! A `mod child;` declaration is not an import: a parent may declare its children, but a child that
//! uses an item defined in its parent's file, while the parent uses the child, is a circle.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module: its path from the crate root, and the file that holds it.
#[derive(Debug, Clone)]
struct Module {
    file: PathBuf,
}

/// Every module of the library crate (and, under `bin`, of the binary), by path.
struct Tree {
    modules: BTreeMap<Vec<String>, Module>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn parse(file: &Path) -> syn::File {
    let text = std::fs::read_to_string(file).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The file of `mod name;` declared in `parent` (a `mod.rs`, `lib.rs` or `main.rs` owns its folder;
/// `x.rs` owns `x/`).
fn child_file(parent: &Path, name: &str) -> PathBuf {
    let stem = parent.file_stem().unwrap().to_string_lossy();
    let dir = if ["mod", "lib", "main"].contains(&stem.as_ref()) {
        parent.parent().unwrap().to_path_buf()
    } else {
        parent.with_extension("")
    };
    let flat = dir.join(format!("{name}.rs"));
    if flat.exists() {
        flat
    } else {
        dir.join(name).join("mod.rs")
    }
}

fn collect(tree: &mut Tree, path: Vec<String>, file: &Path, items: &[syn::Item]) {
    for item in items {
        if let syn::Item::Mod(m) = item {
            let mut child = path.clone();
            child.push(m.ident.to_string());
            match &m.content {
                // An inline module (tests) belongs to its file.
                Some((_, inner)) => {
                    tree.modules.insert(
                        child.clone(),
                        Module {
                            file: file.to_path_buf(),
                        },
                    );
                    collect(tree, child, file, inner);
                }
                None => {
                    let child_path = child_file(file, &m.ident.to_string());
                    tree.modules.insert(
                        child.clone(),
                        Module {
                            file: child_path.clone(),
                        },
                    );
                    let parsed = parse(&child_path);
                    collect(tree, child, &child_path, &parsed.items);
                }
            }
        }
    }
}

fn tree(root_file: &str) -> Tree {
    let root = src().join(root_file);
    let mut tree = Tree {
        modules: BTreeMap::new(),
    };
    tree.modules
        .insert(Vec::new(), Module { file: root.clone() });
    let parsed = parse(&root);
    collect(&mut tree, Vec::new(), &root, &parsed.items);
    tree
}

/// Collects, for one file, the module paths its `use` items and written paths name.
struct Imports<'t> {
    tree: &'t Tree,
    /// The module the code being visited is in (inline modules included).
    here: Vec<String>,
    /// Whether `frontfeed::` names the library (in the binary's files).
    extern_lib: bool,
    found: BTreeSet<Vec<String>>,
}

impl Imports<'_> {
    /// The deepest module a path starting with `segments` names, if it starts at the crate root,
    /// `self` or `super`.
    fn resolve(&self, segments: &[String]) -> Option<Vec<String>> {
        let (mut at, rest): (Vec<String>, &[String]) = match segments.first()?.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "frontfeed" if self.extern_lib => (Vec::new(), &segments[1..]),
            "self" => (self.here.clone(), &segments[1..]),
            "super" => {
                let mut at = self.here.clone();
                let mut rest = segments;
                while rest.first().map(String::as_str) == Some("super") {
                    at.pop();
                    rest = &rest[1..];
                }
                (at, rest)
            }
            _ => return None,
        };
        for segment in rest {
            if segment == "self" {
                continue;
            }
            let mut next = at.clone();
            next.push(segment.clone());
            if self.tree.modules.contains_key(&next) {
                at = next;
            } else {
                break;
            }
        }
        Some(at)
    }

    fn note(&mut self, segments: &[String]) {
        if let Some(module) = self.resolve(segments) {
            self.found.insert(module);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.note(prefix);
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                self.note(prefix);
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.note(prefix),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(prefix, item);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Imports<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.note(&segments);
        syn::visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.here.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.here.pop();
        }
    }
}

/// Which files each file of the library imports.
fn file_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let tree = tree("lib.rs");
    let mut graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (path, module) in &tree.modules {
        // Inline modules are visited with their file.
        if path.split_last().is_some_and(|(_, parent)| {
            tree.modules.get(parent).map(|m| &m.file) == Some(&module.file)
        }) {
            continue;
        }
        let parsed = parse(&module.file);
        let mut imports = Imports {
            tree: &tree,
            here: path.clone(),
            extern_lib: false,
            found: BTreeSet::new(),
        };
        imports.visit_file(&parsed);
        let targets = graph.entry(module.file.clone()).or_default();
        for found in imports.found {
            let file = &tree.modules[&found].file;
            if *file != module.file {
                targets.insert(file.clone());
            }
        }
    }
    graph
}

/// One circle of the graph, if there is any: a file, and the files through which it imports itself.
fn find_circle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        marks: &mut BTreeMap<PathBuf, Mark>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|n| n == node).unwrap();
                let mut circle = stack[start..].to_vec();
                circle.push(node.clone());
                return Some(circle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, marks, stack) {
                return Some(circle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, graph, &mut marks, &mut Vec::new()) {
            return Some(circle);
        }
    }
    None
}

fn short(path: &Path) -> String {
    path.strip_prefix(src().parent().unwrap())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let graph = file_graph();
    assert!(graph.len() > 10, "the library's files were found");
    if let Some(circle) = find_circle(&graph) {
        let names: Vec<String> = circle.iter().map(|p| short(p)).collect();
        panic!("import circle: {}", names.join(" -> "));
    }
}

#[test]
fn the_circle_check_finds_a_circle() {
    let a = PathBuf::from("a.rs");
    let b = PathBuf::from("b.rs");
    let c = PathBuf::from("c.rs");
    let mut graph = BTreeMap::new();
    graph.insert(a.clone(), BTreeSet::from([b.clone()]));
    graph.insert(b.clone(), BTreeSet::from([c.clone()]));
    graph.insert(c.clone(), BTreeSet::new());
    assert_eq!(find_circle(&graph), None);
    graph.get_mut(&c).unwrap().insert(a.clone());
    assert_eq!(find_circle(&graph), Some(vec![a.clone(), b, c, a]));
}

/// Every function's length in lines, from `fn` to its closing brace, outside test modules.
struct Lengths {
    file: String,
    long: Vec<String>,
}

impl Lengths {
    fn check(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        let start = sig.fn_token.span.start().line;
        let end = block.brace_token.span.close().end().line;
        let lines = end + 1 - start;
        if lines > 100 {
            self.long
                .push(format!("{}:{start}: fn {name} is {lines} lines", self.file));
        }
    }
}

impl<'ast> Visit<'ast> for Lengths {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.check(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.check(&f.sig.ident, &f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.check(&f.sig.ident, &f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let is_test = m.attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
        });
        if !is_test {
            syn::visit::visit_item_mod(self, m);
        }
    }
}

fn source_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn no_function_is_over_100_lines() {
    let mut long = Vec::new();
    for file in source_files() {
        let mut lengths = Lengths {
            file: short(&file),
            long: Vec::new(),
        };
        lengths.visit_file(&parse(&file));
        long.extend(lengths.long);
    }
    assert!(
        long.is_empty(),
        "functions over 100 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn lib_rs_is_the_crate_doc_and_the_entry_points() {
    let lines = std::fs::read_to_string(src().join("lib.rs"))
        .unwrap()
        .lines()
        .count();
    assert!(lines < 120, "src/lib.rs is {lines} lines");
}

#[test]
fn every_file_says_what_it_owns() {
    let silent: Vec<String> = source_files()
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .map(|f| short(f))
        .collect();
    assert!(silent.is_empty(), "files without a //! comment: {silent:?}");
}
