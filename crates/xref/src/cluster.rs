//! The cluster rule: which weak links are accepted, so that no cluster is held together by a
//! chain of weak links or by an ambiguous one.
//!
//! Strong links (shared phone, e-mail, WeChat ID, site address) form *cores* by union. Between
//! cores, a weak link (name match plus same city, or plus same address) is a candidate only when
//! the two cores do not conflict (`decide`). Call N(X) the set of cores with a candidate link to
//! core X, plus X itself. A weak link X–Y is **accepted only when N(X) = N(Y)**: the two cores are
//! compatible with exactly the same cores. So:
//!
//! - "Chen Wei, Toronto" joins the only 陈伟 in Toronto, but joins nobody when there are two
//!   陈伟 in Toronto with different phones (they conflict, so the mention's N holds both and
//!   theirs do not hold each other): an ambiguous mention stays alone.
//! - "Wong Chi Ming, Toronto" joins nobody when both 王志明 and 黃志明 are in Toronto (王 and 黃
//!   are different Han names: they conflict), while "Huang Zhiming" still joins 黃志明.
//! - Weak links never chain: accepted links join groups whose members all have identical
//!   neighbourhoods, so every two members are directly compatible (a clique).
//!
//! The same rule is applied a second time with address-level links only: an ambiguous
//! romanisation is accepted when the address, not just the city, singles out one core.
//! Finally, while groups are joined, a join is refused if the joined groups conflict (a safety net
//! that the rule above already implies).

use crate::decide::Level;

/// Candidate weak neighbours of one core, sorted by core id, with the best level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Neighbours {
    pub(crate) cores: Vec<(u32, Level)>,
    /// Whether the core itself has a strong identifier (phone, e-mail, WeChat ID, site address).
    pub(crate) anchored: bool,
    /// Whether one of its records is under a blocking key too common to be searched
    /// (`BLOCK_LIMIT`): its true neighbourhood is then unknown, so none of its weak links can be
    /// shown unambiguous (issue 15: a name shared by that many records in one city is evidence
    /// of nothing).
    pub(crate) crowded: bool,
    /// The only strongly identified core among the neighbours, if exactly one is (at any
    /// level, and at address level): who a mention could only be.
    sole: Option<u32>,
    sole_address: Option<u32>,
    /// Signatures of the closed neighbourhoods at city and at address level (see [`accept`]):
    /// unequal signatures mean unequal sets, so most comparisons end without walking the lists.
    sig_city: u64,
    sig_address: u64,
}

/// A set signature: the wrapping sum of a mixed value per element (order does not matter).
fn mix(x: u32) -> u64 {
    let mut z = u64::from(x).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Neighbours {
    /// The neighbourhood of core `me`; `cores` sorted by core id.
    pub(crate) fn new(
        me: u32,
        cores: Vec<(u32, Level)>,
        anchored: bool,
        crowded: bool,
        identified: &[bool],
    ) -> Neighbours {
        let only = |min: Level| {
            let mut it = cores
                .iter()
                .zip(identified)
                .filter(|((_, l), a)| **a && *l >= min);
            match (it.next(), it.next()) {
                (Some(((c, _), _)), None) => Some(*c),
                _ => None,
            }
        };
        let (sole, sole_address) = (only(Level::City), only(Level::Address));
        let mut sig_city = mix(me);
        let mut sig_address = mix(me);
        for (c, l) in &cores {
            sig_city = sig_city.wrapping_add(mix(*c));
            if *l >= Level::Address {
                sig_address = sig_address.wrapping_add(mix(*c));
            }
        }
        Neighbours {
            cores,
            anchored,
            crowded,
            sole,
            sole_address,
            sig_city,
            sig_address,
        }
    }

    /// The closed neighbourhood at `min` level: the cores linked at that level or better, plus
    /// `me`, ascending.
    fn closed(&self, me: u32, min: Level) -> impl Iterator<Item = u32> + '_ {
        let below = self.cores.partition_point(|(c, _)| *c < me);
        let (lo, hi) = self.cores.split_at(below);
        let keep = move |(c, l): &(u32, Level)| (*l >= min).then_some(*c);
        lo.iter()
            .filter_map(keep)
            .chain(std::iter::once(me))
            .chain(hi.iter().filter_map(keep))
    }

    fn same_closed(&self, me: u32, other: &Neighbours, them: u32, min: Level) -> bool {
        let (a, b) = match min {
            Level::City => (self.sig_city, other.sig_city),
            Level::Address => (self.sig_address, other.sig_address),
        };
        a == b && self.closed(me, min).eq(other.closed(them, min))
    }

    pub(crate) fn level_of(&self, other: u32) -> Option<Level> {
        self.cores
            .binary_search_by_key(&other, |(c, _)| *c)
            .ok()
            .and_then(|i| self.cores.get(i))
            .map(|(_, l)| *l)
    }
}

/// Whether the weak link x–y is accepted (see the module comment).
pub(crate) fn accept(x: u32, nx: &Neighbours, y: u32, ny: &Neighbours) -> bool {
    same_neighbourhoods(x, nx, y, ny) || only_fit(nx, y, ny) || only_fit(ny, x, nx)
}

/// A mention (no identifier, neighbourhood `nm`) and the one identified core it can be (`x`): no other
/// identified core fits its weak evidence (at address level, when the link is one), and its
/// neighbourhood is complete (not crowded). Other mentions around do not matter: they are
/// decided on their own (issue 15: a mention joins a cluster when exactly one fits).
fn only_fit(nm: &Neighbours, x: u32, nx: &Neighbours) -> bool {
    if nm.anchored || !nx.anchored || nm.crowded {
        return false;
    }
    let Some(level) = nm.level_of(x) else {
        return false;
    };
    nm.sole == Some(x) || (level == Level::Address && nm.sole_address == Some(x))
}

fn same_neighbourhoods(x: u32, nx: &Neighbours, y: u32, ny: &Neighbours) -> bool {
    let Some(level) = nx.level_of(y) else {
        return false;
    };
    // A weak link always touches a strongly identified core: mentions never cluster by
    // themselves. (Two identified person cores never get this far: they conflict.)
    if !nx.anchored && !ny.anchored {
        return false;
    }
    // Either side may have namesakes nobody looked at.
    if nx.crowded || ny.crowded {
        return false;
    }
    if nx.same_closed(x, ny, y, Level::City) {
        return true;
    }
    level == Level::Address && nx.same_closed(x, ny, y, Level::Address)
}

/// Union-find over record positions; the root of a set is its smallest position.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub(crate) fn push(&mut self) -> u32 {
        let id = u32::try_from(self.parent.len()).unwrap_or(u32::MAX);
        self.parent.push(id);
        id
    }

    /// Room for exactly `additional` more elements.
    pub(crate) fn reserve_exact(&mut self, additional: usize) {
        self.parent.reserve_exact(additional);
    }

    /// Root without path compression.
    pub(crate) fn find(&self, mut x: u32) -> u32 {
        while let Some(&p) = self.parent.get(x as usize) {
            if p == x {
                break;
            }
            x = p;
        }
        x
    }

    /// Root with path compression.
    pub(crate) fn find_mut(&mut self, x: u32) -> u32 {
        let root = self.find(x);
        let mut cur = x;
        while cur != root {
            let Some(slot) = self.parent.get_mut(cur as usize) else {
                break;
            };
            let next = *slot;
            *slot = root;
            cur = next;
        }
        root
    }

    /// Joins two sets; returns (kept root, absorbed root) when they were apart.
    pub(crate) fn union(&mut self, a: u32, b: u32) -> Option<(u32, u32)> {
        let (ra, rb) = (self.find_mut(a), self.find_mut(b));
        if ra == rb {
            return None;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(gone as usize) {
            *slot = keep;
        }
        Some((keep, gone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Neighbourhoods in these tests: cores 0 and 1 are identified, others are mentions.
    fn n(me: u32, v: &[(u32, Level)], anchored: bool) -> Neighbours {
        let identified: Vec<bool> = v.iter().map(|(c, _)| *c < 2).collect();
        Neighbours::new(me, v.to_vec(), anchored, false, &identified)
    }

    #[test]
    fn ambiguous_mentions_stay_alone() {
        // 0 and 1 conflict (two phones); 2 is a mention compatible with both.
        let n0 = n(0, &[(2, Level::City)], true);
        let n1 = n(1, &[(2, Level::City)], true);
        let n2 = n(2, &[(0, Level::City), (1, Level::City)], false);
        assert!(!accept(2, &n2, 0, &n0));
        assert!(!accept(2, &n2, 1, &n1));
        // Only one candidate: accepted.
        let n0 = n(0, &[(2, Level::City)], true);
        let n2 = n(2, &[(0, Level::City)], false);
        assert!(accept(0, &n0, 2, &n2));
        // Two mentions alone never cluster.
        let m0 = n(0, &[(1, Level::City)], false);
        let m1 = n(1, &[(0, Level::City)], false);
        assert!(!accept(0, &m0, 1, &m1));
    }

    #[test]
    fn crowded_cores_link_by_name_to_nobody() {
        let n0 = n(0, &[(2, Level::City)], true);
        let n2 = Neighbours::new(2, vec![(0, Level::City)], false, true, &[true]);
        assert!(accept(0, &n0, 2, &n(2, &[(0, Level::City)], false)));
        assert!(!accept(0, &n0, 2, &n2));
        assert!(!accept(2, &n2, 0, &n0));
    }

    #[test]
    fn address_breaks_a_city_tie() {
        let n0 = n(0, &[(2, Level::Address)], true);
        let n1 = n(1, &[(2, Level::City)], true);
        let n2 = n(2, &[(0, Level::Address), (1, Level::City)], false);
        assert!(accept(2, &n2, 0, &n0));
        assert!(!accept(2, &n2, 1, &n1));
    }

    #[test]
    fn union_find_roots_are_smallest() {
        let mut u = UnionFind::default();
        for _ in 0..5 {
            u.push();
        }
        assert_eq!(u.union(3, 1), Some((1, 3)));
        assert_eq!(u.union(4, 3), Some((1, 4)));
        assert_eq!(u.find(4), 1);
        assert_eq!(u.union(1, 4), None);
    }
}
