//! Page metadata for HTML: JSON-LD objects (parsed once), author candidates from the markup
//! (`rel=author`, `itemprop=author`, byline/author classes), titles with the site name
//! stripped, and visible publication dates in date-like elements.

use dom_query::{Document, NodeRef, local_name};
use serde_json::Value;

use super::{byline, date, non_empty, squash_ws};

/// JSON-LD `@type`s of a story; their fields win over those of other objects.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "discussionforumposting",
    "liveblogposting",
    "posting",
    "report",
    "webpage",
    "recipe",
    "review",
    "creativework",
];

/// Elements kept of each capped kind in [`PageNodes`]: the readers look at the first five.
const FIRST_FEW: usize = 5;

/// The elements the metadata readers look at, gathered in one pass over the page in page
/// order. Each reader used to run its own selector query (`meta`, `title`, `h1`, JSON-LD
/// scripts, `[itemprop=…]`, `time`, `rel=author`, `[class], [id]`): a full walk of the tree
/// each, a few percent of the whole pipeline together. Each list holds exactly what the
/// selector in its doc comment matched.
#[derive(Default)]
pub struct PageNodes<'a> {
    /// `html`: the first one (its `lang`).
    pub html: Option<NodeRef<'a>>,
    /// `meta`.
    pub metas: Vec<NodeRef<'a>>,
    /// `title`: the first one.
    pub title: Option<NodeRef<'a>>,
    /// `h1`: the first [`FIRST_FEW`].
    pub h1s: Vec<NodeRef<'a>>,
    /// `script[type='application/ld+json']`.
    pub json_ld: Vec<NodeRef<'a>>,
    /// `[itemprop=datePublished]`.
    pub date_published: Vec<NodeRef<'a>>,
    /// `time`: the first [`FIRST_FEW`].
    pub times: Vec<NodeRef<'a>>,
    /// `[itemprop=author]`: the first [`FIRST_FEW`].
    pub author_props: Vec<NodeRef<'a>>,
    /// `a[rel~=author], link[rel~=author]`: the first [`FIRST_FEW`].
    pub author_rels: Vec<NodeRef<'a>>,
    /// `[class], [id]`.
    pub classed: Vec<NodeRef<'a>>,
}

impl<'a> PageNodes<'a> {
    /// One pre-order walk over the page's elements.
    pub fn gather(doc: &'a Document) -> Self {
        let mut nodes = PageNodes::default();
        for node in doc.root().descendants_it() {
            let Some(element) = node.element_ref() else { continue };
            // Names and namespaces compared as interned atoms (an integer comparison each)
            // rather than as strings. Attribute values such as `type` and `rel` are compared
            // ignoring ASCII case on HTML elements, as CSS attribute selectors do in an HTML
            // document.
            let html_element = element.name.ns == html5ever::ns!(html);
            let same = |value: &str, wanted: &str| {
                if html_element { value.eq_ignore_ascii_case(wanted) } else { value == wanted }
            };
            let mut has_class_or_id = false;
            let mut itemprop = None;
            let mut kind = None;
            let mut rel_author = false;
            for attr in &element.attrs {
                let local = &attr.name.local;
                if *local == local_name!("class") || *local == local_name!("id") {
                    has_class_or_id = true;
                } else if *local == local_name!("itemprop") {
                    itemprop = Some(&*attr.value);
                } else if *local == local_name!("type") {
                    kind = Some(&*attr.value);
                } else if *local == local_name!("rel") {
                    rel_author = attr.value.split_ascii_whitespace().any(|token| same(token, "author"));
                }
            }
            let name = &element.name.local;
            if *name == local_name!("html") {
                if nodes.html.is_none() {
                    nodes.html = Some(node);
                }
            } else if *name == local_name!("meta") {
                nodes.metas.push(node);
            } else if *name == local_name!("title") {
                if nodes.title.is_none() {
                    nodes.title = Some(node);
                }
            } else if *name == local_name!("h1") {
                if nodes.h1s.len() < FIRST_FEW {
                    nodes.h1s.push(node);
                }
            } else if *name == local_name!("script") {
                if kind.is_some_and(|k| same(k, "application/ld+json")) {
                    nodes.json_ld.push(node);
                }
            } else if *name == local_name!("time") {
                if nodes.times.len() < FIRST_FEW {
                    nodes.times.push(node);
                }
            } else if (*name == local_name!("a") || *name == local_name!("link"))
                && rel_author
                && nodes.author_rels.len() < FIRST_FEW
            {
                nodes.author_rels.push(node);
            }
            match itemprop {
                Some("datePublished") => nodes.date_published.push(node),
                Some("author") if nodes.author_props.len() < FIRST_FEW => nodes.author_props.push(node),
                _ => {}
            }
            if has_class_or_id {
                nodes.classed.push(node);
            }
        }
        nodes
    }
}

/// All JSON-LD objects of the page, flattened (arrays and `@graph` unrolled), in page order.
pub fn json_ld_objects(doc: &Document) -> Vec<Value> {
    json_ld_objects_in(&PageNodes::gather(doc).json_ld)
}

/// [`json_ld_objects`] of the page's JSON-LD `<script>`s.
pub fn json_ld_objects_in(scripts: &[NodeRef<'_>]) -> Vec<Value> {
    let mut objects = Vec::new();
    for node in scripts {
        let text = node.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else { continue };
        let mut stack = vec![value];
        while let Some(value) = stack.pop() {
            match value {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    objects.push(Value::Object(map));
                }
                _ => {}
            }
        }
    }
    objects
}

/// Lower-case `@type`s of a JSON-LD object.
fn types_of(object: &Value) -> Vec<String> {
    match object.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect()
        }
        _ => Vec::new(),
    }
}

/// Is this JSON-LD object the story (an article-like `@type`)?
fn is_article(object: &Value) -> bool {
    types_of(object).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()))
}

/// Article-like objects first (in order of [`ARTICLE_TYPES`] preference: news/blog before page).
fn articles(objects: &[Value]) -> Vec<&Value> {
    let mut found: Vec<&Value> = objects.iter().filter(|o| is_article(o)).collect();
    found.sort_by_key(|o| {
        let types = types_of(o);
        if types.iter().any(|t| t == "webpage") { 1 } else { 0 }
    });
    found
}

/// A string field of the story object (`headline`, `datePublished`, …).
pub fn json_ld_article_string(objects: &[Value], key: &str) -> Option<String> {
    articles(objects).into_iter().find_map(|o| o.get(key).and_then(Value::as_str).and_then(non_empty))
}

/// A string field of any object.
pub fn json_ld_any_string(objects: &[Value], key: &str) -> Option<String> {
    objects.iter().find_map(|o| o.get(key).and_then(Value::as_str).and_then(non_empty))
}

/// Names of a JSON-LD `author` value: a string, a `{name}` object, an `{@id}` reference to a
/// `Person` elsewhere in the graph, or a list of those.
fn author_names(value: &Value, objects: &[Value], names: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if let Some(name) = non_empty(s)
                && !name.contains("://")
            {
                names.push(name);
            }
        }
        Value::Array(items) => {
            for item in items.iter().take(10) {
                author_names(item, objects, names);
            }
        }
        Value::Object(map) => {
            if let Some(name) = map.get("name") {
                match name {
                    Value::String(s) => {
                        if let Some(name) = non_empty(s) {
                            names.push(name);
                        }
                    }
                    other => author_names(other, objects, names),
                }
                return;
            }
            let Some(id) = map.get("@id").and_then(Value::as_str) else { return };
            let referenced = objects
                .iter()
                .find(|o| o.get("@id").and_then(Value::as_str) == Some(id) && o.get("name").is_some());
            if let Some(name) =
                referenced.and_then(|o| o.get("name")).and_then(Value::as_str).and_then(non_empty)
            {
                names.push(name);
            }
        }
        _ => {}
    }
}

/// The story's authors from JSON-LD, joined by ", ".
pub fn json_ld_author(objects: &[Value]) -> Option<String> {
    for object in articles(objects) {
        let Some(author) = object.get("author").or_else(|| object.get("creator")) else { continue };
        let mut names = Vec::new();
        author_names(author, objects, &mut names);
        let cleaned: Vec<String> = names.iter().filter_map(|n| byline::clean(n)).collect();
        if !cleaned.is_empty() {
            return Some(cleaned.join(", "));
        }
    }
    None
}

/// Class/id words of byline containers.
const BYLINE_WORDS: &[&str] = &["byline", "author", "autor", "auteur", "writer", "verfasser", "submitted"];

/// Class/id words that look like a byline word but are not one (author boxes, avatars).
const NOT_BYLINE_WORDS: &[&str] = &[
    "avatar",
    "authorbox",
    "author-box",
    "author-bio",
    "author_bio",
    "authorbio",
    "author-info",
    "author-image",
    "author-img",
    "author-description",
    "about-author",
    "author-avatar",
    "comment",
];

/// Class/id words of elements that show a date.
const DATE_WORDS: &[&str] = &[
    "date",
    "published",
    "posted",
    "pubdate",
    "datum",
    "entry-meta",
    "post-meta",
    "article-meta",
    "byline",
    "timestamp",
    "time",
];

/// Class/id words of date-like elements whose date is not the publication's.
const NOT_DATE_WORDS: &[&str] = &["update", "modified", "comment"];

/// Which of the class/id word lists an element's `class` or `id` contains (as a substring,
/// ASCII case-insensitive).
#[derive(Debug, Default, PartialEq, Eq)]
struct ClassWords {
    /// A [`BYLINE_WORDS`] word.
    byline: bool,
    /// A [`NOT_BYLINE_WORDS`] word.
    not_byline: bool,
    /// A [`DATE_WORDS`] word.
    date: bool,
    /// A [`NOT_DATE_WORDS`] word.
    not_date: bool,
}

/// Sets the flag of one word list in a [`ClassWords`].
type MarkClassWord = fn(&mut ClassWords);

/// Every class/id word in one automaton, with the list of each (by pattern index): a page has
/// thousands of classed elements, and one pass over each beats some thirty substring
/// searches, each with its own setup.
static CLASS_WORD_AUTOMATON: std::sync::LazyLock<Option<(aho_corasick::AhoCorasick, Vec<MarkClassWord>)>> =
    std::sync::LazyLock::new(|| {
        let lists: [(&[&str], MarkClassWord); 4] = [
            (BYLINE_WORDS, |w| w.byline = true),
            (NOT_BYLINE_WORDS, |w| w.not_byline = true),
            (DATE_WORDS, |w| w.date = true),
            (NOT_DATE_WORDS, |w| w.not_date = true),
        ];
        let (patterns, marks): (Vec<&str>, Vec<MarkClassWord>) =
            lists.iter().flat_map(|(words, mark)| words.iter().map(move |word| (*word, *mark))).unzip();
        let automaton =
            aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(patterns).ok()?;
        Some((automaton, marks))
    });

impl ClassWords {
    /// The lists whose words occur in the element's `class` or `id`. The two values are
    /// searched apart: no word holds a space, so none could span the two.
    fn of(node: &NodeRef<'_>) -> ClassWords {
        let mut words = ClassWords::default();
        let Some((automaton, marks)) = CLASS_WORD_AUTOMATON.as_ref() else {
            return ClassWords::of_joined(node);
        };
        // The values are read in place (one borrow of the tree, no copies): `attr` cloned each.
        node.query_or((), |tree_node| {
            let Some(element) = tree_node.as_element() else { return };
            let first_value = |name: &str| element.attrs.iter().find(|attr| &*attr.name.local == name);
            for attr in [first_value("class"), first_value("id")].into_iter().flatten() {
                for found in automaton.find_overlapping_iter(&*attr.value) {
                    if let Some(mark) = marks.get(found.pattern().as_usize()) {
                        mark(&mut words);
                    }
                }
            }
        });
        words
    }

    /// [`ClassWords::of`] by plain substring searches of [`class_and_id`] (the reference, and
    /// the fallback should the automaton fail to build).
    fn of_joined(node: &NodeRef<'_>) -> ClassWords {
        let Some(attrs) = class_and_id(node) else { return ClassWords::default() };
        let any = |list: &[&str]| list.iter().any(|word| attrs.contains(word));
        ClassWords {
            byline: any(BYLINE_WORDS),
            not_byline: any(NOT_BYLINE_WORDS),
            date: any(DATE_WORDS),
            not_date: any(NOT_DATE_WORDS),
        }
    }
}

/// The first two bytes (ASCII case ignored) that the words of a list start with: a cheap test
/// that a class or id cannot hold any of the words (no position starts like one), before the
/// automaton looks for them. Every word has two bytes or more (a test checks).
struct WordStarts {
    /// For each lower-cased first byte, a bit per second byte (its low five bits, lower-cased).
    second_bytes: [u32; 256],
}

impl WordStarts {
    /// The starts of `words`.
    fn new(words: &[&str]) -> Self {
        let mut second_bytes = [0u32; 256];
        for word in words {
            if let [first, second, ..] = word.as_bytes() {
                second_bytes[usize::from(first.to_ascii_lowercase())] |=
                    1 << (second.to_ascii_lowercase() & 31);
            }
        }
        WordStarts { second_bytes }
    }

    /// Could `haystack` hold one of the words: does some position start like one?
    fn may_occur_in(&self, haystack: &[u8]) -> bool {
        haystack.windows(2).any(|pair| {
            self.second_bytes[usize::from(pair[0].to_ascii_lowercase())]
                & (1 << (pair[1].to_ascii_lowercase() & 31))
                != 0
        })
    }

    /// [`WordStarts::may_occur_in`] the element's first `class` or `id` value (read in place).
    fn may_occur_in_class_or_id(&self, node: &NodeRef<'_>) -> bool {
        node.query_or(false, |tree_node| {
            let Some(element) = tree_node.as_element() else { return false };
            let first_value = |name: &str| element.attrs.iter().find(|attr| &*attr.name.local == name);
            [first_value("class"), first_value("id")]
                .into_iter()
                .flatten()
                .any(|attr| self.may_occur_in(attr.value.as_bytes()))
        })
    }
}

/// Starts of [`BYLINE_WORDS`].
static BYLINE_WORD_STARTS: std::sync::LazyLock<WordStarts> =
    std::sync::LazyLock::new(|| WordStarts::new(BYLINE_WORDS));

/// Starts of [`DATE_WORDS`].
static DATE_WORD_STARTS: std::sync::LazyLock<WordStarts> =
    std::sync::LazyLock::new(|| WordStarts::new(DATE_WORDS));

/// The author named by the markup: `rel=author` links, `itemprop=author`, then elements whose
/// class or id says byline/author (first clean candidate wins, short texts only).
pub fn markup_author(doc: &Document) -> Option<String> {
    markup_author_in(&PageNodes::gather(doc))
}

/// [`markup_author`] over the page's gathered elements.
pub fn markup_author_in(nodes: &PageNodes<'_>) -> Option<String> {
    for node in &nodes.author_props {
        let name_node = node.descendants_it().find(|d| {
            d.is_element() && d.attr("itemprop").is_some_and(|v| v.trim().eq_ignore_ascii_case("name"))
        });
        let text = match name_node {
            Some(n) => n.attr("content").map(|c| c.to_string()).unwrap_or_else(|| n.text().to_string()),
            None => node.attr("content").map(|c| c.to_string()).unwrap_or_else(|| element_text(node)),
        };
        if let Some(name) = clean_candidate(&text, true) {
            return Some(name);
        }
    }
    for node in &nodes.author_rels {
        if inside_comments(node) {
            continue;
        }
        if let Some(name) = clean_candidate(&element_text(node), true) {
            return Some(name);
        }
    }
    let mut checked = 0usize;
    for node in &nodes.classed {
        // Most classed elements hold no byline word: they are passed over before the search.
        if !BYLINE_WORD_STARTS.may_occur_in_class_or_id(node) {
            continue;
        }
        let words = ClassWords::of(node);
        if !words.byline || words.not_byline {
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if matches!(
            name.as_str(),
            "body" | "html" | "article" | "main" | "img" | "script" | "style" | "meta" | "link"
        ) {
            continue;
        }
        checked += 1;
        if checked > 20 {
            break;
        }
        if inside_comments(node) {
            continue;
        }
        if let Some(name) = clean_candidate(&element_text(node), false) {
            return Some(name);
        }
    }
    None
}

/// Lower-case class and id of an element, when it has either.
fn class_and_id(node: &NodeRef<'_>) -> Option<String> {
    let mut attrs = String::new();
    if let Some(c) = node.attr("class") {
        attrs.push_str(&c);
    }
    if let Some(i) = node.attr("id") {
        attrs.push(' ');
        attrs.push_str(&i);
    }
    (!attrs.trim().is_empty()).then(|| attrs.to_ascii_lowercase())
}

/// Is this element inside a comment section (a commenter's name is not the byline)? Looks
/// for a class/id token that starts with "comment" (or is "respond") on the ancestors below
/// `<body>`.
fn inside_comments(node: &NodeRef<'_>) -> bool {
    let mut current = node.parent();
    let mut depth = 0;
    while let Some(parent) = current {
        depth += 1;
        if depth > 60 {
            return false;
        }
        let name = parent.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if matches!(name.as_str(), "body" | "html") {
            return false;
        }
        if let Some(attrs) = class_and_id(&parent)
            && attrs
                .split_whitespace()
                .any(|token| token.starts_with("comment") && token != "comments-open" || token == "respond")
        {
            return true;
        }
        current = parent.parent();
    }
    false
}

/// Text of an element with whitespace squashed; text nodes joined by spaces so that
/// `<span>Author</span><a>Jane</a>` does not become "AuthorJane".
fn element_text(node: &NodeRef<'_>) -> String {
    let mut out = String::new();
    let mut stack = vec![*node];
    let mut budget = 400usize;
    while let Some(n) = stack.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        if n.is_text() {
            out.push(' ');
            out.push_str(&n.text());
            continue;
        }
        let name = n.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if matches!(name.as_str(), "script" | "style" | "noscript" | "time") {
            continue;
        }
        for child in n.children().into_iter().rev() {
            stack.push(child);
        }
    }
    squash_ws(&out)
}

/// Label words that may precede a name inside a byline element.
const LABELS: &[&str] = &[
    "author",
    "autor",
    "autorin",
    "auteur",
    "written by",
    "posted by",
    "geschrieben von",
    "verfasst von",
    "eingestellt von",
    "veröffentlicht von",
    "publié par",
    "escrito por",
    "interview",
    "beitrag von",
    "text",
    "von",
    "by",
];

/// Clean one markup candidate into names; `None` for long texts, dates, labels only. With
/// `allow_handle` (explicit author markup) a single lower-case user name is accepted too.
pub fn clean_candidate(raw: &str, allow_handle: bool) -> Option<String> {
    let mut text = squash_ws(raw);
    if text.is_empty() || text.chars().count() > 100 {
        return None;
    }
    loop {
        let lower = text.to_lowercase();
        let Some(label) = LABELS.iter().find(|l| {
            lower.starts_with(*l)
                && lower.get(l.len()..).is_some_and(|rest| rest.starts_with([' ', ':', '\u{a0}']))
        }) else {
            break;
        };
        let Some(rest) = text.get(label.len()..) else { break };
        text = rest.trim_start_matches([' ', ':', '\u{a0}']).to_owned();
    }
    // "View all posts by Jane Doe" / "Zeige alle Beiträge von Jane Doe": a label sentence (it has
    // lower-case words) before "by"/"von" is not part of the name.
    for marker in [" by ", " von ", " par ", " por ", " door "] {
        let lower = text.to_lowercase();
        let Some(position) = lower.rfind(marker) else { continue };
        let (Some(label), Some(name)) = (text.get(..position), text.get(position + marker.len()..)) else {
            continue;
        };
        let label_has_lower_word =
            label.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_lowercase));
        if label_has_lower_word && (1..=4).contains(&name.split_whitespace().count()) {
            text = name.trim().to_owned();
            break;
        }
    }
    // "Jane Doe am 21. April 2020" / "Jane Doe on 3 May": the date is not part of the name.
    // Only a word that starts with a digit begins a date: digits inside a user name
    // ("freeman1984", "r23") belong to it.
    let date_start = text
        .char_indices()
        .find(|&(at, c)| c.is_ascii_digit() && text[..at].chars().next_back().is_none_or(char::is_whitespace))
        .map(|(at, _)| at);
    if let Some(digit) = date_start {
        let mut head = text[..digit].trim_end().to_owned();
        const CONNECTIVES: &[&str] = &[
            " am",
            " on",
            " le",
            " el",
            " vom",
            " den",
            " the",
            ",",
            " stand",
            " updated",
            " aktualisiert",
            " published",
            " veröffentlicht",
            " posted",
            " |",
            " -",
            " –",
            " —",
            " ·",
        ];
        loop {
            let lower = head.to_lowercase();
            let Some(connective) = CONNECTIVES.iter().find(|c| lower.ends_with(*c)) else { break };
            let Some(stripped) = head.get(..head.len().saturating_sub(connective.len())) else { break };
            head = stripped.trim_end().to_owned();
        }
        if !head.is_empty() {
            text = head;
        }
    }
    let single_handle = allow_handle
        && !text.contains(' ')
        && (2..=40).contains(&text.chars().count())
        && !text.contains("://")
        && !text.contains('@');
    let name = match byline::clean(&text) {
        Some(name) => name,
        None if single_handle && text.chars().any(char::is_alphabetic) => text.clone(),
        None => return None,
    };
    if date::find_in_text(&name).is_some() || name.split_whitespace().count() > 6 {
        return None;
    }
    Some(name)
}

/// Words of a title segment that is the site's name rather than the story's.
pub fn site_tokens(site_name: Option<&str>, url: Option<&str>) -> Vec<String> {
    let mut tokens = Vec::new();
    if let Some(site) = site_name.and_then(non_empty) {
        tokens.push(site.to_lowercase());
    }
    if let Some(url) = url {
        let host = url.split("://").nth(1).unwrap_or(url).split(['/', '?', '#', ':']).next().unwrap_or("");
        let host = host.trim_start_matches("www.").to_lowercase();
        if let Some(label) = host.split('.').find(|l| l.len() >= 3) {
            tokens.push(label.to_owned());
        }
    }
    tokens
}

/// Does this title segment name the site (equals `og:site_name`, or contains the host's main
/// label once spaces and punctuation are dropped)?
pub fn is_site_segment(segment: &str, tokens: &[String]) -> bool {
    let lower = segment.trim().to_lowercase();
    if lower.is_empty() {
        return true;
    }
    let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    tokens.iter().any(|t| {
        let token_compact: String = t.chars().filter(|c| c.is_alphanumeric()).collect();
        lower == *t
            || (!token_compact.is_empty()
                && token_compact.len() >= 3
                && compact.contains(&token_compact)
                && lower.split_whitespace().count() <= 5)
    })
}

/// Title separators between story and site name.
const SEPARATORS: &[&str] =
    &[" | ", " – ", " — ", " - ", " :: ", " // ", " » ", " · ", " • ", "-新华网", " ｜ "];

/// Separators of breadcrumb titles, whose last segment is the page's own.
const BREADCRUMB_SEPARATORS: &[&str] = &[" » ", " // "];

/// Strip site-name segments from a page title: segments naming the site (see
/// [`is_site_segment`]) on either side, then a short trailing segment after a long one.
pub fn strip_site_name(title: &str, site_name: Option<&str>, url: Option<&str>) -> String {
    strip_site_segments(title, site_name, url, true)
}

/// Strip only the segments that name the site, keeping every other segment: for a visible
/// `<h1>`, where a short segment after a dash is part of the headline ("… – Until Now").
pub fn strip_site_name_segments(title: &str, site_name: Option<&str>, url: Option<&str>) -> String {
    strip_site_segments(title, site_name, url, false)
}

/// [`strip_site_name`], with the short-segment rule only when `drop_short_segments`.
fn strip_site_segments(
    title: &str,
    site_name: Option<&str>,
    url: Option<&str>,
    drop_short_segments: bool,
) -> String {
    let tokens = site_tokens(site_name, url);
    let mut title = squash_ws(title);
    if let Some(stripped) = title.strip_suffix("-新华网") {
        title = stripped.to_owned();
    }
    for sep in SEPARATORS {
        let mut parts: Vec<&str> = title.split(sep).map(str::trim).collect();
        if parts.len() < 2 {
            continue;
        }
        let before = parts.len();
        while parts.len() > 1 && parts.last().is_some_and(|p| is_site_segment(p, &tokens)) {
            parts.pop();
        }
        while parts.len() > 1 && parts.first().is_some_and(|p| is_site_segment(p, &tokens)) {
            parts.remove(0);
        }
        if parts.len() < before {
            // A breadcrumb ("Site » Blog Archive » Story") runs from general to specific:
            // the last crumb is the page's own title.
            if BREADCRUMB_SEPARATORS.contains(sep) && parts.len() > 1 {
                return parts[parts.len() - 1].to_owned();
            }
            return parts.join(sep);
        }
        if !drop_short_segments {
            continue;
        }
        let short = |p: &str| p.split_whitespace().count() <= 4;
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        if short(last) && !short(first) {
            return parts[..parts.len() - 1].join(sep);
        }
        if short(first) && !short(last) && parts.len() == 2 {
            return last.to_owned();
        }
    }
    title
}

/// A visible publication date in the page's date-like elements (class/id with "date",
/// "time", "published", "posted", "meta"), first plausible one in page order.
pub fn visible_date(doc: &Document) -> Option<String> {
    visible_date_in(&PageNodes::gather(doc).classed)
}

/// [`visible_date`] over the page's elements that have a class or id, in page order.
pub fn visible_date_in(classed: &[NodeRef<'_>]) -> Option<String> {
    let mut checked = 0usize;
    for node in classed {
        // Most classed elements hold no date word: they are passed over before the search.
        if !DATE_WORD_STARTS.may_occur_in_class_or_id(node) {
            continue;
        }
        let words = ClassWords::of(node);
        if !words.date || words.not_date {
            continue;
        }
        checked += 1;
        if checked > 30 {
            break;
        }
        let text = element_text(node);
        if text.chars().count() > 200 {
            continue;
        }
        if let Some(found) = date::find_in_text(&text) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_inside_a_user_name_are_kept_a_date_after_a_name_is_cut() {
        assert_eq!(clean_candidate("freeman1984", true).as_deref(), Some("freeman1984"));
        assert_eq!(clean_candidate("Beitrag von r23", true).as_deref(), Some("r23"));
        assert_eq!(clean_candidate("Jane Doe am 21. April 2020", false).as_deref(), Some("Jane Doe"));
        assert_eq!(
            strip_site_name("Example Gazette » Blog Archive » Bridge Reopens", Some("Example Gazette"), None),
            "Bridge Reopens"
        );
        assert_eq!(
            strip_site_name_segments(
                "Bridge Reopens – Until Now | Example Gazette",
                Some("Example Gazette"),
                None
            ),
            "Bridge Reopens – Until Now"
        );
    }

    #[test]
    fn json_ld_author_through_graph_reference() {
        let html = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"Article","headline":"A story","author":{"@id":"https://x.org/#p1"},"datePublished":"2020-12-12T10:00:00+00:00"},
            {"@type":"Person","@id":"https://x.org/#p1","name":"Jane Doe"}]}</script></head><body></body></html>"#;
        let doc = Document::from(html);
        let objects = json_ld_objects(&doc);
        assert_eq!(json_ld_author(&objects).as_deref(), Some("Jane Doe"));
        assert_eq!(json_ld_article_string(&objects, "headline").as_deref(), Some("A story"));
    }

    #[test]
    fn json_ld_author_list_and_broken_json() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chan"}]}</script>
            <script type="application/ld+json">{ broken </script>"#;
        let doc = Document::from(html);
        assert_eq!(json_ld_author(&json_ld_objects(&doc)).as_deref(), Some("Ann Lee, Bo Chan"));
    }

    #[test]
    fn markup_authors() {
        let doc = Document::from(
            r#"<div class="entry-meta"><span class="author vcard"><a rel="author" href="/author/m">marc</a></span></div>"#,
        );
        assert_eq!(markup_author(&doc).as_deref(), Some("marc"));
        let doc =
            Document::from(r#"<p class="post-byline"><span>Author</span><a href="/a">Andreas Kalt</a></p>"#);
        assert_eq!(markup_author(&doc).as_deref(), Some("Andreas Kalt"));
        let doc = Document::from(
            r#"<div id="comments"><a rel="author">Commenter Name</a></div><span itemprop="author"><span itemprop="name">Jo Writer</span></span>"#,
        );
        assert_eq!(markup_author(&doc).as_deref(), Some("Jo Writer"));
    }

    #[test]
    fn site_names_are_stripped() {
        let url = Some("https://www.doschu.com/x");
        assert_eq!(
            strip_site_name("Solopreneur Social Media: LinkedIn | DoSchu.Com", None, url),
            "Solopreneur Social Media: LinkedIn"
        );
        assert_eq!(
            strip_site_name(
                "Club Name Here - The Real Story Of The Day - Club Press",
                Some("Club Name Here"),
                None
            ),
            "The Real Story Of The Day - Club Press"
        );
        assert_eq!(
            strip_site_name("Harbour Bridge Reopens After Repair | The Gazette", None, None),
            "Harbour Bridge Reopens After Repair"
        );
        assert_eq!(strip_site_name("Short - Title", None, None), "Short - Title");
    }

    #[test]
    fn gathered_nodes_are_what_the_selectors_match() {
        let html = r#"<html lang=en><head><title>T</title><meta name=a content=b>
            <script type="Application/LD+JSON">{}</script><script type=text/javascript></script>
            <link rel="Author" href=x></head><body class=c><h1>1</h1><h1>2</h1><div id=d>
            <span itemprop=author>A</span><span itemprop=Author>B</span><time>t</time>
            <a rel="nofollow author">x</a><a rel=authors>y</a><p itemprop=datePublished>2020</p>
            <svg><title>svg</title></svg><h1>3</h1><h1>4</h1><h1>5</h1><h1>6</h1></div></body></html>"#;
        let doc = Document::from(html);
        let nodes = PageNodes::gather(&doc);
        let ids = |list: &[NodeRef<'_>]| list.iter().map(|n| n.id).collect::<Vec<_>>();
        let selected = |selector: &str, cap: usize| {
            ids(&doc.select(selector).nodes().iter().take(cap).copied().collect::<Vec<_>>())
        };
        assert_eq!(nodes.html.map(|n| n.id), doc.select("html").nodes().first().map(|n| n.id));
        assert_eq!(ids(&nodes.metas), selected("meta", usize::MAX));
        assert_eq!(nodes.title.map(|n| n.id), doc.select("title").nodes().first().map(|n| n.id));
        assert_eq!(ids(&nodes.h1s), selected("h1", FIRST_FEW));
        assert_eq!(ids(&nodes.json_ld), selected("script[type='application/ld+json']", usize::MAX));
        assert_eq!(nodes.json_ld.len(), 1);
        assert_eq!(ids(&nodes.date_published), selected("[itemprop=datePublished]", usize::MAX));
        assert_eq!(ids(&nodes.times), selected("time", FIRST_FEW));
        assert_eq!(ids(&nodes.author_props), selected("[itemprop=author]", FIRST_FEW));
        assert_eq!(ids(&nodes.author_rels), selected("a[rel~=author], link[rel~=author]", FIRST_FEW));
        assert_eq!(nodes.author_rels.len(), 2);
        assert_eq!(ids(&nodes.classed), selected("[class], [id]", usize::MAX));
    }

    #[test]
    fn visible_dates() {
        let doc = Document::from(r#"<div class="post-date">Posted on 6. Mai 2014</div>"#);
        assert_eq!(visible_date(&doc).as_deref(), Some("2014-05-06"));
        let doc = Document::from(r#"<div class="last-updated">6 May 2014</div>"#);
        assert_eq!(visible_date(&doc), None);
    }

    #[test]
    fn class_words_in_one_pass_match_the_substring_searches() {
        let html = r#"<body class="home"><div class="Post-Byline author-box">a</div>
            <span id="TimeStamp" class="x">b</span><p class="entry-meta" id="last-modified">c</p>
            <div class="autorin">d</div><div id="comment-42 date">e</div><i class=" ">f</i>
            <b class="writer" id="submittedAt">g</b><em class="pubdatetime updated">h</em>
            <u class="Avatar AUTHOR">i</u><s id="about-author">j</s><q class="" id="">k</q></body>"#;
        let doc = Document::from(html);
        let nodes = PageNodes::gather(&doc);
        assert!(nodes.classed.len() >= 12);
        let mut seen = ClassWords::default();
        for node in &nodes.classed {
            let words = ClassWords::of(node);
            assert_eq!(words, ClassWords::of_joined(node), "{:?}", node.html());
            seen.byline |= words.byline;
            seen.not_byline |= words.not_byline;
            seen.date |= words.date;
            seen.not_date |= words.not_date;
        }
        assert_eq!(seen, ClassWords { byline: true, not_byline: true, date: true, not_date: true });
        // The start tables never rule out an element whose words the search finds.
        assert!(BYLINE_WORDS.iter().chain(DATE_WORDS).all(|word| word.len() >= 2));
        for node in &nodes.classed {
            let words = ClassWords::of(node);
            if words.byline {
                assert!(BYLINE_WORD_STARTS.may_occur_in_class_or_id(node), "{:?}", node.html());
            }
            if words.date {
                assert!(DATE_WORD_STARTS.may_occur_in_class_or_id(node), "{:?}", node.html());
            }
        }
        assert!(!BYLINE_WORD_STARTS.may_occur_in(b"home x-main"));
        assert!(BYLINE_WORD_STARTS.may_occur_in(b"AUTHOR"));
    }
}
