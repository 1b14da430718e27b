//! Blocking: which records are ever compared by name. Only records sharing a blocking key (kind,
//! city, a reading of the surname, a reading of the first given syllable, number of given
//! syllables; for sites and organisations the folded name) are compared, so the work grows with
//! the number of namesakes in a city, not with the size of the index.
//!
//! Storage is compact for a million records: the bulk lives in one sorted vector of (key,
//! record) pairs, searched by bisection; records added a few at a time go to a small hash map
//! beside it, so adding a report never re-sorts the bulk.

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
    bulk: Vec<(u64, u32)>,
    /// Start in `bulk` of each value of the top `RADIX_BITS` bits of the key (plus an end).
    radix: Vec<u32>,
    recent: FxHashMap<u64, Vec<u32>>,
}

impl Blocks {
    fn bulk_range(&self, key: u64) -> &[(u64, u32)] {
        let b = (key >> (64 - RADIX_BITS)) as usize;
        let (Some(&lo), Some(&hi)) = (self.radix.get(b), self.radix.get(b + 1)) else {
            return &[];
        };
        let bucket = self.bulk.get(lo as usize..hi as usize).unwrap_or(&[]);
        let start = bucket.partition_point(|(k, _)| *k < key);
        let rest = bucket.get(start..).unwrap_or(&[]);
        let len = rest.iter().take_while(|(k, _)| *k == key).count();
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
                .is_some_and(|(k, _)| ((*k >> (64 - RADIX_BITS)) as usize) < b)
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
                .map(|(_, r)| *r)
                .chain(recent.into_iter().flatten().copied()),
        )
    }

    /// Records under a key.
    pub(crate) fn get(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        self.bulk_range(key)
            .iter()
            .map(|(_, r)| *r)
            .chain(self.recent.get(&key).into_iter().flatten().copied())
    }

    /// Files new (key, record) pairs. Returns the records that were already under a key that
    /// these pairs push past [`BLOCK_LIMIT`]: their neighbourhoods changed.
    pub(crate) fn insert(&mut self, mut items: Vec<(u64, u32)>) -> Vec<u32> {
        sort(&mut items);
        let mut crossed = Vec::new();
        let mut i = 0;
        while let Some(&(key, _)) = items.get(i) {
            let n = items[i..].iter().take_while(|(k, _)| *k == key).count();
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
            for (k, r) in items {
                self.recent.entry(k).or_default().push(r);
            }
        }
        crossed
    }
}

/// Sorts, on two threads for large inputs (the result is the same).
fn sort(items: &mut [(u64, u32)]) {
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
fn merge(a: Vec<(u64, u32)>, b: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
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
        let bulk: Vec<(u64, u32)> = (0..BULK as u32).map(|i| (u64::from(i % 7), i)).collect();
        b.insert(bulk);
        b.insert(vec![(3, 99_999), (100, 5)]);
        assert_eq!(b.len_of(3), BULK / 7 + 1 + usize::from(BULK % 7 > 3));
        assert!(b.get(3).any(|r| r == 99_999));
        assert_eq!(b.get(100).collect::<Vec<_>>(), [5]);
        assert_eq!(b.len_of(42), 0);
    }

    #[test]
    fn sorts_and_merges() {
        let mut v: Vec<(u64, u32)> = (0..(1u32 << 20) + 7)
            .rev()
            .map(|i| (u64::from(i % 1000), i))
            .collect();
        let mut w = v.clone();
        sort(&mut v);
        w.sort_unstable();
        assert_eq!(v, w);
        assert_eq!(
            merge(vec![(1, 1), (3, 3)], vec![(2, 2)]),
            [(1, 1), (2, 2), (3, 3)]
        );
    }

    #[test]
    fn crossing_the_limit_reports_old_members() {
        let mut b = Blocks::default();
        b.insert((0..BLOCK_LIMIT as u32).map(|i| (1, i)).collect());
        let crossed = b.insert(vec![(1, 5000)]);
        assert_eq!(crossed.len(), BLOCK_LIMIT);
        assert!(b.insert(vec![(1, 5001)]).is_empty());
    }
}
