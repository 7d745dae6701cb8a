//! Bytes to text: BOM sniffing, UTF-16, lossy UTF-8 with a count, binary refusal.

use std::borrow::Cow;

use crate::model::statement::Decoding;

/// Why a file could not be decoded as text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error(
        "looks like a binary file (NUL byte at offset {offset}); demarche reads .txt, .md and .html text"
    )]
    Binary { offset: usize },
}

/// How many leading bytes are sniffed for NUL to call a file binary (as bat and ripgrep do).
const SNIFF_LEN: usize = 8 * 1024;

/// Decodes a file's bytes: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, invalid
/// UTF-8 replaced with U+FFFD (and counted). A NUL in a BOM-less file means binary.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Decoding), DecodeError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 {
            return Ok(decode_utf8(body, true));
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let replaced = if had_errors {
            text.chars().filter(|&c| c == '\u{FFFD}').count()
        } else {
            0
        };
        let name = if enc == encoding_rs::UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        return Ok((
            Cow::Owned(text.into_owned()),
            Decoding {
                encoding: name,
                bom: true,
                lossy: had_errors,
                replaced,
            },
        ));
    }
    let sniff = &bytes[..bytes.len().min(SNIFF_LEN)];
    if let Some(offset) = memchr_nul(sniff) {
        return Err(DecodeError::Binary { offset });
    }
    Ok(decode_utf8(bytes, false))
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// Valid UTF-8 is borrowed, not copied: the sanitiser makes the one copy the text needs.
fn decode_utf8(bytes: &[u8], bom: bool) -> (Cow<'_, str>, Decoding) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (
            Cow::Borrowed(s),
            Decoding {
                encoding: "UTF-8",
                bom,
                lossy: false,
                replaced: 0,
            },
        ),
        Err(_) => {
            let mut replaced = 0;
            let mut out = String::with_capacity(bytes.len());
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    replaced += 1;
                    out.push('\u{FFFD}');
                }
            }
            (
                Cow::Owned(out),
                Decoding {
                    encoding: "UTF-8",
                    bom,
                    lossy: true,
                    replaced,
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8() {
        let (t, d) = decode("Заявление МИД".as_bytes()).unwrap();
        assert_eq!(t, "Заявление МИД");
        assert_eq!((d.encoding, d.bom, d.lossy), ("UTF-8", false, false));
    }

    #[test]
    fn utf8_bom_is_removed() {
        let (t, d) = decode(b"\xEF\xBB\xBFHello").unwrap();
        assert_eq!(t, "Hello");
        assert!(d.bom);
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("上一 ok".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("上一 ok".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().0, "上一 ok");
        assert_eq!(decode(&le).unwrap().1.encoding, "UTF-16LE");
        assert_eq!(decode(&be).unwrap().0, "上一 ok");
        assert_eq!(decode(&be).unwrap().1.encoding, "UTF-16BE");
    }

    #[test]
    fn invalid_utf8_is_lossy_and_counted() {
        let (t, d) = decode(b"caf\xE9 and \x80\x81 end").unwrap();
        assert!(d.lossy);
        assert_eq!(d.replaced, 3);
        assert_eq!(t, "caf\u{FFFD} and \u{FFFD}\u{FFFD} end");
    }

    #[test]
    fn nul_means_binary() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err(DecodeError::Binary { offset: 4 })
        );
    }
}
