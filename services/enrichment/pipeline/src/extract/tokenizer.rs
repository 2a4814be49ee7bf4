//! A fast HTML tokenizer that feeds a tree builder, so pages are parsed into the same
//! `dom_query` tree as html5ever's at a fraction of the cost. The builder is first
//! [`super::fast_tree::FastTreeBuilder`] (html5ever's rules for the common cases); when it
//! gives up, the page is tokenized again into html5ever's own tree builder.
//!
//! html5ever's own tokenizer walks the page one character at a time through its state machine
//! and was a fifth of the whole pipeline's instructions on news pages. This one scans bytes for
//! the next `<` or `&` and hands html5ever's tree builder the same tokens: start and end tags
//! with attributes, text with character references decoded, comments and the doctype. The
//! tree builder (every HTML5 tree-construction rule: implied and misnested tags, tables,
//! foster parenting, quirks mode) is html5ever's, unchanged; it tells the tokenizer when to
//! switch to raw text (`<title>`, `<style>`, `<script>`, `<textarea>`, `<plaintext>`).
//!
//! What is simplified against the WHATWG tokenizer, none of it seen on news pages after
//! [`super::prescrub::scrub`]: script data's escaped states (`<!--` inside a script: the
//! script ends at its first `</script>`); parse errors are not reported; a NUL inside a tag
//! name or attribute is kept as it is.

use std::borrow::Cow;

use dom_query::{Document, NodeId};

use super::fast_tree::FastTreeBuilder;

use crate::markup_guard::{self, NestingGauge};
use html5ever::{
    Attribute, LocalName, QualName,
    data::{C1_REPLACEMENTS, NAMED_ENTITIES},
    interface::TreeSink as _,
    local_name, ns,
    tendril::StrTendril,
    tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult, states::RawKind},
    tree_builder::{TreeBuilder, TreeBuilderOpts},
};

/// Parse an HTML page, as [`super::prescrub::scrub`] leaves it, into a `dom_query` tree (see
/// [`parse_scrubbed`]). The scrub is done while tokenizing ([`Scrub::WhileReading`]): the
/// tokens are those of the scrubbed page, without a separate pass that parses every start tag
/// and copies the page. From a construct that reading does not mirror with certainty (a
/// template, a comment inside a `<title>`, a tag cut off by the end of the page, …) on, the
/// rest of the page goes through the separate scrub
/// ([`Tokenizer::read_rest_scrubbed`]); in the rare case where that is not possible either
/// (a `<title>` the tree builder reads as markup), the whole page is scrubbed first and
/// parsed again.
pub(crate) fn parse_document(page: &str) -> Option<Document> {
    let html = normalise_newlines(page);
    let html = html.strip_prefix('\u{feff}').unwrap_or(&html);
    match parse_with_fast_builder_scrubbing(html, Scrub::WhileReading) {
        FastParse::Built(document) => return Some(document),
        FastParse::TooDeep => return None,
        FastParse::Unsupported => match parse_with_html5ever_scrubbing(html, Scrub::WhileReading) {
            Html5everParse::Built(document) => return Some(document),
            Html5everParse::TooDeep => return None,
            Html5everParse::NeedsScrub => {}
        },
        FastParse::NeedsScrub => {}
    }
    parse_scrubbed(&super::prescrub::scrub(page))
}

/// Parse an HTML document into a `dom_query` tree, as `Document::from` does (scripting off,
/// so `<noscript>` content is parsed as markup), through [`Tokenizer`]. `None` when the
/// elements nest deeper than [`markup_guard::MAX_NESTING`]: the tree builder's cost grows
/// with the square of the depth, so reading stops there.
///
/// The page first goes to [`FastTreeBuilder`], which builds the very tree html5ever's tree
/// builder would for the common, well-formed markup at a fraction of the cost; when it meets
/// anything it does not handle with certainty it gives up and the page is parsed again by
/// html5ever's tree builder.
pub(crate) fn parse_scrubbed(html: &str) -> Option<Document> {
    let html = normalise_newlines(html);
    let html = html.strip_prefix('\u{feff}').unwrap_or(&html);
    match parse_with_fast_builder(html) {
        FastParse::Built(document) => Some(document),
        FastParse::TooDeep => None,
        FastParse::Unsupported | FastParse::NeedsScrub => parse_with_html5ever(html),
    }
}

/// Does the tokenizer apply [`super::prescrub::scrub`] itself?
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Scrub {
    /// No: the page is read as it is (already scrubbed, or in tests against html5ever).
    Off,
    /// Yes: comments, the bodies of the emptied elements and unread attributes are skipped
    /// as they are met.
    WhileReading,
}

/// What [`parse_with_fast_builder`] made of a page.
pub(crate) enum FastParse {
    /// The tree, the same as html5ever's.
    Built(Document),
    /// The page nests deeper than [`markup_guard::MAX_NESTING`] (html5ever's path stops at
    /// the same tag: the tokens up to it are the same).
    TooDeep,
    /// The page has markup the fast builder leaves to html5ever.
    Unsupported,
    /// Scrubbing while reading met markup it does not mirror with certainty: the page must
    /// be scrubbed first ([`Scrub::WhileReading`] only).
    NeedsScrub,
}

/// Parse a page (newlines normalised, no byte-order mark) with [`FastTreeBuilder`].
pub(crate) fn parse_with_fast_builder(html: &str) -> FastParse {
    parse_with_fast_builder_scrubbing(html, Scrub::Off)
}

/// [`parse_with_fast_builder`], scrubbing while reading or not.
pub(crate) fn parse_with_fast_builder_scrubbing(html: &str, scrub: Scrub) -> FastParse {
    let builder = FastTreeBuilder::new(expected_nodes(html));
    match new_tokenizer(html, &builder, scrub).run() {
        RunOutcome::Finished => builder.finish().map_or(FastParse::Unsupported, FastParse::Built),
        RunOutcome::TooDeep => FastParse::TooDeep,
        RunOutcome::Abandoned => FastParse::Unsupported,
        RunOutcome::NeedsScrub => FastParse::NeedsScrub,
    }
}

/// What [`parse_with_html5ever_scrubbing`] made of a page.
pub(crate) enum Html5everParse {
    /// The tree.
    Built(Document),
    /// The page nests deeper than [`markup_guard::MAX_NESTING`].
    TooDeep,
    /// See [`FastParse::NeedsScrub`].
    NeedsScrub,
}

/// Parse a page (newlines normalised, no byte-order mark) with html5ever's tree builder.
pub(crate) fn parse_with_html5ever(html: &str) -> Option<Document> {
    match parse_with_html5ever_scrubbing(html, Scrub::Off) {
        Html5everParse::Built(document) => Some(document),
        Html5everParse::TooDeep | Html5everParse::NeedsScrub => None,
    }
}

/// [`parse_with_html5ever`], scrubbing while reading or not.
pub(crate) fn parse_with_html5ever_scrubbing(html: &str, scrub: Scrub) -> Html5everParse {
    let opts = TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() };
    let document = Document::default();
    document.tree.reserve(expected_nodes(html));
    let builder = TreeBuilder::new(document, opts);
    match new_tokenizer(html, &builder, scrub).run() {
        RunOutcome::Finished => {
            builder.end();
            Html5everParse::Built(builder.sink.finish())
        }
        RunOutcome::TooDeep | RunOutcome::Abandoned => Html5everParse::TooDeep,
        RunOutcome::NeedsScrub => Html5everParse::NeedsScrub,
    }
}

/// Bytes of page per tree node on the densest news pages: the median page of the extraction
/// set has ~70, the densest ~21, one with big scripts hundreds (their bodies are skipped).
const PAGE_BYTES_PER_NODE: usize = 24;

/// How many nodes a tree is reserved for up front: enough for nearly every page, so that
/// the node array does not regrow, each time copying every node, as the page is read (~30 M
/// instructions over the 188 extraction pages). Memory reserved beyond the nodes made is
/// never touched.
fn expected_nodes(html: &str) -> usize {
    html.len() / PAGE_BYTES_PER_NODE + 16
}

/// A tokenizer at the start of `html`, sending its tokens to `sink`.
fn new_tokenizer<'a, S: TreeConstruction>(html: &'a str, sink: &'a S, scrub: Scrub) -> Tokenizer<'a, S> {
    Tokenizer {
        html,
        pos: 0,
        sink,
        key: String::new(),
        last_start_tag: LocalName::from(""),
        after_block_tag: false,
        preformatted_depth: 0,
        nesting: NestingGauge::default(),
        scrub: scrub == Scrub::WhileReading,
        text_before_comments: String::new(),
        needs_scrub: false,
        expects_raw_text: false,
        last_markup_lt: usize::MAX,
        finds: super::prescrub::ForwardFinds::default(),
    }
}

/// A token sink that builds a tree and may give up half way (the fast builder does when the
/// markup needs a rule it does not implement): the tokenizer then stops reading.
pub(crate) trait TreeConstruction: TokenSink {
    /// Has the builder given up on this page?
    fn abandoned(&self) -> bool {
        false
    }
}

impl TreeConstruction for TreeBuilder<NodeId, Document> {}

/// How a tokenizer run ended.
enum RunOutcome {
    /// The whole page was read.
    Finished,
    /// The elements nest deeper than [`markup_guard::MAX_NESTING`].
    TooDeep,
    /// The sink gave up.
    Abandoned,
    /// Scrubbing while reading cannot go on with certainty ([`FastParse::NeedsScrub`]).
    NeedsScrub,
}

/// The input stream's newline normalisation: `\r\n` and a lone `\r` become `\n`. Borrowed
/// when the page has no carriage return (most do not).
///
/// One pass: each `\r` found by `memchr` becomes `\n`, and a `\n` right after it is skipped
/// (two `str::replace` passes over the 40 % of pages with carriage returns cost ~10 M
/// instructions more).
fn normalise_newlines(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let Some(mut carriage_return) = memchr::memchr(b'\r', bytes) else { return Cow::Borrowed(html) };
    let mut normalised = String::with_capacity(html.len());
    let mut copied_up_to = 0;
    loop {
        // `\r` is ASCII: every cut is on a character boundary.
        normalised.push_str(&html[copied_up_to..carriage_return]);
        normalised.push('\n');
        copied_up_to = carriage_return + 1;
        if bytes.get(copied_up_to) == Some(&b'\n') {
            copied_up_to += 1;
        }
        match memchr::memchr(b'\r', &bytes[copied_up_to..]) {
            Some(offset) => carriage_return = copied_up_to + offset,
            None => break,
        }
    }
    normalised.push_str(&html[copied_up_to..]);
    Cow::Owned(normalised)
}

/// Longest character reference name looked up (the longest in the table has 32 characters).
const MAX_REFERENCE_NAME: usize = 32;

/// Which text a run is, for character references and NUL characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// Markup's text: references decoded, NUL sent as its own token.
    Data,
    /// `<title>` and `<textarea>`: references decoded, NUL replaced.
    Rcdata,
    /// `<script>`, `<style>` (…), CDATA: as written, NUL replaced.
    RawText,
}

/// The tokenizer's state: the page and where it stands in it.
struct Tokenizer<'a, S: TreeConstruction> {
    /// The whole page, newlines normalised.
    html: &'a str,
    /// Byte offset of the next unread byte.
    pos: usize,
    /// html5ever's tree builder, which receives every token.
    sink: &'a S,
    /// Reused buffer for a character reference's name plus `;` (one lookup key per reference
    /// without allocating).
    key: String,
    /// Name of the last start tag sent: the element whose end tag closes raw text.
    last_start_tag: LocalName,
    /// Was the last thing read a tag of a block element? Whitespace between two such tags is
    /// source indentation, not text ([`is_layout_whitespace`]).
    after_block_tag: bool,
    /// Open `<pre>` and `<listing>` elements, where whitespace is text.
    preformatted_depth: usize,
    /// How deep the elements nest, to stop on pathological pages.
    nesting: NestingGauge<LocalName>,
    /// Is [`super::prescrub::scrub`] applied while reading ([`Scrub::WhileReading`])?
    scrub: bool,
    /// When scrubbing: the text of the current run read before a comment the scrub drops (a
    /// run's text on both sides of a comment is one text in the scrubbed page). Reused.
    text_before_comments: String,
    /// When scrubbing: something was met that reading does not mirror with certainty; the
    /// run stops and the page goes through the separate scrub.
    needs_scrub: bool,
    /// When scrubbing: a start tag the scrub reads as raw text (`<title>`, `<textarea>`, …)
    /// was sent, and the tree builder has not yet switched to raw text for it.
    expects_raw_text: bool,
    /// Offset of the `<` of the last markup construct read from text (not raw text), where
    /// reading through the separate scrub starts when a doctype or bogus comment holds a `<`.
    last_markup_lt: usize,
    /// When scrubbing: the searches for emptied elements' ends (and headlines in `<nav>`)
    /// made in `html`, so that unclosed elements do not make reading quadratic.
    finds: super::prescrub::ForwardFinds,
}

/// How [`Tokenizer::read_tag`] reads a start tag's attributes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AttributeReading {
    /// Every attribute is kept.
    KeepAll,
    /// The attributes [`super::prescrub::scrub`] cuts ([`super::prescrub::is_unread`]) are
    /// skipped, as they are not in the scrubbed page (media elements keep all theirs).
    SkipUnread,
}

/// What [`AttributeReading::SkipUnread`] skipped in one tag, to tell where the scrubbed tag
/// would read differently.
#[derive(Default)]
struct SkippedAttributes {
    /// `style` attributes seen (skipped or not): with two, the scrub leaves the tag whole.
    styles: usize,
    /// Offset just after the last skipped attribute.
    cut_end: Option<usize>,
    /// Does a `/` come right before the run of skipped attributes ending at `cut_end`?
    cut_after_slash: bool,
    /// The tag ends with `>` right after such a run: the scrubbed tag ends `/>`.
    makes_self_closing: bool,
}

/// The name of a [`super::prescrub::RAW_TEXT`] element, whose text the scrub reads as raw
/// text (compared as atoms, not strings).
fn scrub_raw_text_name(name: &LocalName) -> Option<&'static str> {
    let raw_name = if *name == local_name!("title") {
        "title"
    } else if *name == local_name!("textarea") {
        "textarea"
    } else if *name == local_name!("xmp") {
        "xmp"
    } else if *name == local_name!("iframe") {
        "iframe"
    } else if *name == local_name!("noembed") {
        "noembed"
    } else if *name == local_name!("noframes") {
        "noframes"
    } else if *name == local_name!("plaintext") {
        "plaintext"
    } else {
        return None;
    };
    debug_assert!(super::prescrub::RAW_TEXT.contains(&raw_name));
    Some(raw_name)
}

/// HTML whitespace as characters, for trimming.
const SPACES: [char; 4] = ['\t', '\n', '\x0C', ' '];

/// Is this byte HTML whitespace (tab, line feed, form feed, space; `\r` is already gone)?
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// Does `haystack` start with `needle`, ASCII case ignored?
fn starts_with_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Elements that start and end a block of their own (and the document's frame): whitespace
/// next to their tags never separates words. Table rows and cells are left out: the line
/// breaks between them in the source are how their text is split into lines.
fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "head"
            | "body"
            | "meta"
            | "link"
            | "title"
            | "script"
            | "style"
            | "div"
            | "p"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "form"
            | "hr"
    )
}

/// Is `text` only whitespace and `next` (the input from the following `<`) a block
/// element's tag? Indentation between block tags is a quarter of a page's tokens; the tree
/// builder would make a text node of each, which every later walk would step over. With
/// `scrub` (the page is scrubbed while it is read), `next` is taken as the scrub leaves it:
/// a `<` or `</` before a comment starts no tag for the scrub, which cuts the comment, so
/// what follows the comment is the name (`<<!-- c -->p>` is `<p>`). A comment after the
/// first character of a name is inside the tag, and the scrub leaves it.
fn is_layout_whitespace(text: &str, next: &str, scrub: bool) -> bool {
    if !is_all_space(text.as_bytes()) {
        return false;
    }
    let after_lt = next.get(1..).unwrap_or_default();
    let (name, name_end) = tag_name_at(after_lt);
    let comments_cut = if scrub && name.is_empty() {
        after_lt.get(name_end..).and_then(past_leading_comments)
    } else {
        None
    };
    if let Some(after_comments) = comments_cut {
        // Past an end tag's `/` the name follows at once; right after the `<` a `/` may.
        let scrubbed_name =
            if name_end == 1 { alphanumeric_prefix(after_comments) } else { tag_name_at(after_comments).0 };
        return is_block_tag_name(scrubbed_name);
    }
    is_block_tag_name(name)
}

/// The tag name at the start of `after_lt` (the input after a `<`, past an end tag's `/`) and
/// the offset where it ends.
fn tag_name_at(after_lt: &str) -> (&str, usize) {
    let slash = usize::from(after_lt.starts_with('/'));
    let name = alphanumeric_prefix(&after_lt[slash..]);
    (name, slash + name.len())
}

/// The ASCII letters and digits at the start of `text`.
fn alphanumeric_prefix(text: &str) -> &str {
    &text[..text.bytes().take_while(u8::is_ascii_alphanumeric).count()]
}

/// Is `name` (in any case) a block element's?
fn is_block_tag_name(name: &str) -> bool {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return is_block_element(&name.to_ascii_lowercase());
    }
    is_block_element(name)
}

/// `text` past the comments at its start, cut by the scrub's rule
/// ([`super::prescrub::comment_end`]); `None` when it starts with no comment.
fn past_leading_comments(text: &str) -> Option<&str> {
    if !text.starts_with("<!--") {
        return None;
    }
    let mut rest = text;
    while rest.starts_with("<!--") {
        rest = &rest[super::prescrub::comment_end(rest.as_bytes(), 0)..];
    }
    Some(rest)
}

/// Is every byte HTML whitespace ([`is_space`])? Source indentation is long runs of spaces or
/// tabs: eight of them are checked with one comparison, other words byte by byte.
fn is_all_space(bytes: &[u8]) -> bool {
    const EIGHT_SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    const EIGHT_TABS: u64 = u64::from_ne_bytes([b'\t'; 8]);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let Ok(word_bytes) = <[u8; 8]>::try_from(word) else { return word.iter().all(|&b| is_space(b)) };
        let packed = u64::from_ne_bytes(word_bytes);
        if packed != EIGHT_SPACES && packed != EIGHT_TABS && !word.iter().all(|&b| is_space(b)) {
            return false;
        }
    }
    words.remainder().iter().all(|&b| is_space(b))
}

/// A name (tag or attribute) as an atom, ASCII upper case lowered, copying only when needed.
fn lowercase_atom(name: &str) -> LocalName {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return LocalName::from(name.to_ascii_lowercase());
    }
    common_atom(name).unwrap_or_else(|| LocalName::from(name))
}

/// The atoms of the names that make up most of a news page's tags and attributes, without
/// hashing: `LocalName::from` looks every name up in the static atom table (a SipHash of the
/// name), a tenth of the tokenizer's own cost.
fn common_atom(name: &str) -> Option<LocalName> {
    Some(match name {
        "div" => local_name!("div"),
        "a" => local_name!("a"),
        "li" => local_name!("li"),
        "span" => local_name!("span"),
        "p" => local_name!("p"),
        "script" => local_name!("script"),
        "meta" => local_name!("meta"),
        "link" => local_name!("link"),
        "img" => local_name!("img"),
        "ul" => local_name!("ul"),
        "td" => local_name!("td"),
        "br" => local_name!("br"),
        "strong" => local_name!("strong"),
        "input" => local_name!("input"),
        "i" => local_name!("i"),
        "class" => local_name!("class"),
        "href" => local_name!("href"),
        "id" => local_name!("id"),
        "type" => local_name!("type"),
        "rel" => local_name!("rel"),
        "src" => local_name!("src"),
        "title" => local_name!("title"),
        "style" => local_name!("style"),
        "content" => local_name!("content"),
        "target" => local_name!("target"),
        "alt" => local_name!("alt"),
        "name" => local_name!("name"),
        "width" => local_name!("width"),
        "height" => local_name!("height"),
        "section" => local_name!("section"),
        "article" => local_name!("article"),
        "header" => local_name!("header"),
        "footer" => local_name!("footer"),
        "figure" => local_name!("figure"),
        "nav" => local_name!("nav"),
        "aside" => local_name!("aside"),
        "main" => local_name!("main"),
        "button" => local_name!("button"),
        "label" => local_name!("label"),
        "form" => local_name!("form"),
        "em" => local_name!("em"),
        "b" => local_name!("b"),
        "h2" => local_name!("h2"),
        "h3" => local_name!("h3"),
        "tr" => local_name!("tr"),
        "th" => local_name!("th"),
        "tbody" => local_name!("tbody"),
        "ol" => local_name!("ol"),
        "source" => local_name!("source"),
        "picture" => local_name!("picture"),
        "time" => local_name!("time"),
        "small" => local_name!("small"),
        "svg" => local_name!("svg"),
        "path" => local_name!("path"),
        "hr" => local_name!("hr"),
        "html" => local_name!("html"),
        "head" => local_name!("head"),
        "body" => local_name!("body"),
        "lang" => local_name!("lang"),
        "role" => local_name!("role"),
        "srcset" => local_name!("srcset"),
        "sizes" => local_name!("sizes"),
        "itemprop" => local_name!("itemprop"),
        "property" => local_name!("property"),
        "value" => local_name!("value"),
        "for" => local_name!("for"),
        "action" => local_name!("action"),
        "method" => local_name!("method"),
        "charset" => local_name!("charset"),
        _ => return None,
    })
}

impl<S: TreeConstruction> Tokenizer<'_, S> {
    /// Tokenize the whole page, then send the end of file. False when the page nests too
    /// deep to be read as a tree (nothing more is sent).
    fn run(&mut self) -> RunOutcome {
        match self.read_tokens() {
            RunOutcome::Finished => {}
            stopped => return stopped,
        }
        if self.nesting.too_deep() {
            return RunOutcome::TooDeep;
        }
        // (the rest of the page read through the separate scrub may have stopped early)
        if self.sink.abandoned() {
            return RunOutcome::Abandoned;
        }
        let _ = self.sink.process_token(Token::EOFToken, 1);
        if self.sink.abandoned() {
            return RunOutcome::Abandoned;
        }
        RunOutcome::Finished
    }

    /// Tokenize the page up to its end, without the end of file (a template's markup is
    /// read by a tokenizer of its own and the page's goes on after it).
    fn read_tokens(&mut self) -> RunOutcome {
        let html = self.html;
        let bytes = html.as_bytes();
        while self.pos < html.len() {
            if self.needs_scrub {
                return RunOutcome::NeedsScrub;
            }
            if self.nesting.too_deep() {
                return RunOutcome::TooDeep;
            }
            if self.sink.abandoned() {
                return RunOutcome::Abandoned;
            }
            let Some(offset) = memchr::memchr(b'<', &bytes[self.pos..]) else {
                self.emit_text_run(self.pos, html.len(), None);
                self.pos = html.len();
                break;
            };
            let lt = self.pos + offset;
            // `<!-- … -->` goes as the scrub cuts it: up to the first `-->` after the `<!--`
            // (to the end of the page when there is none); the text around it is one run.
            if self.scrub && bytes.get(lt + 1..).is_some_and(|after| after.starts_with(b"!--")) {
                self.text_before_comments.push_str(&html[self.pos..lt]);
                self.pos = super::prescrub::comment_end(bytes, lt);
                continue;
            }
            self.emit_text_run(self.pos, lt, Some(lt));
            self.pos = lt + 1;
            self.last_markup_lt = lt;
            self.tag_open();
        }
        if self.needs_scrub {
            return RunOutcome::NeedsScrub;
        }
        // A run cut by comments up to the end of the page.
        self.emit_text_run(html.len(), html.len(), None);
        RunOutcome::Finished
    }

    /// Send the text from `start` to `end` (after the text kept from before comments, if
    /// any), unless it is indentation before the block tag at `next_lt`
    /// ([`is_layout_whitespace`]).
    fn emit_text_run(&mut self, start: usize, end: usize, next_lt: Option<usize>) {
        let html = self.html;
        if self.text_before_comments.is_empty() {
            self.emit_unless_layout(&html[start..end], next_lt);
            return;
        }
        let mut gathered = std::mem::take(&mut self.text_before_comments);
        gathered.push_str(&html[start..end]);
        self.emit_unless_layout(&gathered, next_lt);
        gathered.clear();
        self.text_before_comments = gathered;
    }

    /// Send `text`, unless it is indentation before the block tag at `next_lt`.
    fn emit_unless_layout(&mut self, text: &str, next_lt: Option<usize>) {
        // Between two adjacent tags: nothing to send (most runs).
        if text.is_empty() {
            return;
        }
        let html = self.html;
        let layout = next_lt.is_some_and(|lt| {
            self.after_block_tag
                && self.preformatted_depth == 0
                && is_layout_whitespace(text, &html[lt..], self.scrub)
        });
        if !layout {
            self.emit_text(text, TextKind::Data);
        }
    }

    /// Send one token, following the tree builder's order to switch to raw text.
    fn emit(&mut self, token: Token) {
        match self.sink.process_token(token, 1) {
            TokenSinkResult::RawData(kind) => self.raw_text(kind),
            TokenSinkResult::Plaintext => {
                let rest = &self.html[self.pos..];
                self.pos = self.html.len();
                self.emit_text(rest, TextKind::RawText);
            }
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => {}
        }
    }

    /// Send a run of text: character references decoded (outside raw text), NUL characters
    /// as their own tokens (the tree builder drops or replaces them by context) or, in raw
    /// text, as U+FFFD.
    fn emit_text(&mut self, text: &str, kind: TextKind) {
        let mut rest = text;
        while !rest.is_empty() {
            let bytes = rest.as_bytes();
            let stop = if kind == TextKind::RawText {
                memchr::memchr(0, bytes)
            } else {
                memchr::memchr2(b'&', 0, bytes)
            };
            let Some(stop) = stop else {
                self.emit_characters(rest);
                return;
            };
            if rest.as_bytes()[stop] == b'\0' {
                self.emit_characters(&rest[..stop]);
                // Raw text (the tree builder's "text" mode) takes no NUL token: the standard
                // replaces it there.
                if kind != TextKind::Data {
                    self.emit_characters("\u{FFFD}");
                } else {
                    let _ = self.sink.process_token(Token::NullCharacterToken, 1);
                }
                rest = &rest[stop + 1..];
                continue;
            }
            // This reference and the text after it, up to a NUL, make one token.
            let mut decoded = String::with_capacity(rest.len());
            decoded.push_str(&rest[..stop]);
            rest = self.decode_references(&mut decoded, &rest[stop..], false);
            self.emit_characters(&decoded);
        }
    }

    /// Append `text` (which starts at a `&`) to `decoded` with its character references
    /// decoded. Text runs to its end, or in markup (not in an attribute) to the next NUL,
    /// which the caller sends as its own token: the rest from there is returned.
    fn decode_references<'t>(&mut self, decoded: &mut String, text: &'t str, in_attribute: bool) -> &'t str {
        let mut rest = text;
        while let Some(after_amp) = rest.strip_prefix('&') {
            match self.char_ref(after_amp, in_attribute) {
                Some((chars, consumed)) => {
                    decoded.extend(chars.into_iter().flatten());
                    rest = &after_amp[consumed..];
                }
                None => {
                    decoded.push('&');
                    rest = after_amp;
                }
            }
            let bytes = rest.as_bytes();
            let plain =
                if in_attribute { memchr::memchr(b'&', bytes) } else { memchr::memchr2(b'&', 0, bytes) };
            let plain = plain.unwrap_or(rest.len());
            decoded.push_str(&rest[..plain]);
            rest = &rest[plain..];
        }
        rest
    }

    /// Send plain characters (nothing for an empty run).
    fn emit_characters(&mut self, text: &str) {
        if !text.is_empty() {
            self.after_block_tag = false;
            self.emit(Token::CharacterTokens(StrTendril::from_slice(text)));
        }
    }

    /// After a `<`: a tag, a comment, a doctype, or a literal `<`.
    fn tag_open(&mut self) {
        let bytes = self.html.as_bytes();
        match bytes.get(self.pos) {
            Some(b'!') => {
                self.pos += 1;
                self.markup_declaration();
            }
            Some(b'/') => match bytes.get(self.pos + 1) {
                Some(b) if b.is_ascii_alphabetic() => {
                    self.pos += 1;
                    self.tag(TagKind::EndTag);
                }
                // `</>` is dropped.
                Some(b'>') => self.pos += 2,
                None => {
                    self.pos += 1;
                    self.emit_characters("</");
                }
                Some(_) => {
                    self.pos += 1;
                    self.bogus_comment();
                }
            },
            Some(b) if b.is_ascii_alphabetic() => {
                if self.scrub {
                    self.scrubbed_start_tag();
                } else {
                    self.tag(TagKind::StartTag);
                }
            }
            Some(b'?') => self.bogus_comment(),
            // A literal `<` right before a comment the scrub cuts is followed by what comes
            // after the comment in the scrubbed page (`<<!-- c -->/p>` is `</p>`).
            _ if self.scrub && bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(b"<!--")) => {
                self.read_rest_scrubbed(self.pos - 1);
            }
            _ => self.emit_characters("<"),
        }
    }

    /// After `<!`: a comment, a doctype, a CDATA section (in SVG or MathML only), else a
    /// bogus comment.
    fn markup_declaration(&mut self) {
        let rest = &self.html.as_bytes()[self.pos..];
        if rest.starts_with(b"--") {
            // Scrubbing, the text loop cuts every comment before it gets here.
            if self.scrub {
                self.needs_scrub = true;
                return;
            }
            self.pos += 2;
            self.comment();
        } else if starts_with_ignore_case(rest, b"doctype") {
            self.pos += 7;
            self.doctype();
        } else if rest.starts_with(b"[CDATA[")
            && self.sink.adjusted_current_node_present_but_not_in_html_namespace()
        {
            self.pos += 7;
            let html = self.html;
            let end = html[self.pos..].find("]]>").map_or(html.len(), |at| self.pos + at);
            if !self.scrub_sees_no_markup(self.last_markup_lt, self.pos, end) {
                return;
            }
            let text = &html[self.pos..end];
            self.pos = (end + 3).min(html.len());
            self.emit_text(text, TextKind::RawText);
        } else {
            self.bogus_comment();
        }
    }

    /// After `<!--`: the comment up to `-->` (or `--!>`, or the end of the page).
    fn comment(&mut self) {
        let html = self.html;
        let rest = &html[self.pos..];
        // `<!-->` and `<!--->` are empty comments.
        for empty in ["->", ">"] {
            if rest.starts_with(empty) {
                self.pos += empty.len();
                self.emit(Token::CommentToken(StrTendril::new()));
                return;
            }
        }
        let mut search = 0;
        let (end, close) = loop {
            match memchr::memmem::find(&rest.as_bytes()[search..], b"--") {
                None => break (rest.len(), 0),
                Some(at) => {
                    let at = search + at;
                    let after = &rest[at + 2..];
                    if after.starts_with('>') {
                        break (at, 3);
                    }
                    if after.starts_with("!>") {
                        break (at, 4);
                    }
                    search = at + 1;
                }
            }
        };
        self.pos += end + close;
        self.emit(Token::CommentToken(StrTendril::from_slice(&rest[..end])));
    }

    /// `<?…>`, `<!…>` and `</` followed by a non-letter: a comment up to the next `>`.
    fn bogus_comment(&mut self) {
        let html = self.html;
        let rest = &html[self.pos..];
        let end = rest.find('>').unwrap_or(rest.len());
        if !self.scrub_sees_no_markup(self.last_markup_lt, self.pos, self.pos + end) {
            return;
        }
        self.pos = (self.pos + end + 1).min(html.len());
        self.emit(Token::CommentToken(StrTendril::from_slice(&rest[..end])));
    }

    /// After `<!DOCTYPE`: name, public and system identifiers, up to `>`.
    fn doctype(&mut self) {
        let html = self.html;
        let rest = &html[self.pos..];
        let end = rest.find('>').unwrap_or(rest.len());
        if !self.scrub_sees_no_markup(self.last_markup_lt, self.pos, self.pos + end) {
            return;
        }
        self.pos = (self.pos + end + 1).min(html.len());
        let mut doctype = Doctype::default();
        let mut words = &rest[..end];
        words = words.trim_start_matches(SPACES);
        let name_end = words.find(SPACES).unwrap_or(words.len());
        if name_end == 0 {
            doctype.force_quirks = true;
        } else {
            doctype.name = Some(StrTendril::from_slice(&words[..name_end].to_ascii_lowercase()));
        }
        words = words[name_end..].trim_start_matches(SPACES);
        let keyword = words.get(..6).map(str::to_ascii_lowercase);
        let (mut public, mut system) = (false, false);
        match keyword.as_deref() {
            Some("public") => public = true,
            Some("system") => system = true,
            _ if !words.is_empty() => doctype.force_quirks = true,
            _ => {}
        }
        if public || system {
            words = &words[6..];
            let mut identifiers = Vec::new();
            loop {
                words = words.trim_start_matches(SPACES);
                let Some(quote) = words.chars().next().filter(|c| *c == '"' || *c == '\'') else { break };
                let inner = &words[1..];
                let close = inner.find(quote);
                identifiers.push(StrTendril::from_slice(&inner[..close.unwrap_or(inner.len())]));
                match close {
                    Some(close) => words = &inner[close + 1..],
                    None => {
                        doctype.force_quirks = true;
                        break;
                    }
                }
            }
            let mut identifiers = identifiers.into_iter();
            if public {
                doctype.public_id = identifiers.next();
                if doctype.public_id.is_none() {
                    doctype.force_quirks = true;
                }
            }
            doctype.system_id = identifiers.next();
            if system && doctype.system_id.is_none() {
                doctype.force_quirks = true;
            }
        }
        self.emit(Token::DoctypeToken(doctype));
    }

    /// A start or end tag from its name (at `pos`) to its `>`, every attribute kept. A tag
    /// cut off by the end of the page is dropped, as the standard says.
    fn tag(&mut self, kind: TagKind) {
        let name_start = self.pos;
        let tag = self.read_tag(kind, AttributeReading::KeepAll);
        // The scrub reads an end tag (`<` then `/`) as no tag: it looks for the next `<`
        // inside it. (Start tags read here are not scrubbed.)
        if kind == TagKind::EndTag && !self.scrub_sees_no_markup(name_start - 2, name_start, self.pos) {
            return;
        }
        if let Some(tag) = tag {
            self.finish_tag(tag);
        }
    }

    /// When scrubbing: is there no `<` from `start` to `end`, in the construct (an end tag,
    /// a doctype, a bogus comment, CDATA) that opens at the `<` at `lt`? The scrub skips only
    /// comments, start tags and emptied elements' bodies; in anything else it looks at a `<`
    /// for more to cut. True when not scrubbing; when false, the rest of the page from `lt`
    /// was read through the separate scrub ([`Self::read_rest_scrubbed`]).
    fn scrub_sees_no_markup(&mut self, lt: usize, start: usize, end: usize) -> bool {
        if !self.scrub {
            return true;
        }
        let bytes = self.html.as_bytes();
        if bytes.get(start..end).is_some_and(|span| memchr::memchr(b'<', span).is_none()) {
            return true;
        }
        self.read_rest_scrubbed(lt);
        false
    }

    /// A start or end tag from its name (at `pos`) to its `>`, leaving `pos` after it; `None`
    /// when the end of the page cuts it off (`pos` is then the end of the page), or when
    /// skipping attributes would make it self-closing.
    fn read_tag(&mut self, kind: TagKind, reading: AttributeReading) -> Option<Tag> {
        let html = self.html;
        let bytes = html.as_bytes();
        let name_start = self.pos;
        let mut pos = name_start;
        while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'/' && bytes[pos] != b'>' {
            pos += 1;
        }
        // The scrub leaves media elements whole.
        let reading = match reading {
            AttributeReading::SkipUnread if super::prescrub::is_media(&bytes[name_start..pos]) => {
                AttributeReading::KeepAll
            }
            reading => reading,
        };
        let name = lowercase_atom(&html[name_start..pos]);
        // a space after the name almost always means attributes: their vector is allocated
        // here at the size its first push would give it, sparing the out-of-line growth call.
        let attrs = if kind == TagKind::StartTag && bytes.get(pos).is_some_and(|&b| is_space(b)) {
            Vec::with_capacity(4)
        } else {
            Vec::new()
        };
        let mut tag = Tag { kind, name, self_closing: false, attrs, had_duplicate_attributes: false };
        let mut skipped = SkippedAttributes::default();
        loop {
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            let Some(&byte) = bytes.get(pos) else {
                self.pos = pos;
                return None;
            };
            match byte {
                b'>' => {
                    if skipped.cut_end == Some(pos) && skipped.cut_after_slash {
                        skipped.makes_self_closing = true;
                    }
                    pos += 1;
                    break;
                }
                b'/' => {
                    pos += 1;
                    if bytes.get(pos) == Some(&b'>') {
                        tag.self_closing = true;
                        pos += 1;
                        break;
                    }
                }
                _ => pos = self.attribute(pos, &mut tag, reading, &mut skipped),
            }
        }
        self.pos = pos;
        if reading == AttributeReading::SkipUnread && skipped.cut_end.is_some() {
            // Of two `style`s the first wins: the scrub leaves such a tag whole.
            if skipped.styles > 1 {
                self.pos = name_start;
                return self.read_tag(kind, AttributeReading::KeepAll);
            }
            // `<p/data-x>` is `<p/>` once cut: not mirrored (the caller reads the rest of the
            // page through the separate scrub).
            if skipped.makes_self_closing {
                return None;
            }
        }
        Some(tag)
    }

    /// Bookkeeping of a tag read by [`Self::read_tag`] (preformatted text, block tags, the
    /// nesting), then send it.
    fn finish_tag(&mut self, mut tag: Tag) {
        let kind = tag.kind;
        if tag.name == local_name!("pre") || tag.name == local_name!("listing") {
            if kind == TagKind::StartTag {
                self.preformatted_depth += 1;
            } else {
                self.preformatted_depth = self.preformatted_depth.saturating_sub(1);
            }
        }
        self.after_block_tag = is_block_element(&tag.name);
        // Raw-text elements hold no markup (their text was read whole): the nesting scan of
        // `markup_guard` skips them too.
        if !markup_guard::is_raw_text(&tag.name) {
            match kind {
                TagKind::StartTag if !tag.self_closing => self.nesting.start(&tag.name),
                TagKind::EndTag => self.nesting.end(&tag.name),
                TagKind::StartTag => {}
            }
        }
        if kind == TagKind::EndTag {
            tag.attrs.clear();
            tag.self_closing = false;
        } else {
            self.last_start_tag = tag.name.clone();
        }
        self.emit(Token::TagToken(tag));
    }

    /// One attribute from its name at `pos`; returns the offset after it. A later duplicate
    /// of a name is dropped; with [`AttributeReading::SkipUnread`], so is an attribute the
    /// scrub cuts ([`super::prescrub::is_unread`]), noted in `skipped`.
    fn attribute(
        &mut self,
        start: usize,
        tag: &mut Tag,
        reading: AttributeReading,
        skipped: &mut SkippedAttributes,
    ) -> usize {
        let html = self.html;
        let bytes = html.as_bytes();
        // The first character may be `=`; after it, the name runs to space, `/`, `>` or `=`.
        let mut pos = start + 1;
        while pos < bytes.len() && !is_space(bytes[pos]) && !matches!(bytes[pos], b'/' | b'>' | b'=') {
            pos += 1;
        }
        let name = &html[start..pos];
        let mut after = pos;
        while after < bytes.len() && is_space(bytes[after]) {
            after += 1;
        }
        let mut raw_value = "";
        if bytes.get(after) == Some(&b'=') {
            pos = after + 1;
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let inner = pos + 1;
                    let close = memchr::memchr(quote, &bytes[inner..]).map_or(bytes.len(), |at| inner + at);
                    raw_value = &html[inner..close];
                    pos = (close + 1).min(bytes.len());
                }
                Some(b'>') | None => {}
                Some(_) => {
                    let begin = pos;
                    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'>' {
                        pos += 1;
                    }
                    raw_value = &html[begin..pos];
                }
            }
        }
        // Only names starting with `o` (`on…`), `d` (`data-…`) or `s` (`style`) may be cut.
        let may_be_unread = name.as_bytes().first().is_some_and(|&b| matches!(b | 0x20, b'o' | b'd' | b's'));
        if reading == AttributeReading::SkipUnread && may_be_unread {
            if name.eq_ignore_ascii_case("style") {
                skipped.styles += 1;
            }
            if super::prescrub::is_unread(name.as_bytes(), raw_value.as_bytes()) {
                // A cut right after another keeps that one's `/` before it.
                skipped.cut_after_slash = if skipped.cut_end == Some(start) {
                    skipped.cut_after_slash
                } else {
                    start.checked_sub(1).and_then(|before| bytes.get(before)) == Some(&b'/')
                };
                skipped.cut_end = Some(pos);
                return pos;
            }
        }
        let value = if raw_value.is_empty() { StrTendril::new() } else { self.attribute_value(raw_value) };
        let name = lowercase_atom(name);
        if tag.attrs.iter().any(|attribute| attribute.name.local == name) {
            tag.had_duplicate_attributes = true;
        } else {
            tag.attrs.push(Attribute { name: QualName::new(None, ns!(), name), value });
        }
        pos
    }

    /// An attribute value with its character references decoded.
    fn attribute_value(&mut self, raw: &str) -> StrTendril {
        let Some(first) = memchr::memchr(b'&', raw.as_bytes()) else { return StrTendril::from_slice(raw) };
        let mut decoded = String::with_capacity(raw.len());
        decoded.push_str(&raw[..first]);
        let rest = self.decode_references(&mut decoded, &raw[first..], true);
        decoded.push_str(rest);
        StrTendril::from_slice(&decoded)
    }

    /// The character reference after a `&`: its one or two characters and the bytes it
    /// took, or `None` when the `&` is a literal ampersand.
    fn char_ref(&mut self, after_amp: &str, in_attribute: bool) -> Option<([Option<char>; 2], usize)> {
        let bytes = after_amp.as_bytes();
        if bytes.first() == Some(&b'#') {
            return numeric_char_ref(bytes);
        }
        let name_len =
            bytes.iter().take(MAX_REFERENCE_NAME).take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            return None;
        }
        let name = &after_amp[..name_len];
        if bytes.get(name_len) == Some(&b';') {
            self.key.clear();
            self.key.push_str(name);
            self.key.push(';');
            if let Some(&(first, second)) = NAMED_ENTITIES.get(self.key.as_str())
                && first != 0
            {
                return Some((entity_chars(first, second), name_len + 1));
            }
        }
        // The longest legacy name (one valid without `;`) the run starts with.
        for len in (2..=name_len.min(8)).rev() {
            let Some(&(first, second)) = NAMED_ENTITIES.get(&name[..len]) else { continue };
            if first == 0 {
                continue;
            }
            // In an attribute, `&copy=` and `&copyright` stay as written (query strings).
            if in_attribute && (len < name_len || bytes.get(len) == Some(&b'=')) {
                return None;
            }
            return Some((entity_chars(first, second), len));
        }
        None
    }
}

/// A named reference's code points as characters (the second is 0 for most).
fn entity_chars(first: u32, second: u32) -> [Option<char>; 2] {
    [char::from_u32(first), if second == 0 { None } else { char::from_u32(second) }]
}

/// `&#…;` or `&#x…;` (from the `#`): the character, with the standard's replacements for
/// NUL, surrogates, out-of-range values and the Windows-1252 C1 range.
fn numeric_char_ref(bytes: &[u8]) -> Option<([Option<char>; 2], usize)> {
    let hex = matches!(bytes.get(1), Some(b'x' | b'X'));
    let digits_start = if hex { 2 } else { 1 };
    let radix = if hex { 16 } else { 10 };
    let mut value: u32 = 0;
    let mut len = digits_start;
    while let Some(digit) = bytes.get(len).and_then(|&b| (b as char).to_digit(radix)) {
        value = value.saturating_mul(radix).saturating_add(digit);
        len += 1;
    }
    if len == digits_start {
        return None;
    }
    if bytes.get(len) == Some(&b';') {
        len += 1;
    }
    let c = match value {
        0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{FFFD}')),
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    };
    Some(([Some(c), None], len))
}

impl<S: TreeConstruction> Tokenizer<'_, S> {
    /// Raw text after a `<title>`, `<textarea>`, `<style>`, `<script>` (…) start tag: up to
    /// the matching end tag (`</name` then space, `/` or `>`), character references decoded
    /// in `<title>` and `<textarea>` only.
    fn raw_text(&mut self, kind: RawKind) {
        let html = self.html;
        let name = self.last_start_tag.clone();
        let decode = matches!(kind, RawKind::Rcdata);
        let end = raw_text_end(html, self.pos, &name);
        if self.scrub {
            self.expects_raw_text = false;
            if !self.scrub_reads_raw_text_alike(&name, self.pos, end) {
                self.needs_scrub = true;
                return;
            }
        }
        let text = &html[self.pos..end];
        self.pos = end;
        self.emit_text(text, if decode { TextKind::Rcdata } else { TextKind::RawText });
        if end < html.len() {
            self.pos = end + 2;
            self.tag(TagKind::EndTag);
        }
    }
}

/// Scrubbing while reading ([`Scrub::WhileReading`]): what [`super::prescrub::scrub`] does at
/// a start tag, and the checks that the scrub reads the page as the tokenizer does.
impl<S: TreeConstruction> Tokenizer<'_, S> {
    /// A start tag (its name at `pos`, after the `<`) as the scrub leaves it: an emptied
    /// element's body skipped, unread attributes skipped.
    fn scrubbed_start_tag(&mut self) {
        let lt = self.pos - 1;
        if let Some(name) = super::prescrub::emptied_at(self.html, lt, &mut self.finds) {
            self.emptied_element(lt, name);
            return;
        }
        // The scrub reads a tag the end of the page cuts off as no tag at all.
        let Some(tag) = self.read_tag(TagKind::StartTag, AttributeReading::SkipUnread) else {
            self.read_rest_scrubbed(lt);
            return;
        };
        if let Some(raw_name) = scrub_raw_text_name(&tag.name) {
            // The scrub reads `<plaintext>` up to a `</plaintext`, the tokenizer to the end.
            if raw_name == "plaintext"
                || !self.scrub_reads_raw_text_alike(
                    raw_name,
                    self.pos,
                    raw_text_end(self.html, self.pos, raw_name),
                )
            {
                self.read_rest_scrubbed(lt);
                return;
            }
            self.expects_raw_text = true;
        }
        self.finish_tag(tag);
        // Raw text for the scrub, markup for the tree builder (`<title>` inside `<math>`).
        if self.expects_raw_text {
            self.expects_raw_text = false;
            self.needs_scrub = true;
        }
    }

    /// The start tag at `lt` of an element the scrub empties (`name` is one of
    /// [`super::prescrub::EMPTIED`]): its body up to `</name` skipped, a JSON-LD `<script>`
    /// kept. A `<script type="text/template">` (which the scrub makes a `<div>` of markup) or
    /// anything uncertain sends the rest of the page through the separate scrub.
    fn emptied_element(&mut self, lt: usize, name: &'static str) {
        let html = self.html;
        let bytes = html.as_bytes();
        // The scrub ends the start tag at its first `>`, quoted or not.
        let Some(tag_end) = memchr::memchr(b'>', &bytes[lt..]).map(|gt| lt + gt + 1) else {
            self.read_rest_scrubbed(lt);
            return;
        };
        let opening_tag = &html[lt..tag_end];
        if name == "script" && super::prescrub::is_json_ld(opening_tag) {
            // Kept whole; the scrub reads its text as markup.
            if !self.scrub_reads_raw_text_alike(name, tag_end, raw_text_end(html, tag_end, name)) {
                self.read_rest_scrubbed(lt);
                return;
            }
            self.start_tag_ending_at(lt, tag_end, None);
            return;
        }
        if name == "script" && super::prescrub::is_html_template(opening_tag) {
            self.read_rest_scrubbed(lt);
            return;
        }
        let closing = super::prescrub::emptied_closing(name);
        // The tokenizer ends raw text and reads an end tag at `</name` followed by one of
        // these only; the scrub stops at any `</name`.
        let Some(close_start) = self.finds.find(html, closing, tag_end).filter(|&at| {
            bytes.get(at + closing.len()).is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
        }) else {
            self.read_rest_scrubbed(lt);
            return;
        };
        self.start_tag_ending_at(lt, tag_end, Some(close_start));
    }

    /// Read the start tag at `lt` with every attribute and send it, reading on from
    /// `resume_at` (after a skipped body) or after the tag; the tag must end at `tag_end`
    /// (the first `>`, where the scrub ends it), else the rest of the page goes through the
    /// separate scrub.
    fn start_tag_ending_at(&mut self, lt: usize, tag_end: usize, resume_at: Option<usize>) {
        let tag = self.read_tag(TagKind::StartTag, AttributeReading::KeepAll);
        let Some(tag) = tag.filter(|_| self.pos == tag_end) else {
            self.read_rest_scrubbed(lt);
            return;
        };
        if let Some(resume_at) = resume_at {
            self.pos = resume_at;
        }
        self.finish_tag(tag);
    }

    /// Read the page from the `<` at `lt` (met in text, where the scrub too is at a `<` in
    /// markup) to its end as the separate scrub leaves it: [`super::prescrub::scrub`] of the
    /// rest is the rest of the scrubbed page, and it is read, without scrubbing, by a
    /// tokenizer of its own that carries this one's state. For what reading while
    /// scrubbing does not mirror (a template, a `>` inside a quoted attribute of a
    /// `<script>`, …), at the cost of one copy of the rest of the page.
    fn read_rest_scrubbed(&mut self, lt: usize) {
        let html = self.html;
        let rest = super::prescrub::scrub(&html[lt..]);
        let mut inner = Tokenizer {
            html: &rest,
            pos: 0,
            sink: self.sink,
            key: std::mem::take(&mut self.key),
            last_start_tag: std::mem::replace(&mut self.last_start_tag, LocalName::from("")),
            after_block_tag: self.after_block_tag,
            preformatted_depth: self.preformatted_depth,
            nesting: std::mem::take(&mut self.nesting),
            scrub: false,
            text_before_comments: String::new(),
            needs_scrub: false,
            expects_raw_text: false,
            last_markup_lt: usize::MAX,
            finds: super::prescrub::ForwardFinds::default(),
        };
        // Too deep or abandoned: `run` tells after this.
        let _ = inner.read_tokens();
        self.key = inner.key;
        self.last_start_tag = inner.last_start_tag;
        self.after_block_tag = inner.after_block_tag;
        self.preformatted_depth = inner.preformatted_depth;
        self.nesting = inner.nesting;
        self.pos = html.len();
    }

    /// Does the scrub leave the raw text of the element `name` from `start` to `end` (where
    /// the tokenizer ends it) as it is and read on after it as the tokenizer does? In the
    /// raw text of a `<title>` (…) it still cuts comments and emptied elements and stops at
    /// the first `</title`; a JSON-LD `<script>`'s text it reads as markup.
    fn scrub_reads_raw_text_alike(&mut self, name: &str, start: usize, end: usize) -> bool {
        let html = self.html;
        let bytes = html.as_bytes();
        let Some(raw_text) = bytes.get(start..end) else { return false };
        let is_raw_for_scrub = super::prescrub::RAW_TEXT.contains(&name);
        if !is_raw_for_scrub && !matches!(name, "script" | "style") {
            return raw_text.is_empty();
        }
        let mut cursor = start;
        while let Some(offset) = bytes.get(cursor..end).and_then(|rest| memchr::memchr(b'<', rest)) {
            let lt = cursor + offset;
            let after = &bytes[lt + 1..];
            if after.starts_with(b"!--") || super::prescrub::emptied_at(html, lt, &mut self.finds).is_some() {
                return false;
            }
            if is_raw_for_scrub {
                if after.first() == Some(&b'/') && starts_with_ignore_case(&after[1..], name.as_bytes()) {
                    return false;
                }
                cursor = lt + 1;
                continue;
            }
            if !after.first().is_some_and(u8::is_ascii_alphabetic) {
                cursor = lt + 1;
                continue;
            }
            let Some(tag) = super::prescrub::start_tag(bytes, lt) else { return false };
            let opens_raw_text =
                super::prescrub::RAW_TEXT.iter().any(|raw| tag.name.eq_ignore_ascii_case(raw.as_bytes()));
            if tag.end > end || !tag.dropped.is_empty() || opens_raw_text {
                return false;
            }
            cursor = tag.end;
        }
        true
    }
}

/// Where the raw text of the element `name` starting at `from` ends: at its end tag (`</name`
/// then space, `/`, `>` or the end of the page), else at the end of the page.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut search = from;
    loop {
        let Some(at) = bytes.get(search..).and_then(|rest| memchr::memmem::find(rest, b"</")) else {
            return html.len();
        };
        let at = search + at;
        let after = &bytes[at + 2..];
        if starts_with_ignore_case(after, name.as_bytes())
            && after.get(name.len()).is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
        {
            return at;
        }
        search = at + 2;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The tree html5ever's own tokenizer builds, serialised.
    fn reference(html: &str) -> String {
        Document::from(html).html().to_string()
    }

    /// Serialised trees with every whitespace-only run between two tags removed: the trees
    /// compared when our tokenizer drops indentation between block tags.
    fn without_layout_whitespace(serialised: &str) -> String {
        let mut out = String::with_capacity(serialised.len());
        let mut rest = serialised;
        while let Some(gt) = rest.find('>') {
            out.push_str(&rest[..=gt]);
            rest = &rest[gt + 1..];
            let spaces = rest.len() - rest.trim_start_matches(SPACES).len();
            if rest[spaces..].starts_with('<') {
                rest = &rest[spaces..];
            }
        }
        out.push_str(rest);
        out
    }

    /// The tree this tokenizer builds (without the pre-scrub), serialised.
    fn ours(html: &str) -> String {
        parse_scrubbed(html).map(|document| document.html().to_string()).unwrap_or_default()
    }

    #[test]
    fn same_tree_as_html5ever_on_ordinary_markup() {
        let cases = [
            "<!DOCTYPE html><html lang=en><head><title>A &amp; B</title><meta name=description content=\"x &quot;y&quot;\"></head><body><p>One<p>Two &copy; 2024 &#8212; &#x2014; &nbsp;end</body></html>",
            "<div class='a b' id=main data-x = \"1\"><ul><li>one<li>two</ul><table><tr><td>cell<td>cell2</table></div>",
            "<p>Unclosed <b>bold <i>both</b> italic</i> text",
            "<br/><img src=a.png alt='A &lt; B'><hr><input disabled>",
            "<!-- a comment --><p>after<!--> empty<!---> also</p><!-- unterminated",
            "<script type=\"application/ld+json\">{\"a\":\"<b>x</b>\"}</script><style>p > a { }</style><textarea>&lt;raw&gt;</textarea>",
            "<P CLASS=Up>Upper <A HREF=\"/x?a=1&b=2&copy=3\">link</A></P>",
            "a < b and c <= d, x&y &unknown; &amp &ampx &notit; &#0; &#x110000; &#128;",
            "<table><p>foster</p><tr><td>in</td></tr></table>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><table><p>x</table>",
            "<html><body><h1>Title</h1></body></html><p>after html",
            "line\r\nbreak\rhere<pre>\nkept</pre></x >< / p>",
            "<?xml version=\"1.0\"?><svg><![CDATA[ data ]]></svg><p>x",
            "<title>Unclosed title",
            "<p a=1 a=2 b>dup</p><div/>not void</div>",
            "\u{feff}<p>bom</p>",
            "<plaintext><p>all text",
            "<select><option>One<option>Two</select><math><mi>x</mi></math>",
            "<div><script>\0</script><title>a\0b</title><style>\0",
            "<p>nul\0here &amp\0</p><plaintext>\0",
        ];
        for case in cases {
            assert_eq!(ours(case), reference(case), "input: {case}");
        }
    }

    /// The two-pass normalisation [`normalise_newlines`] replaced.
    fn normalise_newlines_by_replace(html: &str) -> String {
        html.replace("\r\n", "\n").replace('\r', "\n")
    }

    #[test]
    fn one_pass_newline_normalisation_matches_two_replaces() {
        let cases = [
            "",
            "\r",
            "\n",
            "\r\n",
            "\n\r",
            "\r\r\n",
            "\r\n\n",
            "\r\r\r",
            "no carriage return",
            "a\r",
            "a\r\n",
            "\ra",
            "é\r\nü\rß\r\r\n\n€\r",
            "<p>line\r\nline\rline</p>\r\n",
        ];
        for case in cases {
            assert_eq!(normalise_newlines(case), normalise_newlines_by_replace(case), "input: {case:?}");
        }
        assert!(matches!(normalise_newlines("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn word_at_a_time_space_check_matches_bytewise() {
        let cases = [
            "",
            " ",
            "\n        ",
            "\n                \t\t\t\t\t\t\t\t  ",
            "        x",
            "x        ",
            "                \r",
            "\u{a0}       ",
            "\x0C\t\n \x0C\t\n \x0C",
            "       \u{e9}        ",
            "               .",
            "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
        ];
        for case in cases {
            assert_eq!(is_all_space(case.as_bytes()), case.bytes().all(is_space), "input: {case:?}");
        }
    }

    #[test]
    fn common_names_are_the_same_atoms() {
        let common = [
            "div", "a", "li", "span", "p", "script", "meta", "link", "img", "ul", "td", "br", "strong",
            "input", "i", "class", "href", "id", "type", "rel", "src", "title", "style", "content", "target",
            "alt", "name", "width", "height", "section", "article", "header", "footer", "figure", "nav",
            "aside", "main", "button", "label", "form", "em", "b", "h2", "h3", "tr", "th", "tbody", "ol",
            "source", "picture", "time", "small", "svg", "path", "hr", "html", "head", "body", "lang",
            "role", "srcset", "sizes", "itemprop", "property", "value", "for", "action", "method", "charset",
        ];
        for name in common {
            assert!(common_atom(name).is_some(), "{name}");
        }
        let others = ["DIV", "Class", "dIv", "data-x", "div\0", "di", "divv", "", "é", "x-widget", "ítem"];
        for name in common.into_iter().chain(others) {
            assert_eq!(lowercase_atom(name), LocalName::from(name.to_ascii_lowercase()), "{name}");
        }
    }

    #[test]
    fn indentation_between_block_tags_is_no_text_node() {
        let html = "<body>\n  <div>\n    <p>One</p>\n    <p>Two <b>bold</b> <i>italic</i></p>\n  </div>\n  <pre>\n  <p>kept</p>\n</pre>\n<table><tr>\n<td>a</td>\n<td>b</td></tr></table></body>";
        let tree = ours(html);
        assert!(tree.contains("<div><p>One</p><p>Two <b>bold</b> <i>italic</i></p></div>"), "{tree}");
        assert!(tree.contains("<pre>  <p>kept</p>\n</pre>"), "inside <pre> whitespace is text: {tree}");
        assert!(tree.contains("<td>a</td>\n<td>b</td>"), "between cells it splits lines: {tree}");
        assert_eq!(without_layout_whitespace(&tree), without_layout_whitespace(&reference(html)));
    }

    #[test]
    fn reading_stops_on_pathologically_deep_markup() {
        let deep = "<div>".repeat(markup_guard::MAX_NESTING + 1);
        assert!(parse_document(&deep).is_none());
        assert!(parse_scrubbed(&deep).is_none());
        let deep_but_closed = "<div>x</div>".repeat(markup_guard::MAX_NESTING + 1);
        assert!(parse_document(&deep_but_closed).is_some());
        let paragraphs = "<p>para ".repeat(markup_guard::MAX_NESTING + 1);
        assert!(parse_document(&paragraphs).is_some(), "unclosed paragraphs do not nest");
        // Past a template the rest of the page goes through the separate scrub: still read.
        let deep_after_template = format!("<script type=text/template></script>{deep}");
        assert!(parse_document(&deep_after_template).is_none());
    }

    /// A token sink recording every token it passes on to html5ever's tree builder (whose
    /// answers, such as switching to raw text, drive the tokenizer).
    struct Recorder {
        builder: TreeBuilder<NodeId, Document>,
        tokens: std::cell::RefCell<Vec<Token>>,
    }

    impl TokenSink for Recorder {
        type Handle = NodeId;

        fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
            let copy = match &token {
                Token::DoctypeToken(doctype) => Token::DoctypeToken(doctype.clone()),
                Token::TagToken(tag) => Token::TagToken(tag.clone()),
                Token::CommentToken(text) => Token::CommentToken(text.clone()),
                Token::CharacterTokens(text) => Token::CharacterTokens(text.clone()),
                Token::NullCharacterToken => Token::NullCharacterToken,
                Token::EOFToken => Token::EOFToken,
                Token::ParseError(error) => Token::ParseError(error.clone()),
            };
            self.tokens.borrow_mut().push(copy);
            self.builder.process_token(token, line_number)
        }

        fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
            self.builder.adjusted_current_node_present_but_not_in_html_namespace()
        }
    }

    impl TreeConstruction for Recorder {}

    /// The tokens read from `html` (newlines normalised), scrubbing while reading or not, and
    /// whether the run asked for the separate scrub.
    fn recorded_tokens(html: &str, scrub: Scrub) -> (Vec<Token>, bool) {
        let opts = TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() };
        let recorder =
            Recorder { builder: TreeBuilder::new(Document::default(), opts), tokens: Default::default() };
        let html = normalise_newlines(html);
        let outcome = new_tokenizer(&html, &recorder, scrub).run();
        (recorder.tokens.into_inner(), matches!(outcome, RunOutcome::NeedsScrub))
    }

    /// Scrubbing while reading gives the very tokens of the scrubbed page, or asks for the
    /// separate scrub; true when it asked.
    fn scrubbing_while_reading_agrees(page: &str) -> bool {
        let (ours, needs_scrub) = recorded_tokens(page, Scrub::WhileReading);
        if needs_scrub {
            return true;
        }
        let (reference, _) = recorded_tokens(&super::super::prescrub::scrub(page), Scrub::Off);
        assert_eq!(ours, reference, "page: {page:?}");
        false
    }

    #[test]
    fn scrubbing_while_reading_gives_the_scrubbed_pages_tokens() {
        let pages = [
            "<p>a</p><SCRIPT src=x>var s = '<p>no</p>';</script><style>p{}</style><!-- note --><svg viewBox='0 0'><text>no</text></svg><p>b é</p>",
            "<body><noscript><div id=warn></noscript><div><p>Story</p></div></body>",
            "<head><noscript><link rel=x></noscript><title>T</title></head><body>x",
            "<div class=post><script type='text/template'><p>Story &amp; text</p></script></div><p data-x=1>after</p>",
            "<script type=text/html><p>open",
            "<script>a<</script>b",
            r#"<script type="application/ld+json">{"headline":"x"}</script><p>text</p>"#,
            r#"<script type="application/ld+json">{"body":"<p>x</p> a < b"}</script><p data-y=2>text</p>"#,
            r#"<script type="application/ld+json">{"body":"<p data-x=1>x</p>"}</script><p>text</p>"#,
            r#"<script type="application/ld+json">{"body":"<!-- c -->"}</script><p>text</p>"#,
            r#"<script type="application/ld+json">{"body":"<title>x"}</script><p>text</p>"#,
            r#"<script type="application/ld+json">{"b":"<a title='</script>'>"}</script><p>text</p>"#,
            r#"<div class=a data-x="1 > 2" onclick='f("<p>")' style="color:red" id=b>t</div>"#,
            r#"<p style="DISPLAY: none" aria-hidden=true role=note>x</p><img data-src=a.jpg onload=x>"#,
            r#"<p style="color:red" style="display:none" data-x=1>x</p>"#,
            "<br data-a/><p data-b=1/>x<p data-x>a</p><P\r\n DATA-X = 'y' \t>z",
            "<p/data-x>a</p><p a=\"1\"/data-x=\"2\"data-y>b<p data-x/data-y>c<p/data-x/>d",
            "<title>a <b data-x=1> b</title><p data-y=2>c</p>",
            "<title>a <!-- c --> b</title><p>c</p>",
            "<title>a <script>x</script> b</title><p>c</p>",
            "<title>a </titlex> b</title><p>c</p>",
            "<textarea>a <p data-x=1></textarea><xmp><p onclick=x></xmp><iframe src=x onload=y>f</iframe>",
            "<p>one<!-- a -->two &am<!-- b -->p; three</p>\n  <!-- c -->\n  <div>x</div>",
            "<div>\n<!-- c -->\n<p>x</p><!--> not closed here --> y</div><!---->z",
            "<p>end<!-- open",
            "<p>text</div<\n\n</p>\n</div><p>after</p>",
            "</div class=\"<!-- x -->\"><p>a</p>",
            "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><!-- c --></head><body><p>x</p></body></html>",
            "<!doctype html <!-- x -->><p>a",
            "<?php echo '<p data-x=1>'; ?><p>a",
            "<svg class=i role=img title=\">\"><use href=#a></use></svg><p data-x=1>after</p>",
            "<script async onload=\"if(a>b){}\"></script><p data-x=1>after</p>",
            "<svg/><p>inside</p></svg><p>after</p>",
            "<script>never closed <p>",
            "<script>x</scriptx> y</script><p>z",
            "<style>a</styles>b</style>c",
            "<p class=\"never closed>text",
            "<p data-x=1",
            "<math><title>t</title><mi>x</mi></math><p>a",
            "<math><![CDATA[ <p> ]]></math><p>a",
            "<plaintext><p>all text</plaintext><p data-x=1>",
            "\u{feff}<p onclick=x>bom</p>",
            "<pre>\n<!-- c -->\n  x</pre>",
            "<table><!-- c --><tr><td data-x=1>a</td></tr></table>",
            "<select><option onclick=x>One<!-- c --><option>Two</select>",
            "<p>a\r\n<!-- c\r\n -->\r\nb</p>\r<div\rdata-x=1\r>c</div>",
            "<div><script type=\"text/x-template\"><textarea /></div></script><p data-x=1>after</p><!-- c -->",
            "<script type=\"application/ld+json\" data-x=1>{}</script><noscript data-x=1>a</noscript><p>b",
            "<SVG><Script>x</Script></SVG><NoScript>y</NOSCRIPT>z",
            "\"<<!-- c -->/</textarea><a href=\"x\" <style>",
            "a <<!-- c -->p>b</p>",
            // Indentation before a `<` whose tag name the scrub changes by cutting a comment.
            "<p>\n  <<!-->-->p;",
            "<div>\n  <h1<!-- c -->x>a</h1x>",
            "<div>\n  <di<!-- c -->v>a</div>",
            "<div>\n  </<!-- c -->div>\n  <<!-- c -->/div>",
            "<div>\n  <p<!-- never closed",
            "<nav class=menu><ul><li><a href=/>Home</a></li></ul></nav><p data-x=1>Story</p>",
            "<nav><ol><li><a href=/>Home</a></li><li><h1>Headline</h1></li></ol></nav><p>b</p>",
            "<nav><nav-item>a</nav-item><a>b</a></nav><p>c</p>",
            "<nav><div><p>unclosed</nav><p>after</p>",
            "<nav>never closed <p>a",
            &"<svg>x".repeat(50),
            &"<nav><a>x</a>".repeat(50),
            &("<nav>".repeat(50) + "<h1>t</h1></nav><p>a"),
        ];
        for page in pages {
            scrubbing_while_reading_agrees(page);
        }
        // The common constructs are mirrored while reading, without the separate scrub.
        for page in [
            "<p>one<!-- a -->two</p><script>x</script><style>y</style><svg><path/></svg><p data-x=1 onclick=f>t</p>",
            r#"<script type="application/ld+json">{"body":"<p>x</p>"}</script><title>T &amp; <b></title>"#,
            "<div class=post><script type='text/template'><p>Story</p></script></div>",
            "<p>text</div<\n\n</p>\n</div><p>after</p>",
        ] {
            assert!(!scrubbing_while_reading_agrees(page), "page: {page:?}");
        }
        // Raw text for the scrub, markup for the tree builder: the separate scrub.
        assert!(scrubbing_while_reading_agrees("<math><title>t</title></math>"));
    }

    /// Pieces of pages mixing what the scrub cuts with what it keeps.
    fn scrub_soup_piece() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("<p>"),
            Just("</p>"),
            Just("<div class=a>"),
            Just("</div>"),
            Just("text "),
            Just("\n  "),
            Just("\r\n"),
            Just("&amp;"),
            Just("&am"),
            Just("p;"),
            Just("<!-- c -->"),
            Just("<!--"),
            Just("-->"),
            Just("<script>"),
            Just("</script>"),
            Just("<script type=application/ld+json>"),
            Just("<script type=text/template>"),
            Just("<style>"),
            Just("</style>"),
            Just("<svg>"),
            Just("</svg>"),
            Just("<noscript>"),
            Just("</noscript>"),
            Just("<title>"),
            Just("</title>"),
            Just("<textarea>"),
            Just("</textarea>"),
            Just("<p data-x=1 onclick='a>b'>"),
            Just("<p style=\"color:red\">"),
            Just("<p style=display:none style=x>"),
            Just("<img data-src=a.jpg>"),
            Just("<a href=\"x\" "),
            Just("\""),
            Just("'"),
            Just(">"),
            Just("<"),
            Just("/"),
            Just("</"),
            Just("<!DOCTYPE html>"),
            Just("<table>"),
            Just("<td>"),
            Just("<math>"),
            Just("<pre>"),
            Just("\0"),
            Just("<!-->"),
            Just("<?x>"),
            Just("<!x>"),
            Just("</>"),
            Just("<![CDATA["),
            Just("]]>"),
            Just("<p/"),
            Just("<p "),
            Just(" data-x"),
            Just(" onclick=a/"),
            Just(" style=\"display:none\""),
            Just("="),
            Just("<iframe onload=x>"),
            Just("</iframe>"),
            Just("</titlex>"),
            Just("<plaintext>"),
            Just("<SCRIPT>"),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        #[test]
        fn random_pages_scrubbed_while_reading_give_the_scrubbed_tokens(
            pieces in proptest::collection::vec(scrub_soup_piece(), 0..30)
        ) {
            scrubbing_while_reading_agrees(&pieces.concat());
        }
    }

    #[test]
    fn parse_document_scrubs_as_the_separate_pass() {
        for page in [
            "<p>a<!-- c -->b</p><script>x</script><p data-x=1>c</p>",
            "<div><script type='text/template'><p>tpl</p></script></div><p onclick=x>after</p>",
            "<math><title>t <!-- c --></title></math><p>x",
            "<p>text</div<\n\n</p>\n</div><p>after</p>",
        ] {
            let ours = parse_document(page).map(|document| document.html().to_string());
            let reference = parse_scrubbed(&super::super::prescrub::scrub(page))
                .map(|document| document.html().to_string());
            assert_eq!(ours, reference, "page: {page:?}");
        }
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_the_page_is_dropped() {
        assert_eq!(ours("<p>text<a href=\"x"), reference("<p>text<a href=\"x"));
        assert_eq!(ours("<p>text</"), reference("<p>text</"));
    }
}
