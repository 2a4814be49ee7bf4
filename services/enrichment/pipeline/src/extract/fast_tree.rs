//! A tree builder for the common, well-formed page that builds exactly the `dom_query` tree
//! html5ever's tree builder builds from the same tokens, and gives up (the page is then parsed
//! again by html5ever) on anything it does not handle with certainty.
//!
//! html5ever's tree builder was a tenth of the pipeline's instructions on news pages: for each
//! token it asks the `dom_query` tree for the names of the open elements (every scope check
//! walks them), and runs the general machinery (insertion point, adoption agency) for markup
//! that needs none of it. This builder keeps the names on its own stack and implements the
//! rules of html5ever 0.40's `tree_builder/rules.rs` for the insertion modes and tags news
//! pages use, creating nodes through the same `TreeSink` calls in the same order, so node ids,
//! text merging and attribute order come out the same. It gives up on templates other than
//! an empty one in the body (the scrub empties them), foster
//! parenting (text or tags misplaced in a table), framesets, MathML, SVG content,
//! `<plaintext>`, ruby, `<nobr>`, and where the "Noah's Ark" clause could apply.

use std::cell::{Cell, RefCell};

use dom_query::{Document, NodeId};
use html5ever::{
    Attribute, LocalName, QualName,
    interface::{NodeOrText, QuirksMode, TreeSink, tree_builder::create_element_with_flags},
    local_name, ns,
    tendril::StrTendril,
    tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult, states::RawKind},
    tree_builder::{TreeBuilder, TreeBuilderOpts},
};

use super::tokenizer::TreeConstruction;

/// The insertion modes this builder implements (html5ever's names).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Initial,
    BeforeHtml,
    BeforeHead,
    InHead,
    InHeadNoscript,
    AfterHead,
    InBody,
    /// Raw text of `<title>`, `<style>`, `<script>` (…).
    Text,
    AfterBody,
    AfterAfterBody,
    InTable,
    InTableBody,
    InRow,
    InCell,
    InCaption,
    InColumnGroup,
    /// Just after a `<template>` start tag in the body: only its end tag is handled (the scrub
    /// empties a template, whose content never shows), then the mode in `original_mode`
    /// returns. Content in it (a page read without the scrub) is left to html5ever.
    InEmptyTemplate,
}

/// One element on the stack of open elements, with its name so no tree lookup is needed.
struct OpenElement {
    /// The element's node.
    id: NodeId,
    /// Its local name.
    name: LocalName,
    /// In the HTML namespace (false for `<svg>`, the only foreign element opened here).
    html: bool,
}

/// What a rule tells the caller.
enum Step {
    /// The token is handled.
    Done,
    /// The tokenizer switches to raw text of this kind.
    RawText(RawKind),
    /// The token needs a rule this builder leaves to html5ever.
    GiveUp,
}

/// The builder's state, behind a `RefCell` (html5ever's `TokenSink` takes `&self`).
struct State {
    /// The current insertion mode.
    mode: Mode,
    /// The mode to return to after raw text.
    original_mode: Mode,
    /// The stack of open elements.
    open: Vec<OpenElement>,
    /// The list of active formatting elements with their names and their tags' duplicate
    /// attribute flag (their attributes are read back from the tree when they are
    /// reconstructed); `None` is a marker (table cells and captions push one).
    formatting: Vec<Option<(NodeId, LocalName, bool)>>,
    /// The document's quirks mode, as set so far.
    quirks: QuirksMode,
    /// The `<head>` element once created.
    head: Option<NodeId>,
    /// The form element pointer.
    form: Option<NodeId>,
    /// Drop a line feed at the start of the next token (after `<pre>`, `<listing>`,
    /// `<textarea>`).
    ignore_line_feed: bool,
}

/// The fast tree builder: a `TokenSink` for [`super::tokenizer`]'s tokenizer.
pub(crate) struct FastTreeBuilder {
    /// The tree being built.
    document: Document,
    /// Modes and stacks.
    state: RefCell<State>,
    /// Set when a token needs a rule this builder does not implement; nothing more is built.
    gave_up: Cell<bool>,
}

impl TreeConstruction for FastTreeBuilder {
    fn abandoned(&self) -> bool {
        self.gave_up.get()
    }
}

impl TokenSink for FastTreeBuilder {
    type Handle = NodeId;

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<NodeId> {
        if self.gave_up.get() {
            return TokenSinkResult::Continue;
        }
        let mut state = self.state.borrow_mut();
        match self.token(&mut state, token) {
            Step::Done => TokenSinkResult::Continue,
            Step::RawText(kind) => TokenSinkResult::RawData(kind),
            Step::GiveUp => {
                self.gave_up.set(true);
                TokenSinkResult::Continue
            }
        }
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.state.borrow().open.last().is_some_and(|element| !element.html)
    }
}

/// html5ever's default scope boundaries (HTML elements only: MathML and SVG are not opened
/// here except `<svg>`, which is no boundary).
fn is_default_scope_boundary(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("applet")
            | local_name!("caption")
            | local_name!("html")
            | local_name!("table")
            | local_name!("td")
            | local_name!("th")
            | local_name!("marquee")
            | local_name!("object")
            | local_name!("select")
            | local_name!("template")
    )
}

/// Which scope a scope check uses.
#[derive(Clone, Copy)]
enum Scope {
    /// The default scope.
    Default,
    /// List item scope: default plus `ol`, `ul`.
    ListItem,
    /// Button scope: default plus `button`.
    Button,
    /// Table scope: `html`, `table`, `template` only.
    Table,
}

impl Scope {
    /// Is an HTML element of this name a boundary of the scope?
    fn is_boundary(self, name: &LocalName) -> bool {
        if let Scope::Table = self {
            return is_table_scope_boundary(name);
        }
        is_default_scope_boundary(name)
            || match self {
                Scope::Default | Scope::Table => false,
                Scope::ListItem => matches!(*name, local_name!("ol") | local_name!("ul")),
                Scope::Button => *name == local_name!("button"),
            }
    }
}

/// html5ever's `cursory_implied_end` set.
fn is_implied_end(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("dd")
            | local_name!("dt")
            | local_name!("li")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("p")
            | local_name!("rb")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("rtc")
    )
}

/// html5ever's `heading_tag` set.
fn is_heading(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

/// html5ever's `special_tag` set.
fn is_special(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("applet")
            | local_name!("area")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("br")
            | local_name!("button")
            | local_name!("caption")
            | local_name!("center")
            | local_name!("col")
            | local_name!("colgroup")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("embed")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("frame")
            | local_name!("frameset")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("head")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("hr")
            | local_name!("html")
            | local_name!("iframe")
            | local_name!("img")
            | local_name!("input")
            | local_name!("isindex")
            | local_name!("li")
            | local_name!("link")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("marquee")
            | local_name!("menu")
            | local_name!("meta")
            | local_name!("nav")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("object")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("param")
            | local_name!("plaintext")
            | local_name!("pre")
            | local_name!("script")
            | local_name!("section")
            | local_name!("select")
            | local_name!("source")
            | local_name!("style")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("template")
            | local_name!("textarea")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("title")
            | local_name!("tr")
            | local_name!("track")
            | local_name!("ul")
            | local_name!("wbr")
            | local_name!("xmp")
    )
}

/// Formatting elements (html5ever's `<a>` and `<b> | <big> | …` rules, without `<nobr>`).
fn is_formatting(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// The entries of the list of active formatting elements after its last marker.
fn formatting_after_marker(state: &State) -> impl Iterator<Item = &(NodeId, LocalName, bool)> {
    let marker = state.formatting.iter().rposition(Option::is_none).map_or(0, |at| at + 1);
    state.formatting[marker..].iter().flatten()
}

/// Where the adoption agency puts the new formatting element's entry (html5ever's
/// `Bookmark`).
enum Bookmark {
    /// In place of this element's entry.
    Replace(NodeId),
    /// After this element's entry.
    InsertAfter(NodeId),
}

/// The index of `element`'s entry in the whole list of active formatting elements.
fn position_in_formatting(state: &State, element: NodeId) -> Option<usize> {
    state.formatting.iter().position(|entry| entry.as_ref().is_some_and(|(id, _, _)| *id == element))
}

/// html5ever's `table_scope` boundaries.
fn is_table_scope_boundary(name: &LocalName) -> bool {
    matches!(*name, local_name!("html") | local_name!("table") | local_name!("template"))
}

/// html5ever's `table_body_context` set.
fn is_table_body_context(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("thead")
            | local_name!("template")
            | local_name!("html")
    )
}

/// html5ever's `table_row_context` set.
fn is_table_row_context(name: &LocalName) -> bool {
    matches!(*name, local_name!("tr") | local_name!("template") | local_name!("html"))
}

/// Elements whose text children html5ever's "in table" mode collects as table text.
fn is_table_outer(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("table")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("thead")
            | local_name!("tr")
    )
}

/// The leading run of ASCII whitespace in `text`, in bytes (html5ever splits on
/// `is_ascii_whitespace`).
fn leading_whitespace_len(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_whitespace).count()
}

/// The quirks mode html5ever gives a page for its doctype, from html5ever itself (its table
/// is private): a throwaway tree builder reads the doctype alone.
fn quirks_mode_of(doctype: &Doctype) -> QuirksMode {
    let opts = TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() };
    let builder = TreeBuilder::new(Document::default(), opts);
    let _ = builder.process_token(Token::DoctypeToken(doctype.clone()), 1);
    builder.sink.quirks_mode.get()
}

impl FastTreeBuilder {
    /// A builder for a new document, its node array reserved for `expected_nodes` nodes.
    pub(crate) fn new(expected_nodes: usize) -> Self {
        let document = Document::default();
        document.tree.reserve(expected_nodes);
        FastTreeBuilder {
            document,
            state: RefCell::new(State {
                mode: Mode::Initial,
                original_mode: Mode::Initial,
                open: Vec::with_capacity(64),
                formatting: Vec::new(),
                quirks: QuirksMode::NoQuirks,
                head: None,
                form: None,
                ignore_line_feed: false,
            }),
            gave_up: Cell::new(false),
        }
    }

    /// The tree, unless the builder gave up.
    pub(crate) fn finish(self) -> Option<Document> {
        if self.gave_up.get() {
            return None;
        }
        Some(self.document)
    }

    /// One token from the tokenizer (html5ever's `process_token`).
    fn token(&self, state: &mut State, token: Token) -> Step {
        let ignore_line_feed = std::mem::take(&mut state.ignore_line_feed);
        // Foreign content: only the end of an empty `<svg>` is handled.
        if let Some(current) = state.open.last()
            && !current.html
        {
            return match token {
                Token::EOFToken => self.end_of_file(state),
                Token::TagToken(Tag { kind: TagKind::EndTag, ref name, .. })
                    if *name == local_name!("svg") && current.name == local_name!("svg") =>
                {
                    state.open.pop();
                    Step::Done
                }
                _ => Step::GiveUp,
            };
        }
        match token {
            Token::ParseError(_) => Step::Done,
            Token::DoctypeToken(doctype) => {
                if state.mode == Mode::Initial {
                    let quirks = quirks_mode_of(&doctype);
                    let Doctype { name, public_id, system_id, force_quirks: _ } = doctype;
                    self.document.append_doctype_to_document(
                        name.unwrap_or_default(),
                        public_id.unwrap_or_default(),
                        system_id.unwrap_or_default(),
                    );
                    self.document.set_quirks_mode(quirks);
                    state.quirks = quirks;
                    state.mode = Mode::BeforeHtml;
                }
                Step::Done
            }
            Token::TagToken(tag) => self.tag(state, tag),
            Token::CommentToken(text) => self.comment(state, text),
            // Dropped in the body and in cells; in table modes html5ever's table text drops it.
            Token::NullCharacterToken => match state.mode {
                Mode::InBody
                | Mode::InCell
                | Mode::InCaption
                | Mode::InTable
                | Mode::InTableBody
                | Mode::InRow => Step::Done,
                _ => Step::GiveUp,
            },
            Token::CharacterTokens(mut text) => {
                if ignore_line_feed && text.starts_with('\n') {
                    text.pop_front(1);
                }
                if text.is_empty() {
                    return Step::Done;
                }
                self.characters(state, text)
            }
            Token::EOFToken => self.end_of_file(state),
        }
    }

    /// A comment, where the mode puts it.
    fn comment(&self, state: &mut State, text: StrTendril) -> Step {
        let parent = match state.mode {
            Mode::Initial | Mode::BeforeHtml | Mode::AfterAfterBody => self.document.get_document(),
            Mode::AfterBody => match state.open.first() {
                Some(html) => html.id,
                None => return Step::GiveUp,
            },
            Mode::BeforeHead
            | Mode::InHead
            | Mode::InHeadNoscript
            | Mode::AfterHead
            | Mode::InBody
            | Mode::InTable
            | Mode::InTableBody
            | Mode::InRow
            | Mode::InCell
            | Mode::InCaption
            | Mode::InColumnGroup => match state.open.last() {
                Some(current) => current.id,
                None => return Step::GiveUp,
            },
            Mode::Text | Mode::InEmptyTemplate => return Step::GiveUp,
        };
        let comment = self.document.create_comment(text);
        self.document.append(&parent, NodeOrText::AppendNode(comment));
        Step::Done
    }

    /// A run of characters. Before the body, html5ever splits off leading whitespace (dropped
    /// or appended by mode) and sends the rest through the "anything else" rules into the
    /// body; appending the rest whole gives the same text node (appends merge).
    fn characters(&self, state: &mut State, mut text: StrTendril) -> Step {
        loop {
            match state.mode {
                Mode::InBody | Mode::InCell | Mode::InCaption => {
                    if !self.reconstruct_formatting(state) {
                        return Step::GiveUp;
                    }
                    return self.append_text(state, text);
                }
                Mode::Text => return self.append_text(state, text),
                Mode::InColumnGroup => {
                    // Whitespace goes to the column group; other text ends it and is table
                    // text that is not whitespace (foster-parented): left to html5ever.
                    if leading_whitespace_len(&text) != text.len() {
                        return Step::GiveUp;
                    }
                    return self.append_text(state, text);
                }
                Mode::InTable | Mode::InTableBody | Mode::InRow => {
                    // html5ever collects table text and appends it to the table element when
                    // it is all whitespace; other text is foster-parented (left to html5ever).
                    let in_table_element = state
                        .open
                        .last()
                        .is_some_and(|current| current.html && is_table_outer(&current.name));
                    if !in_table_element || leading_whitespace_len(&text) != text.len() {
                        return Step::GiveUp;
                    }
                    return self.append_text(state, text);
                }
                _ => {}
            }
            let spaces = leading_whitespace_len(&text);
            if spaces > 0 {
                let whitespace = StrTendril::from_slice(&text[..spaces]);
                match state.mode {
                    Mode::InEmptyTemplate => return Step::GiveUp,
                    Mode::Initial | Mode::BeforeHtml | Mode::BeforeHead => {}
                    Mode::InHead | Mode::InHeadNoscript | Mode::AfterHead => {
                        if let Step::GiveUp = self.append_text(state, whitespace) {
                            return Step::GiveUp;
                        }
                    }
                    Mode::AfterBody | Mode::AfterAfterBody => {
                        if !self.reconstruct_formatting(state) {
                            return Step::GiveUp;
                        }
                        if let Step::GiveUp = self.append_text(state, whitespace) {
                            return Step::GiveUp;
                        }
                    }
                    Mode::InBody
                    | Mode::Text
                    | Mode::InTable
                    | Mode::InTableBody
                    | Mode::InRow
                    | Mode::InCell
                    | Mode::InCaption
                    | Mode::InColumnGroup => {
                        return Step::GiveUp;
                    }
                }
                text.pop_front(spaces as u32);
                if text.is_empty() {
                    return Step::Done;
                }
            }
            // Text that is not whitespace: each mode's "anything else".
            match state.mode {
                Mode::InEmptyTemplate => return Step::GiveUp,
                Mode::Initial => {
                    self.document.set_quirks_mode(QuirksMode::Quirks);
                    state.quirks = QuirksMode::Quirks;
                    state.mode = Mode::BeforeHtml;
                }
                Mode::BeforeHtml => self.create_root(state, Vec::new()),
                Mode::BeforeHead => {
                    state.head = Some(self.insert_phantom(state, local_name!("head")));
                    state.mode = Mode::InHead;
                }
                Mode::InHead => {
                    state.open.pop();
                    state.mode = Mode::AfterHead;
                }
                Mode::InHeadNoscript => {
                    state.open.pop();
                    state.mode = Mode::InHead;
                }
                Mode::AfterHead => {
                    self.insert_phantom(state, local_name!("body"));
                    state.mode = Mode::InBody;
                }
                Mode::AfterBody | Mode::AfterAfterBody => state.mode = Mode::InBody,
                Mode::InBody
                | Mode::Text
                | Mode::InTable
                | Mode::InTableBody
                | Mode::InRow
                | Mode::InCell
                | Mode::InCaption
                | Mode::InColumnGroup => {
                    return Step::GiveUp;
                }
            }
        }
    }

    /// The end of the page: the implied elements of the modes before the body.
    fn end_of_file(&self, state: &mut State) -> Step {
        loop {
            match state.mode {
                Mode::InEmptyTemplate => return Step::GiveUp,
                Mode::Initial => {
                    self.document.set_quirks_mode(QuirksMode::Quirks);
                    state.quirks = QuirksMode::Quirks;
                    state.mode = Mode::BeforeHtml;
                }
                Mode::BeforeHtml => self.create_root(state, Vec::new()),
                Mode::BeforeHead => {
                    state.head = Some(self.insert_phantom(state, local_name!("head")));
                    state.mode = Mode::InHead;
                }
                Mode::InHead => {
                    state.open.pop();
                    state.mode = Mode::AfterHead;
                }
                Mode::InHeadNoscript => {
                    state.open.pop();
                    state.mode = Mode::InHead;
                }
                Mode::AfterHead => {
                    self.insert_phantom(state, local_name!("body"));
                    state.mode = Mode::InBody;
                }
                Mode::Text => {
                    state.open.pop();
                    state.mode = state.original_mode;
                }
                Mode::InBody
                | Mode::AfterBody
                | Mode::AfterAfterBody
                | Mode::InTable
                | Mode::InTableBody
                | Mode::InRow
                | Mode::InCell
                | Mode::InCaption
                | Mode::InColumnGroup => return Step::Done,
            }
        }
    }

    /// A start or end tag, by mode.
    fn tag(&self, state: &mut State, mut tag: Tag) -> Step {
        let start = tag.kind == TagKind::StartTag;
        loop {
            match state.mode {
                // html5ever's "in head" rules for `</template>`, with nothing opened since the
                // start tag: the template closed, the formatting list cleared to its marker,
                // and the mode reset (to the one it was opened in).
                Mode::InEmptyTemplate => {
                    let closes_the_template = !start
                        && tag.name == local_name!("template")
                        && state.open.last().is_some_and(|current| current.name == local_name!("template"));
                    if !closes_the_template {
                        return Step::GiveUp;
                    }
                    state.open.pop();
                    self.clear_formatting_to_marker(state);
                    state.mode = state.original_mode;
                    return Step::Done;
                }
                Mode::Initial => {
                    self.document.set_quirks_mode(QuirksMode::Quirks);
                    state.quirks = QuirksMode::Quirks;
                    state.mode = Mode::BeforeHtml;
                }
                Mode::BeforeHtml => {
                    if start && tag.name == local_name!("html") {
                        self.create_root(state, tag.attrs);
                        return Step::Done;
                    }
                    if !start && !is_head_body_html_br(&tag.name) {
                        return Step::Done;
                    }
                    self.create_root(state, Vec::new());
                }
                Mode::BeforeHead => {
                    if start && tag.name == local_name!("html") {
                        return self.in_body_tag(state, tag);
                    }
                    if start && tag.name == local_name!("head") {
                        state.head = Some(self.insert_element(state, tag));
                        state.mode = Mode::InHead;
                        return Step::Done;
                    }
                    if !start && !is_head_body_html_br(&tag.name) {
                        return Step::Done;
                    }
                    state.head = Some(self.insert_phantom(state, local_name!("head")));
                    state.mode = Mode::InHead;
                }
                Mode::InHead => {
                    if start {
                        match tag.name {
                            local_name!("html") => return self.in_body_tag(state, tag),
                            local_name!("noscript") => {
                                self.insert_element(state, tag);
                                state.mode = Mode::InHeadNoscript;
                                return Step::Done;
                            }
                            local_name!("head") => return Step::Done,
                            local_name!("template") => return Step::GiveUp,
                            _ => {}
                        }
                        if let Some(step) = self.head_start_tag(state, &mut tag) {
                            return step;
                        }
                    } else {
                        match tag.name {
                            local_name!("head") => {
                                state.open.pop();
                                state.mode = Mode::AfterHead;
                                return Step::Done;
                            }
                            local_name!("body") | local_name!("html") | local_name!("br") => {}
                            local_name!("template") => return Step::GiveUp,
                            _ => return Step::Done,
                        }
                    }
                    state.open.pop();
                    state.mode = Mode::AfterHead;
                }
                Mode::InHeadNoscript => {
                    if start {
                        match tag.name {
                            local_name!("html") => return self.in_body_tag(state, tag),
                            local_name!("head") | local_name!("noscript") => return Step::Done,
                            local_name!("basefont")
                            | local_name!("bgsound")
                            | local_name!("link")
                            | local_name!("meta")
                            | local_name!("noframes")
                            | local_name!("style") => return Step::GiveUp,
                            _ => {}
                        }
                    } else {
                        match tag.name {
                            local_name!("noscript") => {
                                state.open.pop();
                                state.mode = Mode::InHead;
                                return Step::Done;
                            }
                            local_name!("br") => {}
                            _ => return Step::Done,
                        }
                    }
                    state.open.pop();
                    state.mode = Mode::InHead;
                }
                Mode::AfterHead => {
                    if start {
                        match tag.name {
                            local_name!("html") => return self.in_body_tag(state, tag),
                            local_name!("body") => {
                                self.insert_element(state, tag);
                                state.mode = Mode::InBody;
                                return Step::Done;
                            }
                            local_name!("frameset") | local_name!("template") => return Step::GiveUp,
                            local_name!("head") => return Step::Done,
                            local_name!("base")
                            | local_name!("basefont")
                            | local_name!("bgsound")
                            | local_name!("link")
                            | local_name!("meta")
                            | local_name!("noframes")
                            | local_name!("script")
                            | local_name!("style")
                            | local_name!("title") => {
                                // The head goes back on the stack for the element, then off.
                                let Some(head) = state.head else { return Step::GiveUp };
                                state.open.push(OpenElement {
                                    id: head,
                                    name: local_name!("head"),
                                    html: true,
                                });
                                let step = self.head_start_tag(state, &mut tag).unwrap_or(Step::GiveUp);
                                if let Some(position) =
                                    state.open.iter().rposition(|element| element.id == head)
                                {
                                    state.open.remove(position);
                                }
                                return step;
                            }
                            _ => {}
                        }
                    } else {
                        match tag.name {
                            local_name!("body") | local_name!("html") | local_name!("br") => {}
                            local_name!("template") => return Step::GiveUp,
                            _ => return Step::Done,
                        }
                    }
                    self.insert_phantom(state, local_name!("body"));
                    state.mode = Mode::InBody;
                }
                Mode::InBody => return self.in_body_tag(state, tag),
                Mode::InTable => {
                    if let Some(step) = self.in_table_tag(state, &mut tag) {
                        return step;
                    }
                }
                Mode::InTableBody => {
                    if let Some(step) = self.in_table_body_tag(state, &mut tag) {
                        return step;
                    }
                }
                Mode::InRow => {
                    if let Some(step) = self.in_row_tag(state, &mut tag) {
                        return step;
                    }
                }
                Mode::InCell => {
                    if let Some(step) = self.in_cell_tag(state, &mut tag) {
                        return step;
                    }
                }
                Mode::InCaption => {
                    if let Some(step) = self.in_caption_tag(state, &mut tag) {
                        return step;
                    }
                }
                Mode::InColumnGroup => {
                    if let Some(step) = self.in_column_group_tag(state, &mut tag) {
                        return step;
                    }
                }
                Mode::Text => {
                    if start {
                        return Step::GiveUp;
                    }
                    state.open.pop();
                    state.mode = state.original_mode;
                    return Step::Done;
                }
                Mode::AfterBody => {
                    if start && tag.name == local_name!("html") {
                        return self.in_body_tag(state, tag);
                    }
                    if !start && tag.name == local_name!("html") {
                        state.mode = Mode::AfterAfterBody;
                        return Step::Done;
                    }
                    state.mode = Mode::InBody;
                }
                Mode::AfterAfterBody => {
                    if start && tag.name == local_name!("html") {
                        return self.in_body_tag(state, tag);
                    }
                    state.mode = Mode::InBody;
                }
            }
        }
    }

    /// The "in head" rules for the start tags of elements that belong in the head (also used
    /// from "after head" and "in body"); `None` for other tags. The mode is left as it is,
    /// as html5ever's `step(InHead, …)` does: raw text returns to it.
    fn head_start_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let raw = match tag.name {
            local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("link")
            | local_name!("meta") => {
                self.insert_void_element(state, take_tag(tag));
                return Some(Step::Done);
            }
            local_name!("title") => RawKind::Rcdata,
            local_name!("noframes") | local_name!("style") => RawKind::Rawtext,
            local_name!("script") => RawKind::ScriptData,
            _ => return None,
        };
        self.insert_element(state, take_tag(tag));
        Some(self.raw_text(state, raw))
    }

    /// Switch to raw text, returning to the current mode after it.
    fn raw_text(&self, state: &mut State, kind: RawKind) -> Step {
        state.original_mode = state.mode;
        state.mode = Mode::Text;
        Step::RawText(kind)
    }

    /// The "in table" rules for a tag: `Some` when handled, `None` to reprocess the tag in
    /// the mode now set.
    fn in_table_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let start = tag.kind == TagKind::StartTag;
        if start {
            match tag.name {
                local_name!("tbody") | local_name!("tfoot") | local_name!("thead") => {
                    self.pop_until_current(state, is_table_scope_boundary);
                    self.insert_element(state, take_tag(tag));
                    state.mode = Mode::InTableBody;
                    Some(Step::Done)
                }
                local_name!("td") | local_name!("th") | local_name!("tr") => {
                    self.pop_until_current(state, is_table_scope_boundary);
                    self.insert_phantom(state, local_name!("tbody"));
                    state.mode = Mode::InTableBody;
                    None
                }
                local_name!("caption") => {
                    self.pop_until_current(state, is_table_scope_boundary);
                    state.formatting.push(None);
                    self.insert_element(state, take_tag(tag));
                    state.mode = Mode::InCaption;
                    Some(Step::Done)
                }
                local_name!("colgroup") => {
                    self.pop_until_current(state, is_table_scope_boundary);
                    self.insert_element(state, take_tag(tag));
                    state.mode = Mode::InColumnGroup;
                    Some(Step::Done)
                }
                local_name!("col") => {
                    self.pop_until_current(state, is_table_scope_boundary);
                    self.insert_phantom(state, local_name!("colgroup"));
                    state.mode = Mode::InColumnGroup;
                    None
                }
                local_name!("style") | local_name!("script") => self.head_start_tag(state, tag),
                local_name!("input") => {
                    let hidden = tag.attrs.iter().any(|attribute| {
                        attribute.name.local == local_name!("type")
                            && attribute.value.eq_ignore_ascii_case("hidden")
                    });
                    // html5ever looks at the first `type` attribute only: there is one.
                    if !hidden {
                        return Some(Step::GiveUp);
                    }
                    self.insert_void_element(state, take_tag(tag));
                    Some(Step::Done)
                }
                local_name!("form") => {
                    if state.form.is_none() {
                        state.form = Some(self.insert_void_element(state, take_tag(tag)));
                    }
                    Some(Step::Done)
                }
                // Captions, column groups, nested tables and templates are left to html5ever,
                // as is every other start tag (foster parenting).
                _ => Some(Step::GiveUp),
            }
        } else {
            match tag.name {
                local_name!("table") => {
                    if self.in_scope(state, Scope::Table, |element| {
                        element.html && element.name == local_name!("table")
                    }) {
                        self.pop_until_named(state, &local_name!("table"));
                        match self.reset_insertion_mode(state) {
                            Some(mode) => state.mode = mode,
                            None => return Some(Step::GiveUp),
                        }
                    }
                    Some(Step::Done)
                }
                local_name!("body")
                | local_name!("caption")
                | local_name!("col")
                | local_name!("colgroup")
                | local_name!("html")
                | local_name!("tbody")
                | local_name!("td")
                | local_name!("tfoot")
                | local_name!("th")
                | local_name!("thead")
                | local_name!("tr") => Some(Step::Done),
                _ => Some(Step::GiveUp),
            }
        }
    }

    /// The "in table body" rules for a tag (`None`: reprocess in the mode now set).
    fn in_table_body_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (true, &local_name!("tr")) => {
                self.pop_until_current(state, is_table_body_context);
                self.insert_element(state, take_tag(tag));
                state.mode = Mode::InRow;
                Some(Step::Done)
            }
            (true, &local_name!("th") | &local_name!("td")) => {
                self.pop_until_current(state, is_table_body_context);
                self.insert_phantom(state, local_name!("tr"));
                state.mode = Mode::InRow;
                None
            }
            (false, &local_name!("tbody") | &local_name!("tfoot") | &local_name!("thead")) => {
                let name = tag.name.clone();
                if self.in_scope(state, Scope::Table, |element| element.html && element.name == name) {
                    self.pop_until_current(state, is_table_body_context);
                    state.open.pop();
                    state.mode = Mode::InTable;
                }
                Some(Step::Done)
            }
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("tfoot")
                | &local_name!("thead"),
            )
            | (false, &local_name!("table")) => {
                // html5ever's set here has no `thead`.
                let open = self.in_scope(state, Scope::Table, |element| {
                    element.html
                        && matches!(
                            element.name,
                            local_name!("table") | local_name!("tbody") | local_name!("tfoot")
                        )
                });
                if !open {
                    return Some(Step::Done);
                }
                self.pop_until_current(state, is_table_body_context);
                state.open.pop();
                state.mode = Mode::InTable;
                None
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("td")
                | &local_name!("th")
                | &local_name!("tr"),
            ) => Some(Step::Done),
            _ => self.in_table_tag(state, tag),
        }
    }

    /// The "in row" rules for a tag (`None`: reprocess in the mode now set).
    fn in_row_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let start = tag.kind == TagKind::StartTag;
        let tr_in_scope = |builder: &Self, state: &State| {
            builder.in_scope(state, Scope::Table, |element| element.html && element.name == local_name!("tr"))
        };
        match (start, &tag.name) {
            (true, &local_name!("th") | &local_name!("td")) => {
                self.pop_until_current(state, is_table_row_context);
                self.insert_element(state, take_tag(tag));
                state.mode = Mode::InCell;
                state.formatting.push(None);
                Some(Step::Done)
            }
            (false, &local_name!("tr")) => {
                if tr_in_scope(self, state) {
                    self.pop_until_current(state, is_table_row_context);
                    state.open.pop();
                    state.mode = Mode::InTableBody;
                }
                Some(Step::Done)
            }
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("tfoot")
                | &local_name!("thead")
                | &local_name!("tr"),
            )
            | (false, &local_name!("table")) => {
                if !tr_in_scope(self, state) {
                    return Some(Step::Done);
                }
                self.pop_until_current(state, is_table_row_context);
                state.open.pop();
                state.mode = Mode::InTableBody;
                None
            }
            (false, &local_name!("tbody") | &local_name!("tfoot") | &local_name!("thead")) => {
                let name = tag.name.clone();
                if !self.in_scope(state, Scope::Table, |element| element.html && element.name == name) {
                    return Some(Step::Done);
                }
                if !tr_in_scope(self, state) {
                    return Some(Step::Done);
                }
                self.pop_until_current(state, is_table_row_context);
                state.open.pop();
                state.mode = Mode::InTableBody;
                None
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("td")
                | &local_name!("th"),
            ) => Some(Step::Done),
            _ => self.in_table_tag(state, tag),
        }
    }

    /// The "in cell" rules for a tag (`None`: reprocess in the mode now set).
    fn in_cell_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (false, &local_name!("td") | &local_name!("th")) => {
                let name = tag.name.clone();
                if self.in_scope(state, Scope::Table, |element| element.html && element.name == name) {
                    self.generate_implied_end(state, is_implied_end);
                    self.pop_until_named(state, &name);
                    self.clear_formatting_to_marker(state);
                    state.mode = Mode::InRow;
                }
                Some(Step::Done)
            }
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => {
                let cell_open = self.in_scope(state, Scope::Table, |element| {
                    element.html && matches!(element.name, local_name!("td") | local_name!("th"))
                });
                if !cell_open {
                    return Some(Step::Done);
                }
                self.close_the_cell(state);
                None
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html"),
            ) => Some(Step::Done),
            (
                false,
                &local_name!("table")
                | &local_name!("tbody")
                | &local_name!("tfoot")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => {
                let name = tag.name.clone();
                if !self.in_scope(state, Scope::Table, |element| element.html && element.name == name) {
                    return Some(Step::Done);
                }
                self.close_the_cell(state);
                None
            }
            _ => Some(self.in_body_tag(state, take_tag(tag))),
        }
    }

    /// The "in caption" rules for a tag (`None`: reprocess in the mode now set).
    fn in_caption_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            )
            | (false, &local_name!("table") | &local_name!("caption")) => {
                let caption_open = self.in_scope(state, Scope::Table, |element| {
                    element.html && element.name == local_name!("caption")
                });
                if !caption_open {
                    return Some(Step::Done);
                }
                self.generate_implied_end(state, is_implied_end);
                self.pop_until_named(state, &local_name!("caption"));
                self.clear_formatting_to_marker(state);
                state.mode = Mode::InTable;
                if !start && tag.name == local_name!("caption") {
                    return Some(Step::Done);
                }
                None
            }
            (
                false,
                &local_name!("body")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => Some(Step::Done),
            _ => Some(self.in_body_tag(state, take_tag(tag))),
        }
    }

    /// The "in column group" rules for a tag (`None`: reprocess in the mode now set).
    fn in_column_group_tag(&self, state: &mut State, tag: &mut Tag) -> Option<Step> {
        let start = tag.kind == TagKind::StartTag;
        let current_is_column_group =
            state.open.last().is_some_and(|current| current.html && current.name == local_name!("colgroup"));
        match (start, &tag.name) {
            (true, &local_name!("html")) => Some(self.in_body_tag(state, take_tag(tag))),
            (true, &local_name!("col")) => {
                self.insert_void_element(state, take_tag(tag));
                Some(Step::Done)
            }
            (false, &local_name!("colgroup")) => {
                if current_is_column_group {
                    state.open.pop();
                    state.mode = Mode::InTable;
                }
                Some(Step::Done)
            }
            (false, &local_name!("col")) => Some(Step::Done),
            (_, &local_name!("template")) => Some(Step::GiveUp),
            _ => {
                if !current_is_column_group {
                    return Some(Step::Done);
                }
                state.open.pop();
                state.mode = Mode::InTable;
                None
            }
        }
    }

    /// html5ever's `close_the_cell`; the mode becomes "in row".
    fn close_the_cell(&self, state: &mut State) {
        self.generate_implied_end(state, is_implied_end);
        while let Some(element) = state.open.pop() {
            if element.html && matches!(element.name, local_name!("td") | local_name!("th")) {
                break;
            }
        }
        self.clear_formatting_to_marker(state);
        state.mode = Mode::InRow;
    }

    /// Pop the list of active formatting elements up to and including its last marker.
    fn clear_formatting_to_marker(&self, state: &mut State) {
        while let Some(entry) = state.formatting.pop() {
            if entry.is_none() {
                break;
            }
        }
    }

    /// Pop elements until the current node is an HTML element in `set`.
    fn pop_until_current(&self, state: &mut State, set: impl Fn(&LocalName) -> bool) {
        while let Some(current) = state.open.last() {
            if current.html && set(&current.name) {
                return;
            }
            state.open.pop();
        }
    }

    /// html5ever's `reset_insertion_mode` for the elements this builder opens; `None` for
    /// the others (caption, column group, template, frameset).
    fn reset_insertion_mode(&self, state: &State) -> Option<Mode> {
        for (index, element) in state.open.iter().enumerate().rev() {
            let last = index == 0;
            if !element.html {
                continue;
            }
            match element.name {
                local_name!("td") | local_name!("th") if !last => return Some(Mode::InCell),
                local_name!("tr") => return Some(Mode::InRow),
                local_name!("tbody") | local_name!("thead") | local_name!("tfoot") => {
                    return Some(Mode::InTableBody);
                }
                local_name!("table") => return Some(Mode::InTable),
                local_name!("caption") => return Some(Mode::InCaption),
                local_name!("colgroup") => return Some(Mode::InColumnGroup),
                local_name!("template") | local_name!("frameset") => return None,
                local_name!("head") if !last => return Some(Mode::InHead),
                local_name!("body") => return Some(Mode::InBody),
                local_name!("html") => {
                    return Some(if state.head.is_none() { Mode::BeforeHead } else { Mode::AfterHead });
                }
                _ => {}
            }
        }
        Some(Mode::InBody)
    }

    /// The "in body" rules for a tag.
    fn in_body_tag(&self, state: &mut State, tag: Tag) -> Step {
        if tag.kind == TagKind::StartTag {
            self.in_body_start_tag(state, tag)
        } else {
            self.in_body_end_tag(state, tag)
        }
    }

    /// The "in body" rules for a start tag.
    fn in_body_start_tag(&self, state: &mut State, mut tag: Tag) -> Step {
        match tag.name {
            local_name!("html") => {
                let Some(html) = state.open.first() else { return Step::GiveUp };
                self.document.add_attrs_if_missing(&html.id, tag.attrs);
                Step::Done
            }
            local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("noframes")
            | local_name!("script")
            | local_name!("style")
            | local_name!("title") => self.head_start_tag(state, &mut tag).unwrap_or(Step::GiveUp),
            local_name!("body") => {
                if state.open.len() != 1
                    && let Some(body) = state.open.get(1)
                    && body.html
                    && body.name == local_name!("body")
                {
                    self.document.add_attrs_if_missing(&body.id, tag.attrs);
                }
                Step::Done
            }
            local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("center")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("main")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("search")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("ul")
            | local_name!("menu") => {
                self.close_p_in_button_scope(state);
                self.insert_element(state, tag);
                Step::Done
            }
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => {
                self.close_p_in_button_scope(state);
                if state.open.last().is_some_and(|current| current.html && is_heading(&current.name)) {
                    state.open.pop();
                }
                self.insert_element(state, tag);
                Step::Done
            }
            local_name!("pre") | local_name!("listing") => {
                self.close_p_in_button_scope(state);
                self.insert_element(state, tag);
                state.ignore_line_feed = true;
                Step::Done
            }
            local_name!("form") => {
                if state.form.is_none() {
                    self.close_p_in_button_scope(state);
                    state.form = Some(self.insert_element(state, tag));
                }
                Step::Done
            }
            local_name!("li") | local_name!("dd") | local_name!("dt") => {
                let list = tag.name == local_name!("li");
                let mut to_close = None;
                for element in state.open.iter().rev() {
                    let closes = element.html
                        && if list {
                            element.name == local_name!("li")
                        } else {
                            matches!(element.name, local_name!("dd") | local_name!("dt"))
                        };
                    if closes {
                        to_close = Some(element.name.clone());
                        break;
                    }
                    if element.html
                        && is_special(&element.name)
                        && !matches!(
                            element.name,
                            local_name!("address") | local_name!("div") | local_name!("p")
                        )
                    {
                        break;
                    }
                }
                if let Some(name) = to_close {
                    self.generate_implied_end_except(state, &name);
                    self.pop_until_named(state, &name);
                }
                self.close_p_in_button_scope(state);
                self.insert_element(state, tag);
                Step::Done
            }
            local_name!("button") => {
                if self.in_scope_named(state, Scope::Default, &local_name!("button")) {
                    self.generate_implied_end(state, is_implied_end);
                    self.pop_until_named(state, &local_name!("button"));
                }
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                Step::Done
            }
            local_name!("a") => {
                // An `<a>` still in the list is closed first (html5ever's
                // `handle_misnested_a_tags`), then dropped from the list and the stack.
                let open_link = formatting_after_marker(state)
                    .filter(|(_, name, _)| *name == local_name!("a"))
                    .last()
                    .map(|(id, _, _)| *id);
                if let Some(link) = open_link {
                    if let Step::GiveUp = self.formatting_end_tag(state, local_name!("a")) {
                        return Step::GiveUp;
                    }
                    if let Some(index) = state
                        .formatting
                        .iter()
                        .position(|entry| entry.as_ref().is_some_and(|(id, _, _)| *id == link))
                    {
                        state.formatting.remove(index);
                    }
                    if let Some(index) = state.open.iter().rposition(|element| element.id == link) {
                        state.open.remove(index);
                    }
                }
                self.formatting_start_tag(state, tag)
            }
            ref name if is_formatting(name) => self.formatting_start_tag(state, tag),
            local_name!("area")
            | local_name!("br")
            | local_name!("embed")
            | local_name!("img")
            | local_name!("keygen")
            | local_name!("wbr")
            | local_name!("input") => {
                if tag.name == local_name!("input")
                    && self.in_scope_named(state, Scope::Default, &local_name!("select"))
                {
                    self.pop_until_named(state, &local_name!("select"));
                }
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_void_element(state, tag);
                Step::Done
            }
            local_name!("param") | local_name!("source") | local_name!("track") => {
                self.insert_void_element(state, tag);
                Step::Done
            }
            local_name!("hr") => {
                self.close_p_in_button_scope(state);
                if self.in_scope_named(state, Scope::Default, &local_name!("select")) {
                    self.generate_implied_end(state, is_implied_end);
                }
                self.insert_void_element(state, tag);
                Step::Done
            }
            local_name!("image") => {
                tag.name = local_name!("img");
                self.in_body_start_tag(state, tag)
            }
            local_name!("textarea") => {
                state.ignore_line_feed = true;
                self.insert_element(state, tag);
                self.raw_text(state, RawKind::Rcdata)
            }
            local_name!("xmp") => {
                self.close_p_in_button_scope(state);
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                self.raw_text(state, RawKind::Rawtext)
            }
            local_name!("iframe") | local_name!("noembed") => {
                self.insert_element(state, tag);
                self.raw_text(state, RawKind::Rawtext)
            }
            local_name!("svg") => self.svg_start_tag(state, tag),
            local_name!("table") => {
                if state.quirks != QuirksMode::Quirks {
                    self.close_p_in_button_scope(state);
                }
                self.insert_element(state, tag);
                state.mode = Mode::InTable;
                Step::Done
            }
            local_name!("select") => {
                if self.in_scope_named(state, Scope::Default, &local_name!("select")) {
                    self.pop_until_named(state, &local_name!("select"));
                    return Step::Done;
                }
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                Step::Done
            }
            local_name!("option") | local_name!("optgroup") => {
                if self.in_scope_named(state, Scope::Default, &local_name!("select")) {
                    if tag.name == local_name!("option") {
                        self.generate_implied_end_except(state, &local_name!("optgroup"));
                    } else {
                        self.generate_implied_end(state, is_implied_end);
                    }
                } else if state
                    .open
                    .last()
                    .is_some_and(|current| current.html && current.name == local_name!("option"))
                {
                    state.open.pop();
                }
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                Step::Done
            }
            local_name!("caption")
            | local_name!("col")
            | local_name!("colgroup")
            | local_name!("frame")
            | local_name!("head")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tr") => Step::Done,
            local_name!("applet") | local_name!("marquee") | local_name!("object") => {
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                state.formatting.push(None);
                Step::Done
            }
            // html5ever's "in head" rules for it: a marker in the list of active formatting
            // elements, the element (its content goes to the template's own fragment), and the
            // "in template" mode. A declarative shadow root is left to html5ever.
            local_name!("template") => {
                if tag.attrs.iter().any(|attribute| &*attribute.name.local == "shadowrootmode") {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                state.formatting.push(None);
                state.original_mode = state.mode;
                state.mode = Mode::InEmptyTemplate;
                Step::Done
            }
            local_name!("frameset")
            | local_name!("plaintext")
            | local_name!("nobr")
            | local_name!("rb")
            | local_name!("rtc")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("math") => Step::GiveUp,
            _ => {
                if !self.reconstruct_formatting(state) {
                    return Step::GiveUp;
                }
                self.insert_element(state, tag);
                Step::Done
            }
        }
    }

    /// `<a>`, `<b>`, `<i>` (…): a new entry in the list of active formatting elements. Gives
    /// up where html5ever's "Noah's Ark" clause could drop an earlier entry (three entries of
    /// the same name; html5ever also compares the attributes).
    fn formatting_start_tag(&self, state: &mut State, tag: Tag) -> Step {
        if !self.reconstruct_formatting(state) {
            return Step::GiveUp;
        }
        if formatting_after_marker(state).filter(|(_, name, _)| *name == tag.name).count() >= 3 {
            return Step::GiveUp;
        }
        let name = tag.name.clone();
        let had_duplicate_attributes = tag.had_duplicate_attributes;
        let id = self.insert_element(state, tag);
        state.formatting.push(Some((id, name, had_duplicate_attributes)));
        Step::Done
    }

    /// `<svg>` in the body: an SVG element with html5ever's attribute adjustments. Its
    /// content (none after [`super::prescrub`]) makes the builder give up.
    fn svg_start_tag(&self, state: &mut State, mut tag: Tag) -> Step {
        if !self.reconstruct_formatting(state) {
            return Step::GiveUp;
        }
        for attribute in &mut tag.attrs {
            if let Some(name) = adjusted_svg_attribute(&attribute.name.local) {
                attribute.name = name;
            }
        }
        let Some(parent) = state.open.last().map(|current| current.id) else { return Step::GiveUp };
        let element = create_element_with_flags(
            &self.document,
            QualName::new(None, ns!(svg), local_name!("svg")),
            tag.attrs,
            tag.had_duplicate_attributes,
        );
        self.document.append(&parent, NodeOrText::AppendNode(element));
        if !tag.self_closing {
            state.open.push(OpenElement { id: element, name: local_name!("svg"), html: false });
        }
        Step::Done
    }

    /// The "in body" rules for an end tag.
    fn in_body_end_tag(&self, state: &mut State, tag: Tag) -> Step {
        match tag.name {
            local_name!("template") => Step::GiveUp,
            local_name!("body") => {
                if self.in_scope_named(state, Scope::Default, &local_name!("body")) {
                    state.mode = Mode::AfterBody;
                }
                Step::Done
            }
            local_name!("html") => {
                if self.in_scope_named(state, Scope::Default, &local_name!("body")) {
                    // Reprocessed in "after body": to "after after body".
                    state.mode = Mode::AfterAfterBody;
                }
                Step::Done
            }
            local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("button")
            | local_name!("center")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("pre")
            | local_name!("search")
            | local_name!("section")
            | local_name!("select")
            | local_name!("summary")
            | local_name!("ul") => {
                if self.in_scope_named(state, Scope::Default, &tag.name) {
                    self.generate_implied_end(state, is_implied_end);
                    self.pop_until_named(state, &tag.name);
                }
                Step::Done
            }
            local_name!("form") => {
                let Some(form) = state.form.take() else { return Step::Done };
                if !self.in_scope(state, Scope::Default, |element| element.id == form) {
                    return Step::Done;
                }
                self.generate_implied_end(state, is_implied_end);
                if let Some(position) = state.open.iter().rposition(|element| element.id == form) {
                    state.open.remove(position);
                }
                Step::Done
            }
            local_name!("p") => {
                if !self.in_scope_named(state, Scope::Button, &local_name!("p")) {
                    self.insert_phantom(state, local_name!("p"));
                }
                self.close_p(state);
                Step::Done
            }
            local_name!("li") | local_name!("dd") | local_name!("dt") => {
                let scope = if tag.name == local_name!("li") { Scope::ListItem } else { Scope::Default };
                if self.in_scope_named(state, scope, &tag.name) {
                    self.generate_implied_end_except(state, &tag.name);
                    self.pop_until_named(state, &tag.name);
                }
                Step::Done
            }
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => {
                if self.in_scope(state, Scope::Default, |element| element.html && is_heading(&element.name)) {
                    self.generate_implied_end(state, is_implied_end);
                    while let Some(element) = state.open.pop() {
                        if element.html && is_heading(&element.name) {
                            break;
                        }
                    }
                }
                Step::Done
            }
            local_name!("br") => {
                let start = Tag { kind: TagKind::StartTag, attrs: Vec::new(), ..tag };
                self.in_body_start_tag(state, start)
            }
            local_name!("nobr") => self.formatting_end_tag(state, tag.name),
            ref name if is_formatting(name) => self.formatting_end_tag(state, tag.name),
            local_name!("applet") | local_name!("marquee") | local_name!("object") => {
                if self.in_scope_named(state, Scope::Default, &tag.name) {
                    self.generate_implied_end(state, is_implied_end);
                    self.pop_until_named(state, &tag.name);
                    self.clear_formatting_to_marker(state);
                }
                Step::Done
            }
            _ => {
                self.end_tag_in_body(state, &tag.name);
                Step::Done
            }
        }
    }

    /// The end tag of a formatting element: html5ever's adoption agency, step by step (its
    /// `adoption_agency` in `tree_builder/mod.rs`), on this builder's stack and list.
    fn formatting_end_tag(&self, state: &mut State, subject: LocalName) -> Step {
        // 1.
        if let Some(current) = state.open.last()
            && current.html
            && current.name == subject
            && position_in_formatting(state, current.id).is_none()
        {
            state.open.pop();
            return Step::Done;
        }
        // 2. 3. 4.
        for _ in 0..8 {
            // 5.
            let marker = state.formatting.iter().rposition(Option::is_none).map_or(0, |at| at + 1);
            let entry = state.formatting[marker..]
                .iter()
                .rposition(|entry| entry.as_ref().is_some_and(|(_, name, _)| *name == subject));
            let Some(entry_index) = entry.map(|at| marker + at) else {
                self.end_tag_in_body(state, &subject);
                return Step::Done;
            };
            let Some((element, _, had_duplicate_attributes)) = state.formatting[entry_index] else {
                return Step::GiveUp;
            };
            let Some(stack_index) = state.open.iter().rposition(|open| open.id == element) else {
                state.formatting.remove(entry_index);
                return Step::Done;
            };
            // 7.
            if !self.in_scope(state, Scope::Default, |open| open.id == element) {
                return Step::Done;
            }
            // 9.
            let furthest =
                state.open.iter().skip(stack_index).position(|open| open.html && is_special(&open.name));
            let Some(furthest_index) = furthest.map(|at| stack_index + at) else {
                // 10.
                state.open.truncate(stack_index);
                state.formatting.remove(entry_index);
                return Step::Done;
            };
            let furthest_block = state.open[furthest_index].id;
            // 11.
            let Some(common_ancestor) = stack_index.checked_sub(1).map(|at| state.open[at].id) else {
                return Step::GiveUp;
            };
            // 12.
            let mut bookmark = Bookmark::Replace(element);
            // 13.
            let mut node_index = furthest_index;
            let mut last_node = furthest_block;
            let mut inner_counter = 0;
            loop {
                inner_counter += 1;
                let Some(index) = node_index.checked_sub(1) else { return Step::GiveUp };
                node_index = index;
                let node = state.open[node_index].id;
                if node == element {
                    break;
                }
                if inner_counter > 3 {
                    if let Some(position) = position_in_formatting(state, node) {
                        state.formatting.remove(position);
                    }
                    state.open.remove(node_index);
                    continue;
                }
                let Some(node_formatting_index) = position_in_formatting(state, node) else {
                    state.open.remove(node_index);
                    continue;
                };
                let Some((_, name, node_duplicates)) = state.formatting[node_formatting_index].clone() else {
                    return Step::GiveUp;
                };
                let attrs = self.document.tree.get(&node).map(|node| node.attrs()).unwrap_or_default();
                let new_element = create_element_with_flags(
                    &self.document,
                    QualName::new(None, ns!(html), name.clone()),
                    attrs,
                    node_duplicates,
                );
                state.open[node_index] = OpenElement { id: new_element, name: name.clone(), html: true };
                state.formatting[node_formatting_index] = Some((new_element, name, node_duplicates));
                if last_node == furthest_block {
                    bookmark = Bookmark::InsertAfter(new_element);
                }
                self.document.remove_from_parent(&last_node);
                self.document.append(&new_element, NodeOrText::AppendNode(last_node));
                last_node = new_element;
            }
            // 14.
            self.document.remove_from_parent(&last_node);
            self.document.append(&common_ancestor, NodeOrText::AppendNode(last_node));
            // 15.
            let attrs = self.document.tree.get(&element).map(|node| node.attrs()).unwrap_or_default();
            let new_element = create_element_with_flags(
                &self.document,
                QualName::new(None, ns!(html), subject.clone()),
                attrs,
                had_duplicate_attributes,
            );
            let new_entry = Some((new_element, subject.clone(), had_duplicate_attributes));
            // 16. 17.
            self.document.reparent_children(&furthest_block, &new_element);
            self.document.append(&furthest_block, NodeOrText::AppendNode(new_element));
            // 18.
            match bookmark {
                Bookmark::Replace(to_replace) => {
                    let Some(index) = position_in_formatting(state, to_replace) else { return Step::GiveUp };
                    state.formatting[index] = new_entry;
                }
                Bookmark::InsertAfter(previous) => {
                    let Some(index) = position_in_formatting(state, previous) else { return Step::GiveUp };
                    state.formatting.insert(index + 1, new_entry);
                    let Some(old_index) = position_in_formatting(state, element) else { return Step::GiveUp };
                    state.formatting.remove(old_index);
                }
            }
            // 19.
            if let Some(position) = state.open.iter().rposition(|open| open.id == element) {
                state.open.remove(position);
            }
            let Some(furthest_position) = state.open.iter().position(|open| open.id == furthest_block) else {
                return Step::GiveUp;
            };
            state.open.insert(
                furthest_position + 1,
                OpenElement { id: new_element, name: subject.clone(), html: true },
            );
        }
        Step::Done
    }

    /// html5ever's `process_end_tag_in_body` ("any other end tag").
    fn end_tag_in_body(&self, state: &mut State, name: &LocalName) {
        let mut matched = None;
        for (index, element) in state.open.iter().enumerate().rev() {
            if element.html && element.name == *name {
                matched = Some(index);
                break;
            }
            if element.html && is_special(&element.name) {
                return;
            }
        }
        let Some(matched) = matched else { return };
        self.generate_implied_end_except(state, name);
        state.open.truncate(matched);
    }

    /// html5ever's "reconstruct the active formatting elements": the entries after the last
    /// one still open (or the last marker) are opened again, as new elements with the same
    /// name and attributes, replacing their entries. Always true (kept for the callers'
    /// early returns).
    fn reconstruct_formatting(&self, state: &mut State) -> bool {
        let is_marker_or_open = |state: &State, index: usize| match &state.formatting[index] {
            None => true,
            Some((id, _, _)) => state.open.iter().rev().any(|element| element.id == *id),
        };
        let Some(last_index) = state.formatting.len().checked_sub(1) else { return true };
        if is_marker_or_open(state, last_index) {
            return true;
        }
        let mut index = last_index;
        while index > 0 {
            index -= 1;
            if is_marker_or_open(state, index) {
                index += 1;
                break;
            }
        }
        for entry_index in index..=last_index {
            let Some((old, name, had_duplicate_attributes)) = state.formatting[entry_index].clone() else {
                return true;
            };
            let attrs = self.document.tree.get(&old).map(|node| node.attrs()).unwrap_or_default();
            let id = self.append_element(state, name.clone(), attrs, had_duplicate_attributes);
            state.open.push(OpenElement { id, name: name.clone(), html: true });
            state.formatting[entry_index] = Some((id, name, had_duplicate_attributes));
        }
        true
    }

    /// Is an element matching `matches` in `scope`?
    fn in_scope(&self, state: &State, scope: Scope, matches: impl Fn(&OpenElement) -> bool) -> bool {
        for element in state.open.iter().rev() {
            if matches(element) {
                return true;
            }
            if element.html && scope.is_boundary(&element.name) {
                return false;
            }
        }
        false
    }

    /// Is an HTML element named `name` in `scope`?
    fn in_scope_named(&self, state: &State, scope: Scope, name: &LocalName) -> bool {
        self.in_scope(state, scope, |element| element.html && element.name == *name)
    }

    /// Pop the current node while it is an HTML element in `set`.
    fn generate_implied_end(&self, state: &mut State, set: impl Fn(&LocalName) -> bool) {
        while let Some(current) = state.open.last() {
            if !(current.html && set(&current.name)) {
                return;
            }
            state.open.pop();
        }
    }

    /// Generate implied end tags except for `except`.
    fn generate_implied_end_except(&self, state: &mut State, except: &LocalName) {
        self.generate_implied_end(state, |name| name != except && is_implied_end(name));
    }

    /// Pop elements until an HTML element named `name` has been popped.
    fn pop_until_named(&self, state: &mut State, name: &LocalName) {
        while let Some(element) = state.open.pop() {
            if element.html && element.name == *name {
                return;
            }
        }
    }

    /// html5ever's `close_p_element`.
    fn close_p(&self, state: &mut State) {
        self.generate_implied_end(state, |name| *name != local_name!("p") && is_implied_end(name));
        self.pop_until_named(state, &local_name!("p"));
    }

    /// Close a `<p>` in button scope, if any.
    fn close_p_in_button_scope(&self, state: &mut State) {
        if self.in_scope_named(state, Scope::Button, &local_name!("p")) {
            self.close_p(state);
        }
    }

    /// Append text to the current node.
    fn append_text(&self, state: &State, text: StrTendril) -> Step {
        let Some(current) = state.open.last() else { return Step::GiveUp };
        self.document.append(&current.id, NodeOrText::AppendText(text));
        Step::Done
    }

    /// The `<html>` element, as html5ever's `create_root`; the mode becomes "before head".
    fn create_root(&self, state: &mut State, attrs: Vec<Attribute>) {
        let element = create_element_with_flags(
            &self.document,
            QualName::new(None, ns!(html), local_name!("html")),
            attrs,
            false,
        );
        state.open.push(OpenElement { id: element, name: local_name!("html"), html: true });
        self.document.append(&self.document.get_document(), NodeOrText::AppendNode(element));
        state.mode = Mode::BeforeHead;
    }

    /// Create an HTML element for `tag`, append it to the current node and push it.
    fn insert_element(&self, state: &mut State, tag: Tag) -> NodeId {
        let name = tag.name.clone();
        let id = self.append_element(state, tag.name, tag.attrs, tag.had_duplicate_attributes);
        state.open.push(OpenElement { id, name, html: true });
        id
    }

    /// Create an HTML element for `tag` and append it to the current node, not pushed.
    fn insert_void_element(&self, state: &mut State, tag: Tag) -> NodeId {
        self.append_element(state, tag.name, tag.attrs, tag.had_duplicate_attributes)
    }

    /// An element the markup implies (`<head>`, `<body>`, `<p>`), pushed.
    fn insert_phantom(&self, state: &mut State, name: LocalName) -> NodeId {
        let id = self.append_element(state, name.clone(), Vec::new(), false);
        state.open.push(OpenElement { id, name, html: true });
        id
    }

    /// Create an HTML element and append it to the current node (the document when the stack
    /// is empty, which the modes never leave it here).
    fn append_element(
        &self,
        state: &State,
        name: LocalName,
        attrs: Vec<Attribute>,
        had_duplicate_attributes: bool,
    ) -> NodeId {
        let element = create_element_with_flags(
            &self.document,
            QualName::new(None, ns!(html), name),
            attrs,
            had_duplicate_attributes,
        );
        let parent = state.open.last().map_or_else(|| self.document.get_document(), |current| current.id);
        self.document.append(&parent, NodeOrText::AppendNode(element));
        element
    }
}

/// Take a tag's contents, leaving an empty tag (for rules that take `&mut Tag`).
fn take_tag(tag: &mut Tag) -> Tag {
    Tag {
        kind: tag.kind,
        name: tag.name.clone(),
        self_closing: tag.self_closing,
        attrs: std::mem::take(&mut tag.attrs),
        had_duplicate_attributes: tag.had_duplicate_attributes,
    }
}

/// End tags the "before html", "before head", "in head" and "after head" modes do not
/// ignore.
fn is_head_body_html_br(name: &LocalName) -> bool {
    matches!(*name, local_name!("head") | local_name!("body") | local_name!("html") | local_name!("br"))
}

/// html5ever's SVG and foreign attribute adjustments for an attribute of `<svg>`.
fn adjusted_svg_attribute(name: &LocalName) -> Option<QualName> {
    let local = |name: &str| Some(QualName::new(None, ns!(), LocalName::from(name)));
    match *name {
        local_name!("attributename") => local("attributeName"),
        local_name!("attributetype") => local("attributeType"),
        local_name!("basefrequency") => local("baseFrequency"),
        local_name!("baseprofile") => local("baseProfile"),
        local_name!("calcmode") => local("calcMode"),
        local_name!("clippathunits") => local("clipPathUnits"),
        local_name!("diffuseconstant") => local("diffuseConstant"),
        local_name!("edgemode") => local("edgeMode"),
        local_name!("filterunits") => local("filterUnits"),
        local_name!("glyphref") => local("glyphRef"),
        local_name!("gradienttransform") => local("gradientTransform"),
        local_name!("gradientunits") => local("gradientUnits"),
        local_name!("kernelmatrix") => local("kernelMatrix"),
        local_name!("kernelunitlength") => local("kernelUnitLength"),
        local_name!("keypoints") => local("keyPoints"),
        local_name!("keysplines") => local("keySplines"),
        local_name!("keytimes") => local("keyTimes"),
        local_name!("lengthadjust") => local("lengthAdjust"),
        local_name!("limitingconeangle") => local("limitingConeAngle"),
        local_name!("markerheight") => local("markerHeight"),
        local_name!("markerunits") => local("markerUnits"),
        local_name!("markerwidth") => local("markerWidth"),
        local_name!("maskcontentunits") => local("maskContentUnits"),
        local_name!("maskunits") => local("maskUnits"),
        local_name!("numoctaves") => local("numOctaves"),
        local_name!("pathlength") => local("pathLength"),
        local_name!("patterncontentunits") => local("patternContentUnits"),
        local_name!("patterntransform") => local("patternTransform"),
        local_name!("patternunits") => local("patternUnits"),
        local_name!("pointsatx") => local("pointsAtX"),
        local_name!("pointsaty") => local("pointsAtY"),
        local_name!("pointsatz") => local("pointsAtZ"),
        local_name!("preservealpha") => local("preserveAlpha"),
        local_name!("preserveaspectratio") => local("preserveAspectRatio"),
        local_name!("primitiveunits") => local("primitiveUnits"),
        local_name!("refx") => local("refX"),
        local_name!("refy") => local("refY"),
        local_name!("repeatcount") => local("repeatCount"),
        local_name!("repeatdur") => local("repeatDur"),
        local_name!("requiredextensions") => local("requiredExtensions"),
        local_name!("requiredfeatures") => local("requiredFeatures"),
        local_name!("specularconstant") => local("specularConstant"),
        local_name!("specularexponent") => local("specularExponent"),
        local_name!("spreadmethod") => local("spreadMethod"),
        local_name!("startoffset") => local("startOffset"),
        local_name!("stddeviation") => local("stdDeviation"),
        local_name!("stitchtiles") => local("stitchTiles"),
        local_name!("surfacescale") => local("surfaceScale"),
        local_name!("systemlanguage") => local("systemLanguage"),
        local_name!("tablevalues") => local("tableValues"),
        local_name!("targetx") => local("targetX"),
        local_name!("targety") => local("targetY"),
        local_name!("textlength") => local("textLength"),
        local_name!("viewbox") => local("viewBox"),
        local_name!("viewtarget") => local("viewTarget"),
        local_name!("xchannelselector") => local("xChannelSelector"),
        local_name!("ychannelselector") => local("yChannelSelector"),
        local_name!("zoomandpan") => local("zoomAndPan"),
        local_name!("xlink:actuate") => {
            Some(QualName::new(Some("xlink".into()), ns!(xlink), "actuate".into()))
        }
        local_name!("xlink:arcrole") => {
            Some(QualName::new(Some("xlink".into()), ns!(xlink), "arcrole".into()))
        }
        local_name!("xlink:href") => Some(QualName::new(Some("xlink".into()), ns!(xlink), "href".into())),
        local_name!("xlink:role") => Some(QualName::new(Some("xlink".into()), ns!(xlink), "role".into())),
        local_name!("xlink:show") => Some(QualName::new(Some("xlink".into()), ns!(xlink), "show".into())),
        local_name!("xlink:title") => Some(QualName::new(Some("xlink".into()), ns!(xlink), "title".into())),
        local_name!("xlink:type") => Some(QualName::new(Some("xlink".into()), ns!(xlink), "type".into())),
        local_name!("xml:lang") => Some(QualName::new(Some("xml".into()), ns!(xml), "lang".into())),
        local_name!("xml:space") => Some(QualName::new(Some("xml".into()), ns!(xml), "space".into())),
        local_name!("xmlns") => Some(QualName::new(Some("".into()), ns!(xmlns), "xmlns".into())),
        local_name!("xmlns:xlink") => Some(QualName::new(Some("xmlns".into()), ns!(xmlns), "xlink".into())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use dom_query::NodeRef;
    use proptest::prelude::*;

    use super::super::tokenizer::{FastParse, parse_with_fast_builder, parse_with_html5ever};
    use super::*;

    /// Every node reachable from the root in document order, with its id, links and data
    /// (names with namespaces and prefixes, attributes in order, text), plus the node count
    /// (detached nodes included) and the quirks mode.
    fn dump(document: &Document) -> String {
        fn walk(node: &NodeRef<'_>, depth: usize, out: &mut String) {
            let line = node.query(|tree_node| format!("{tree_node:?}")).unwrap_or_default();
            // A tendril's storage (inline, owned, shared) is no part of the tree.
            let line = line.replace("(shared: ", "(").replace("(owned: ", "(").replace("(inline: ", "(");
            out.push_str(&format!("{}{line}\n", "  ".repeat(depth)));
            for child in node.children() {
                walk(&child, depth + 1, out);
            }
        }
        let mut out = format!("nodes {} quirks {:?}\n", document.tree.len(), document.quirks_mode.get());
        walk(&document.tree.root(), 0, &mut out);
        out
    }

    /// Parse `html` with both builders; when the fast one builds a tree, it must be
    /// html5ever's. True when the fast builder built it.
    fn fast_path_agrees(html: &str) -> bool {
        let html = html.replace('\r', "\n");
        match parse_with_fast_builder(&html) {
            FastParse::Built(fast) => {
                let Some(reference) = parse_with_html5ever(&html) else {
                    panic!("html5ever stopped where the fast builder did not: {html:?}")
                };
                assert_eq!(dump(&fast), dump(&reference), "input: {html:?}");
                assert_eq!(fast.html(), reference.html(), "input: {html:?}");
                true
            }
            FastParse::TooDeep => {
                assert!(parse_with_html5ever(&html).is_none(), "input: {html:?}");
                false
            }
            FastParse::Unsupported => false,
            FastParse::NeedsScrub => panic!("no scrubbing was asked: {html:?}"),
        }
    }

    #[test]
    fn same_tree_as_html5ever_on_handled_markup() {
        let cases = [
            "",
            "   ",
            "text only",
            "  \n leading space then text",
            "<!-- first -->  <!DOCTYPE html><!-- second --><html lang=en><!-- third --><head><title>T &amp; U</title></head><body class=b><p>x</p></body></html><!-- after -->",
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=utf-8>\n<link rel=stylesheet href=a.css>\n<title>Title</title>\n<style>p{}</style><script>var a = '<p>';</script><noscript></noscript>\n</head>\n<body>\n<div id=main><p>One<p>Two</div>\n</body>\n</html>\n",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><p>limited quirks",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>quirks",
            "<!doctype html><!doctype html><p>second doctype ignored",
            "<!DOCTYPE svg><p>quirks by name",
            "<html><head></head><body></body></html>",
            "<head><title>x</title></head>  <p>y",
            "<head><meta name=a></head> <meta name=b> <title>late</title> <script>s</script><body>b",
            "<html a=1><body b=2><html a=3 c=4><body b=5 d=6><p>attrs merged",
            "<title>no head</title><p>body",
            "</head></body></html></br>text",
            "</div><p>ignored end tag before html",
            "<head></p><p>in head end tag ignored",
            "<head><noscript></noscript><noscript> </noscript></head>",
            "<head><noscript><!-- c --></noscript><title>t</title></head>",
            "<div><p>a<div>b</div>c</p></div>",
            "<p>a<p>b<h1>c</h1><h2>d<h3>e</h3></h2>",
            "<h1>a<h2>b</h1>c",
            "<ul><li>one<li>two<ul><li>inner</ul><li>three</ul>",
            "<dl><dt>t<dd>d<dt>t2</dl>",
            "<li>one<div><li>two</div>",
            "<p>para<li>item",
            "<p>x</p></p><p>y</li></dd>",
            "<div></span>x</div></div></div>",
            "<span><em>a</em></span><span>b</span></span>",
            "<a href=/x>link</a> <b>bold</b> <i>it</i> <strong>s</strong> <em>e</em> <code>c</code> <small>s</small> <u>u</u> <s>s</s> <tt>t</tt> <big>b</big> <strike>s</strike> <font color=red>f</font>",
            "<p><a href=1><b>x</b></a></p>",
            "<p><b>x</b></p><p><b>y</b></p>",
            "<b>a</b></b></i>c",
            "<div><b>x</div></b>",
            "<br><br/><img src=a><image src=b><input type=hidden><hr><wbr><embed><area><param><source><track><keygen>",
            "<p>a<hr>b</p>",
            "</br><p></br>",
            "<pre>\nline</pre><pre>\n\nlines</pre><listing>\nx</listing><pre><b>\n</b></pre>",
            "<textarea>\n&lt;raw&gt;</textarea><textarea>x</textarea>",
            "<xmp><p>raw</xmp><iframe src=x><b>raw</b></iframe><noembed>raw</noembed><noframes>raw</noframes>",
            "<p><xmp>closes p</xmp>",
            "<form id=f><p>in form<form id=g>nested</form><input></form>",
            "<div><form></div></form><p>after",
            "<button>a<button>b</button>c",
            "<p><button><p>in button</button>",
            "<section><article><header><nav><aside><main><footer><figure><figcaption>x</figcaption></figure></footer></main></aside></nav></header></article></section>",
            "<blockquote>q</blockquote><address>a<p>b</address><center>c</center><details><summary>s</summary></details>",
            "<menu><li>m</menu><dir>d</dir><fieldset>f</fieldset><hgroup>h</hgroup><search>s</search><dialog>d</dialog>",
            "<p>text<td>stray cell<tr>row<caption>c<col><colgroup><thead><tbody><tfoot><th><frame><head>",
            "<custom-element a=b>x</custom-element><span>y</span>",
            "<p><span class=a><label>l</label><time>t</time><picture></picture><sup>1</sup><sub>2</sub></span></p>",
            "<abbr>a</abbr><cite>c</cite><mark>m</mark><canvas></canvas><video></video><audio></audio><ins>i</ins><del>d</del></span>",
            "<div><span>unclosed</div><label>x</span></label>",
            "<div>text</div>   \n  <p>after</p>",
            "<body><p>x</p></body>  <!-- c --> <p>after body</p>",
            "<body><p>x</p></body></html> <!-- c --> \n",
            "<body><p>x</body></html>after html",
            "<body></body><b>",
            "x\0y<p>\0</p>",
            "<p>&lt;&amp;&gt; &copy; &#8212; &nbsp;</p>",
            "<svg viewbox='0 0 1 1' xmlns=http://www.w3.org/2000/svg xmlns:xlink=http://www.w3.org/1999/xlink xlink:href=a class=icon></svg><p>after svg",
            "<p><svg/>self-closed svg<svg width=1></svg>",
            "<div><svg preserveaspectratio=none></svg></div>",
            "<main><p>a<span>b</main>",
            "<p>unclosed at end",
            "<title>unclosed title",
            "<script>unclosed script",
            "<div>\n<b>bold</b>\n</div>",
            "<a href=1>one</a><a href=2>two</a>",
            "<a href=1>one<a href=2>two</a>",
            "<p><a href=1>one<span>inner<a href=2>two</a>",
            "<a href=1><span>inner</a>after",
            "<b><i>x</b></i>",
            "<b><i>x</b>",
            "<p><a href=1>one</p><a href=2>two</a>",
            "<b><b><b>three deep</b></b></b>",
            "<a href=1><em>x<a href=2>y",
            "<p><b class=c id=i>x</p>y<p>z",
            "<div><b>x<i>y</div>z",
            "<div><b>x</div><i>y</i>",
            "<table><tr><td><b>x</td><td>y</td></tr></table>",
            "<b>x<table><tr><td>y</td></tr></table>z",
            "<p><a href=1>x</p>y</a>",
            "<div><object data=x><param name=a><b>fallback</object>after</div>",
            "<a href=1><div>block in link<a href=2>two</a>",
            "<b><div>x</b></div>",
            "<p><b>x</p>y<p>z</b>",
            "<b class=x>1<i id=y>2<u>3<div>4</b>5</div>6",
            "<a href=1><b><i><em><s><div>deep</a>after",
            "<p>1<b>2<i>3</p>4</i>5</b>6",
            "<div><a href=1><p>one<a href=2>two</p></a></div>",
            "<table><tr><td><b>x<div>y</b>z</td></tr></table>",
            "<b><p><b><p><b><p>x</b></b></b>",
            "<p><b>x<object><i>y</p>z</object>w</b>",
            "<marquee>m</marquee><applet>a<li>x</applet></object>",
            "<html><head><base href=/><basefont><bgsound></head><body>",
            "<p>ruby</rt></rp>",
            "<div></applet></marquee></object>x</div>",
            "<p>select end</select></option-like>",
            "<table><tr><td>x</td></tr></table>",
            "<table>\n <tbody>\n  <tr>\n   <td>a</td>\n   <th>b\n  </tr>\n </tbody>\n</table>after",
            "<table><td>implied tbody and tr<td>second cell</table>",
            "<table><tr><td>a<tr><td>b</table>",
            "<table><thead><tr><th>h</thead><tbody><tr><td>b</tbody><tfoot><tr><td>f</tfoot></table>",
            "<table><tbody><tr><td><b>bold</b> <a href=x>link</a></td></tr></tbody></table>",
            "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>",
            "<p>para<table><tr><td>table closes p</td></tr></table>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>quirks<table><tr><td>table in p</table>",
            "<table><!-- c --><tr><!-- d --><td>x</td><!-- e --></tr></table>",
            "<table><script>s</script><style>t</style><tr><td>x</table>",
            "<table><input type=hidden name=a><input type=HIDDEN><form id=f><tr><td>x</table>",
            "<table><tr><td>a</td></tr></tbody></thead></td></th></tr></body></html></caption></col></colgroup><tr><td>b</table>",
            "<table><tr><td>a</tbody><td>b</tr></table><p>after",
            "<table><tr><td>x</table></table>after",
            "<table><tr><td>x<p>para</td><td><li>item</td></tr></table>",
            "<table><tr><td>x</td>\0<td>y\0</td></tr></table>",
            "<div><table><tr><td>x</div>y</td></tr></table></div>",
            "<table><tr><td>cell</body></html></caption>still cell</td></tr></table>",
            "<table><tbody><tr><td>a</td></tr><tbody><tr><td>b</td></tr><thead></table>",
            "<table><tr><td>a<tr><th>b<tbody><td>c<thead><td>d</table>",
            "<table><caption>The <b>caption</b></caption><tr><td>x</table>",
            "<table><caption>c<tr><td>caption closed by a row</table>",
            "<table><caption>c</table>after",
            "<table><caption><p>para</caption></body></td><!-- c --><tbody></table>",
            "<table><colgroup><col span=2><col></colgroup><tr><td>x</table>",
            "<table><col width=1><col><tbody><tr><td>x</table>",
            "<table><colgroup> <!-- c --></col></colgroup></colgroup><tr><td>x</table>",
            "<table><colgroup><col><tr><td>x</table>",
            "<table><tr><td><table><caption>inner</caption></table>after inner</td></tr></table>",
            "<select name=s><option value=1>One<option value=2 selected>Two</select><p>after",
            "<select><optgroup label=g><option>a<optgroup label=h><option>b</optgroup></select>",
            "<select><option>a</option><option>b</option></select>",
            "<form><select><option>a<select>nested select closes</select>",
            "<select><option>a<input name=q>after input",
            "<select><option>a<hr><option>b</select>",
            "<option>outside select<option>second</option>",
            "<p><select><option>x</p></select>",
            "<div><select><option>a</div></select>",
            // A template as the scrub leaves it (empty), where news pages put them.
            "<p>a<template></template>b</p>",
            "<div><b>bold<template id=t class=card></template>still bold</b> plain</div>",
            "<p><a href=x>link<template></template></a>after</p>",
            "<ul><li>a<template></template><li>b</ul>",
            "<table><tr><td>cell<template></template>more</td></tr></table>",
            "<table><caption>c<template></template></caption></table>",
            "<body><template></template><template></template><p>x",
        ];
        for case in cases {
            assert!(fast_path_agrees(case), "expected the fast path: {case:?}");
        }
    }

    #[test]
    fn markup_left_to_html5ever_is_left() {
        let cases = [
            "<table><tr>text in row</tr></table>",
            "<table><div>foster</div></table>",
            "<table><colgroup>text</colgroup></table>",
            "<table><input></table>",
            "<table><tr><td>x</td>text</tr></table>",
            "<template><p>x</p></template>",
            "<p><template>text</template>",
            "<p><template></p>",
            "<p><template shadowrootmode=open></template>",
            "<head><template></template></head><p>x",
            "<table><template></template></table>",
            "<frameset></frameset>",
            "<math><mi>x</mi></math>",
            "<svg><circle/></svg>",
            "<plaintext>x",
            "<nobr>x</nobr>",
            "<b><b><b><b>four deep",
            "<ruby>x<rt>y</rt></ruby>",
        ];
        for case in cases {
            assert!(!fast_path_agrees(case), "expected html5ever's path: {case}");
        }
    }

    #[test]
    fn deep_nesting_stops_both_builders_alike() {
        let deep = "<div>".repeat(crate::markup_guard::MAX_NESTING + 1);
        assert!(matches!(parse_with_fast_builder(&deep), FastParse::TooDeep));
        assert!(parse_with_html5ever(&deep).is_none());
        let closed = "<div>x</div>".repeat(crate::markup_guard::MAX_NESTING + 1);
        assert!(fast_path_agrees(&closed));
    }

    /// One piece of random tag soup.
    fn soup_piece() -> impl Strategy<Value = String> {
        let names = prop_oneof![
            Just("div"),
            Just("p"),
            Just("a"),
            Just("b"),
            Just("i"),
            Just("span"),
            Just("li"),
            Just("ul"),
            Just("dd"),
            Just("dt"),
            Just("br"),
            Just("img"),
            Just("h1"),
            Just("h2"),
            Just("html"),
            Just("head"),
            Just("body"),
            Just("title"),
            Just("meta"),
            Just("pre"),
            Just("form"),
            Just("button"),
            Just("section"),
            Just("em"),
            Just("hr"),
            Just("textarea"),
            Just("noscript"),
            Just("svg"),
            Just("td"),
            Just("th"),
            Just("tr"),
            Just("tbody"),
            Just("thead"),
            Just("table"),
            Just("select"),
            Just("option"),
            Just("optgroup"),
            Just("input"),
            Just("caption"),
            Just("colgroup"),
            Just("col"),
            Just("x-y"),
            Just("label"),
            Just("time"),
            Just("object"),
            Just("script"),
            Just("style"),
            Just("strong"),
            Just("listing"),
            Just("template"),
            Just("nobr"),
            Just("xmp"),
            Just("iframe"),
            Just("font"),
            Just("code"),
        ];
        prop_oneof![
            4 => (names.clone(), prop_oneof![Just(""), Just(" class=c"), Just(" id=a href=h"), Just("/")])
                .prop_map(|(name, attrs)| format!("<{name}{attrs}>")),
            3 => names.prop_map(|name| format!("</{name}>")),
            3 => prop_oneof![
                Just("text"),
                Just(" "),
                Just("\n"),
                Just("  two words "),
                Just("&amp;"),
                Just("\0"),
                Just("é"),
            ]
            .prop_map(str::to_owned),
            1 => Just("<!-- c -->".to_owned()),
            1 => prop_oneof![
                Just("<!DOCTYPE html>"),
                Just("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">"),
                Just("<!doctype foo>"),
                Just("<DIV CLASS=up>"),
                Just("<b class=c>"),
                Just("<a href=h>"),
                Just("<input type=hidden>"),
            ]
            .prop_map(str::to_owned),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn random_tag_soup_builds_html5evers_tree(pieces in proptest::collection::vec(soup_piece(), 0..40)) {
            let html: String = pieces.concat();
            fast_path_agrees(&html);
        }
    }
}
