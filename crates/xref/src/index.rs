//! The live index: records added in batches (a whole file, or one report at a time), with the
//! entity of every record kept up to date.
//!
//! Adding records (1) normalises them, (2) unions them with earlier records sharing a strong
//! identifier, (3) files them under their blocking keys, then (4) recomputes the cluster rule
//! (`cluster`) only where it can have changed: the cores touched, the cores with a candidate link
//! to them, their own neighbours (whose neighbourhoods are compared), and every member of the
//! entities these belonged to. The result is the same as adding everything at once; the tests
//! check that.

use crate::Diagnostic;
use crate::cluster::{Neighbours, UnionFind, accept};
use crate::decide::{self, Claims, Conflict, Level};
use crate::explain::{Evidence, Link};
use crate::name::{ANY_NAME, Signature};
use crate::normal::{self, Norm, PhoneCache, StrongKind};
use crate::record::Record;
use rustc_hash::{FxHashMap, FxHashSet};

pub use crate::blocks::BLOCK_LIMIT;
use crate::blocks::{Blocks, Entry};

/// An entity: the position of its earliest record. It stays the same while that record stays in
/// the entity (a merge keeps the smaller one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct EntityId(pub u32);

/// What one `add` changed.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Update {
    /// Positions of the new records and of every older record whose entity changed, ascending.
    pub changed: Vec<usize>,
    /// Notes on messy input in the new records.
    pub diagnostics: Vec<Diagnostic>,
}

/// A record's place in the index, for display: its entity and the links that hold it there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Position of the record (0-based, in order of addition).
    pub position: usize,
    /// The record's `id`.
    pub id: String,
    /// Its entity.
    pub entity: EntityId,
    /// Links from this record to others in the entity, with evidence.
    pub links: Vec<Link>,
}

/// An accepted weak link, kept for explanation: (record here, record there, whether the
/// evidence was found from the other side, whether it holds because the name is rare). Its
/// words are built only when asked for (`Index::links`): most links of a large batch are never
/// explained.
type WeakLink = (u32, u32, bool, bool);

/// The in-memory cross-reference index. No I/O, no clock, no randomness: the same records in the
/// same order always give the same entities.
#[derive(Default)]
pub struct Index {
    recs: Vec<Norm>,
    /// Blocking keys of each record, sorted, with the record's name signature under each
    /// (`Norm::block_keys`).
    keys: Vec<Box<[(u64, Signature)]>>,
    uf: UnionFind,
    /// Members of each multi-record core, by root (absent for single-record cores).
    members: FxHashMap<u32, Vec<u32>>,
    /// Strong key -> first record holding it.
    strong: FxHashMap<u64, u32>,
    /// Strong links per record: (other record, what, index of the value in this record).
    strong_links: FxHashMap<u32, Vec<(u32, StrongKind, u16)>>,
    /// Blocking key -> records.
    blocks: Blocks,
    /// Name-frequency key (a reading of a whole person name, any city) -> records: how common a
    /// name is in the data (rare names, `Index::rare`).
    names: Blocks,
    /// Name-frequency keys of each record (`None`: not a person, or a name too ambiguous to be
    /// rare).
    freq: Vec<Option<Box<[u64]>>>,
    /// What the data says about rare names (see `RareEvidence`): per name-frequency key
    /// carried by exactly two identified persons, whether they are provably two people (-1) or
    /// could be one (+1); and the totals.
    name_pairs: FxHashMap<u64, NamePair>,
    /// The distinct pairs of persons of `name_pairs`, with how many keys name them (a name has
    /// a key per reading, and the evidence counts people, not readings).
    pair_keys: FxHashMap<NamePair, u32>,
    rare_evidence: RareEvidence,
    /// Entity of each record (the position of the entity's earliest record).
    rec_entity: Vec<u32>,
    /// Cores of each multi-core entity.
    entity_cores: FxHashMap<u32, Vec<u32>>,
    /// Accepted weak links, by record (both ends).
    weak_links: FxHashMap<u32, Vec<WeakLink>>,
    cache: PhoneCache,
    /// Neighbourhood of every core, kept between calls: only cores whose neighbourhood may have
    /// changed are recomputed.
    hoods: Memo,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("records", &self.recs.len())
            .finish_non_exhaustive()
    }
}

impl Index {
    /// An empty index, with the name tables and the phone metadata loaded (so the first
    /// `add` is as fast as the rest).
    pub fn new() -> Index {
        crate::name::warm_up();
        crate::phone::warm_up();
        Index::default()
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// Whether the index holds no record.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// What the data says about rare names: of the names carried by exactly two identified
    /// persons, how many pairs could be one person known by different identifiers, and how many
    /// are provably two people; and whether links through rare names are made (when the second
    /// is at most a third of the first). See docs/xref.md.
    pub fn rare_name_evidence(&self) -> (i64, i64, bool) {
        (
            self.rare_evidence.one,
            self.rare_evidence.two,
            self.rare_evidence.trusted(),
        )
    }

    /// The `id` of the record at `position`.
    pub fn id(&self, position: usize) -> Option<&str> {
        self.recs.get(position).map(|r| &*r.id)
    }

    /// The entity of the record at `position`.
    pub fn entity(&self, position: usize) -> Option<EntityId> {
        let p = u32::try_from(position).ok()?;
        if position >= self.recs.len() {
            return None;
        }
        self.rec_entity.get(p as usize).map(|e| EntityId(*e))
    }

    /// Positions of every record of an entity, ascending.
    pub fn members(&self, entity: EntityId) -> Vec<usize> {
        let cores: Vec<u32> = self
            .entity_cores
            .get(&entity.0)
            .cloned()
            .unwrap_or_else(|| vec![entity.0]);
        let mut out: Vec<usize> = Vec::new();
        for c in cores {
            match self.members.get(&c) {
                Some(m) => out.extend(m.iter().map(|x| *x as usize)),
                None => out.push(c as usize),
            }
        }
        out.sort_unstable();
        out
    }

    /// The links that hold the record at `position` in its entity, grouped by other record.
    pub fn links(&self, position: usize) -> Vec<Link> {
        let Ok(p) = u32::try_from(position) else {
            return Vec::new();
        };
        let mut by_other: Vec<(u32, Vec<Evidence>)> = Vec::new();
        let mut push =
            |other: u32, e: Evidence| match by_other.iter_mut().find(|(o, _)| *o == other) {
                Some((_, v)) => {
                    if !v.contains(&e) {
                        v.push(e);
                    }
                }
                None => by_other.push((other, vec![e])),
            };
        if let Some(v) = self.strong_links.get(&p) {
            for (other, kind, idx) in v {
                if let Some(me) = self.recs.get(position) {
                    push(
                        *other,
                        strong_evidence(*kind, me.strong_text(*kind, usize::from(*idx))),
                    );
                }
            }
        }
        if let Some(v) = self.weak_links.get(&p) {
            for (here, other, swapped, rare) in v {
                let (a, b) = if *swapped {
                    (*other, *here)
                } else {
                    (*here, *other)
                };
                if let (Some(na), Some(nb)) = (self.recs.get(a as usize), self.recs.get(b as usize))
                    && let Some(hit) = decide::weak(na, nb)
                {
                    let e = decide::evidence(na, nb, &hit, *rare);
                    push(*other, if *swapped { e.swapped() } else { e });
                }
            }
        }
        by_other.sort_by_key(|(o, _)| *o);
        by_other
            .into_iter()
            .map(|(o, evidence)| Link {
                from: position,
                to: o as usize,
                with: self.id(o as usize).unwrap_or_default().to_string(),
                evidence,
            })
            .collect()
    }

    /// The finding for one record.
    pub fn finding(&self, position: usize) -> Option<Finding> {
        Some(Finding {
            position,
            id: self.id(position)?.to_string(),
            entity: self.entity(position)?,
            links: self.links(position),
        })
    }

    /// Adds one report's records (or any batch) and returns the findings for the new records and
    /// for every older record whose entity changed, with the diagnostics. This is the call for a
    /// live workbench; it takes well under 10 ms for a report on an index of a million records.
    pub fn add_report(&mut self, records: Vec<Record>) -> (Vec<Finding>, Vec<Diagnostic>) {
        let update = self.add(records);
        let findings = update
            .changed
            .iter()
            .filter_map(|p| self.finding(*p))
            .collect();
        (findings, update.diagnostics)
    }

    /// Adds records. Never fails: unusable values become diagnostics.
    pub fn add(&mut self, records: Vec<Record>) -> Update {
        let start = self.recs.len();
        let (norms, diagnostics) = self.normalise_all(&records);
        drop(records);
        // Existing cores the new records will join by a strong identifier: their neighbours
        // before the join may lose them as neighbours, so they must be looked at again.
        let mut before: Vec<u32> = Vec::new();
        let mut hit: Vec<u32> = Vec::new();
        if start > 0 {
            let mut claims = FxHashMap::default();
            hit = norms
                .iter()
                .flat_map(Norm::strong_keys)
                .filter_map(|(hash, _, _)| self.strong.get(&hash).map(|f| self.uf.find(*f)))
                .collect();
            hit.sort_unstable();
            hit.dedup();
            for &c in &hit {
                before.push(c);
                match self.hoods.get(&c) {
                    Some((n, _)) => before.extend(n.cores.iter().map(|(o, _)| *o)),
                    None => before.extend(
                        self.neighbours(c, &mut claims)
                            .0
                            .cores
                            .iter()
                            .map(|(o, _)| *o),
                    ),
                }
            }
        }
        let mut touched: Vec<u32> = Vec::with_capacity(norms.len());
        // Grown once here rather than push by push (a million pushes reallocate and copy these
        // vectors about twenty times each), and with room for half as many records again: a
        // live add that must grow them copies them whole (0.2 s at a million records, measured
        // with `xref_corpus live`), so that cost is paid by batches, not by one report's add,
        // until the index has grown by half.
        if self.recs.capacity() - self.recs.len() < norms.len() {
            let room = norms.len() + (self.recs.len() + norms.len()) / 2;
            self.recs.reserve_exact(room);
            self.keys.reserve_exact(room);
            self.freq.reserve_exact(room);
            self.rec_entity.reserve_exact(room);
            self.uf.reserve_exact(room);
        }
        for norm in norms {
            let me = self.uf.push();
            let keys = norm.strong_keys();
            self.recs.push(norm);
            self.keys.push(Box::new([]));
            self.rec_entity.push(NONE);
            for (hash, kind, idx) in keys {
                match self.strong.get(&hash).copied() {
                    Some(first) => {
                        let value = self
                            .recs
                            .get(me as usize)
                            .map(|n| n.strong_text(kind, idx))
                            .unwrap_or_default();
                        let theirs = self
                            .recs
                            .get(first as usize)
                            .and_then(|f| f.strong_index(kind, &value));
                        // A hash collision between different values links nothing.
                        if let Some(fi) = theirs {
                            let mine = u16::try_from(idx).unwrap_or(u16::MAX);
                            self.strong_links
                                .entry(me)
                                .or_default()
                                .push((first, kind, mine));
                            self.strong_links
                                .entry(first)
                                .or_default()
                                .push((me, kind, fi));
                            self.union_cores(me, first);
                        }
                    }
                    None => {
                        self.strong.insert(hash, me);
                    }
                }
            }
            touched.push(me);
        }
        // Blocking keys of the new records.
        let end = self.recs.len();
        let mut items: Vec<Entry> = Vec::new();
        let new_keys = block_keys_of(self.recs.get(start..end).unwrap_or_default());
        let mut name_items: Vec<Entry> = Vec::new();
        for (p, (keys, freq)) in (start..end).zip(new_keys) {
            let me = u32::try_from(p).unwrap_or(u32::MAX);
            items.extend(keys.iter().map(|(k, sig)| (*k, me, *sig)));
            if let Some(slot) = self.keys.get_mut(p) {
                *slot = keys;
            }
            if let Some(f) = &freq {
                name_items.extend(f.iter().map(|k| (*k, me, ANY_NAME)));
            }
            self.freq.push(freq);
        }
        // Records already under the names of the new records whose core is linked through a
        // rare name: that name may no longer be rare. (A new record never makes an older name
        // rarer; merges of older cores are looked at as touched cores. A name under more than
        // `RARE_LIMIT` records was common already and stays so.)
        if start > 0 {
            let mut keys: Vec<u64> = name_items.iter().map(|(k, _, _)| *k).collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                if let Some(records) = self.names.get_within(k, RARE_LIMIT) {
                    touched.extend(records.filter(|r| {
                        self.hoods
                            .get(&self.uf.find(*r))
                            .is_some_and(|(_, pairs)| pairs.iter().any(|p| p.3))
                    }));
                }
            }
        }
        self.names.insert(name_items);
        // A key that just became too common: everyone in it must be looked at again.
        touched.extend(self.blocks.insert(items));
        let mut roots: Vec<u32> = touched.iter().map(|t| self.uf.find_mut(*t)).collect();
        roots.sort_unstable();
        roots.dedup();
        let mut before: Vec<u32> = before.iter().map(|c| self.uf.find_mut(*c)).collect();
        let trusted = self.rare_evidence.trusted();
        self.count_name_pairs(&roots);
        if self.rare_evidence.trusted() != trusted {
            // Rare names became trustworthy (or stopped being): links through them appear or
            // disappear anywhere, so every core is looked at again (rare: only when the evidence
            // crosses the threshold).
            roots = (0..u32::try_from(self.recs.len()).unwrap_or(u32::MAX))
                .filter(|p| self.uf.find(*p) == *p)
                .collect();
            self.hoods.clear();
            before.clear();
        }
        // Cores merged away keep no neighbourhood (their neighbours' are refreshed below).
        for c in hit {
            if self.uf.find(c) != c {
                self.hoods.remove(&c);
            }
        }
        let mut changed = self.recluster(&roots, &before);
        changed.extend(start..end);
        changed.sort_unstable();
        changed.dedup();
        Update {
            changed,
            diagnostics,
        }
    }

    fn normalise_all(&mut self, records: &[Record]) -> (Vec<Norm>, Vec<Diagnostic>) {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8);
        if records.len() < 20_000 || threads < 2 {
            let mut diags = Vec::new();
            let norms = records
                .iter()
                .map(|r| {
                    let (n, d) = normal::normalize(r, &mut self.cache);
                    diags.extend(d);
                    n
                })
                .collect();
            return (norms, diags);
        }
        // Large batches: normalise in parallel chunks (pure work; the result does not depend on
        // the number of threads).
        let chunk = records.len().div_ceil(threads);
        let results: Vec<(Vec<Norm>, Vec<Diagnostic>)> =
            crate::parallel::fan_out(records.chunks(chunk), |part| {
                let mut cache = PhoneCache::default();
                let mut diags = Vec::new();
                let norms: Vec<Norm> = part
                    .iter()
                    .map(|r| {
                        let (n, d) = normal::normalize(r, &mut cache);
                        diags.extend(d);
                        n
                    })
                    .collect();
                (norms, diags)
            });
        let mut norms = Vec::with_capacity(records.len());
        let mut diags = Vec::new();
        for (n, d) in results {
            norms.extend(n);
            diags.extend(d);
        }
        (norms, diags)
    }

    fn union_cores(&mut self, a: u32, b: u32) {
        if let Some((keep, gone)) = self.uf.union(a, b) {
            let gone_members = self.members.remove(&gone).unwrap_or_else(|| vec![gone]);
            let kept = self.members.entry(keep).or_insert_with(|| vec![keep]);
            kept.extend(gone_members);
            kept.sort_unstable();
        }
    }

    fn core_members(&self, root: u32) -> Vec<u32> {
        self.members_of(root).collect()
    }

    /// Records of a core, without allocating.
    fn members_of(&self, root: u32) -> impl Iterator<Item = u32> + '_ {
        let many = self.members.get(&root);
        many.into_iter()
            .flatten()
            .copied()
            .chain(many.is_none().then_some(root))
    }

    fn ensure_claims(&self, root: u32, memo: &mut FxHashMap<u32, Claims>) {
        if memo.contains_key(&root) {
            return;
        }
        let c = match self.members.get(&root) {
            None => self
                .recs
                .get(root as usize)
                .map(Claims::of)
                .unwrap_or_default(),
            Some(members) => {
                let mut c = Claims::default();
                for m in members {
                    if let Some(n) = self.recs.get(*m as usize) {
                        c.absorb(&Claims::of(n));
                    }
                }
                c
            }
        };
        memo.insert(root, c);
    }

    fn claims(&self, root: u32, memo: &mut FxHashMap<u32, Claims>) -> Claims {
        self.ensure_claims(root, memo);
        memo.get(&root).cloned().unwrap_or_default()
    }

    /// Candidate weak neighbours of a core, and the record pair that is the best evidence for each.
    fn neighbours(&self, root: u32, claims: &mut FxHashMap<u32, Claims>) -> Hood {
        let mut hits: Vec<Hit> = Vec::new();
        let mut cands: Vec<u32> = Vec::new();
        let mut crowded = false;
        for a in self.members_of(root) {
            let (Some(ra), Some(keys)) = (self.recs.get(a as usize), self.keys.get(a as usize))
            else {
                continue;
            };
            crowded |= self.compared_with(keys, |_| true, &mut cands);
            for &b in &cands {
                let rb = self.uf.find(b);
                if rb == root {
                    continue;
                }
                let Some(nb) = self.recs.get(b as usize) else {
                    continue;
                };
                if let Some(hit) = decide::weak(ra, nb) {
                    hits.push(Hit {
                        other: rb,
                        level: hit.level,
                        a,
                        b,
                        rare: false,
                        identified: false,
                    });
                }
            }
        }
        hits.sort_unstable_by_key(hit_order);
        self.ensure_claims(root, claims);
        for h in &hits {
            self.ensure_claims(h.other, claims);
        }
        let kept: Vec<Hit> = hits
            .chunk_by(|x, y| x.other == y.other)
            .filter_map(|group| self.choose(root, group, claims))
            .collect();
        let anchored = claims.get(&root).is_some_and(Claims::is_anchored);
        hood(root, &kept, anchored, crowded)
    }

    /// Which of the record pairs between core `x` and another core (`group`, sorted by
    /// `hit_order`) may link them: all when the cores do not conflict; when they are two persons
    /// known by different identifiers, only pairs whose names are rare (`rare`), marked so;
    /// none when they conflict otherwise. Both cores' claims are in `claims`.
    fn eligible<'g>(
        &'g self,
        x: u32,
        group: &'g [Hit],
        claims: &FxHashMap<u32, Claims>,
    ) -> impl Iterator<Item = Hit> + 'g {
        let conflict = match group.first() {
            Some(h) => match (claims.get(&x), claims.get(&h.other)) {
                (Some(cx), Some(co)) => cx.conflict(co),
                _ => Conflict::None,
            },
            None => Conflict::Hard,
        };
        let identified = group
            .first()
            .and_then(|h| claims.get(&h.other))
            .is_some_and(Claims::is_anchored);
        group
            .iter()
            .filter_map(move |h| match conflict {
                Conflict::None => Some(*h),
                Conflict::Identifiers => (self.rare_evidence.trusted()
                    && self.rare(h.a, h.b, x, h.other))
                .then_some(Hit { rare: true, ..*h }),
                Conflict::Hard => None,
            })
            .map(move |h| Hit { identified, ..h })
    }

    /// The link from core `x` to the other core of `group`, if any: the best eligible pair.
    fn choose(&self, x: u32, group: &[Hit], claims: &FxHashMap<u32, Claims>) -> Option<Hit> {
        self.eligible(x, group, claims).next()
    }

    /// Whether the names of records `a` (in core `x`) and `b` (in core `y`) are rare: no record
    /// in the data carries a name that reads like either (any city, any script; `names`),
    /// except records of the two cores and mentions (records without identifiers) in the same
    /// city as one of them, which may be of the same person. A name under more than
    /// [`RARE_LIMIT`] records, or too ambiguous to have frequency keys, is not rare.
    fn rare(&self, a: u32, b: u32, x: u32, y: u32) -> bool {
        let (Some(Some(ka)), Some(Some(kb))) =
            (self.freq.get(a as usize), self.freq.get(b as usize))
        else {
            return false;
        };
        let (Some(ra), Some(rb)) = (self.recs.get(a as usize), self.recs.get(b as usize)) else {
            return false;
        };
        if ka.is_empty() || kb.is_empty() {
            return false;
        }
        for k in ka.iter().chain(kb.iter()) {
            let Some(records) = self.names.get_within(*k, RARE_LIMIT) else {
                return false;
            };
            for r in records {
                let c = self.uf.find(r);
                if c == x || c == y {
                    continue;
                }
                let Some(nr) = self.recs.get(r as usize) else {
                    return false;
                };
                let mention = !nr.identified();
                if mention && (nr.same_city(ra).is_some() || nr.same_city(rb).is_some()) {
                    continue;
                }
                return false;
            }
        }
        true
    }

    /// Updates the evidence about rare names (`RareEvidence`) for the names of the records of
    /// `roots` (cores that are new or changed).
    fn count_name_pairs(&mut self, roots: &[u32]) {
        let mut keys: Vec<u64> = Vec::new();
        for &c in roots {
            // Every record counts, mentions too: one more record under a name can make it
            // common (`RARE_LIMIT`).
            for m in self.members_of(c) {
                if let Some(Some(f)) = self.freq.get(m as usize) {
                    keys.extend(f.iter());
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let mut claims = FxHashMap::default();
        for k in keys {
            let new = self.name_pair_class(k, &mut claims);
            let old = match new {
                Some(pair) => self.name_pairs.insert(k, pair),
                None => self.name_pairs.remove(&k),
            };
            if let Some(pair) = old
                && let Some(refs) = self.pair_keys.get_mut(&pair)
            {
                *refs -= 1;
                if *refs == 0 {
                    self.pair_keys.remove(&pair);
                    self.rare_evidence.count(pair.2, -1);
                }
            }
            if let Some(pair) = new {
                let refs = self.pair_keys.entry(pair).or_insert(0);
                *refs += 1;
                if *refs == 1 {
                    self.rare_evidence.count(pair.2, 1);
                }
            }
        }
    }

    /// For a name carried by exactly two identified persons (cores) in one city and by no more
    /// than [`RARE_LIMIT`] records, the pair and: -1 when they are provably two people (each gives a number of the
    /// same country, an e-mail or a WeChat ID, and none is shared), +1 when they could be one
    /// (their identifiers are of different kinds). None otherwise (more or fewer carriers, or two
    /// different Han names that read alike).
    fn name_pair_class(&self, key: u64, claims: &mut FxHashMap<u32, Claims>) -> Option<NamePair> {
        let records = self.names.get_within(key, RARE_LIMIT)?;
        let carriers: Vec<(u32, u32)> = records
            .filter(|r| self.recs.get(*r as usize).is_some_and(Norm::identified))
            .map(|r| (self.uf.find(r), r))
            .collect();
        let mut cores: Vec<u32> = carriers.iter().map(|(c, _)| *c).collect();
        cores.sort_unstable();
        cores.dedup();
        let [x, y] = cores[..] else {
            return None;
        };
        // Only namesakes in one city could be linked: others say nothing about links.
        let in_city = carriers.iter().any(|(c, a)| {
            *c == x
                && carriers.iter().any(|(d, b)| {
                    *d == y
                        && match (self.recs.get(*a as usize), self.recs.get(*b as usize)) {
                            (Some(ra), Some(rb)) => ra.same_city(rb).is_some(),
                            _ => false,
                        }
                })
        });
        if !in_city {
            return None;
        }
        self.ensure_claims(x, claims);
        self.ensure_claims(y, claims);
        let class = match (claims.get(&x), claims.get(&y)) {
            (Some(cx), Some(cy)) => match cx.conflict(cy) {
                Conflict::Identifiers => 1,
                Conflict::Hard if cx.two_people_by_identifiers(cy) => -1,
                _ => 0,
            },
            _ => 0,
        };
        (class != 0).then_some((x, y, class))
    }

    /// Entities that a record left alone could belong to: when the record is a mention (no
    /// identifier) that joined nobody because two or more identified entities fit its weak
    /// evidence (ambiguity, issue 15), those entities, ascending; otherwise none. For the
    /// workbench's "could be one of".
    pub fn candidates(&self, position: usize) -> Vec<EntityId> {
        let Ok(p) = u32::try_from(position) else {
            return Vec::new();
        };
        let core = self.uf.find(p);
        let alone = self.rec_entity.get(p as usize) == Some(&core)
            && !self.entity_cores.contains_key(&core)
            && !self.members.contains_key(&core);
        let Some((n, _)) = self.hoods.get(&core) else {
            return Vec::new();
        };
        if !alone || n.anchored {
            return Vec::new();
        }
        let mut out: Vec<EntityId> = n
            .cores
            .iter()
            .filter(|(c, _)| self.hoods.get(c).is_some_and(|(h, _)| h.anchored))
            .filter_map(|(c, _)| self.rec_entity.get(*c as usize).map(|e| EntityId(*e)))
            .collect();
        out.sort_unstable();
        out.dedup();
        if out.len() < 2 {
            return Vec::new();
        }
        out
    }

    fn ensure(&self, c: u32, claims: &mut FxHashMap<u32, Claims>, memo: &mut Memo) {
        if let std::collections::hash_map::Entry::Vacant(slot) = memo.entry(c) {
            slot.insert(self.neighbours(c, claims));
        }
    }

    /// Adds a core to the region together with every core of the entity its records were in.
    fn enter(&self, c: u32, region: &mut Vec<u32>, in_region: &mut FxHashSet<u32>) {
        if !in_region.insert(c) {
            return;
        }
        region.push(c);
        let mut old: Vec<u32> = Vec::new();
        for m in self.members_of(c) {
            let e = self.rec_entity.get(m as usize).copied().unwrap_or(NONE);
            if e != NONE && !old.contains(&e) {
                old.push(e);
            }
        }
        for e in old {
            let cores = self
                .entity_cores
                .get(&e)
                .cloned()
                .unwrap_or_else(|| vec![e]);
            for oc in cores {
                let r = self.uf.find(oc);
                if in_region.insert(r) {
                    region.push(r);
                }
            }
        }
    }

    /// Recomputes entities around the touched cores; returns positions whose entity changed.
    fn recluster(&mut self, touched: &[u32], before: &[u32]) -> Vec<usize> {
        let mut claims: FxHashMap<u32, Claims> = FxHashMap::default();
        let mut memo: Memo = std::mem::take(&mut self.hoods);
        // D1: the cores whose neighbourhood may have changed: the touched cores, their
        // neighbours now, the neighbours they had before (which may name them), and the
        // neighbours that cores joined by a strong link had before.
        let mut d1: Vec<u32> = before.to_vec();
        for c in touched {
            if let Some((n, _)) = memo.remove(c) {
                d1.extend(n.cores.iter().map(|(o, _)| *o));
            }
        }
        if touched.len() >= PARALLEL_FROM {
            // A large batch: compute the neighbourhoods of the touched cores on every core (the
            // result does not depend on how many), each pair of records once.
            self.precompute(touched, &mut memo);
        }
        d1.extend_from_slice(touched);
        for &c in touched {
            self.ensure(c, &mut claims, &mut memo);
            if let Some((n, _)) = memo.get(&c) {
                d1.extend(n.cores.iter().map(|(o, _)| *o));
            }
        }
        for c in &mut d1 {
            *c = self.uf.find_mut(*c);
        }
        d1.sort_unstable();
        d1.dedup();
        // The other cores of D1 did not change themselves: only their entries for touched or
        // merged cores can be stale. Refresh those entries instead of recomputing everything.
        self.refresh(&d1, touched, &mut claims, &mut memo);
        let mut region: Vec<u32> = Vec::new();
        let mut in_region: FxHashSet<u32> = FxHashSet::default();
        let mut d2: Vec<u32> = Vec::new();
        for &c in &d1 {
            self.enter(c, &mut region, &mut in_region);
            self.ensure(c, &mut claims, &mut memo);
            if let Some((n, _)) = memo.get(&c) {
                d2.extend(n.cores.iter().map(|(o, _)| *o));
            }
        }
        for c in d2 {
            self.enter(c, &mut region, &mut in_region);
        }
        // Accepted weak links from region cores; a link leaving the region pulls the other side in.
        let mut edges: Vec<(u32, u32, u32, u32, bool)> = Vec::new();
        let mut i = 0;
        while let Some(&x) = region.get(i) {
            i += 1;
            self.ensure(x, &mut claims, &mut memo);
            let ys: Vec<u32> = memo
                .get(&x)
                .map(|(n, _)| n.cores.iter().map(|(y, _)| *y).collect())
                .unwrap_or_default();
            for y in &ys {
                self.ensure(*y, &mut claims, &mut memo);
            }
            let Some((nx, px)) = memo.get(&x) else {
                continue;
            };
            let mut pulled = Vec::new();
            for ((y, _), (_, a, b, rare, _)) in nx.cores.iter().zip(px.iter()) {
                let Some((ny, _)) = memo.get(y) else { continue };
                if accept(x, nx, *y, ny) {
                    if x < *y {
                        edges.push((x, *y, *a, *b, *rare));
                    }
                    pulled.push(*y);
                }
            }
            for y in pulled {
                self.enter(y, &mut region, &mut in_region);
            }
        }
        edges.sort_unstable();
        // Join accepted links in order, refusing joins between conflicting groups.
        let mut groups: FxHashMap<u32, u32> = region.iter().map(|c| (*c, *c)).collect();
        let mut group_claims: FxHashMap<u32, Claims> = FxHashMap::default();
        let gfind = |groups: &FxHashMap<u32, u32>, mut x: u32| {
            while let Some(&p) = groups.get(&x) {
                if p == x {
                    break;
                }
                x = p;
            }
            x
        };
        let mut kept: Vec<(u32, u32, bool)> = Vec::new();
        for (x, y, a, b, rare) in edges {
            let (gx, gy) = (gfind(&groups, x), gfind(&groups, y));
            if gx == gy {
                continue;
            }
            let cx = match group_claims.remove(&gx) {
                Some(c) => c,
                None => self.claims(gx, &mut claims),
            };
            let cy = match group_claims.remove(&gy) {
                Some(c) => c,
                None => self.claims(gy, &mut claims),
            };
            // Persons known by different identifiers are joined only through a rare name.
            let refused = match cx.conflict(&cy) {
                Conflict::None => false,
                Conflict::Identifiers => !rare,
                Conflict::Hard => true,
            };
            if refused {
                group_claims.insert(gx, cx);
                group_claims.insert(gy, cy);
                continue;
            }
            let (keep, gone) = if gx < gy { (gx, gy) } else { (gy, gx) };
            groups.insert(gone, keep);
            let mut merged = cx;
            merged.absorb(&cy);
            group_claims.insert(keep, merged);
            kept.push((a, b, rare));
        }
        // Forget the old entities of the region, then write the new ones.
        for &c in &region {
            for m in self.core_members(c) {
                if let Some(e) = self.rec_entity.get(m as usize) {
                    self.entity_cores.remove(e);
                }
                self.weak_links.remove(&m);
            }
        }
        let mut by_group: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for &c in &region {
            by_group.entry(gfind(&groups, c)).or_default().push(c);
        }
        let mut changed = Vec::new();
        let mut by_group: Vec<(u32, Vec<u32>)> = by_group.into_iter().collect();
        by_group.sort_unstable();
        for (g, mut cores) in by_group {
            cores.sort_unstable();
            for &c in &cores {
                for m in self.core_members(c) {
                    if let Some(slot) = self.rec_entity.get_mut(m as usize)
                        && *slot != g
                    {
                        *slot = g;
                        changed.push(m as usize);
                    }
                }
            }
            if cores.len() > 1 {
                self.entity_cores.insert(g, cores);
            }
        }
        for (a, b, rare) in kept {
            self.weak_links
                .entry(b)
                .or_default()
                .push((b, a, true, rare));
            self.weak_links
                .entry(a)
                .or_default()
                .push((a, b, false, rare));
        }
        self.hoods = memo;
        changed
    }
}

/// A record's blocking keys and name-frequency keys (`None`: not a person, or too ambiguous).
type RecordKeys = (Box<[(u64, Signature)]>, Option<Box<[u64]>>);

/// Blocking keys and name-frequency keys of records, in parallel for large batches (pure work:
/// same result).
fn block_keys_of(recs: &[Norm]) -> Vec<RecordKeys> {
    let one = |n: &Norm| {
        let freq = n
            .frequency_keys(MAX_FREQUENCY_KEYS)
            .map(Vec::into_boxed_slice);
        (n.block_keys().into_boxed_slice(), freq)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if recs.len() < PARALLEL_FROM || threads < 2 {
        return recs.iter().map(one).collect();
    }
    let chunk = recs.len().div_ceil(threads);
    crate::parallel::fan_out(recs.chunks(chunk), |part| {
        part.iter().map(one).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// What the data says about names carried by exactly two identified persons (issue 15): how
/// many such pairs are provably two people (`two`: each gives a number of the same country, an
/// e-mail or a WeChat ID, and none is shared) and how many could be one person known by
/// different identifiers (`one`). Links through rare names are made only when the data shows
/// that rare names are seldom shared by two people: `two * RARE_TRUST <= one`. In data where
/// namesakes are common even among rare names, half or more of such pairs show two people and
/// rare names link nothing (docs/xref.md gives the figures).
#[derive(Debug, Default, Clone, Copy)]
struct RareEvidence {
    two: i64,
    one: i64,
}

impl RareEvidence {
    fn count(&mut self, class: i8, by: i64) {
        match class {
            -1 => self.two += by,
            1 => self.one += by,
            _ => {}
        }
    }

    fn trusted(&self) -> bool {
        self.one > 0 && self.two * RARE_TRUST <= self.one
    }
}

/// Two persons (cores, ascending) carrying a name, and whether they could be one person (+1) or
/// are provably two (-1).
type NamePair = (u32, u32, i8);

/// See [`RareEvidence`].
const RARE_TRUST: i64 = 3;

/// Records under one name-frequency key beyond which the name is common: it is not rare
/// (and whether it is rare need not be looked at again as records arrive).
pub(crate) const RARE_LIMIT: usize = 32;

/// Readings of a record's names beyond which they are too ambiguous to be rare.
const MAX_FREQUENCY_KEYS: usize = 64;

/// Touched cores from which neighbourhoods are computed in parallel.
const PARALLEL_FROM: usize = 20_000;

/// A candidate weak link seen from one core: the other core, the level, and the record pair
/// (here, there) that is the best evidence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    other: u32,
    level: Level,
    a: u32,
    b: u32,
    /// The link holds only because the names are rare (`Index::rare`).
    rare: bool,
    /// Whether the other core has a strong identifier.
    identified: bool,
}

/// A core's neighbourhood from its chosen hits (sorted by other core).
fn hood(me: u32, kept: &[Hit], anchored: bool, crowded: bool) -> Hood {
    let cores: Vec<(u32, Level)> = kept.iter().map(|h| (h.other, h.level)).collect();
    let identified: Vec<bool> = kept.iter().map(|h| h.identified).collect();
    let pairs: Vec<Pair> = kept
        .iter()
        .map(|h| (h.other, h.a, h.b, h.rare, h.identified))
        .collect();
    (
        Neighbours::new(me, cores, anchored, crowded, &identified),
        pairs,
    )
}

/// Order in which hits for the same other core compete: the best level, then the first record
/// pair (records here ascending, then records there), as `Index::neighbours` finds them.
fn hit_order(h: &Hit) -> (u32, std::cmp::Reverse<Level>, u32, u32) {
    (h.other, std::cmp::Reverse(h.level), h.a, h.b)
}

/// Sorts hits and keeps the best per other core.
fn best_per_core(hits: &mut Vec<Hit>) {
    hits.sort_unstable_by_key(hit_order);
    hits.dedup_by_key(|h| h.other);
}

/// What one thread of `precompute` finds: per core, whether it is anchored and crowded and its
/// chosen hits from the pairs it evaluated; and hits for other cores of the set (mirrored
/// pairs).
type Found = (Vec<(u32, bool, bool, Vec<Hit>)>, Vec<(u32, Hit)>);

impl Index {
    /// Neighbourhoods of many cores (sorted roots), in parallel. A pair of records whose cores
    /// are both in the set is evaluated once, from its smaller record, and the result is
    /// given to both sides; the neighbourhoods are exactly those `neighbours` computes.
    fn precompute(&self, cores: &[u32], memo: &mut Memo) {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        // Records whose core is in the set.
        let mut in_set = vec![false; self.recs.len()];
        for &c in cores {
            for m in self.members_of(c) {
                if let Some(slot) = in_set.get_mut(m as usize) {
                    *slot = true;
                }
            }
        }
        let in_set = &in_set;
        let chunk = cores.len().div_ceil(threads.max(1) * 16).max(1);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let chunks: Vec<&[u32]> = cores.chunks(chunk).collect();
        // Each worker takes the next chunk until none is left; the chunks' numbers put the
        // results back in order.
        let parts: Vec<Vec<(usize, Found)>> = crate::parallel::fan_out(0..threads.max(1), |_| {
            let mut out = Vec::new();
            let mut claims = FxHashMap::default();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(part) = chunks.get(i) else { break };
                out.push((i, self.forward(part, in_set, &mut claims)));
            }
            out
        });
        let mut parts: Vec<(usize, Found)> = parts.into_iter().flatten().collect();
        parts.sort_unstable_by_key(|(i, _)| *i);
        let mut mirrored: Vec<(u32, Hit)> = Vec::new();
        let mut forward: Vec<(u32, bool, bool, Vec<Hit>)> = Vec::with_capacity(cores.len());
        for (_, (f, m)) in parts {
            forward.extend(f);
            mirrored.extend(m);
        }
        mirrored.sort_unstable_by_key(|(t, h)| (*t, hit_order(h)));
        let mut j = 0;
        memo.reserve(forward.len());
        for (x, anchored, crowded, mut hits) in forward {
            while let Some((t, h)) = mirrored.get(j) {
                if *t > x {
                    break;
                }
                if *t == x {
                    hits.push(*h);
                }
                j += 1;
            }
            best_per_core(&mut hits);
            memo.insert(x, hood(x, &hits, anchored, crowded));
        }
    }

    /// Candidate links of some cores from the record pairs they own: all pairs with a record
    /// outside the set, and pairs inside the set whose record here is the smaller. Conflicting
    /// cores are dropped (conflicts are symmetric); for each kept link to a core of the set, the
    /// best pair in that core's order is handed over.
    fn forward(&self, part: &[u32], in_set: &[bool], claims: &mut FxHashMap<u32, Claims>) -> Found {
        let mut out = Vec::with_capacity(part.len());
        let mut mirrored = Vec::new();
        let mut cands: Vec<u32> = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        for &x in part {
            hits.clear();
            let mut crowded = false;
            for a in self.members_of(x) {
                let (Some(ra), Some(keys)) = (self.recs.get(a as usize), self.keys.get(a as usize))
                else {
                    continue;
                };
                // Pairs inside the set only from their smaller record.
                let keep = |b: u32| b > a || !in_set.get(b as usize).copied().unwrap_or(false);
                crowded |= self.compared_with(keys, keep, &mut cands);
                for &b in &cands {
                    let rb = self.uf.find(b);
                    if rb == x {
                        continue;
                    }
                    let Some(nb) = self.recs.get(b as usize) else {
                        continue;
                    };
                    if let Some(hit) = decide::weak(ra, nb) {
                        hits.push(Hit {
                            other: rb,
                            level: hit.level,
                            a,
                            b,
                            rare: false,
                            identified: false,
                        });
                    }
                }
            }
            hits.sort_unstable_by_key(hit_order);
            self.ensure_claims(x, claims);
            for h in &hits {
                self.ensure_claims(h.other, claims);
            }
            let mut kept: Vec<Hit> = Vec::new();
            for group in hits.chunk_by(|p, q| p.other == q.other) {
                let Some(first) = self.choose(x, group, claims) else {
                    continue;
                };
                kept.push(first);
                if in_set.get(first.b as usize).copied().unwrap_or(false) {
                    // The best of the eligible pairs for the other core: same level, then its
                    // own record first.
                    if let Some(h) = self
                        .eligible(x, group, claims)
                        .filter(|h| h.level == first.level)
                        .min_by_key(|h| (h.b, h.a))
                    {
                        mirrored.push((
                            first.other,
                            Hit {
                                other: x,
                                level: h.level,
                                a: h.b,
                                b: h.a,
                                rare: h.rare,
                                identified: claims.get(&x).is_some_and(Claims::is_anchored),
                            },
                        ));
                    }
                }
            }
            let anchored = claims.get(&x).is_some_and(Claims::is_anchored);
            out.push((x, anchored, crowded, kept));
        }
        (out, mirrored)
    }

    /// Brings the kept neighbourhoods of the cores in `d1` up to date after `touched` changed
    /// (their neighbourhoods are in `memo` already). A core that is not touched kept its records
    /// and claims, so its entries for other unchanged cores still hold: only entries for cores
    /// merged away or touched are dropped, and each touched core that now lists it is added
    /// (links are symmetric), with the best record pair seen from this side.
    fn refresh(
        &self,
        d1: &[u32],
        touched: &[u32],
        claims: &mut FxHashMap<u32, Claims>,
        memo: &mut Memo,
    ) {
        let mut listed: Vec<(u32, u32)> = Vec::new();
        for &t in touched {
            if let Some((n, _)) = memo.get(&t) {
                listed.extend(
                    n.cores
                        .iter()
                        .filter(|(c, _)| touched.binary_search(c).is_err())
                        .map(|(c, _)| (*c, t)),
                );
            }
        }
        listed.sort_unstable();
        let mut j = 0;
        for &c in d1 {
            if touched.binary_search(&c).is_ok() {
                continue;
            }
            while listed.get(j).is_some_and(|(d, _)| *d < c) {
                j += 1;
            }
            let from = j;
            while listed.get(j).is_some_and(|(d, _)| *d == c) {
                j += 1;
            }
            let Some((n, pairs)) = memo.remove(&c) else {
                self.ensure(c, claims, memo);
                continue;
            };
            let mut hits: Vec<Hit> = n
                .cores
                .iter()
                .zip(pairs.iter())
                .filter(|((o, _), _)| self.uf.find(*o) == *o && touched.binary_search(o).is_err())
                .map(|((o, level), (_, a, b, rare, identified))| Hit {
                    other: *o,
                    level: *level,
                    a: *a,
                    b: *b,
                    rare: *rare,
                    identified: *identified,
                })
                .collect();
            for (_, t) in listed.get(from..j).unwrap_or_default() {
                if let Some(h) = self.best_pair(c, *t, claims) {
                    hits.push(h);
                }
            }
            hits.sort_unstable_by_key(|h| h.other);
            memo.insert(c, hood(c, &hits, n.anchored, n.crowded));
        }
    }

    /// The link between two cores from the first one's side (as `neighbours` finds it): the best
    /// eligible pair of records that share a blocking key in use.
    fn best_pair(&self, x: u32, y: u32, claims: &mut FxHashMap<u32, Claims>) -> Option<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for a in self.members_of(x) {
            let (Some(ra), Some(ka)) = (self.recs.get(a as usize), self.keys.get(a as usize))
            else {
                continue;
            };
            for b in self.members_of(y) {
                let (Some(rb), Some(kb)) = (self.recs.get(b as usize), self.keys.get(b as usize))
                else {
                    continue;
                };
                if !self.share_key(ka, kb) {
                    continue;
                }
                if let Some(hit) = decide::weak(ra, rb) {
                    hits.push(Hit {
                        other: y,
                        level: hit.level,
                        a,
                        b,
                        rare: false,
                        identified: false,
                    });
                }
            }
        }
        hits.sort_unstable_by_key(hit_order);
        self.ensure_claims(x, claims);
        self.ensure_claims(y, claims);
        self.choose(x, &hits, claims)
    }

    /// The records that a record with blocking keys `keys` is compared with (those `keep`
    /// accepts), into `cands`, ascending (then read in memory order) and without repeats.
    /// Returns whether one of the keys is too common to be searched ([`BLOCK_LIMIT`]).
    ///
    /// When none is, candidates whose signature under every shared key has no bit in common
    /// with the record's are left out: their names cannot match (`Norm::block_keys`). A
    /// matching name pair shares a key behind which both signatures have a common bit; when
    /// that key is one too common to be searched, the pair could still be found through
    /// another shared key, so nothing is then left out by signature. Either way the candidates
    /// that would match are exactly those found without signatures, in fewer comparisons.
    fn compared_with(
        &self,
        keys: &[(u64, Signature)],
        keep: impl Fn(u32) -> bool,
        cands: &mut Vec<u32>,
    ) -> bool {
        cands.clear();
        let mut blocks: Vec<(crate::blocks::Block<'_>, Signature)> = Vec::with_capacity(keys.len());
        let mut crowded = false;
        for &(k, sig) in keys {
            let block = self.blocks.block(k);
            if block.len() > BLOCK_LIMIT {
                crowded = true;
            } else {
                blocks.push((block, sig));
            }
        }
        for (block, sig) in blocks {
            let sig = if crowded { ANY_NAME } else { sig };
            cands.extend(block.matching(sig).filter(|b| keep(*b)));
        }
        cands.sort_unstable();
        cands.dedup();
        crowded
    }

    /// Whether two records share a blocking key that is not too common (sorted key lists).
    fn share_key(&self, a: &[(u64, Signature)], b: &[(u64, Signature)]) -> bool {
        let (mut i, mut j) = (0, 0);
        while let (Some((x, _)), Some((y, _))) = (a.get(i), b.get(j)) {
            match x.cmp(y) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if self.blocks.len_of(*x) <= BLOCK_LIMIT {
                        return true;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        false
    }
}

/// A core's candidate neighbours and, for each, the record pair that is the best evidence and
/// whether the link holds because the names are rare.
type Hood = (Neighbours, Vec<Pair>);

/// A neighbour of a core: (other core, record here, record there, whether the link holds
/// because the names are rare, whether the other core has a strong identifier).
type Pair = (u32, u32, u32, bool, bool);

/// Neighbourhoods computed during one recomputation.
type Memo = FxHashMap<u32, Hood>;

/// No entity yet (a record being added).
const NONE: u32 = u32::MAX;

fn strong_evidence(kind: StrongKind, text: String) -> Evidence {
    match kind {
        StrongKind::Phone => Evidence::SamePhone { phone: text },
        StrongKind::Email => Evidence::SameEmail { email: text },
        StrongKind::Wechat => Evidence::SameWechat { wechat: text },
        StrongKind::Place => Evidence::SameAddress { address: text },
    }
}

#[cfg(test)]
#[path = "../tests/support/corpus.rs"]
mod corpus;

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel, each-pair-once computation used for large batches gives exactly the
    /// neighbourhoods that `neighbours` gives core by core (small batches use the latter).
    #[test]
    fn precompute_equals_neighbours() {
        for seed in [1, 11, 0] {
            let scale = corpus::Scale {
                persons: 190,
                sites: 55,
                orgs: 20,
                extra_cities: 0,
                hard_every: if seed == 1 { 16 } else { 5 },
                minority: 40,
            };
            // Seed 0: the realistic corpus, where rare names link (issue 15).
            let lines = if seed == 0 {
                corpus::realistic(3, 5000)
            } else {
                corpus::generate(seed, &scale)
            };
            let records: Vec<Record> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| crate::parse_line(&l.json, i as u64 + 1).unwrap().0)
                .collect();
            let mut index = Index::new();
            index.add(records);
            assert_eq!(index.rare_evidence.trusted(), seed == 0);
            let mut roots: Vec<u32> = (0..index.len() as u32).map(|p| index.uf.find(p)).collect();
            roots.sort_unstable();
            roots.dedup();
            let mut memo = Memo::default();
            index.precompute(&roots, &mut memo);
            let mut claims = FxHashMap::default();
            let mut linked = 0;
            for r in &roots {
                let one = index.neighbours(*r, &mut claims);
                linked += one.0.cores.len();
                assert_eq!(memo.get(r), Some(&one), "core {r}");
            }
            assert!(linked > 100, "the corpus has candidate links ({linked})");
        }
    }

    /// Name signatures leave out only candidates that do not match: for every record, the
    /// records `weak` links it to among those found through its blocking keys are the same with
    /// signatures as without (on the realistic corpus, whose romanised names stand for many
    /// sounds, and on the test corpus).
    #[test]
    fn signatures_leave_out_no_match() {
        for lines in [
            corpus::realistic(2, 20_000),
            corpus::generate(1, &corpus::Scale::corpus()),
        ] {
            let records: Vec<Record> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| crate::parse_line(&l.json, i as u64 + 1).unwrap().0)
                .collect();
            let mut index = Index::new();
            index.add(records);
            let (mut compared, mut left_out, mut crowded) = (0, 0, 0);
            let mut cands = Vec::new();
            for (a, keys) in index.keys.iter().enumerate() {
                let ra = &index.recs[a];
                let matches = |cands: &[u32]| -> Vec<u32> {
                    cands
                        .iter()
                        .copied()
                        .filter(|b| {
                            *b as usize != a && decide::weak(ra, &index.recs[*b as usize]).is_some()
                        })
                        .collect()
                };
                crowded += usize::from(index.compared_with(keys, |_| true, &mut cands));
                let with = matches(&cands);
                let filtered = cands.len();
                let all: Vec<(u64, Signature)> = keys.iter().map(|(k, _)| (*k, ANY_NAME)).collect();
                index.compared_with(&all, |_| true, &mut cands);
                assert_eq!(with, matches(&cands), "record {a}");
                compared += cands.len();
                left_out += cands.len() - filtered;
            }
            // Most candidates of the realistic corpus's dense blocks are left out; few of the
            // test corpus's.
            let most = if lines.len() > 10_000 {
                compared / 4
            } else {
                0
            };
            assert!(left_out > most, "left out: {left_out} of {compared}");
            // No key is that common at this size; at a million records some are, and
            // `compared_with` then uses no signature for the record (its comment says why).
            assert_eq!(crowded, 0);
        }
    }

    /// After a batch, reports added one by one find room in the per-record vectors: growing
    /// them would copy them whole inside one report's add (the live-add spike).
    #[test]
    fn a_batch_leaves_room_for_live_adds() {
        let records = |from: usize, n: usize| -> Vec<Record> {
            (from..from + n)
                .map(|i| {
                    let json = format!(
                        r#"{{"id":"r{i}","kind":"person","phones":["+1 416 555 {:04}"],"city":"Toronto","country":"CA"}}"#,
                        i % 10_000
                    );
                    crate::parse_line(&json, 1).unwrap().0
                })
                .collect()
        };
        let mut index = Index::new();
        index.add(records(0, 1000));
        let capacity = index.recs.capacity();
        assert!(capacity >= 1500, "room for half as many again: {capacity}");
        for i in 0..400 {
            index.add_report(records(1000 + i, 1));
        }
        assert_eq!(
            index.recs.capacity(),
            capacity,
            "no growth inside a live add"
        );
        assert_eq!(index.len(), 1400);
    }
}
