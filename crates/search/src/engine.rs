//! The index: a tantivy index in a RAM directory, its writer and reader, and the query that
//! collects only what the asker may see.
//!
//! One document per thing a hit can name: a report's answers, a message, a note, a file's
//! name, a site. Each has a unique key (the caller's: putting a document with a key that is
//! in already replaces it, so a document added twice in a race is there once), the owner it
//! belongs to (a report or a site), its kind, its text, and an opaque `extra` string handed
//! back with the hit. The owner and kind live in one fast field, the *slot*
//! (`owner ordinal << 3 | kind`), which the collector reads for every matching document to
//! drop what the asker may not see before it is counted.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use quietline_core::{ReportId, SiteId};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Term};

use crate::analysis::{Mode, Piece, analyze};
use crate::query::{Parsed, QueryProblem, parse};
use crate::snippet::{Snippet, snippet};

/// Name of the analyser in tantivy's tokenizer manager.
const ANALYZER: &str = "quietline";
/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest page: `offset + limit` at most this (a page of results is for reading, not for
/// walking the whole workspace).
pub const MAX_DEPTH: usize = 10_000;

/// What a document belongs to: whose access rule decides who sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A report (its answers, messages, notes, files).
    Report(ReportId),
    /// A site of the registry.
    Site(SiteId),
}

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A report's answers (every free-text field).
    Report,
    /// A message between the reporter and investigators.
    Message,
    /// An investigators' note.
    Note,
    /// A file's name.
    File,
    /// A site's record.
    Site,
}

impl Kind {
    /// Every kind, in the order of their codes.
    pub const ALL: [Kind; 5] = [
        Kind::Report,
        Kind::Message,
        Kind::Note,
        Kind::File,
        Kind::Site,
    ];

    /// A stable code (forms, addresses).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Message => "message",
            Kind::Note => "note",
            Kind::File => "file",
            Kind::Site => "site",
        }
    }

    /// The kind with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    fn number(self) -> u64 {
        match self {
            Kind::Report => 0,
            Kind::Message => 1,
            Kind::Note => 2,
            Kind::File => 3,
            Kind::Site => 4,
        }
    }

    fn from_number(n: u64) -> Option<Self> {
        Self::ALL.get(usize::try_from(n).ok()?).copied()
    }
}

/// A document to index.
#[derive(Clone, Debug)]
pub struct Document {
    /// Unique among all documents (a document with a key already in replaces it).
    pub key: String,
    /// Whom it belongs to.
    pub owner: Owner,
    /// What it is.
    pub kind: Kind,
    /// Its text.
    pub text: String,
    /// Handed back with each hit as it was given (the caller's detail: a day, an author).
    pub extra: String,
}

/// One hit.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The document's key.
    pub key: String,
    /// Whom it belongs to.
    pub owner: Owner,
    /// What it is.
    pub kind: Kind,
    /// The passage that matched.
    pub snippet: Snippet,
    /// The document's `extra`.
    pub extra: String,
    /// Relevance (BM25; higher first).
    pub score: f32,
}

/// A search.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// What the investigator typed.
    pub text: &'a str,
    /// Only hits of this kind (the counts per kind still cover every kind).
    pub kind: Option<Kind>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return (at most [`MAX_LIMIT`]).
    pub limit: usize,
}

/// What a search found among what the asker may see.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// The page of hits, most relevant first.
    pub hits: Vec<Hit>,
    /// Hits in all (of the kind asked for, if one was).
    pub total: usize,
    /// Hits of each kind (whatever kind was asked for), in [`Kind::ALL`]'s order.
    pub by_kind: [usize; 5],
}

/// Something the engine could not do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query was refused (too long, too many parts); nothing was searched.
    #[error("query refused: {0:?}")]
    Query(QueryProblem),
    /// The index failed (tantivy's message, which never quotes indexed text).
    #[error("search index: {0}")]
    Index(String),
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Self {
        Error::Index(err.to_string())
    }
}

/// The analyser as tantivy calls it (indexing and stored-text highlighting).
#[derive(Clone, Default)]
struct Analyzer;

/// Terms computed at once, handed out one by one.
struct Pieces {
    pieces: std::vec::IntoIter<Piece>,
    token: Token,
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Pieces;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Pieces {
        Pieces {
            pieces: analyze(text, Mode::Index).into_iter(),
            token: Token::default(),
        }
    }
}

impl TokenStream for Pieces {
    fn advance(&mut self) -> bool {
        match self.pieces.next() {
            Some(piece) => {
                self.token = Token {
                    offset_from: piece.from,
                    offset_to: piece.to,
                    position: piece.position,
                    text: piece.text,
                    position_length: 1,
                };
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    text: Field,
    slot: Field,
    extra: Field,
}

/// Owners by ordinal (the slot's high bits) and back.
#[derive(Default)]
struct Owners {
    list: Vec<Owner>,
    ordinals: HashMap<Owner, u64>,
}

impl Owners {
    fn ordinal(&mut self, owner: Owner) -> u64 {
        if let Some(&n) = self.ordinals.get(&owner) {
            return n;
        }
        let n = self.list.len() as u64;
        self.list.push(owner);
        self.ordinals.insert(owner, n);
        n
    }
}

/// How the writer is sized.
#[derive(Clone, Copy, Debug)]
pub struct WriterOptions {
    /// Indexing threads.
    pub threads: usize,
    /// Memory each indexing thread fills before it writes a segment (at least 15 MB).
    pub memory_per_thread: usize,
}

impl Default for WriterOptions {
    /// One indexing thread with 32 MB: what live additions need, and a build on two cores
    /// shares them with decryption anyway.
    fn default() -> Self {
        Self {
            threads: 1,
            memory_per_thread: 32_000_000,
        }
    }
}

/// The search index of one workspace, in memory.
pub struct Engine {
    index: Index,
    fields: Fields,
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
    owners: RwLock<Owners>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

fn lock_error() -> Error {
    Error::Index("a lock was poisoned".into())
}

impl Engine {
    /// An empty index in a RAM directory (`Index::create_in_ram`).
    pub fn new(options: WriterOptions) -> Result<Self, Error> {
        let mut schema = Schema::builder();
        let key = schema.add_text_field("key", STRING | STORED);
        let text = schema.add_text_field(
            "text",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(ANALYZER)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
                .set_stored(),
        );
        let slot = schema.add_u64_field("slot", FAST);
        let extra = schema.add_text_field("extra", STORED);
        let index = Index::builder().schema(schema.build()).create_in_ram()?;
        index.tokenizers().register(ANALYZER, Analyzer);
        let writer = index.writer_with_options(
            tantivy::indexer::IndexWriterOptions::builder()
                .num_worker_threads(options.threads.max(1))
                .memory_budget_per_thread(options.memory_per_thread.max(15_000_000))
                .num_merge_threads(1)
                .build(),
        )?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            fields: Fields {
                key,
                text,
                slot,
                extra,
            },
            writer: Mutex::new(writer),
            reader,
            owners: RwLock::new(Owners::default()),
        })
    }

    /// Adds documents, each replacing the one with its key if there is one; searchable after
    /// the next [`Engine::commit`]. A document without text only removes its key's.
    pub fn put(&self, documents: impl IntoIterator<Item = Document>) -> Result<(), Error> {
        let writer = self.writer.lock().map_err(|_| lock_error())?;
        let mut owners = self.owners.write().map_err(|_| lock_error())?;
        for document in documents {
            writer.delete_term(Term::from_field_text(self.fields.key, &document.key));
            if document.text.trim().is_empty() {
                continue;
            }
            let slot = owners.ordinal(document.owner) << 3 | document.kind.number();
            let mut doc = TantivyDocument::default();
            doc.add_text(self.fields.key, &document.key);
            doc.add_text(self.fields.text, &document.text);
            doc.add_u64(self.fields.slot, slot);
            doc.add_text(self.fields.extra, &document.extra);
            writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Removes a document.
    pub fn remove(&self, key: &str) -> Result<(), Error> {
        let writer = self.writer.lock().map_err(|_| lock_error())?;
        writer.delete_term(Term::from_field_text(self.fields.key, key));
        Ok(())
    }

    /// Makes what was put and removed searchable.
    pub fn commit(&self) -> Result<(), Error> {
        let mut writer = self.writer.lock().map_err(|_| lock_error())?;
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// [`Engine::put`] then [`Engine::commit`].
    pub fn put_now(&self, documents: impl IntoIterator<Item = Document>) -> Result<(), Error> {
        self.put(documents)?;
        self.commit()
    }

    /// Documents searchable now.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes the searchable segments take in the RAM directory (postings, positions, terms,
    /// the compressed stored text, fast fields): the index's own memory, without the writer's
    /// buffers or the allocator's overhead.
    pub fn size_bytes(&self) -> Result<u64, Error> {
        let usage = self
            .reader
            .searcher()
            .space_usage()
            .map_err(|e| Error::Index(e.to_string()))?;
        Ok(usage.total().get_bytes())
    }

    /// Whether no document is searchable.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn part_query(&self, terms: &[(usize, String)]) -> Box<dyn Query> {
        let field = self.fields.text;
        match terms {
            [(_, term)] => Box::new(TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            )),
            _ => Box::new(PhraseQuery::new_with_offset(
                terms
                    .iter()
                    .map(|(offset, term)| (*offset, Term::from_field_text(field, term)))
                    .collect(),
            )),
        }
    }

    /// Which owners the asker may see: `may_see` is asked once per owner in the index now.
    /// An owner that enters the index later is not visible through it.
    pub fn visibility(&self, may_see: &dyn Fn(Owner) -> bool) -> Result<Visibility, Error> {
        let owners = self.owners.read().map_err(|_| lock_error())?;
        Ok(Visibility(Arc::new(
            owners.list.iter().map(|&o| may_see(o)).collect(),
        )))
    }

    /// Whether `visible` still covers every owner in the index (none has entered it since it
    /// was made), so that it can be kept between searches while what the asker opens is
    /// unchanged: making one asks about every owner, which costs more than most searches.
    pub fn is_current(&self, visible: &Visibility) -> bool {
        self.owners
            .read()
            .is_ok_and(|owners| owners.list.len() == visible.0.len())
    }

    /// Searches; `may_see` says which owners the asker may see (asked once per owner in the
    /// index, before anything is collected: what it refuses is never counted).
    pub fn search(
        &self,
        request: &Request<'_>,
        may_see: &dyn Fn(Owner) -> bool,
    ) -> Result<Found, Error> {
        self.search_visible(request, &self.visibility(may_see)?)
    }

    /// Searches among what `visible` lets the asker see.
    pub fn search_visible(
        &self,
        request: &Request<'_>,
        visible: &Visibility,
    ) -> Result<Found, Error> {
        let parsed: Parsed = parse(request.text).map_err(Error::Query)?;
        if parsed.parts.is_empty() {
            return Ok(Found::default());
        }
        let limit = request.limit.min(MAX_LIMIT);
        let offset = request.offset.min(MAX_DEPTH.saturating_sub(limit));
        let query = BooleanQuery::new(
            parsed
                .parts
                .iter()
                .map(|part| (Occur::Must, self.part_query(&part.terms)))
                .collect(),
        );
        let allowed = visible.0.clone();
        let searcher = self.reader.searcher();
        let gathered = searcher.search(
            &query,
            &Gather {
                allowed,
                kind: request.kind.map(Kind::number),
                want: offset + limit,
            },
        )?;
        let owners = self.owners.read().map_err(|_| lock_error())?;
        let mut hits = Vec::with_capacity(limit);
        for ranked in gathered.top.into_iter().skip(offset) {
            let doc: TantivyDocument = searcher.doc(ranked.address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let (Some(&owner), Some(kind)) = (
                usize::try_from(ranked.slot >> 3)
                    .ok()
                    .and_then(|n| owners.list.get(n)),
                Kind::from_number(ranked.slot & 7),
            ) else {
                continue;
            };
            hits.push(Hit {
                key: text(self.fields.key),
                owner,
                kind,
                snippet: snippet(&text(self.fields.text), parsed.terms()),
                extra: text(self.fields.extra),
                score: ranked.score,
            });
        }
        let total = match request.kind {
            Some(kind) => gathered.by_kind[kind.number() as usize],
            None => gathered.by_kind.iter().sum(),
        };
        Ok(Found {
            hits,
            total,
            by_kind: gathered.by_kind,
        })
    }

    /// The index itself (tests look at its directory).
    #[doc(hidden)]
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }
}

/// Which owners one asker may see, by ordinal (made by [`Engine::visibility`]).
#[derive(Clone, Debug)]
pub struct Visibility(Arc<Vec<bool>>);

/// A matching document the asker may see, ranked.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    score: Score,
    address: DocAddress,
    slot: u64,
}

impl Ranked {
    /// Better first: higher score, then earlier document (a stable order for equal scores).
    fn better(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.address.cmp(&other.address))
    }
}

/// Heap entries ordered so that the worst kept hit is on top.
struct Worst(Ranked);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.better(&other.0)
    }
}

/// Collects, among the documents the asker may see: the count of each kind, and the best
/// `want` of the kind asked for.
struct Gather {
    allowed: Arc<Vec<bool>>,
    kind: Option<u64>,
    want: usize,
}

struct Gathered {
    top: Vec<Ranked>,
    by_kind: [usize; 5],
}

struct SegmentGather {
    segment: u32,
    slots: Column<u64>,
    allowed: Arc<Vec<bool>>,
    kind: Option<u64>,
    want: usize,
    heap: BinaryHeap<Worst>,
    by_kind: [usize; 5],
}

impl Collector for Gather {
    type Fruit = Gathered;
    type Child = SegmentGather;

    fn for_segment(
        &self,
        segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentGather> {
        Ok(SegmentGather {
            segment,
            slots: reader.fast_fields().u64("slot")?,
            allowed: self.allowed.clone(),
            kind: self.kind,
            want: self.want,
            heap: BinaryHeap::with_capacity(self.want + 1),
            by_kind: [0; 5],
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Gathered>) -> tantivy::Result<Gathered> {
        let mut by_kind = [0; 5];
        let mut top = Vec::new();
        for fruit in fruits {
            for (sum, n) in by_kind.iter_mut().zip(fruit.by_kind) {
                *sum += n;
            }
            top.extend(fruit.top);
        }
        top.sort_by(Ranked::better);
        top.truncate(self.want);
        Ok(Gathered { top, by_kind })
    }
}

impl SegmentCollector for SegmentGather {
    type Fruit = Gathered;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(slot) = self.slots.first(doc) else {
            return;
        };
        let visible = usize::try_from(slot >> 3)
            .ok()
            .and_then(|n| self.allowed.get(n))
            .copied()
            .unwrap_or(false);
        if !visible {
            return;
        }
        let kind = slot & 7;
        if let Some(count) = usize::try_from(kind)
            .ok()
            .and_then(|k| self.by_kind.get_mut(k))
        {
            *count += 1;
        }
        if self.want == 0 || self.kind.is_some_and(|k| k != kind) {
            return;
        }
        let ranked = Ranked {
            score,
            address: DocAddress::new(self.segment, doc),
            slot,
        };
        if self.heap.len() < self.want {
            self.heap.push(Worst(ranked));
        } else if let Some(worst) = self.heap.peek()
            && ranked.better(&worst.0) == Ordering::Less
        {
            self.heap.pop();
            self.heap.push(Worst(ranked));
        }
    }

    fn harvest(self) -> Gathered {
        Gathered {
            top: self.heap.into_iter().map(|w| w.0).collect(),
            by_kind: self.by_kind,
        }
    }
}
