//! The index never reaches the disk: a build with many segments, merges, deletions and
//! searches runs in a child process whose temporary and working directories are fresh and
//! empty; afterwards both must still be empty, and the kernel's count of bytes the child
//! wrote to storage (`write_bytes` in /proc/self/io, which counts files anywhere, deleted
//! temporary files included) must be zero.

use std::process::Command;

use quietline_search::{Document, Engine, Kind, Owner, Request, WriterOptions};

const CHILD: &str = "QUIETLINE_SEARCH_NO_DISK_CHILD";

/// The child's work: run only inside the child (the parent runs it with `--ignored`).
#[test]
#[ignore = "run by `nothing_reaches_the_disk` in a child process"]
fn child_builds_searches_and_drops_an_index() {
    assert!(
        std::env::var_os(CHILD).is_some(),
        "run by nothing_reaches_the_disk"
    );
    // The smallest memory budget, so that segments are written (to the RAM directory) and
    // merged while documents go in.
    let engine = Engine::new(WriterOptions {
        threads: 2,
        memory_per_thread: 15_000_000,
    })
    .unwrap();
    let owners: Vec<Owner> = (0..200)
        .map(|_| Owner::Report(quietline_core::ReportId::random()))
        .collect();
    for round in 0..12 {
        let documents = (0..2_000).map(|n| Document {
            key: format!("{round}:{n}"),
            owner: owners[n % owners.len()],
            kind: Kind::ALL[n % 5],
            text: format!(
                "Round {round}, document {n}: 他们在多伦多的警察服务站要求我回国 {} Français",
                "a long narrative with many words ".repeat(20)
            ),
            extra: String::new(),
        });
        engine.put(documents).unwrap();
        for n in 0..100 {
            engine.remove(&format!("{round}:{n}")).unwrap();
        }
        engine.commit().unwrap();
    }
    let found = engine
        .search(
            &Request {
                text: "服务站 francais",
                kind: None,
                offset: 0,
                limit: 20,
            },
            &|_| true,
        )
        .unwrap();
    assert_eq!(found.total, 12 * 1_900);
    drop(engine);
    let io = std::fs::read_to_string("/proc/self/io").unwrap();
    let counter = |name: &str| -> u64 {
        io.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    assert_eq!(
        (counter("write_bytes"), counter("cancelled_write_bytes")),
        (0, 0),
        "the process wrote to storage:\n{io}"
    );
    println!("checked: nothing written");
}

#[test]
fn nothing_reaches_the_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "no_disk::child_builds_searches_and_drops_an_index",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("TMPDIR", tmp.path())
        .current_dir(cwd.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("checked: nothing written"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for dir in [tmp.path(), cwd.path()] {
        let left: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
        assert!(left.is_empty(), "{} holds {left:?}", dir.display());
    }
}
