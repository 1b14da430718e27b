//! Integrity from arrival (issue 14): the SHA-256 of what a reporter sent, a hiding
//! commitment to it, and the Merkle tree that binds a day's commitments into one root.
//!
//! **Commitment.** For an item (the answers JSON, a file, a message: the exact plaintext bytes
//! sealed), with `h = SHA-256(item)` and a fresh random 32-byte `nonce`:
//!
//! ```text
//! commitment = SHA-256(nonce || h)        (32 + 32 bytes in, no label, no length prefix)
//! ```
//!
//! The nonce is sealed with the report; the commitment is stored in clear. Without the nonce
//! a candidate file cannot be matched against the commitment (2^256 nonces to try); with it
//! (in an evidence bundle) anyone recomputes the commitment with `sha256sum`-level tools:
//! `python3 -c "import hashlib; print(hashlib.sha256(bytes.fromhex(NONCE + H)).hexdigest())"`.
//!
//! **Daily tree.** A day's commitments, sorted by value (random, so the order says nothing
//! about arrival), are the leaves of an RFC 6962 / RFC 9162 Merkle tree over SHA-256:
//! `leaf = SHA-256(0x00 || commitment)`, `node = SHA-256(0x01 || left || right)`, the split
//! at the largest power of two below the size. The tree and its inclusion proofs come from
//! the `ct-merkle` crate (RFC 6962, `MemoryBackedTree`); [`verify_inclusion`] recomputes a
//! root from an audit path by hand (RFC 9162, section 2.1.3.2) so that the verifier does not
//! depend on how the tree was built. The unit tests pin both against values computed with
//! Python's `hashlib`.

use ct_merkle::mem_backed_tree::MemoryBackedTree;
use sha2::{Digest, Sha256};

use crate::CryptoError;

/// Bytes of a SHA-256 value, a nonce, a commitment and a tree node.
pub const HASH_BYTES: usize = 32;

/// A 32-byte value: a SHA-256 output, a nonce, a commitment, a node of the tree.
pub type Hash32 = [u8; HASH_BYTES];

/// SHA-256 of a stream of bytes, fed as it goes by (a file while it is encrypted).
#[derive(Clone, Debug, Default)]
pub struct ContentHasher {
    inner: Sha256,
    bytes: u64,
}

impl ContentHasher {
    /// A hasher that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.inner.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    /// The SHA-256 of everything fed, and how many bytes that was.
    pub fn finish(self) -> (Hash32, u64) {
        (self.inner.finalize().into(), self.bytes)
    }
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> Hash32 {
    Sha256::digest(bytes).into()
}

/// A fresh random nonce from the operating system's CSPRNG.
pub fn draw_nonce() -> Result<Hash32, CryptoError> {
    crate::random_bytes::<HASH_BYTES>()
}

/// The commitment to an item whose SHA-256 is `item_sha256`: `SHA-256(nonce || item_sha256)`.
pub fn commit(nonce: &Hash32, item_sha256: &Hash32) -> Hash32 {
    let mut hasher = Sha256::new();
    hasher.update(nonce);
    hasher.update(item_sha256);
    hasher.finalize().into()
}

fn tree(leaves: &[Hash32]) -> MemoryBackedTree<Sha256, Hash32> {
    let mut tree = MemoryBackedTree::new();
    for leaf in leaves {
        tree.push(*leaf);
    }
    tree
}

/// The RFC 6962 root of a tree whose leaves are `leaves` (each hashed as
/// `SHA-256(0x00 || leaf)`), in the order given. `None` for no leaves: an empty day has no
/// root and no entry.
pub fn merkle_root(leaves: &[Hash32]) -> Option<Hash32> {
    if leaves.is_empty() {
        return None;
    }
    Some((*tree(leaves).root().as_bytes()).into())
}

/// The audit path of leaf `index` in the tree of `leaves` (RFC 6962 section 2.1.1: the
/// siblings from the leaf up to the root). `None` if `index` is not a leaf.
pub fn inclusion_path(leaves: &[Hash32], index: u64) -> Option<Vec<Hash32>> {
    let position = usize::try_from(index).ok()?;
    if position >= leaves.len() {
        return None;
    }
    let proof = tree(leaves).prove_inclusion(position);
    let bytes = proof.as_bytes();
    Some(
        bytes
            .chunks_exact(HASH_BYTES)
            .filter_map(|chunk| Hash32::try_from(chunk).ok())
            .collect(),
    )
}

/// The root of the tree of `leaves` and the audit paths of the leaves at `indexes`, the tree
/// built once (an evidence bundle proves many entries of a long audit trail). `None` if there
/// are no leaves or an index is not a leaf.
pub fn inclusion_paths(leaves: &[Hash32], indexes: &[u64]) -> Option<(Hash32, Vec<Vec<Hash32>>)> {
    if leaves.is_empty() {
        return None;
    }
    let tree = tree(leaves);
    let root: Hash32 = (*tree.root().as_bytes()).into();
    let mut paths = Vec::with_capacity(indexes.len());
    for &index in indexes {
        let position = usize::try_from(index).ok()?;
        if position >= leaves.len() {
            return None;
        }
        let proof = tree.prove_inclusion(position);
        paths.push(
            proof
                .as_bytes()
                .chunks_exact(HASH_BYTES)
                .filter_map(|chunk| Hash32::try_from(chunk).ok())
                .collect(),
        );
    }
    Some((root, paths))
}

/// The RFC 6962 leaf hash `SHA-256(0x00 || leaf)`.
pub fn leaf_hash(leaf: &Hash32) -> Hash32 {
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(leaf);
    hasher.finalize().into()
}

/// The RFC 6962 interior node `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash32, right: &Hash32) -> Hash32 {
    let mut hasher = Sha256::new();
    hasher.update([1u8]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The root that `leaf` at `index` in a tree of `size` leaves gives with the audit `path`
/// (RFC 9162, section 2.1.3.2, written out here rather than taken from the crate that built
/// the proof). `None` when the path has the wrong length for that index and size.
pub fn root_from_path(leaf: &Hash32, index: u64, size: u64, path: &[Hash32]) -> Option<Hash32> {
    if index >= size {
        return None;
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = leaf_hash(leaf);
    for p in path {
        if sn == 0 {
            return None;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    (sn == 0).then_some(r)
}

/// Whether `leaf` is at `index` in the tree of `size` leaves whose root is `root`, by `path`.
pub fn verify_inclusion(
    leaf: &Hash32,
    index: u64,
    size: u64,
    path: &[Hash32],
    root: &Hash32,
) -> bool {
    root_from_path(leaf, index, size, path)
        .is_some_and(|computed| subtle::ConstantTimeEq::ct_eq(&computed[..], &root[..]).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> Hash32 {
        let mut out = [0u8; 32];
        hex::decode_to_slice(text, &mut out).unwrap();
        out
    }

    // Computed with Python's hashlib:
    //   item = sha256(b"quietline"); nonce = bytes(range(32))
    //   sha256(nonce + item).hexdigest()
    #[test]
    fn the_commitment_is_sha256_of_nonce_then_item_hash() {
        let item = sha256(b"quietline");
        assert_eq!(
            hex::encode(item),
            "291fa258e111e3c7a8b9ef59076a8cb965f519d827da0851a91a8fcd172cff7b"
        );
        let nonce: Hash32 = std::array::from_fn(|i| i as u8);
        assert_eq!(
            hex::encode(commit(&nonce, &item)),
            "3d0821255835921478fd51e68e4731fe33a8e60d5c3fdbaabc8f456ef49cdd0d"
        );
        let mut streamed = ContentHasher::new();
        streamed.update(b"quiet");
        streamed.update(b"line");
        assert_eq!(streamed.finish(), (item, 9));
        assert_ne!(draw_nonce().unwrap(), draw_nonce().unwrap());
    }

    // Leaves sha256(bytes([i]) * 32) for i in 0..5; roots and paths from a direct Python
    // transcription of RFC 6962 section 2.1 (MTH and PATH).
    #[test]
    fn roots_and_paths_match_rfc_6962_computed_independently() {
        let leaves: Vec<Hash32> = (0u8..5).map(|i| sha256(&[i; 32])).collect();
        assert_eq!(
            hex::encode(merkle_root(&leaves).unwrap()),
            "3eb85bedf8779489629489d2ef010ddf955203fd8eb608d819081ef3eba5f29d"
        );
        assert_eq!(
            hex::encode(merkle_root(&leaves[..1]).unwrap()),
            "20ce9aceb40875b02b5a7ac5237a244024db9c821618fabb9bab17e5c113f8c5"
        );
        assert_eq!(merkle_root(&[]), None);
        let path = inclusion_path(&leaves, 3).unwrap();
        assert_eq!(
            path,
            vec![
                h("cd368f1651d74ce3ce3bfbb1b2aa1645494c0367a51530c8f1f6fed4c67febcd"),
                h("ecb07cdb07b082c4adf3b3194b6027c22f33e2bfa800799eed70fbfc2e900a6b"),
                h("b77a4419473d33753b113a3fa1a4529d3fc5fa64751427d349eca9815bab081b"),
            ]
        );
        assert_eq!(inclusion_path(&leaves, 5), None);
    }

    #[test]
    fn every_leaf_of_every_small_tree_verifies_and_nothing_else_does() {
        for size in 1u8..=17 {
            let leaves: Vec<Hash32> = (0..size).map(|i| sha256(&[i, size])).collect();
            let root = merkle_root(&leaves).unwrap();
            for (index, leaf) in leaves.iter().enumerate() {
                let index = index as u64;
                let path = inclusion_path(&leaves, index).unwrap();
                let size = u64::from(size);
                assert!(verify_inclusion(leaf, index, size, &path, &root));
                let mut other = *leaf;
                other[0] ^= 1;
                assert!(!verify_inclusion(&other, index, size, &path, &root));
                if size > 1 {
                    assert!(!verify_inclusion(
                        leaf,
                        (index + 1) % size,
                        size,
                        &path,
                        &root
                    ));
                    assert!(!verify_inclusion(leaf, index, size, &path[1..], &root));
                }
            }
        }
    }
}
