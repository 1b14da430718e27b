//! `quietline xref`: cross-references a JSON-lines file of records and writes, in input order, one
//! line per record with its entity (`{"id": ..., "entity": ...}`), plus with `--explain` the links
//! that put it there. Malformed lines are reported with their line number on standard error and
//! skipped (`--strict` stops at the first). The engine is `quietline_xref`; this file only reads,
//! reports and writes.

use anyhow::{Context, bail};
use quietline_xref::{
    Diagnostic, EntityId, Error, Index, MAX_LINE_BYTES, Record, Severity, parse_line,
};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

/// One input line, parsed: its line number and the record with notes on messy fields, or why not.
type ParsedLine = (u64, Result<(Record, Vec<Diagnostic>), Error>);

/// Arguments of `quietline xref`.
#[derive(clap::Args)]
pub struct XrefArgs {
    /// Records, one JSON object per line (see docs/xref.md).
    #[arg(long, value_name = "RECORDS.jsonl")]
    input: PathBuf,
    /// Where to write the result (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Add to each line the links that hold the record in its entity, with their evidence.
    #[arg(long)]
    explain: bool,
    /// Stop at the first malformed line instead of reporting and skipping it.
    #[arg(long)]
    strict: bool,
}

/// One output line (fields in this order).
#[derive(serde::Serialize)]
struct OutLine<'a> {
    id: &'a str,
    entity: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Vec<OutLink>>,
}

/// One link of `--explain`.
#[derive(serde::Serialize)]
struct OutLink {
    with: String,
    evidence: Vec<String>,
}

/// Most diagnostics printed one by one; the rest are counted.
const MAX_PRINTED: usize = 100;

/// Reads one line of at most `limit` bytes into `buf` (without the newline). Returns `None` at
/// the end of input, `Some(false)` for a line that fits, `Some(true)` for a longer line, which is
/// consumed without being kept in memory.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if any { Some(too_long) } else { None });
        }
        any = true;
        let (part, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (chunk.get(..i).unwrap_or_default(), Some(i + 1)),
            None => (chunk, None),
        };
        if !too_long {
            if buf.len() + part.len() > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        let used = done.unwrap_or(chunk.len());
        reader.consume(used);
        if done.is_some() {
            return Ok(Some(too_long));
        }
    }
}

/// The read errors that `raw` holds (those without a source error) again.
fn clone_error(e: &Error) -> Error {
    match e {
        Error::LineTooLong { line, limit } => Error::LineTooLong {
            line: *line,
            limit: *limit,
        },
        other => Error::NotUtf8 {
            line: other.line().unwrap_or(0),
        },
    }
}

/// Runs the command.
pub fn run(args: XrefArgs) -> anyhow::Result<()> {
    let file =
        File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut records: Vec<Record> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut printed = 0usize;
    let mut warnings = 0usize;
    let mut skipped = 0usize;
    let mut stderr = std::io::stderr().lock();
    let mut report = |msg: &dyn std::fmt::Display, printed: &mut usize| {
        if *printed < MAX_PRINTED {
            let _ = writeln!(stderr, "{msg}");
        }
        *printed += 1;
    };
    // Read the lines (bounded), then parse them in parallel chunks, then report in order.
    let mut buf = Vec::new();
    let mut line_no: u64 = 0;
    let mut blank = 0u64;
    let mut raw: Vec<Result<(u64, String), Error>> = Vec::new();
    while let Some(too_long) = read_line(&mut reader, &mut buf, MAX_LINE_BYTES)
        .with_context(|| format!("cannot read {}", args.input.display()))?
    {
        line_no += 1;
        if too_long {
            raw.push(Err(Error::LineTooLong {
                line: line_no,
                limit: MAX_LINE_BYTES,
            }));
            continue;
        }
        match std::str::from_utf8(&buf) {
            Ok(text) if text.trim().is_empty() => blank += 1,
            Ok(text) => raw.push(Ok((
                line_no,
                text.trim_start_matches('\u{feff}').to_string(),
            ))),
            Err(_) => raw.push(Err(Error::NotUtf8 { line: line_no })),
        }
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = raw.len().div_ceil(threads).max(1);
    let parsed: Vec<ParsedLine> = std::thread::scope(|s| {
        let handles: Vec<_> = raw
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|r| match r {
                            Ok((line, text)) => (*line, parse_line(text, *line)),
                            Err(e) => (e.line().unwrap_or(0), Err(clone_error(e))),
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    drop(raw);
    for (line_no, result) in parsed {
        match result {
            Ok((record, diags)) => {
                for d in diags {
                    warnings += 1;
                    report(&d, &mut printed);
                }
                if let Some(first) = first_line.get(&record.id) {
                    warnings += 1;
                    report(
                        &format!(
                            "warning: line {line_no}: id {:?} was already used on line {first}; both records are kept",
                            record.id
                        ),
                        &mut printed,
                    );
                } else {
                    first_line.insert(record.id.clone(), line_no);
                }
                records.push(record);
            }
            Err(e) if args.strict => {
                return Err(anyhow::Error::new(e).context("malformed input (--strict)"));
            }
            Err(e) => {
                skipped += 1;
                report(&format!("error: {e}; line skipped"), &mut printed);
            }
        }
    }
    if records.is_empty() {
        if line_no == blank {
            bail!("{}: {}", args.input.display(), Error::Empty);
        }
        bail!(
            "{}: no valid record ({skipped} malformed lines skipped)",
            args.input.display()
        );
    }
    let mut index = Index::new();
    let update = index.add(records);
    for mut d in update.diagnostics {
        if let Some(id) = &d.record {
            d.line = d.line.or_else(|| first_line.get(id).copied());
        }
        if d.severity == Severity::Warning {
            warnings += 1;
        }
        report(&d, &mut printed);
    }
    // Entity labels in order of first appearance: e1, e2, ...
    let mut labels: HashMap<EntityId, usize> = HashMap::new();
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    for pos in 0..index.len() {
        let entity = index
            .entity(pos)
            .context("internal error: record without entity")?;
        let next = labels.len() + 1;
        let label = *labels.entry(entity).or_insert(next);
        let id = index.id(pos).unwrap_or_default();
        let links = args.explain.then(|| {
            index
                .links(pos)
                .into_iter()
                .map(|l| OutLink {
                    evidence: l.evidence.iter().map(ToString::to_string).collect(),
                    with: l.with,
                })
                .collect()
        });
        serde_json::to_writer(
            &mut out,
            &OutLine {
                id,
                entity: format!("e{label}"),
                links,
            },
        )?;
        out.write_all(b"\n")?;
    }
    out.flush().context("cannot write the output")?;
    if printed > MAX_PRINTED {
        eprintln!("... and {} more messages", printed - MAX_PRINTED);
    }
    eprintln!(
        "{} records, {} entities, {skipped} malformed lines skipped, {warnings} warnings",
        index.len(),
        labels.len()
    );
    // The process ends here: freeing a million records' worth of small allocations one by one
    // took several seconds of CPU (about 8 % of a run, docs/benchmarks.md) for memory the
    // operating system reclaims at exit anyway. Leaking is safe (nothing is left to flush).
    std::mem::forget(index);
    std::mem::forget(first_line);
    Ok(())
}
