//! Checks of the repository's own source, run with the tests (rust-analyzer's `tidy` is the
//! model): every Rust file starts with a `//!` paragraph saying what it holds.

use std::path::{Path, PathBuf};

/// The workspace's root (this package is `crates/cli`).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Every `.rs` file below `dir`, leaving out build output, npm packages and hidden folders.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !(name == "target" || name == "node_modules" || name.starts_with('.')) {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// Whether the file's first line that is not blank is a `//!` doc comment.
fn has_header(text: &str) -> bool {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .is_some_and(|line| line.starts_with("//!"))
}

#[test]
fn every_source_file_starts_with_a_header_saying_what_it_holds() {
    // The check itself, on a file with and without one.
    assert!(has_header("\n//! The inbox.\n\nuse std::fmt;\n"));
    assert!(!has_header("use std::fmt;\n//! Too late.\n"));
    assert!(!has_header("// A plain comment.\n"));
    assert!(!has_header(""));

    let root = workspace_root();
    let mut files = Vec::new();
    for top in ["crates", "fuzz"] {
        if root.join(top).is_dir() {
            rust_files(&root.join(top), &mut files);
        }
    }
    assert!(
        files.len() > 100,
        "only {} Rust files found under {}",
        files.len(),
        root.display()
    );
    let missing: Vec<String> = files
        .iter()
        .filter(|path| !has_header(&std::fs::read_to_string(path).unwrap()))
        .map(|path| path.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "start each of these files with a `//!` paragraph saying what it holds: {missing:#?}"
    );
}
