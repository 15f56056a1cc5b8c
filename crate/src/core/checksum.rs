//! A checksum that tells two copies of the same bytes from different ones:
//! the build hashes the vendor table's text, and the consent interface
//! checks the text stage 1 hands it against that (see `vendors::share`). Not
//! a defence against forgery: stage 2's integrity hash is that.

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
