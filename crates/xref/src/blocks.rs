//! Blocking: which records are ever compared by name. Only records sharing a blocking key (kind,
//! city, a reading of the surname, a reading of the first given syllable, number of given
//! syllables; for sites and organisations the folded name) are compared, so the work grows with
//! the number of namesakes in a city, not with the size of the index.
//!
//! Storage is compact for a million records: the bulk lives in one sorted vector of (key,
//! record, signature) entries, searched by bisection; records added a few at a time go to a small
//! hash map beside it, so adding a report never re-sorts the bulk. The signature summarises the
//! record's names under the key (`Norm::block_keys`): most candidates in a block of namesakes
//! that do not match are ruled out by it without reading the record.

use crate::name::Signature;

/// (key, record, signature of the record's names under the key).
pub(crate) type Entry = (u64, u32, Signature);

use rustc_hash::FxHashMap;

/// Records in one key beyond which the key is too common to be evidence (the same name in the
/// same city more than this many times): such keys are skipped.
pub const BLOCK_LIMIT: usize = 1000;

/// Batches at least this large are merged into the sorted bulk.
const BULK: usize = 10_000;

/// Bits of a key used to jump into the sorted bulk (keys are hashes, so evenly spread).
const RADIX_BITS: u32 = 20;

#[derive(Debug, Default)]
pub(crate) struct Blocks {
    bulk: Vec<Entry>,
    /// Start in `bulk` of each value of the top `RADIX_BITS` bits of the key (plus an end).
    radix: Vec<u32>,
    recent: FxHashMap<u64, Vec<(u32, Signature)>>,
}

impl Blocks {
    fn bulk_range(&self, key: u64) -> &[Entry] {
        let b = (key >> (64 - RADIX_BITS)) as usize;
        let (Some(&lo), Some(&hi)) = (self.radix.get(b), self.radix.get(b + 1)) else {
            return &[];
        };
        let bucket = self.bulk.get(lo as usize..hi as usize).unwrap_or(&[]);
        let start = bucket.partition_point(|(k, _, _)| *k < key);
        let rest = bucket.get(start..).unwrap_or(&[]);
        let len = rest.partition_point(|(k, _, _)| *k == key);
        rest.get(..len).unwrap_or(&[])
    }

    fn rebuild_radix(&mut self) {
        let buckets = 1usize << RADIX_BITS;
        let mut radix = vec![0u32; buckets + 1];
        let mut i = 0usize;
        for (b, slot) in radix.iter_mut().enumerate() {
            while self
                .bulk
                .get(i)
                .is_some_and(|(k, _, _)| ((*k >> (64 - RADIX_BITS)) as usize) < b)
            {
                i += 1;
            }
            *slot = u32::try_from(i).unwrap_or(u32::MAX);
        }
        self.radix = radix;
    }

    /// Number of records under a key.
    pub(crate) fn len_of(&self, key: u64) -> usize {
        self.bulk_range(key).len() + self.recent.get(&key).map_or(0, Vec::len)
    }

    /// Records under a key, unless more than `limit` are.
    pub(crate) fn get_within(
        &self,
        key: u64,
        limit: usize,
    ) -> Option<impl Iterator<Item = u32> + '_> {
        let bulk = self.bulk_range(key);
        let recent = self.recent.get(&key);
        if bulk.len() + recent.map_or(0, Vec::len) > limit {
            return None;
        }
        Some(
            bulk.iter()
                .map(|(_, r, _)| *r)
                .chain(recent.into_iter().flatten().map(|(r, _)| *r)),
        )
    }

    /// The entries under a key.
    pub(crate) fn block(&self, key: u64) -> Block<'_> {
        Block {
            bulk: self.bulk_range(key),
            recent: self.recent.get(&key).map_or(&[], Vec::as_slice),
        }
    }

    /// Records under a key.
    pub(crate) fn get(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        self.bulk_range(key)
            .iter()
            .map(|(_, r, _)| *r)
            .chain(self.recent.get(&key).into_iter().flatten().map(|(r, _)| *r))
    }

    /// Files new entries. Returns the records that were already under a key that these
    /// entries push past [`BLOCK_LIMIT`]: their neighbourhoods changed.
    pub(crate) fn insert(&mut self, mut items: Vec<Entry>) -> Vec<u32> {
        sort(&mut items);
        let mut crossed = Vec::new();
        let mut i = 0;
        while let Some(&(key, _, _)) = items.get(i) {
            let n = items[i..].iter().take_while(|(k, _, _)| *k == key).count();
            let before = self.len_of(key);
            if before <= BLOCK_LIMIT && before + n > BLOCK_LIMIT {
                crossed.extend(self.get(key));
            }
            i += n;
        }
        if items.len() >= BULK {
            // `items` is sorted: merge it with the sorted bulk.
            let old = std::mem::take(&mut self.bulk);
            self.bulk = merge(old, items);
            self.rebuild_radix();
        } else {
            for (k, r, sig) in items {
                self.recent.entry(k).or_default().push((r, sig));
            }
        }
        crossed
    }
}

/// The entries under one key.
pub(crate) struct Block<'a> {
    bulk: &'a [Entry],
    recent: &'a [(u32, Signature)],
}

impl<'a> Block<'a> {
    /// Number of records.
    pub(crate) fn len(&self) -> usize {
        self.bulk.len() + self.recent.len()
    }

    /// Records whose signature shares a bit with `sig` (`ANY_NAME`: every record; see
    /// `Norm::block_keys`).
    pub(crate) fn matching(&self, sig: Signature) -> impl Iterator<Item = u32> + 'a {
        let bulk = self.bulk.iter().map(|(_, r, s)| (*r, *s));
        bulk.chain(self.recent.iter().copied())
            .filter(move |(_, s)| s & sig != 0)
            .map(|(r, _)| r)
    }
}

/// Sorts, on two threads for large inputs (the result is the same).
fn sort(items: &mut [Entry]) {
    if items.len() < 1 << 20 {
        items.sort_unstable();
        return;
    }
    let mid = items.len() / 2;
    let (a, b) = items.split_at_mut(mid);
    std::thread::scope(|s| {
        s.spawn(|| a.sort_unstable());
        b.sort_unstable();
    });
    let merged = merge(a.to_vec(), b.to_vec());
    items.copy_from_slice(&merged);
}

/// Merges two sorted vectors.
fn merge(a: Vec<Entry>, b: Vec<Entry>) -> Vec<Entry> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        match (i.peek(), j.peek()) {
            (Some(x), Some(y)) => {
                if x <= y {
                    out.extend(i.next());
                } else {
                    out.extend(j.next());
                }
            }
            (Some(_), None) => {
                out.extend(i);
                break;
            }
            (None, _) => {
                out.extend(j);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_and_recent_together() {
        let mut b = Blocks::default();
        let bulk: Vec<Entry> = (0..BULK as u32)
            .map(|i| (u64::from(i % 7), i, 1 << (i % 3)))
            .collect();
        b.insert(bulk);
        b.insert(vec![(3, 99_999, 2), (100, 5, 1)]);
        assert_eq!(b.len_of(3), BULK / 7 + 1 + usize::from(BULK % 7 > 3));
        assert!(b.get(3).any(|r| r == 99_999));
        assert_eq!(b.get(100).collect::<Vec<_>>(), [5]);
        assert_eq!(b.len_of(42), 0);
        // Signatures: only records whose signature shares a bit, from the bulk and the recent.
        let some: Vec<u32> = b.block(3).matching(2).collect();
        assert!(some.iter().all(|r| *r == 99_999 || r % 3 == 1));
        assert!(some.contains(&99_999) && some.contains(&10));
        assert_eq!(
            b.block(3).matching(crate::name::ANY_NAME).count(),
            b.len_of(3)
        );
        assert_eq!(b.block(3).len(), b.len_of(3));
        assert_eq!(b.block(100).matching(2).count(), 0);
    }

    #[test]
    fn sorts_and_merges() {
        let mut v: Vec<Entry> = (0..(1u32 << 20) + 7)
            .rev()
            .map(|i| (u64::from(i % 1000), i, u64::from(i % 5)))
            .collect();
        let mut w = v.clone();
        sort(&mut v);
        w.sort_unstable();
        assert_eq!(v, w);
        assert_eq!(
            merge(vec![(1, 1, 0), (3, 3, 0)], vec![(2, 2, 0)]),
            [(1, 1, 0), (2, 2, 0), (3, 3, 0)]
        );
    }

    #[test]
    fn crossing_the_limit_reports_old_members() {
        let mut b = Blocks::default();
        b.insert((0..BLOCK_LIMIT as u32).map(|i| (1, i, 1)).collect());
        let crossed = b.insert(vec![(1, 5000, 1)]);
        assert_eq!(crossed.len(), BLOCK_LIMIT);
        assert!(b.insert(vec![(1, 5001, 1)]).is_empty());
    }
}
