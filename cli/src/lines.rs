//! Byte offsets to line and column numbers, read in a second streaming pass
//! over the file (the scan keeps only the offsets of what it found).

use std::io::{self, Read};

/// 1-based `(line, column)` for each of `offsets` (any order). Columns count
/// characters (UTF-8 sequences), not bytes.
pub fn locate(mut input: impl Read, offsets: &[usize]) -> io::Result<Vec<(usize, usize)>> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets.get(i).copied().unwrap_or(0));
    let mut out = vec![(1usize, 1usize); offsets.len()];
    let mut next = order.iter().peekable();
    let (mut line, mut column, mut pos) = (1usize, 1usize, 0usize);
    let mut buf = vec![0u8; 64 * 1024];
    'read: loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for &b in buf.get(..n).unwrap_or_default() {
            while let Some(&&i) = next.peek() {
                if offsets.get(i).copied().unwrap_or(0) > pos {
                    break;
                }
                if let Some(slot) = out.get_mut(i) {
                    *slot = (line, column);
                }
                next.next();
            }
            if next.peek().is_none() {
                break 'read;
            }
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xc0 != 0x80 {
                column += 1;
            }
            pos += 1;
        }
    }
    // Offsets at or past the end.
    for &i in next {
        if let Some(slot) = out.get_mut(i) {
            *slot = (line, column);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\ncé<x>\n\n<y>";
        let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
        let got = locate(text.as_bytes(), &[at("<y>"), 0, at("<x>"), text.len()]).expect("read");
        assert_eq!(got, vec![(4, 1), (1, 1), (2, 3), (4, 4)]);
    }
}
