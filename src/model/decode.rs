//! Bytes to text: BOM sniffing (UTF-8, UTF-16, UTF-32), UTF-16 without a BOM recognised by
//! its byte pattern, lossy UTF-8 with a count, and binary refused by proportion.
//!
//! Why by proportion: a scraped page or PDF dump with a few stray NUL or control bytes is
//! still a statement (the sanitiser shows them as placeholders wherever they are); only a
//! file that is mostly non-text is refused.

use std::borrow::Cow;

use crate::model::statement::Decoding;

/// Why a file could not be decoded as text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error(
        "looks like a binary file ({percent}% of the first {sniffed} bytes are NUL, control or invalid bytes); demarche reads .txt, .md and .html text"
    )]
    Binary { percent: usize, sniffed: usize },
}

/// How many leading bytes are sniffed to tell text from binary and UTF-16 from UTF-8.
const SNIFF_LEN: usize = 8 * 1024;

/// Above this share (in percent) of NUL and control bytes in the sniffed part, a file is
/// binary; text in a legacy 8-bit encoding has many invalid bytes but no controls, so
/// invalid bytes count only towards the second, higher bound.
const BINARY_CONTROL_PERCENT: usize = 10;
const BINARY_NON_TEXT_PERCENT: usize = 30;

/// Decodes a file's bytes: UTF-8 with or without BOM, UTF-16 LE/BE with BOM or recognised by
/// its pattern of zero bytes, UTF-32 LE/BE with BOM, invalid UTF-8 replaced with U+FFFD
/// (and counted). A file whose start is mostly NUL, control or invalid bytes is binary.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Decoding), DecodeError> {
    if let Some(found) = decode_utf32_bom(bytes) {
        return Ok(found);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        if enc == encoding_rs::UTF_8 {
            return Ok(decode_utf8(body, true));
        }
        return Ok(decode_utf16(body, enc, true));
    }
    let sniff = bytes.get(..bytes.len().min(SNIFF_LEN)).unwrap_or_default();
    if let Some(enc) = utf16_without_bom(sniff) {
        return Ok(decode_utf16(bytes, enc, false));
    }
    let (controls, non_text) = non_text_percent(sniff);
    if controls > BINARY_CONTROL_PERCENT || non_text > BINARY_NON_TEXT_PERCENT {
        let percent = non_text;
        return Err(DecodeError::Binary {
            percent,
            sniffed: sniff.len(),
        });
    }
    Ok(decode_utf8(bytes, false))
}

/// Shares (percent, rounded up) of bytes that no text file has: (NUL, C0 controls other
/// than tab, line feed, form feed and carriage return, and DEL; those plus bytes of invalid
/// UTF-8).
fn non_text_percent(sniff: &[u8]) -> (usize, usize) {
    if sniff.is_empty() {
        return (0, 0);
    }
    let controls = count_controls(sniff);
    let percent = |n: usize| (n * 100).div_ceil(sniff.len());
    // Valid UTF-8, or valid up to a char cut by the end of the sniffed part: nothing invalid.
    match std::str::from_utf8(sniff) {
        Ok(_) => return (percent(controls), percent(controls)),
        Err(e) if e.error_len().is_none() => return (percent(controls), percent(controls)),
        Err(_) => {}
    }
    let mut invalid = 0;
    let mut chunks = sniff.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        // A multi-byte char cut by the end of the sniffed part is not invalid.
        if chunks.peek().is_some() || chunk.invalid().len() > 3 {
            invalid += chunk.invalid().len();
        }
    }
    (percent(controls), percent(controls + invalid))
}

/// How many bytes are NUL, C0 controls other than tab, line feed, form feed and carriage
/// return, or DEL. Counted in byte lanes, 16 at a time (this runs on every file read): the
/// lanes are summed before they can overflow.
fn count_controls(bytes: &[u8]) -> usize {
    let is_control = |b: u8| {
        let allowed = (b == b'\t') | (b == b'\n') | (b == 0x0C) | (b == b'\r');
        u8::from(((b < 0x20) & !allowed) | (b == 0x7F))
    };
    let mut total = 0;
    for block in bytes.chunks(255 * 16) {
        let mut lanes = [0u8; 16];
        let mut chunks = block.chunks_exact(16);
        for chunk in &mut chunks {
            for (lane, &b) in lanes.iter_mut().zip(chunk) {
                *lane += is_control(b);
            }
        }
        total += lanes.iter().map(|&n| usize::from(n)).sum::<usize>();
        total += chunks
            .remainder()
            .iter()
            .map(|&b| usize::from(is_control(b)))
            .sum::<usize>();
    }
    total
}

/// UTF-16 without a BOM: zero bytes (the high half of ASCII characters) at one parity of
/// positions and almost none at the other. UTF-8 text has no zero bytes at all.
fn utf16_without_bom(sniff: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    // Most files have no zero byte at all: one fast scan answers for them.
    if sniff.len() < 8 || memchr::memchr(0, sniff).is_none() {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sniff.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = sniff.len() / 2;
    // Spaces and newlines alone make a tenth of the units of most texts in any script.
    let many = |n: usize| n * 10 >= pairs;
    let few = |n: usize| n * 100 <= pairs;
    if many(odd) && few(even) {
        Some(encoding_rs::UTF_16LE)
    } else if many(even) && few(odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn decode_utf16(
    body: &[u8],
    enc: &'static encoding_rs::Encoding,
    bom: bool,
) -> (Cow<'static, str>, Decoding) {
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
    (
        Cow::Owned(text.into_owned()),
        Decoding {
            encoding: name,
            bom,
            lossy: had_errors,
            replaced,
        },
    )
}

/// UTF-32 with a BOM (checked before UTF-16: the UTF-32LE BOM starts like UTF-16LE's).
fn decode_utf32_bom(bytes: &[u8]) -> Option<(Cow<'static, str>, Decoding)> {
    let (name, little) = match bytes.get(..4)? {
        [0xFF, 0xFE, 0, 0] => ("UTF-32LE", true),
        [0, 0, 0xFE, 0xFF] => ("UTF-32BE", false),
        _ => return None,
    };
    let body = bytes.get(4..).unwrap_or_default();
    let mut replaced = 0;
    let mut text = String::with_capacity(body.len() / 4);
    let units = body.chunks_exact(4);
    let tail = !units.remainder().is_empty();
    for unit in units {
        let quad = [unit[0], unit[1], unit[2], unit[3]];
        let v = if little {
            u32::from_le_bytes(quad)
        } else {
            u32::from_be_bytes(quad)
        };
        text.push(char::from_u32(v).unwrap_or_else(|| {
            replaced += 1;
            '\u{FFFD}'
        }));
    }
    if tail {
        replaced += 1;
        text.push('\u{FFFD}');
    }
    Some((
        Cow::Owned(text),
        Decoding {
            encoding: name,
            bom: true,
            lossy: replaced > 0,
            replaced,
        },
    ))
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
    fn mostly_non_text_means_binary_and_says_why() {
        let zip = b"PK\x03\x04\x00\x00\x08\x00\x00\x00\x21\x00\x11\x00\x00\x00";
        match decode(zip) {
            Err(DecodeError::Binary { percent, sniffed }) => {
                assert!(percent > 50, "{percent}");
                assert_eq!(sniffed, zip.len());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_few_stray_nuls_anywhere_keep_the_file_as_text() {
        // Counter-example to the one above: a real statement with stray bytes is read.
        let mut text = "The Ministry of Foreign Affairs expresses its concern. ".repeat(40);
        text.insert(3, '\0');
        text.push('\0');
        text.push_str("Last words.");
        let (t, d) = decode(text.as_bytes()).expect("text");
        assert_eq!(t.matches('\0').count(), 2);
        assert!(t.ends_with("Last words."));
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_without_bom_is_recognised_by_its_zero_bytes() {
        let text = "Заявление МИД\nThe Ministry of Foreign Affairs, 4 July 2022.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let (t, d) = decode(&le).expect("utf-16le");
        assert_eq!((t.as_ref(), d.encoding, d.bom), (text, "UTF-16LE", false));
        let (t, d) = decode(&be).expect("utf-16be");
        assert_eq!((t.as_ref(), d.encoding, d.bom), (text, "UTF-16BE", false));
    }

    #[test]
    fn utf32_with_bom_is_not_taken_for_utf16() {
        let text = "Statement 上一 ok";
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_be_bytes()))
            .collect();
        let (t, d) = decode(&le).expect("utf-32le");
        assert_eq!((t.as_ref(), d.encoding), (text, "UTF-32LE"));
        let (t, d) = decode(&be).expect("utf-32be");
        assert_eq!((t.as_ref(), d.encoding), (text, "UTF-32BE"));
    }

    #[test]
    fn a_utf8_char_cut_at_the_sniff_limit_is_not_invalid() {
        let text = "ж".repeat(SNIFF_LEN);
        assert!(decode(text.as_bytes()).is_ok());
    }
}
