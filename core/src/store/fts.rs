//! What the full-text table holds for a record's text, and what a user's typed query becomes.
//!
//! The table's tokenizer is SQLite's `unicode61` (case folding, diacritics removed, letters,
//! numbers and combining marks as word characters). Spaced scripts (Latin, Vietnamese,
//! Persian, Cyrillic, Greek) are split into words by it and a query word matches the start of
//! a word. Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar, Chinese,
//! Japanese kana, Hangul) have no word boundary unicode61 could find, so every character of
//! theirs is made a token of its own here, in the stored text and in the query alike: a run
//! of such characters in a query becomes a phrase of single-character tokens, which matches
//! exactly where that run occurs inside a name, for one, two or more characters.
//! docs/adr/0010-search-inside-unspaced-names.md says why this and not a trigram table.

use unicode_normalization::char::is_combining_mark;

/// Characters of scripts written without spaces between words: each one is a token.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F // Thai
        | 0x0E80..=0x0EFF // Lao
        | 0x1000..=0x109F // Myanmar
        | 0xA9E0..=0xA9FF // Myanmar extended-B
        | 0xAA60..=0xAA7F // Myanmar extended-A
        | 0x1780..=0x17FF // Khmer
        | 0x19E0..=0x19FF // Khmer symbols
        | 0x3005..=0x3007 // 々 〆 〇
        | 0x3040..=0x309F // Hiragana
        | 0x30A0..=0x30FF // Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK unified ideographs extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables (Korean compounds are often written unspaced)
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // halfwidth Katakana
        | 0x20000..=0x3134F // CJK unified ideographs extensions B to H
    )
}

/// Vowel signs that Arabic-script text (Persian, Arabic, Urdu) may or may not write, and the
/// tatweel that only stretches a word: left out, so a name typed without them finds a name
/// written with them and the other way round.
fn is_optional_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x0640)
}

/// Folds unicode61's `remove_diacritics` does not do: the Vietnamese đ has no decomposition.
fn fold(c: char) -> char {
    match c {
        'đ' => 'd',
        'Đ' => 'D',
        other => other,
    }
}

/// A character that belongs to a word (what unicode61 keeps with `categories 'L* N* Co M*'`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Write `text` for the tokenizer: every character of an unspaced script stands alone, the
/// optional Arabic vowel signs are left out, đ is d.
fn push_tokenizable(out: &mut String, text: &str) {
    for c in text.chars() {
        if is_optional_arabic_mark(c) {
            continue;
        }
        if is_unspaced(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(fold(c));
        }
    }
}

/// The text the full-text table indexes for a record's search text.
pub fn indexed_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    push_tokenizable(&mut out, text);
    out
}

/// Turn what a user typed into an FTS5 query. Every word must match: a word of a spaced
/// script as a prefix of a word of the text ("Acme gmb" finds "Acme GmbH"), a run of an
/// unspaced script anywhere inside a name ("ดอยช้าง" finds "ร้านกาแฟดอยช้างเชียงใหม่", "茶"
/// finds "乌龙茶礼盒"). None when the input holds no word at all.
pub fn fts_query(input: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in input.split(|c: char| !is_word_char(c)) {
        let mut phrase = String::with_capacity(word.len() * 2);
        push_tokenizable(&mut phrase, word);
        let phrase = phrase.trim();
        if phrase.is_empty() {
            continue;
        }
        // the prefix star is for a last word of a spaced script; a last character of an
        // unspaced one is a whole token already
        let ends_spaced = phrase.chars().next_back().is_some_and(|c| !is_unspaced(c));
        terms.push(format!(
            "\"{phrase}\"{}",
            if ends_spaced { "*" } else { "" }
        ));
    }
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_words_are_prefixes() {
        assert_eq!(fts_query("Acme gmb").as_deref(), Some("\"Acme\"* \"gmb\"*"));
        assert_eq!(fts_query("O'Brien").as_deref(), Some("\"O\"* \"Brien\"*"));
        assert_eq!(fts_query("hoà bình").as_deref(), Some("\"hoà\"* \"bình\"*"));
        assert_eq!(fts_query("Đà Nẵng").as_deref(), Some("\"Dà\"* \"Nẵng\"*"));
    }

    #[test]
    fn input_without_words_is_no_query() {
        assert_eq!(fts_query("  \"* ) "), None);
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("\u{064E}\u{0640}"), None);
    }

    #[test]
    fn unspaced_runs_are_phrases_of_single_characters() {
        assert_eq!(fts_query("茶").as_deref(), Some("\"茶\""));
        assert_eq!(fts_query("礼盒").as_deref(), Some("\"礼  盒\""));
        // the tone mark is a token of its own, so "ดอยช" (typed so far) matches "ดอยช้าง"
        assert_eq!(
            fts_query("ดอยช้าง").as_deref(),
            Some("\"ด  อ  ย  ช  ้  า  ง\"")
        );
        // mixed in one word: one phrase, the spaced part last keeps its prefix star
        assert_eq!(fts_query("乌龙tea").as_deref(), Some("\"乌  龙 tea\"*"));
    }

    #[test]
    fn quotes_and_operators_never_reach_the_query() {
        let q = fts_query("\"茶\" OR NEAR(a b) -x *").unwrap_or_default();
        assert_eq!(q.matches('"').count() % 2, 0);
        assert!(!q.contains('('));
        assert!(!q.contains('-'));
    }

    #[test]
    fn persian_vowel_signs_are_left_out() {
        // "mohammad" with and without its vowel signs index the same
        assert_eq!(indexed_text("مُحَمَّد"), indexed_text("محمد"));
        assert_eq!(fts_query("مُحَمَّد").as_deref(), Some("\"محمد\"*"));
    }

    #[test]
    fn indexed_text_spaces_out_unspaced_scripts_only() {
        assert_eq!(indexed_text("Acme GmbH"), "Acme GmbH");
        assert_eq!(indexed_text("乌龙茶"), " 乌  龙  茶 ");
        assert_eq!(indexed_text("Phở Đông"), "Phở Dông");
    }
}
