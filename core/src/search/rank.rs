//! Search-as-you-type over procedures.
//!
//! Everything expensive happens once, in [`SearchIndex::new`]: names, keywords and
//! fields are folded ([`super::fold()`]) and split into words, every distinct word
//! goes into one sorted vocabulary, and each document keeps its words as indices
//! into it. Because the vocabulary is sorted, all words starting with a query word
//! form one contiguous range, found by two binary searches. A query then marks, in
//! one small table over the vocabulary, which query words each vocabulary word
//! matches; matching a document is one table look-up per document word. A query
//! allocates only its folded text, that table (2 bytes per distinct word) and the
//! hit list.
//!
//! Every query word must match (AND). A query word matches a document word when it
//! is equal to it (a whole-word match) or a prefix of it (a prefix match: the last
//! word is usually still being typed, but any word may be abbreviated).
//!
//! Ranking, from the strongest criterion to the weakest:
//! 1. the procedure code: equal to the query (`1.001193`), then starting with it
//!    (at least 3 characters of a code-like query: digits and dots); a query of
//!    4 or more digits without a dot is also compared with the number after the
//!    code's first dot (`001193`);
//! 2. the folded name as a phrase: equal to the query, then starting with it, then
//!    containing it from a word boundary;
//! 3. every query word matched as a whole word;
//! 4. every query word matched in the name (rather than in keywords or the field);
//! 5. the number of query words matched as whole words;
//! 6. where the words matched: name (3) over keywords (2) over field (1), summed;
//! 7. shorter names first, then catalog order.
//!
//! For criteria 3–6 each query word counts by its best match alone, ordered
//! name-whole > name-prefix > keyword-whole > keyword-prefix > field-whole >
//! field-prefix. Criteria 1–6 are packed into [`Hit::score`]; 7 only orders hits
//! of equal score.

use std::cmp::Ordering;
use std::ops::Range;

use super::fold::{fold, fold_into, tokens};

/// Queries are cut to this many words: nobody types more, and it bounds the work.
const MAX_QUERY_WORDS: usize = 8;
/// A code-like query must be this long before it matches codes by prefix.
const MIN_CODE_PREFIX: usize = 3;
/// A code-like query without a dot must be this long to match the number part of
/// codes (`001193` for `1.001193`).
const MIN_BARE_CODE: usize = 4;

/// What the index needs to know about one procedure (or anything searchable).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// Procedure code, e.g. `1.001193`; matched as typed, not folded.
    pub code: String,
    pub name: String,
    /// Extra search words: common names, abbreviations.
    pub keywords: Vec<String>,
    /// The field (lĩnh vực) name, e.g. `Hộ tịch`.
    pub field: String,
}

/// One search result: the position of the document in the slice given to
/// [`SearchIndex::new`], and its score (higher is better; only meaningful when
/// compared with other hits of the same query).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: u32,
}

/// What [`SearchIndex::search_where`] found: the best hits, best first, and how
/// many documents matched in all (at least `hits.len()`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// A prebuilt search index. Build it once per catalog; query it on every keystroke.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Every distinct folded word, sorted.
    vocab: Vec<Box<str>>,
    /// All documents' words as vocabulary indices, back to back.
    words: Vec<u32>,
    docs: Vec<Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    /// The code, trimmed and ASCII-lowercased.
    code: Box<str>,
    /// Length of the name in characters, for tie-breaking.
    name_len: u32,
    /// `words[start..name_end]` are the name's words, `..kw_end` the keywords',
    /// `..end` the field's.
    start: u32,
    name_end: u32,
    kw_end: u32,
    end: u32,
}

// Score layout, from the most significant bits down (see the module docs).
const CODE_SHIFT: u32 = 28; // 2 bits: 2 equal, 1 prefix
const PHRASE_SHIFT: u32 = 26; // 2 bits: 3 equal, 2 starts, 1 contains
const ALL_WHOLE_SHIFT: u32 = 25;
const ALL_NAME_SHIFT: u32 = 24;
const WHOLE_COUNT_SHIFT: u32 = 20; // 4 bits: up to MAX_QUERY_WORDS
const PLACE_SUM_SHIFT: u32 = 14; // 6 bits: up to 3 × MAX_QUERY_WORDS

const PLACE_NAME: u32 = 3;
const PLACE_KEYWORD: u32 = 2;
const PLACE_FIELD: u32 = 1;

impl SearchIndex {
    pub fn new(docs: &[SearchDoc]) -> SearchIndex {
        // First pass: fold each document into its name and the rest (keywords, then
        // field), remembering how many words each section has.
        struct Folded {
            name: String,
            rest: String,
            name_words: usize,
            kw_words: usize,
        }
        let mut folded = Vec::with_capacity(docs.len());
        for doc in docs {
            let name = fold(&doc.name);
            let mut rest = String::new();
            for kw in &doc.keywords {
                rest.push(' ');
                fold_into(kw, &mut rest);
            }
            let kw_words = tokens(&rest).count();
            rest.push(' ');
            fold_into(&doc.field, &mut rest);
            folded.push(Folded { name_words: tokens(&name).count(), name, rest, kw_words });
        }

        // The vocabulary: every distinct word, sorted, borrowed until the end.
        let mut all: Vec<&str> = folded.iter().flat_map(|f| tokens(&f.name).chain(tokens(&f.rest))).collect();
        all.sort_unstable();
        all.dedup();

        let mut words = Vec::new();
        let mut entries = Vec::with_capacity(docs.len());
        for (doc, f) in docs.iter().zip(&folded) {
            let start = words.len() as u32;
            for w in tokens(&f.name).chain(tokens(&f.rest)) {
                words.push(all.binary_search(&w).expect("word is in the vocabulary") as u32);
            }
            entries.push(Entry {
                code: doc.code.trim().to_ascii_lowercase().into(),
                name_len: f.name.chars().count() as u32,
                start,
                name_end: start + f.name_words as u32,
                kw_end: start + (f.name_words + f.kw_words) as u32,
                end: words.len() as u32,
            });
        }
        let vocab = all.into_iter().map(Box::from).collect();
        SearchIndex { vocab, words, docs: entries }
    }

    /// Number of documents indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best `limit` hits for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        self.search_where(query, limit, |_| true).hits
    }

    /// Like [`search`](Self::search), over the documents for which `keep(index)`
    /// is true only (a filter, checked before any scoring), and also counting
    /// every match, for a "123 results" line while only the best `limit` are
    /// shown.
    pub fn search_where(&self, query: &str, limit: usize, mut keep: impl FnMut(usize) -> bool) -> Found {
        let raw = query.trim();
        let code_query = is_code_like(raw).then(|| raw.to_ascii_lowercase());
        let folded = fold(query);
        let matcher = self.matcher(&folded);
        if matcher.is_none() && code_query.is_none() {
            return Found::default();
        }

        // Hits as (sort key, index): the score above the (inverted) name length, so
        // one integer comparison orders them, and the index breaks ties.
        let mut hits: Vec<(u64, u32)> = Vec::new();
        for (index, doc) in self.docs.iter().enumerate() {
            if !keep(index) {
                continue;
            }
            let mut score = 0;
            if let Some(code) = &code_query {
                score |= code_tier(&doc.code, code) << CODE_SHIFT;
            }
            if let Some(m) = &matcher {
                score |= self.text_score(doc, m);
            }
            if score != 0 {
                hits.push((u64::from(score) << 32 | u64::from(u32::MAX - doc.name_len), index as u32));
            }
        }

        let total = hits.len();
        let order = |a: &(u64, u32), b: &(u64, u32)| -> Ordering { b.0.cmp(&a.0).then(a.1.cmp(&b.1)) };
        if hits.len() > limit {
            if limit == 0 {
                return Found { hits: Vec::new(), total };
            }
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(order);
        let hits =
            hits.into_iter().map(|(key, index)| Hit { index: index as usize, score: (key >> 32) as u32 }).collect();
        Found { hits, total }
    }

    /// Marks, for every vocabulary word, which query words it matches; `None` when
    /// no document can match (no query word, or one that starts no word at all).
    fn matcher(&self, folded_query: &str) -> Option<Matcher> {
        let mut table = vec![0u16; self.vocab.len()];
        let mut n = 0;
        for (j, word) in tokens(folded_query).take(MAX_QUERY_WORDS).enumerate() {
            let lo = self.vocab.partition_point(|v| &**v < word);
            let len = self.vocab[lo..].partition_point(|v| v.starts_with(word));
            if len == 0 {
                return None;
            }
            for t in &mut table[lo..lo + len] {
                *t |= prefix_bit(j);
            }
            if &*self.vocab[lo] == word {
                table[lo] |= whole_bit(j);
            }
            n = j + 1;
        }
        (n > 0).then_some(Matcher { table, n })
    }

    /// The text part of the score; 0 if some query word matches nothing.
    fn text_score(&self, doc: &Entry, m: &Matcher) -> u32 {
        // One pass over the document's words: which query words each section
        // matches, as prefix bits and whole-word bits.
        let section = |range: Range<u32>| {
            self.words[range.start as usize..range.end as usize].iter().fold(0u16, |acc, &w| acc | m.table[w as usize])
        };
        let name = section(doc.start..doc.name_end);
        let keywords = section(doc.name_end..doc.kw_end);
        let field = section(doc.kw_end..doc.end);
        let all_prefix = (1u16 << m.n) - 1;
        if (name | keywords | field) & all_prefix != all_prefix {
            return 0;
        }
        let (mut all_whole, mut all_name) = (true, true);
        let (mut whole_count, mut place_sum) = (0u32, 0u32);
        for j in 0..m.n {
            // The word's best match, in the order name-whole > name-prefix >
            // keyword-whole > keyword-prefix > field-whole > field-prefix.
            let (place, whole) = [(name, PLACE_NAME), (keywords, PLACE_KEYWORD), (field, PLACE_FIELD)]
                .into_iter()
                .find(|(bits, _)| bits & prefix_bit(j) != 0)
                .map(|(bits, place)| (place, bits & whole_bit(j) != 0))
                .unwrap_or_default();
            all_whole &= whole;
            all_name &= place == PLACE_NAME;
            whole_count += u32::from(whole);
            place_sum += place;
        }
        let phrase = phrase_tier(&self.words[doc.start as usize..doc.name_end as usize], m);
        phrase << PHRASE_SHIFT
            | u32::from(all_whole) << ALL_WHOLE_SHIFT
            | u32::from(all_name) << ALL_NAME_SHIFT
            | whole_count << WHOLE_COUNT_SHIFT
            | place_sum << PLACE_SUM_SHIFT
    }
}

/// A query, ready to match: for each vocabulary word, bit `j` is set when query
/// word `j` is a prefix of it, and bit `8 + j` when it is that very word.
struct Matcher {
    table: Vec<u16>,
    /// Number of query words (at most [`MAX_QUERY_WORDS`]).
    n: usize,
}

fn prefix_bit(j: usize) -> u16 {
    1 << j
}

fn whole_bit(j: usize) -> u16 {
    1 << (MAX_QUERY_WORDS + j)
}

/// How a code-like query (already trimmed and lowercased) matches a document's
/// code: 2 equal, 1 a prefix (at least [`MIN_CODE_PREFIX`] characters), 0 not at
/// all. A query without a dot is also compared with the number after the code's
/// first dot, since people often leave out the `1.` of `1.001193`; such a query
/// needs 4 digits, so that a year or a count typed as a word does not pull in
/// every code.
fn code_tier(code: &str, query: &str) -> u32 {
    if code == query {
        return 2;
    }
    if query.len() >= MIN_CODE_PREFIX && code.starts_with(query) {
        return 1;
    }
    if query.len() >= MIN_BARE_CODE && !query.contains('.') {
        if let Some((_, number)) = code.split_once('.') {
            if number == query {
                return 2;
            }
            if number.starts_with(query) {
                return 1;
            }
        }
    }
    0
}

/// Digits and dots with at least one digit: what a procedure code looks like.
fn is_code_like(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.bytes().any(|b| b.is_ascii_digit())
}

/// How the query, as a phrase, occurs in the name's words: 3 equal, 2 at the start,
/// 1 elsewhere, 0 not at all. The last query word may be a prefix (still being
/// typed), the others must be whole words. Working on word indices gives the same
/// answer as comparing the folded strings, since folding joins words by one space.
fn phrase_tier(name: &[u32], m: &Matcher) -> u32 {
    let n = m.n;
    if name.len() < n {
        return 0;
    }
    let at = |i: usize| {
        (0..n).all(|j| {
            let bits = m.table[name[i + j] as usize];
            bits & if j + 1 < n { whole_bit(j) } else { prefix_bit(j) } != 0
        })
    };
    if at(0) {
        if name.len() == n && m.table[name[n - 1] as usize] & whole_bit(n - 1) != 0 {
            3
        } else {
            2
        }
    } else if (1..=name.len() - n).any(at) {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(code: &str, name: &str, keywords: &[&str], field: &str) -> SearchDoc {
        SearchDoc {
            code: code.into(),
            name: name.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            field: field.into(),
        }
    }

    fn fixture() -> Vec<SearchDoc> {
        vec![
            doc("1.001193", "Đăng ký khai sinh", &["giấy khai sinh", "làm khai sinh"], "Hộ tịch"),
            doc("1.000656", "Đăng ký khai tử", &["báo tử"], "Hộ tịch"),
            doc("1.000894", "Đăng ký kết hôn", &["đăng ký lấy vợ lấy chồng"], "Hộ tịch"),
            doc("1.004884", "Đăng ký khai sinh lưu động", &[], "Hộ tịch"),
            doc("1.001022", "Đăng ký thường trú", &["hộ khẩu", "nhập hộ khẩu"], "Đăng ký, quản lý cư trú"),
            doc("2.000986", "Cấp phiếu lý lịch tư pháp", &["lý lịch tư pháp", "LLTP"], "Lý lịch tư pháp"),
            doc("1.001612", "Cấp bản sao trích lục hộ tịch", &["trích lục khai sinh"], "Hộ tịch"),
            doc("1.010001", "Xác nhận tình trạng hôn nhân", &["độc thân"], "Hộ tịch"),
        ]
    }

    fn names(index: &SearchIndex, docs: &[SearchDoc], q: &str) -> Vec<String> {
        index.search(q, 10).iter().map(|h| docs[h.index].name.clone()).collect()
    }

    #[test]
    fn khai_sinh_ranks_birth_above_death() {
        let docs = fixture();
        let index = SearchIndex::new(&docs);
        let got = names(&index, &docs, "khai sinh");
        assert_eq!(got[0], "Đăng ký khai sinh");
        assert_eq!(got[1], "Đăng ký khai sinh lưu động");
        // The keyword hit comes after the name hits; khai tử does not match "sinh" at all.
        assert_eq!(got[2], "Cấp bản sao trích lục hộ tịch");
        assert!(!got.iter().any(|n| n == "Đăng ký khai tử"));
        // Diacritics and case make no difference.
        assert_eq!(index.search("KHAI SINH", 10), index.search("khai sinh", 10));
        assert_eq!(index.search("Khai Sinh", 10), index.search("khai sinh", 10));
    }

    #[test]
    fn typing_a_prefix_works() {
        let docs = fixture();
        let index = SearchIndex::new(&docs);
        let got = names(&index, &docs, "dang ky kh");
        assert_eq!(&got[..3], ["Đăng ký khai tử", "Đăng ký khai sinh", "Đăng ký khai sinh lưu động"]);
        assert!(!got.iter().any(|n| n == "Đăng ký kết hôn"));
        // One letter more narrows to the birth registrations.
        assert_eq!(names(&index, &docs, "dang ky khai s"), ["Đăng ký khai sinh", "Đăng ký khai sinh lưu động"]);
        // Whole words beat prefixes: "ho" is the word hộ, and also the start of hôn.
        let got = names(&index, &docs, "ho");
        assert_eq!(got[0], "Cấp bản sao trích lục hộ tịch");
    }

    #[test]
    fn codes_come_first() {
        let docs = fixture();
        let index = SearchIndex::new(&docs);
        let hits = index.search("1.001193", 5);
        assert_eq!(hits[0].index, 0);
        assert_eq!(hits.len(), 1);
        let hits = index.search(" 1.00 ", 10);
        assert_eq!(hits.len(), 6, "{hits:?}");
        assert!(hits.iter().all(|h| docs[h.index].code.starts_with("1.00")));
        // Too short to be a code prefix.
        assert!(index.search("1.", 10).is_empty());
    }

    #[test]
    fn codes_without_the_leading_part() {
        let docs = fixture();
        let index = SearchIndex::new(&docs);
        assert_eq!(index.search("001193", 5)[0].index, 0);
        assert_eq!(index.search("001193", 5).len(), 1);
        // A prefix of the number: 2.000986.
        let hits = index.search("0009", 10);
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [5], "{hits:?}");
        // Too short to stand for a code.
        assert!(index.search("001", 10).is_empty());
    }

    #[test]
    fn search_where_filters_and_counts() {
        let docs = fixture();
        let index = SearchIndex::new(&docs);
        let all = index.search("dang ky", 10);
        assert_eq!(all.len(), 5);
        let found = index.search_where("dang ky", 2, |_| true);
        assert_eq!(found.total, 5);
        assert_eq!(found.hits, all[..2]);
        // Only the odd documents: the order among them is kept.
        let found = index.search_where("dang ky", 10, |i| i % 2 == 1);
        let expect: Vec<Hit> = all.iter().copied().filter(|h| h.index % 2 == 1).collect();
        assert_eq!(found.hits, expect);
        assert_eq!(found.total, expect.len());
        let found = index.search_where("dang ky", 0, |_| true);
        assert_eq!((found.hits.len(), found.total), (0, 5));
        assert_eq!(index.search_where("", 10, |_| true), Found::default());
    }

    #[test]
    fn name_beats_keyword_beats_field() {
        let docs = vec![
            doc("a", "Thủ tục về hộ tịch khác", &[], "Chứng thực"),
            doc("b", "Thủ tục khác", &["hộ tịch"], "Chứng thực"),
            doc("c", "Thủ tục", &[], "Hộ tịch"),
        ];
        let index = SearchIndex::new(&docs);
        let order: Vec<usize> = index.search("ho tich", 10).iter().map(|h| h.index).collect();
        assert_eq!(order, [0, 1, 2]);
    }

    #[test]
    fn shorter_names_break_ties_and_limit_applies() {
        let docs = vec![
            doc("a", "Cấp giấy phép xây dựng nhà ở riêng lẻ", &[], ""),
            doc("b", "Cấp giấy phép", &[], ""),
            doc("c", "Cấp giấy phép lái xe", &[], ""),
        ];
        let index = SearchIndex::new(&docs);
        let order: Vec<usize> = index.search("cap giay", 10).iter().map(|h| h.index).collect();
        assert_eq!(order, [1, 2, 0]);
        let order: Vec<usize> = index.search("cap giay", 2).iter().map(|h| h.index).collect();
        assert_eq!(order, [1, 2]);
        assert!(index.search("cap", 0).is_empty());
    }

    #[test]
    fn every_word_must_match() {
        let docs = fixture();
        let index = SearchIndex::new(&docs);
        assert!(index.search("khai sinh xyz", 10).is_empty());
        assert!(index.search("", 10).is_empty());
        assert!(index.search("  -  ", 10).is_empty());
        assert_eq!(names(&index, &docs, "lltp"), ["Cấp phiếu lý lịch tư pháp"]);
        assert_eq!(names(&index, &docs, "doc than"), ["Xác nhận tình trạng hôn nhân"]);
    }

    #[test]
    fn scales_to_a_national_catalog() {
        // 6,000 synthetic procedures: queries stay well under a millisecond natively.
        let fields = ["Hộ tịch", "Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Thuế"];
        let verbs = ["Cấp", "Đăng ký", "Gia hạn", "Điều chỉnh", "Thu hồi", "Xác nhận"];
        let objects = ["giấy phép", "khai sinh", "chứng chỉ", "hồ sơ", "giấy chứng nhận", "bản sao"];
        let docs: Vec<SearchDoc> = (0..6000)
            .map(|i| {
                doc(
                    &format!("1.{i:06}"),
                    &format!("{} {} số {}", verbs[i % 6], objects[(i / 6) % 6], i),
                    &["thủ tục"],
                    fields[(i / 36) % 6],
                )
            })
            .collect();
        let index = SearchIndex::new(&docs);
        assert_eq!(index.len(), 6000);
        let hits = index.search("dang ky khai s", 20);
        assert_eq!(hits.len(), 20);
        assert!(hits.iter().all(|h| docs[h.index].name.starts_with("Đăng ký khai sinh")));
        assert_eq!(index.search("1.000042", 5)[0].index, 42);
    }
}
