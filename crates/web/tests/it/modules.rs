//! The web crate's modules import no circle (issue 12): the reporter pages and the workbench
//! hold handlers and routes, and what both use (extractors, layout, errors) has modules of its
//! own that import neither. A circle is how a crate's layers start to blur, so this test reads
//! the sources and fails on one, naming the modules in it.
//!
//! The second test holds the handler rule: a handler extracts, calls one operation of the
//! service and renders.
//!
//! What counts as an import: a path that starts with `crate::`, `super::` or a child module's
//! name, resolved to the longest module it names (`crate::layout::Nav` is the module
//! `layout`). `mod` declarations do not count, and neither do unit tests (everything from a
//! file's `#[cfg(test)]` on), whose `use super::*` is their own file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `src/lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code without comments, string literals and unit tests. One pass, so that a `//` in a
/// string (a URL) and a `"` in a comment are each taken for what they are.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let literal_or_comment = regex::Regex::new(r#"(?s)"(?:\\.|[^"\\])*"|//[^\n]*"#).unwrap();
    literal_or_comment
        .replace_all(text, |found: &regex::Captures<'_>| {
            if found[0].starts_with('"') {
                "\"\"".to_owned()
            } else {
                String::new()
            }
        })
        .into_owned()
}

/// The modules `path` (`crate::a::b::Item`, `super::x`) may name from `here`, longest first.
fn resolve(here: &Module, path: &[&str], modules: &BTreeSet<Module>) -> Option<Module> {
    let mut base: Module = match path.first() {
        Some(&"crate") => Vec::new(),
        Some(&"super") | Some(&"self") => here.clone(),
        _ => here.clone(),
    };
    let mut rest = path;
    while let Some((&first, tail)) = rest.split_first() {
        match first {
            "crate" | "self" => {}
            "super" => {
                base.pop()?;
            }
            _ => break,
        }
        rest = tail;
    }
    let mut found = None;
    let mut candidate = base;
    if modules.contains(&candidate) {
        found = Some(candidate.clone());
    }
    for segment in rest {
        candidate.push((*segment).to_owned());
        if modules.contains(&candidate) {
            found = Some(candidate.clone());
        } else {
            break;
        }
    }
    found
}

/// Who imports whom.
fn imports(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(src, f)).collect();
    let path = regex::Regex::new(r"\b(?:crate|super|self)(?:::\w+)*(?:::\{([^}]*)\})?").unwrap();
    let mut graph = BTreeMap::new();
    for file in &files {
        let here = module_of(src, file);
        let text = code(&std::fs::read_to_string(file).unwrap());
        let mut targets = BTreeSet::new();
        let mut add = |segments: Vec<&str>| {
            if let Some(target) = resolve(&here, &segments, &modules)
                && target != here
            {
                targets.insert(target);
            }
        };
        for found in path.captures_iter(&text) {
            let whole = found.get(0).unwrap().as_str();
            if !whole.contains("::") {
                // `pub(crate)`, `self.field`: not a path.
                continue;
            }
            let stem = whole.split("::{").next().unwrap_or(whole);
            let segments: Vec<&str> = stem.split("::").collect();
            match found.get(1) {
                Some(list) => {
                    for item in list.as_str().split(',') {
                        let first = item.trim().split("::").next().unwrap_or("").trim();
                        let mut with_item = segments.clone();
                        if !first.is_empty() {
                            with_item.push(first);
                        }
                        add(with_item);
                    }
                }
                None => add(segments),
            }
        }
        // A child module named without a prefix (`landing::chooser` in `pages`).
        for child in modules
            .iter()
            .filter(|m| m.len() == here.len() + 1 && m.starts_with(&here))
        {
            let name = child.last().unwrap();
            let named = regex::Regex::new(&format!(r"(?:^|[^:\w]){name}::")).unwrap();
            if named.is_match(&text) {
                targets.insert(child.clone());
            }
        }
        graph.insert(here, targets);
    }
    graph
}

/// A circle through `start`, if there is one.
fn circle_through(
    graph: &BTreeMap<Module, BTreeSet<Module>>,
    start: &Module,
) -> Option<Vec<Module>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((node, trail)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut circle = trail.clone();
                circle.push(start.clone());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = trail.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "(crate root)".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn no_module_of_the_web_crate_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = imports(&src);
    // The reader itself: the workbench's routes name its pages, the router names both sides.
    let edge = |from: &str, to: &str| {
        let split = |m: &str| -> Module {
            if m.is_empty() {
                Vec::new()
            } else {
                m.split("::").map(str::to_owned).collect()
            }
        };
        graph[&split(from)].contains(&split(to))
    };
    assert!(edge("workbench", "workbench::report"), "{graph:?}");
    assert!(edge("", "workbench"));
    assert!(edge("workbench::report", "layout"));
    assert!(edge("workbench::sites::page", "workbench::sites::list"));
    let circles: Vec<String> = graph
        .keys()
        .filter_map(|m| circle_through(&graph, m))
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" → "))
        .collect();
    assert!(
        circles.is_empty(),
        "modules of crates/web import each other in a circle:\n{}",
        circles.join("\n")
    );
}

/// Handlers that name more than one operation, each with why. Anything else that does fails
/// the test below: give the page one operation in the service instead (as the inbox, the
/// investigators page and the audit trail have), or add it here with a reason a reviewer
/// accepts.
const SEVERAL_OPERATIONS: &[(&str, &[&str], &str)] = &[
    (
        "workbench/sites/exports.rs export",
        &["export_public_sites", "export_sites"],
        "one or the other, by the file asked for",
    ),
    (
        "workbench/sites/form.rs create",
        &["create_site", "create_site_from_report"],
        "one or the other, by the form",
    ),
    (
        "workbench/sites/page.rs update",
        &["site", "update_site_fields"],
        "a refused edit shows the site's page again, read after the refusal",
    ),
    (
        "workbench/sites/page.rs claims",
        &["add_site_claim", "remove_site_claim", "site"],
        "add or remove, by the button; a refused change shows the page again",
    ),
    (
        "workbench/sites/page.rs publish",
        &["publish_site", "site", "unpublish_site"],
        "publish or withdraw, by the button; a refused one shows the page again",
    ),
];

/// Not operations: the settings the handler reads a limit from.
const NOT_OPERATIONS: &[&str] = &["config"];

#[test]
fn every_handler_calls_one_operation_of_the_service() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for side in ["pages", "workbench"] {
        sources(&src.join(side), &mut files);
    }
    let function = regex::Regex::new(r"\n(?:pub\(crate\) )?(?:async )?fn (\w+)").unwrap();
    let operation = regex::Regex::new(r"\.instance\s*\.\s*(\w+)").unwrap();
    let mut found = Vec::new();
    for file in &files {
        let text = code(&std::fs::read_to_string(file).unwrap());
        let starts: Vec<(usize, &str)> = function
            .captures_iter(&text)
            .map(|c| (c.get(0).unwrap().start(), c.get(1).unwrap().as_str()))
            .collect();
        for (i, (start, name)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(text.len(), |(s, _)| *s);
            let mut operations: Vec<&str> = operation
                .captures_iter(&text[*start..end])
                .map(|c| c.get(1).unwrap().as_str())
                .filter(|op| !NOT_OPERATIONS.contains(op))
                .collect();
            operations.sort_unstable();
            operations.dedup();
            if operations.len() > 1 {
                let place = format!(
                    "{} {name}",
                    file.strip_prefix(&src).unwrap().to_string_lossy()
                );
                found.push((place, operations.join(", ")));
            }
        }
    }
    let allowed: Vec<(String, String)> = SEVERAL_OPERATIONS
        .iter()
        .map(|(place, operations, _)| ((*place).to_owned(), operations.join(", ")))
        .collect();
    let unexplained: Vec<&(String, String)> =
        found.iter().filter(|f| !allowed.contains(f)).collect();
    assert!(
        unexplained.is_empty(),
        "handlers that call several operations of the service (give the page one operation, \
         or explain it in SEVERAL_OPERATIONS): {unexplained:#?}"
    );
    // The list is kept exact: an exception that no longer exists is taken out.
    let stale: Vec<&(String, String)> = allowed.iter().filter(|a| !found.contains(a)).collect();
    assert!(
        stale.is_empty(),
        "no longer needed in SEVERAL_OPERATIONS: {stale:#?}"
    );
}
