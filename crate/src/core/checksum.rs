//! A checksum that tells two copies of the same bytes from different ones:
//! the build hashes the vendor table's text and the browser's vendor
//! details, and the consent interface checks what it is handed against
//! that (see `vendors::share`, `details::share`). Not a defence against
//! forgery: the files' integrity hashes are that.

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// Why a module refused what stage 1 or a file of its own handed it (the
/// vendor table's text, `vendors::share`; the vendor details,
/// `details::share`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not this build's (another version of the file or of stage 1).
    OtherBuild,
    /// Shared already.
    Twice,
}
