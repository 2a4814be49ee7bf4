use dom_query::local_name;
use dom_query::{Document, Matcher, NodeData, NodeId, NodeRef, Selection, TreeNode};
use foldhash::HashMap;
use tendril::StrTendril;

#[allow(clippy::wildcard_imports)]
use crate::glob::*;
#[allow(clippy::wildcard_imports)]
use crate::helpers::*;
use crate::is_probably_readable;
#[allow(clippy::wildcard_imports)]
use crate::matching::*;
use crate::url_helpers::{is_absolute_url, resolve_url, to_absolute_url};
use crate::{Config, ParsePolicy, ReadabilityError, TextMode};

/// This struct represents the content of the article
#[derive(Debug, Clone)]
pub struct Article {
    /// The title
    pub title: String,
    /// The author
    pub byline: Option<String>,
    /// The excerpt
    pub excerpt: Option<String>,
    /// The name of the site
    pub site_name: Option<String>,
    /// The text direction
    pub dir: Option<String>,
    /// The document language
    pub lang: Option<String>,
    /// The published time of the document
    pub published_time: Option<String>,
    /// The modified time of the document
    pub modified_time: Option<String>,
    /// The image of the document
    pub image: Option<String>,
    /// The favicon of the document
    pub favicon: Option<String>,
    /// The metadata's url
    pub url: Option<String>,
}

/// This struct represents the metadata extracted from the document
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub byline: Option<String>,
    pub excerpt: Option<String>,
    pub site_name: Option<String>,
    pub published_time: Option<String>,
    pub modified_time: Option<String>,
    pub image: Option<String>,
    pub favicon: Option<String>,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub dir: Option<String>,
}

impl Metadata {
    fn is_empty(&self) -> bool {
        self.title.is_empty()
            && self.byline.is_none()
            && self.excerpt.is_none()
            && self.site_name.is_none()
            && self.published_time.is_none()
            && self.modified_time.is_none()
            && self.image.is_none()
            && self.favicon.is_none()
            && self.lang.is_none()
            && self.url.is_none()
            && self.dir.is_none()
    }

    fn unescape_html_entities(&mut self) {
        decode_html_entities(&mut self.title);
        decode_opt_html_entities(&mut self.byline);
        decode_opt_html_entities(&mut self.excerpt);
        decode_opt_html_entities(&mut self.site_name);
        decode_opt_html_entities(&mut self.published_time);
        decode_opt_html_entities(&mut self.modified_time);
        decode_opt_html_entities(&mut self.image);
        decode_opt_html_entities(&mut self.favicon);
    }
}

/// A struct that provides readability functionality
pub struct Readability {
    /// The [Document] to be processed
    pub doc: Document,
    /// The absolute URL of the document
    pub doc_url: Option<String>,
    /// Configuration options for the readability
    pub config: Config,
    /// The article's container (`#readability-page-1`) found by [`Readability::parse`].
    content_root: Option<NodeId>,
}

impl<T: Into<StrTendril>> From<T> for Readability {
    fn from(html: T) -> Self {
        Self { doc: Document::from(html), doc_url: None, config: Config::default(), content_root: None }
    }
}

impl Readability {
    /// Create a new `Readability` instance
    ///
    /// # Arguments
    ///
    /// - `html` -- HTML content
    /// - `document_url` -- an absolute URL of the page
    /// - `cfg` -- an optional `Config` instance
    ///
    /// # Returns
    ///
    /// A new [`Readability`] instance
    ///
    /// # Errors
    ///
    /// Returns [`ReadabilityError::BadDocumentURL`] if `document_url` is not an absolute URL
    pub fn new<T: Into<StrTendril>>(
        html: T,
        document_url: Option<&str>,
        cfg: Option<Config>,
    ) -> Result<Self, ReadabilityError> {
        Self::with_document(Document::from(html), document_url, cfg)
    }

    /// Create a new `Readability` instance with a `dom_query::Document`
    ///
    /// # Arguments
    ///
    /// - `document` -- a `dom_query::Document` instance
    /// - `document_url` -- a document (absolute) URL of the page
    /// - `cfg` -- an optional `Config` instance
    ///
    /// # Returns
    ///
    /// A new [`Readability`] instance
    ///
    /// # Errors
    ///
    /// Returns [`ReadabilityError::BadDocumentURL`] if `document_url` is not an absolute URL
    pub fn with_document(
        document: dom_query::Document,
        document_url: Option<&str>,
        cfg: Option<Config>,
    ) -> Result<Self, ReadabilityError> {
        let doc_url = if let Some(url) = document_url {
            if !is_absolute_url(url, true) {
                return Err(ReadabilityError::BadDocumentURL);
            }
            Some(url.to_string())
        } else {
            None
        };

        Ok(Self { doc: document, doc_url, config: cfg.unwrap_or_default(), content_root: None })
    }
}

impl Readability {
    /// Return the title of the article as a `StrTendril`.
    ///
    /// This method will try to guess the title of the article by looking at the
    /// content of the page. It will first look for a `<title>` tag in the HTML
    /// document, and if it doesn't find it, it will look for a `<h1>` tag.
    /// If it still doesn't find one, it will return an empty string.
    ///
    /// The method will also try to clean up the title by removing any
    /// unnecessary characters from it.
    pub fn get_article_title(&self) -> StrTendril {
        let title = self.doc.select_single_matcher(&MATCHER_TITLE).text();
        let orig_title = title.trim();
        let mut h1: Option<StrTendril> = None;

        let mut cur_title = orig_title;
        let char_count = orig_title.chars().count();
        let mut has_hierarchy_sep = false;
        if orig_title.chars().any(|c| TITLE_SEPARATORS.contains(&c)) {
            has_hierarchy_sep = orig_title.chars().any(|c| TITLE_HIERARCHY_SEP.contains(&c));
            if let Some(title_part) = truncate_title_last(orig_title) {
                cur_title = title_part;
            }

            if cur_title.split_whitespace().count() < 3 {
                if let Some(title_part) = truncate_title_first(orig_title) {
                    cur_title = title_part;
                }
            }
            // Everything below is such a mess
        } else if cur_title.contains(": ") {
            let matched = self.doc.select_matcher(&MATCHER_HEADING).iter().any(|h| {
                let text = h.text();
                text.trim() == cur_title
            });

            if !matched {
                if let Some(tmp_title) = orig_title.rfind(':').map(|idx| orig_title[idx + 1..].trim()) {
                    cur_title = tmp_title;
                    if cur_title.split_whitespace().count() < 3 {
                        if let Some(tmp_title) = orig_title.find(':').map(|idx| orig_title[idx + 1..].trim())
                        {
                            cur_title = tmp_title;
                        }
                    } else if orig_title
                        .find(':')
                        .map_or(0, |idx| orig_title[0..=idx].split_whitespace().count())
                        > 5
                    {
                        cur_title = orig_title;
                    }
                }
            }
        } else if !(15..=150).contains(&char_count) {
            let h1_sel = self.doc.select_single("h1");
            if !h1_sel.is_empty() {
                h1 = Some(h1_sel.text());
            }
        }
        if let Some(ref h1) = h1 {
            cur_title = h1;
        }
        let normalized_title = normalize_spaces(cur_title);
        cur_title = &normalized_title;

        // If we now have 4 words or fewer as our title, and either no
        // 'hierarchical' separators (\, /, > or ») were found in the original
        // title or we decreased the number of words by more than 1 word, use
        // the original title.
        let cur_title_wc = cur_title.split_whitespace().count();

        let orig_wc = orig_title.split(TITLE_SEPARATORS).flat_map(str::split_whitespace).count();
        if cur_title_wc <= 4 && (!has_hierarchy_sep || cur_title_wc + 1 != orig_wc) {
            cur_title = orig_title;
        }

        cur_title.into()
    }

    fn parse_impl(&mut self, policy: Option<ParsePolicy>) -> Result<Article, ReadabilityError> {
        self.verify_doc()?;

        let mut metadata = {
            // One walk of the document finds the JSON-LD scripts, the meta tags and the nodes
            // that preparing edits (a walk each before).
            let nodes = PrepareNodes::of(&self.doc);
            let ld_meta =
                if self.config.disable_json_ld { None } else { self.parse_json_ld_in(&nodes.scripts) };
            let mut metadata = self.get_article_metadata_in(ld_meta, &nodes);

            let mut removed_byline: Option<NodeId> = None;
            if metadata.byline.is_none() {
                if let Some((byline, node_id)) = self.byline_adjustment() {
                    metadata.byline = Some(byline);
                    removed_byline = Some(node_id);
                }
            }

            // The lists were taken before the byline was removed: without the byline node
            // itself they hold what a walk now would find, plus nodes under the removed byline,
            // whose edits change no node left in the document.
            prepare(&nodes.without(removed_byline));
            metadata
        };

        if let Some(policy) = policy {
            // When using a specific policy, make a single attempt to extract content
            if self.attempt_grab_article(&self.doc, &policy.into(), &metadata).is_none() {
                return Err(ReadabilityError::GrabFailed);
            }
        } else {
            // When no policy is specified, use the multi-attempt approach for better results
            if !self.grab_article(&metadata) {
                return Err(ReadabilityError::GrabFailed);
            }
        }

        let root_sel = self.doc.select_single_matcher(&MATCHER_CONTENT_ID);

        let Some(root_node) = root_sel.nodes().first() else {
            // After `grab_article` successfully returns a document
            // there is no way that `#readability-page-1 does not exists
            return Err(ReadabilityError::GrabFailed);
        };

        metadata.dir = get_dir_attr(root_node);
        // Post-processing edits only inside this container (and attributes): it stays the
        // first `#readability-page-1` of the document.
        self.content_root = Some(root_node.id);

        self.post_process_content(&root_sel);

        self.fix_relative_uris(&root_sel);

        // If we haven't found an excerpt in the article's metadata, use the article's
        // first paragraph as the excerpt. This is used for displaying a preview of
        // the article's content.

        if metadata.excerpt.is_none() {
            // TODO: Although this matches readability.js,
            // the procedure is far from perfect and requires improvement.
            metadata.excerpt = extract_excerpt(&root_sel);
        }

        Ok(Article {
            title: metadata.title,
            byline: metadata.byline,
            dir: metadata.dir,
            lang: metadata.lang,
            excerpt: metadata.excerpt,
            site_name: metadata.site_name,
            published_time: metadata.published_time,
            modified_time: metadata.modified_time,
            image: metadata.image,
            favicon: metadata.favicon,
            url: metadata.url,
        })
    }

    /// Extracts the relevant content from the document and provides it as a [`Article`] object.
    ///
    /// This is the primary method of the crate. It performs the following steps:
    ///
    /// - Verify the document (element nodes length)
    /// - Extracts the metadata
    /// - Cleans the document
    /// - Extracts the main content of the document
    /// - Post-processes the content
    /// - Returns the content and the metadata as an [`Article`] object
    ///
    /// This method mutates the document. Calling it again on the same instance
    /// nests the previously extracted article inside a new `<div>`; create a new
    /// [`Readability`] to parse again.
    ///
    /// # Returns
    ///
    /// An [`Article`] object containing the content and the metadata.
    ///
    /// # Errors
    /// If `config.max_elements_to_parse` is > 0 and the document's number of element nodes exceeds this limit,
    /// a [`ReadabilityError::TooManyElements`] error is returned.
    /// If the document fails to extract the content, a [`ReadabilityError::GrabFailed`] error is returned.
    pub fn parse(&mut self) -> Result<Article, ReadabilityError> {
        self.parse_impl(None)
    }

    /// The article's container (`#readability-page-1`) after a successful
    /// [`Readability::parse`]: what a `#readability-page-1` selector finds then, without a
    /// selector pass over the document.
    pub fn content_root(&self) -> Option<NodeRef<'_>> {
        self.content_root.map(|id| NodeRef::new(id, &self.doc.tree))
    }

    /// The article's HTML (the `#readability-page-1` container) after [`Readability::parse`].
    ///
    /// Serialised on demand rather than into [`Article`]: the pipeline walks the tree itself,
    /// and serialising every page cost more than it used.
    pub fn content_html(&self) -> StrTendril {
        self.doc.select_single_matcher(&MATCHER_CONTENT_ID).html()
    }

    /// The article's text in the configured [`TextMode`] after [`Readability::parse`]; made on
    /// demand for the same reason as [`Readability::content_html`].
    pub fn text_content(&self) -> StrTendril {
        let root_sel = self.doc.select_single_matcher(&MATCHER_CONTENT_ID);
        let Some(root_node) = root_sel.nodes().first() else { return StrTendril::new() };
        match self.config.text_mode {
            TextMode::Raw => root_node.text(),
            TextMode::Formatted => root_node.formatted_text(),
            TextMode::Markdown => root_node.md(None),
        }
    }

    /// Extracts the relevant content from the document and provides it as an [`Article`] object.
    ///
    /// This method performs the same steps as [`Readability::parse`], but performs only one attempt with the specified [`ParsePolicy`].
    /// The results of this method are likely to be worse than those of [`Readability::parse`], but it consumes significantly
    /// less memory because it does not need to keep the best attempt.
    /// If you need more precise results, use [`Readability::parse`],  
    /// as it sequentially applies all policies, from strict to raw.
    ///
    /// Like [`Readability::parse`], this method mutates the document; create a new
    /// [`Readability`] to parse again.
    ///
    /// # Errors
    /// If `config.max_elements_to_parse` is > 0 and the document's number of element nodes exceeds this limit,
    /// a [`ReadabilityError::TooManyElements`] error is returned.
    /// If the document fails to extract the content, a [`ReadabilityError::GrabFailed`] error is returned.
    pub fn parse_with_policy(&mut self, policy: ParsePolicy) -> Result<Article, ReadabilityError> {
        self.parse_impl(Some(policy))
    }

    /// This method will search for a JSON-LD block in the page and
    /// extract the metadata from it.
    ///
    /// # Returns
    ///
    /// A [Metadata] object containing the metadata extracted from the JSON-LD block.
    /// If no valid JSON-LD block is found, this method returns `None`.
    #[allow(clippy::too_many_lines)]
    pub fn parse_json_ld(&self) -> Option<Metadata> {
        self.parse_json_ld_in(&PrepareNodes::of(&self.doc).scripts)
    }

    /// [`Readability::parse_json_ld`] given the document's `<script>` and `<noscript>`
    /// elements in document order.
    fn parse_json_ld_in(&self, scripts: &[NodeRef]) -> Option<Metadata> {
        let json_ld_scripts =
            scripts.iter().filter(|n| n.has_name("script") && MATCHER_JSONLD.match_element(*n)).copied();
        for node in json_ld_scripts {
            let text = Selection::from(node).text();
            let content = strip_cdata(&text);

            /*
               Because of `gjson` reserved "@" symbol for its own modifiers,
               it is necessary to replace it with other symbol to be able of using `gjson`.
               Or decline using `gjson` at all and replace it with other crate.
               TODO: don't leave it like this!.
            */

            let content = content.trim().replace(r#""@"#, r#""^"#);

            let mut parsed = gjson::parse(&content);
            let clipped_content: String;

            if parsed.kind() == gjson::Kind::Array {
                for it in &parsed.array() {
                    let typ = it.get("^type");
                    if typ.kind() == gjson::Kind::String
                        && JSONLD_ARTICLE_TYPES.iter().any(|p| typ.str().contains(p))
                    {
                        clipped_content = it.to_string();
                        parsed = gjson::parse(&clipped_content);
                        break;
                    }
                }
            }

            let mut context_matched = false;

            let context_val = parsed.get("^context");
            if context_val.kind() == gjson::Kind::String && is_schema_org_url(context_val.str()) {
                // validating @context
                context_matched = true;
            }

            let context_vocab = parsed.get("^context.^vocab");
            if context_vocab.kind() == gjson::Kind::String && is_schema_org_url(context_vocab.str()) {
                // validating @context
                context_matched = true;
            }

            if !context_matched {
                continue;
            }

            // validating @type

            let mut article_type: Option<String> = None;

            let type_val = parsed.get("^type");
            //There are no examples with @graph array, so it is not clear how to check it
            //TODO: implement same @graph logic as mozilla, when there will be examples.
            if type_val.exists() {
                article_type = Some(type_val.str().to_string());
            } else {
                let type_val = parsed.get("^graph.#.^type");
                if matches!(type_val.kind(), gjson::Kind::String) {
                    article_type = Some(type_val.str().to_string());
                }
            }

            let Some(article_type) = article_type else {
                continue;
            };

            if !JSONLD_ARTICLE_TYPES.iter().any(|p| article_type.contains(p)) {
                continue;
            }

            // Title
            let name_val = parsed.get("name");
            let headline_val = parsed.get("headline");
            let name_is_string = matches!(name_val.kind(), gjson::Kind::String);
            let headline_is_string = matches!(headline_val.kind(), gjson::Kind::String);

            let name = if name_is_string { name_val.str().trim().to_string() } else { String::new() };

            let headline =
                if headline_is_string { headline_val.str().trim().to_string() } else { String::new() };

            let mut ld_meta = Metadata::default();

            if name_is_string && headline_is_string && name != headline {
                let title = self.get_article_title();
                let name_matches = text_similarity(&name, &title) > 0.75;
                let headline_matches = text_similarity(&headline, &title) > 0.75;
                if headline_matches && !name_matches {
                    ld_meta.title = headline;
                } else {
                    ld_meta.title = name;
                }
            } else if name_is_string {
                ld_meta.title = name;
            } else if headline_is_string {
                ld_meta.title = headline;
            }

            //Author

            let author_val = parsed.get("author");

            let byline = match author_val.kind() {
                gjson::Kind::Object => Some(author_val.get("name").str().trim().to_string()),
                gjson::Kind::Array => {
                    let names: Vec<String> =
                        author_val.get("#.name").array().iter().map(|v| v.str().trim().to_string()).collect();
                    Some(names.join(", "))
                }
                _ => None,
            };

            if let Some(byline) = byline.filter(|s| !s.is_empty()) {
                ld_meta.byline = Some(byline);
            }

            // Description
            ld_meta.excerpt = get_json_ld_string_value(&parsed, "description");

            // Publisher
            ld_meta.site_name = get_json_ld_string_value(&parsed, "publisher.name");

            // DatePublished
            ld_meta.published_time = get_json_ld_string_value(&parsed, "datePublished");

            // DateModified
            ld_meta.modified_time = get_json_ld_string_value(&parsed, "dateModified");

            // Url
            ld_meta.url = get_json_ld_string_value(&parsed, "url");

            // Image
            ld_meta.image = get_json_ld_string_value(&parsed, "image");

            if !ld_meta.is_empty() {
                return Some(ld_meta);
            }
        }
        None
    }

    /// Extracts metadata from a web page.
    ///
    /// This function takes into account standard metadata formats like `OpenGraph`, Dublin Core,
    /// schema.org, and also tries to extract some metadata from HTML tags like `<title>`.
    ///
    /// The function takes an optional `Metadata` object as input, which is used as a fallback
    /// if no metadata can be found on the page. If the input `Metadata` object contains any
    /// of the following fields, they will not be overwritten by this function:
    /// - `title`
    /// - `byline`
    /// - `excerpt`
    /// - `site_name`
    /// - `published_time`
    /// - `lang`
    ///
    /// # Arguments
    ///
    /// - `json_ld` -- An optional [`Metadata`] object, containing metadata extracted from JSON-LD.
    ///
    /// # Returns
    ///
    /// A [`Metadata`] object containing the extracted metadata.
    pub fn get_article_metadata(&self, json_ld: Option<Metadata>) -> Metadata {
        self.get_article_metadata_in(json_ld, &PrepareNodes::of(&self.doc))
    }

    /// [`Readability::get_article_metadata`] given the document's `<meta>`, `<link>` and
    /// `<html>` elements in document order (`nodes`, walked since the last edit).
    fn get_article_metadata_in(&self, json_ld: Option<Metadata>, nodes: &PrepareNodes) -> Metadata {
        let mut values: HashMap<String, String> = HashMap::default();
        let mut metadata = json_ld.unwrap_or_default();

        for node in nodes.metas.iter().filter(|n| MATCHER_META.match_element(*n)) {
            if let Some(content) = node.attr("content") {
                let content = content.trim();
                if content.is_empty() {
                    continue;
                }
                if let Some(mut property) = node.attr("property") {
                    property.make_ascii_lowercase();
                    if let Some(property_name) = meta_property_name(&property) {
                        let k = property_name.trim().to_string();
                        values.insert(k, content.into());
                    }
                    continue;
                }
                if let Some(mut name) = node.attr("name") {
                    name.make_ascii_lowercase();
                    if is_meta_name(&name) {
                        values.insert(normalize_meta_key(&name), content.into());
                    }
                }
            }
        }

        // title
        if metadata.title.is_empty() {
            if let Some(val) = get_map_any_value(&values, META_TITLE_KEYS) {
                metadata.title = val;
            }
        }

        if metadata.title.is_empty() {
            metadata.title = self.get_article_title().to_string();
        }

        // author
        if metadata.byline.is_none() {
            metadata.byline = get_map_any_value(&values, META_BYLINE_KEYS);
        }
        // if metadata is still none
        if metadata.byline.is_none() {
            if let Some(v) = values.get("article:author") {
                if !is_absolute_url(v, true) {
                    metadata.byline = Some(v.clone());
                }
            }
        }

        // description
        if metadata.excerpt.is_none() {
            metadata.excerpt = get_map_any_value(&values, META_EXCERPT_KEYS);
        }

        //site name
        if metadata.site_name.is_none() {
            metadata.site_name = values.get("og:site_name").cloned();
        }

        //published time
        if metadata.published_time.is_none() {
            metadata.published_time = get_map_any_value(&values, META_PUB_TIME_KEYS);
        }

        self.assign_extra_article_metadata(&mut metadata, &values, &nodes.links);

        metadata.lang = get_html_lang(&nodes.htmls).map(|s| s.to_string());

        metadata.unescape_html_entities();
        metadata
    }

    fn assign_extra_article_metadata(
        &self,
        metadata: &mut Metadata,
        values: &HashMap<String, String>,
        links: &[NodeRef],
    ) {
        // thumbnail
        if metadata.image.is_none() {
            metadata.image = get_map_any_value(values, META_IMAGE_KEYS);
        }

        // modified time
        if metadata.modified_time.is_none() {
            metadata.modified_time = get_map_any_value(values, META_MOD_TIME_KEYS);
        }

        metadata.favicon = extract_favicon(&self.doc, self.parse_base_url(), links);
    }

    /// Finds and removes the byline element: its normalized text and the removed node.
    fn byline_adjustment(&self) -> Option<(String, NodeId)> {
        let mut meta_byline: Option<(String, NodeId)> = None;
        let body_node = self.doc.body()?;
        let mut next_node = next_child_or_sibling(&body_node, false);
        let mut match_string = String::new();
        while let Some(node) = next_node {
            if is_valid_byline(&node, &mut match_string) {
                let byline = Selection::from(node)
                    .select_single("[itemprop=name]")
                    .nodes()
                    .first()
                    .map_or_else(|| node.text(), |prop_name| prop_name.text());

                meta_byline = Some((normalize_spaces(&byline), node.id));
                node.remove_from_parent();
                break;
            }
            next_node = next_child_or_sibling(&node, false);
        }
        meta_byline
    }

    fn post_process_content(&self, root_sel: &Selection) {
        // Link cleanup only; absolute-URL rewriting is performed later in `fix_relative_uris`.
        fix_links(root_sel);

        simplify_nested_elements(root_sel);

        let scored = select_where(&root_sel.parent(), |n, _| {
            tree_node_has_plain_attr(n, "data-readability-score")
                || tree_node_has_plain_attr(n, "data-readability-table")
        });
        for node in scored {
            node.remove_attrs(&["data-readability-score", "data-readability-table"]);
        }

        if !self.config.keep_classes {
            self.clean_classes(root_sel);
        }
    }

    fn clean_classes(&self, sel: &Selection) {
        if self.config.classes_to_preserve.is_empty() {
            for node in select_where(sel, |n, _| tree_node_has_plain_attr(n, "class")) {
                node.remove_attr("class");
            }
            return;
        }
        let classes_to_preserve: Vec<&str> =
            self.config.classes_to_preserve.iter().map(String::as_str).collect();

        for node in &select_where(sel, |n, _| tree_node_has_plain_attr(n, "class")) {
            let Some(class_string) = node.class() else {
                continue;
            };
            let kept_classes = class_string
                .split_whitespace()
                .filter(|s| classes_to_preserve.contains(s))
                .collect::<Vec<&str>>();
            if kept_classes.is_empty() {
                node.remove_attr("class");
            } else {
                node.set_attr("class", &kept_classes.join(" "));
            }
        }
    }

    fn verify_doc(&self) -> Result<(), ReadabilityError> {
        if self.config.max_elements_to_parse > 0 {
            let total_elements = self.doc.root().descendants_it().filter(NodeRef::is_element).count();
            if total_elements > self.config.max_elements_to_parse {
                return Err(ReadabilityError::TooManyElements(
                    total_elements,
                    self.config.max_elements_to_parse,
                ));
            }
        }
        Ok(())
    }

    /// Estimates whether the document is readable in a *quick-and-dirty* way.
    ///
    /// Must be called before `Readability::parse` because it cleans the document and changes its structure.
    ///
    /// # Returns
    ///
    /// True if the document is readable, false otherwise.
    pub fn is_probably_readable(&self) -> bool {
        is_probably_readable(
            &self.doc,
            Some(self.config.readable_min_score),
            Some(self.config.readable_min_content_length),
        )
    }
}

// Methods related to URL handling
impl Readability {
    fn parse_base_url(&self) -> Option<String> {
        // TODO: Probably, this should be calculated during `Readability` construction,
        // and later accessed via property `Readability.base_url`
        let Some(base_uri) = self.doc.base_uri() else {
            return self.doc_url.clone();
        };

        if let Some(doc_url) = self.doc_url.as_ref() {
            resolve_url(doc_url, &base_uri).to_string().into()
        } else {
            Some(base_uri.to_string())
        }
    }

    fn fix_relative_uris(&self, root_sel: &Selection) {
        // Getting a base uri from the Readability.document,
        // which wasn't changed after the grabbing the article
        let Some(base_url) = self.parse_base_url() else {
            return;
        };

        let url_matcher: &Matcher = if self.doc_url.as_ref() == Some(&base_url) {
            &MATCHER_RELATIVE_LINK_NOT_FRAGMENT
        } else {
            &MATCHER_RELATIVE_LINK
        };
        for a in root_sel.select_matcher(url_matcher).nodes() {
            set_attr_absolute_url(a, "href", &base_url);
        }

        for media in root_sel.select_matcher(&MATCHER_SOURCES).nodes() {
            set_attr_absolute_url(media, "src", &base_url);
            set_attr_absolute_url(media, "poster", &base_url);

            if let Some(srcset) = media.attr("srcset") {
                let abs_srcset: Vec<String> = split_srcset(&srcset)
                    .into_iter()
                    .map(|(src, descriptor)| {
                        let abs_src = to_absolute_url(&base_url, src);
                        if descriptor.is_empty() {
                            abs_src.into_owned()
                        } else {
                            format!("{abs_src} {descriptor}")
                        }
                    })
                    .collect();
                if !abs_srcset.is_empty() {
                    media.set_attr("srcset", abs_srcset.join(", ").as_str());
                }
            }
        }
    }
}

fn get_map_any_value(map: &HashMap<String, String>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|&key| map.get(key).cloned())
}

fn next_significant_node(node: Option<NodeRef>) -> Option<NodeRef> {
    let mut next = node;
    while let Some(ref n) = next {
        if !n.is_element() && n.text().trim().is_empty() {
            next = n.next_sibling();
        } else {
            break;
        }
    }
    next
}
fn set_attr_absolute_url(node: &NodeRef, attr_key: &str, base_uri: &str) {
    let Some(attr) = node.attr(attr_key) else {
        return;
    };
    let abs_url = to_absolute_url(base_uri, &attr);
    node.set_attr(attr_key, &abs_url);
}

/// Splits a `srcset` value into `(url, descriptor)` candidates, keeping commas
/// inside URLs (e.g. `data:`) and ending a candidate at a comma after the URL or descriptor.
fn split_srcset(srcset: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = srcset;
    while {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        !rest.is_empty()
    } {
        let (url, tail) = rest.split_once(|c: char| c.is_ascii_whitespace()).unwrap_or((rest, ""));
        if url.ends_with(',') {
            out.push((url.trim_end_matches(','), ""));
            rest = tail;
        } else {
            // shortcut: commas inside parenthesized descriptors are not handled,
            // upgrade if a future srcset syntax relies on them.
            let (desc, tail) = tail.split_once(',').unwrap_or((tail, ""));
            out.push((url, desc.trim()));
            rest = tail;
        }
    }
    out
}

fn fix_links(root_sel: &Selection) {
    // Both kinds of link are found in one walk. The javascript links have an `href`, so the
    // kinds do not overlap, and handling the first kind neither adds nor detaches a link of
    // the second (it removes only empty links and unwraps links whose one child is text), so
    // the second list is what a walk after the first step would find.
    let mut links_without_href: Vec<NodeRef> = Vec::new();
    let javascript_links = select_where(root_sel, |n, node| {
        if !element_named(n, &[local_name!("a")]) {
            return false;
        }
        if !tree_node_has_plain_attr(n, "href") {
            links_without_href.push(*node);
            return false;
        }
        MATCHER_JS_LINK.match_element(node)
    });
    // Handle links with javascript: URIs, since
    // they won't work after scripts have been removed from the page.
    for a in &javascript_links {
        let children = a.children();
        if children.len() == 1 {
            let child = &children[0];
            if child.is_text() {
                a.replace_with(child);
            } else {
                a.remove_all_attrs();
                a.rename("span");
            }
        } else if children.is_empty() {
            a.remove_from_parent();
        } else {
            a.remove_all_attrs();
            a.rename("span");
        }
    }

    // Handle links without href attributes.
    for a in &links_without_href {
        if a.children().is_empty() {
            a.remove_from_parent();
        }
    }
}

/// Prepares the document for parsing:
///
/// 1. Remove empty images
/// 2. Unwrap images inside `noscript` tags
/// 3. Remove `script` tags
/// 4. Remove `style` tags
/// 5. Replace multiple `br` tags with a single `br` tag
/// 6. Replace `font` tags with `span` tags
/// 7. Remove comments
///
/// `nodes` lists the nodes to edit, found before any edit.
fn prepare(nodes: &PrepareNodes) {
    remove_empty_imgs(&nodes.imgs);

    unwrap_noscript_images(&nodes.scripts);

    // remove scripts
    remove_nodes(&nodes.scripts);

    // remove styles
    remove_nodes(&nodes.styles);

    // replace duplicating br elements
    replace_brs(&nodes.brs);

    // replace fonts with spans
    replace_fonts(&nodes.fonts);

    // remove comments
    remove_nodes(&nodes.comments);
}

/// The nodes that [`prepare`] edits, each list in document order, gathered in one
/// walk of the document (it took a selector pass per kind). Preparing moves an `<img>` out of
/// a `<noscript>`, removes nodes and adds `<p>` elements, but adds none of these kinds, so each
/// list holds what a selector pass at its step would find, plus nodes that an earlier step
/// removed with an ancestor (a `<br>` inside a removed `<noscript>`): editing those changes no
/// node left in the document.
struct PrepareNodes<'a> {
    /// `<img>` elements.
    imgs: Vec<NodeRef<'a>>,
    /// `<script>` and `<noscript>` elements.
    scripts: Vec<NodeRef<'a>>,
    /// `<style>` elements.
    styles: Vec<NodeRef<'a>>,
    /// `<br>` elements.
    brs: Vec<NodeRef<'a>>,
    /// `<font>` elements.
    fonts: Vec<NodeRef<'a>>,
    /// Comment nodes.
    comments: Vec<NodeRef<'a>>,
    /// `<meta>` elements (not edited by preparing; read for the metadata).
    metas: Vec<NodeRef<'a>>,
    /// `<link>` elements (not edited by preparing; read for the favicon).
    links: Vec<NodeRef<'a>>,
    /// `<html>` elements (not edited by preparing; read for the language).
    htmls: Vec<NodeRef<'a>>,
}

impl<'a> PrepareNodes<'a> {
    /// Walks the whole document once.
    fn of(doc: &'a Document) -> Self {
        let mut nodes = Self {
            imgs: vec![],
            scripts: vec![],
            styles: vec![],
            brs: vec![],
            fonts: vec![],
            comments: vec![],
            metas: vec![],
            links: vec![],
            htmls: vec![],
        };
        walk_descendants(&doc.root(), |n| {
            let list = match n.data {
                NodeData::Comment { .. } => &mut nodes.comments,
                NodeData::Element(ref el) => match el.name.local {
                    local_name!("img") => &mut nodes.imgs,
                    local_name!("script") | local_name!("noscript") => &mut nodes.scripts,
                    local_name!("style") => &mut nodes.styles,
                    local_name!("br") => &mut nodes.brs,
                    local_name!("font") => &mut nodes.fonts,
                    local_name!("meta") => &mut nodes.metas,
                    local_name!("link") => &mut nodes.links,
                    local_name!("html") => &mut nodes.htmls,
                    _ => return,
                },
                _ => return,
            };
            list.push(NodeRef::new(n.id, &doc.tree));
        });
        nodes
    }

    /// The lists without `removed` (a node detached since the walk), if any.
    fn without(&self, removed: Option<NodeId>) -> Self {
        let keep = |list: &[NodeRef<'a>]| -> Vec<NodeRef<'a>> {
            list.iter().filter(|n| Some(n.id) != removed).copied().collect()
        };
        Self {
            imgs: keep(&self.imgs),
            scripts: keep(&self.scripts),
            styles: keep(&self.styles),
            brs: keep(&self.brs),
            fonts: keep(&self.fonts),
            comments: keep(&self.comments),
            metas: keep(&self.metas),
            links: keep(&self.links),
            htmls: keep(&self.htmls),
        }
    }
}

/// Detaches each node from its parent.
fn remove_nodes(nodes: &[NodeRef]) {
    for node in nodes {
        node.remove_from_parent();
    }
}

/// Removes `<img>` elements with no address among their attributes.
fn remove_empty_imgs(imgs: &[NodeRef]) {
    for node in imgs {
        let has_src = node.query_or(false, |n| {
            n.as_element().is_some_and(|el| {
                el.attrs.iter().any(|a| {
                    matches!(a.name.local.as_ref(), "src" | "data-src" | "data-srcset" | "srcset")
                        || IMG_EXT.iter().any(|p| a.value.contains(p))
                })
            })
        });

        if !has_src {
            node.remove_from_parent();
        }
    }
}

/// Does this element hold an `<img>` without element siblings (`:has(img:only-child)`)?
fn has_only_child_img(node: &NodeRef) -> bool {
    node.descendants_it().any(|n| {
        n.has_name("img") && n.prev_element_sibling().is_none() && n.next_element_sibling().is_none()
    })
}

/// Puts the `<img>` of a `<noscript>` in place of the lazy image before it. `scripts` holds the
/// `<script>` and `<noscript>` elements: the `noscript:has(img:only-child)` ones are chosen
/// before any is unwrapped, as a selector pass chose them.
fn unwrap_noscript_images(scripts: &[NodeRef]) {
    let noscripts: Vec<&NodeRef> =
        scripts.iter().filter(|n| n.has_name("noscript") && has_only_child_img(n)).collect();
    for noscript_node in noscripts {
        let Some(prev_sibling) = noscript_node.prev_element_sibling() else {
            continue;
        };
        let prev_sel = Selection::from(prev_sibling);

        let prev_img: NodeRef = if prev_sel.is_matcher(&MATCHER_IMG) {
            prev_sibling
        } else if prev_sel.is_matcher(&MATCHER_HAS_IMG_ONLY_CHILD) {
            let prev_sel_img = prev_sel.select_matcher(&MATCHER_IMG_ONLY_CHILD);
            prev_sel_img.nodes()[0]
        } else {
            continue;
        };
        let noscript_img_sel = Selection::from(*noscript_node).select_matcher(&MATCHER_IMG);
        // at this point noscript_img_sel always has one element
        let new_img = &noscript_img_sel.nodes()[0];

        for attr in prev_img.attrs() {
            if attr.value.as_ref() == "" {
                continue;
            }

            if matches!(attr.name.local.as_ref(), "src" | "srcset")
                || IMG_EXT.iter().any(|p| attr.value.contains(p))
            {
                if new_img.attr_or(&attr.name.local, "") == attr.value {
                    continue;
                }
                if new_img.has_attr(&attr.name.local) {
                    let attr_name = format!("data-old-{}", attr.name.local);
                    new_img.set_attr(&attr_name, &attr.value);
                } else {
                    new_img.set_attr(&attr.name.local, &attr.value);
                }
            }
        }
        prev_img.replace_with(new_img);
    }
}

/// Replaces runs of two or more `<br>` with a `<p>` holding the phrasing content after them.
fn replace_brs(brs: &[NodeRef]) {
    for br in brs {
        let mut next_sibling = br.next_sibling();
        let mut replaced = false;

        while let Some(next) = next_significant_node(next_sibling) {
            if !next.has_name("br") {
                break;
            }

            replaced = true;
            next_sibling = next.next_sibling();
            next.remove_from_parent();
        }
        if replaced {
            let p = br.tree.new_element("p");
            br.replace_with(&p);

            let mut next_sibling = p.next_sibling();
            while let Some(next) = next_sibling {
                if next.has_name("br") {
                    if let Some(next_elem) = next_significant_node(next.next_sibling()) {
                        if next_elem.has_name("br") {
                            break;
                        }
                    }
                }

                if !is_phrasing_content(&next) {
                    break;
                }

                next_sibling = next.next_sibling();
                p.append_child(&next);
            }

            while let Some(last) = p.last_child() {
                if is_whitespace(&last) {
                    last.remove_from_parent();
                } else {
                    break;
                }
            }

            if let Some(parent) = p.parent() {
                if parent.has_name("p") {
                    parent.rename("div");
                }
            }
        }
    }
}

/// Renames `<font>` elements to `<span>` and drops their attributes.
fn replace_fonts(fonts: &[NodeRef]) {
    for font in fonts {
        font.rename("span");
        font.remove_all_attrs();
    }
}

fn simplify_nested_elements(root_sel: &Selection) {
    // `*:not(tr) > td`
    let misplaced_cells = select_where(root_sel, |n, node| {
        element_named(n, &[local_name!("td")])
            && node.parent().is_some_and(|p| p.is_element() && !p.has_name("tr"))
    });
    for td_node in &misplaced_cells {
        if let Some(parent) = td_node.parent() {
            if let Some(first_child) = td_node.first_child() {
                parent.append_children(&first_child);
            }
        }
        td_node.remove_from_parent();
    }
    simplify_nested_divs(root_sel);
}

fn simplify_nested_divs(root_sel: &Selection) {
    let is_div_or_section = |n: &TreeNode| element_named(n, &[local_name!("div"), local_name!("section")]);
    for parent in select_where(root_sel, |n, _| is_div_or_section(n)).iter().rev() {
        let Some(node) = parent.first_element_child() else {
            continue;
        };

        if node.next_element_sibling().is_some() {
            continue;
        }

        if !node
            .qual_name_ref()
            .is_some_and(|name| matches!(name.local, local_name!("div") | local_name!("section")))
        {
            continue;
        }

        for attr in parent.attrs() {
            node.set_attr(&attr.name.local, &attr.value);
        }
        parent.replace_with(&node.id);
    }
    for node in select_where(root_sel, |n, node| is_div_or_section(n) && MATCHER_EMPTY.match_element(node)) {
        node.remove_from_parent();
    }
}

fn extract_excerpt(sel: &Selection) -> Option<String> {
    let p_sel = sel.select_single_matcher(&MATCHER_P);
    if p_sel.is_empty() { None } else { Some(p_sel.text().trim().to_string()) }
}

fn normalize_meta_key(raw_key: &str) -> String {
    raw_key.split_whitespace().collect::<Vec<_>>().join("").replace('.', ":")
}

fn get_json_ld_string_value(value: &gjson::Value, path: &str) -> Option<String> {
    let val = value.get(path);
    if matches!(val.kind(), gjson::Kind::String) {
        let val = val.str().trim().to_string();
        if !val.is_empty() {
            return Some(val);
        }
    }
    None
}

/// The `lang` of the first `html[lang]` element, given the document's `<html>` elements in
/// document order: what a selector pass over the whole document found.
fn get_html_lang(htmls: &[NodeRef]) -> Option<StrTendril> {
    htmls.iter().find(|n| MATCHER_HTML_LANG.match_element(*n)).and_then(|n| n.attr("lang"))
}

/// The favicon's address from the head's icon links, given the document's `<link>` elements
/// in document order (a selector pass over the head found the same icons).
fn extract_favicon(root_node: &Document, base_url: Option<String>, links: &[NodeRef]) -> Option<String> {
    let head_node = root_node.head()?;

    let mut urls: Vec<(String, f32)> = Vec::new();

    let icon_priority: f32 = 1000.0;
    let head_icons = links
        .iter()
        .filter(|n| MATCHER_FAVICON.match_element(*n) && n.ancestors_it(None).any(|a| a.id == head_node.id));
    for node in head_icons {
        let Some(href) = node.attr("href") else {
            continue;
        };
        let Some(rel) = node.attr("rel") else {
            continue;
        };

        // base priority
        let mut priority = match rel.as_ref() {
            "icon" => icon_priority,
            "shortcut icon" => icon_priority - 100.0,
            "apple-touch-icon" => icon_priority - 150.0,
            _ => 0.0,
        };

        // type bonus
        if let Some(typ) = node.attr("type") {
            priority += match typ.as_ref() {
                "image/svg+xml" => 100.0,
                "image/png" => 50.0,
                "image/x-icon" | "image/vnd.microsoft.icon" | "image/ico" => 25.0,
                _ => 0.0,
            };
        }

        // size bonus
        if let Some(sizes) = node.attr("sizes") {
            if sizes.as_ref() == "any" {
                priority += 50.0;
            } else if let Some(size) = sizes.split('x').next() {
                if let Ok(px) = size.parse::<f32>() {
                    if px > 0.0 {
                        priority += px.log2().min(12.0);
                    }
                }
            }
        }
        urls.push((href.to_string(), priority));
    }
    let mut favicon_url =
        urls.into_iter().max_by(|a, b| a.1.partial_cmp(&b.1).unwrap()).map(|(href, _)| href);
    // Transform to absolute URL if base_url is provided
    if let Some(ref base_url) = base_url {
        favicon_url = favicon_url.map(|u| to_absolute_url(base_url, &u).into());
    }
    favicon_url
}

fn decode_html_entities(s: &mut String) {
    let decoded = html_escape::decode_html_entities(s);
    if let std::borrow::Cow::Owned(new) = decoded {
        *s = new;
    }
}

fn decode_opt_html_entities(opt: &mut Option<String>) {
    if let Some(s) = opt {
        decode_html_entities(s);
    }
}

/// Elements of the document named `name` that match `matcher` (a selector for that element
/// name), in document order: the reference for the JSON-LD and meta lists of [`PrepareNodes`].
#[cfg(test)]
fn select_named<'a>(doc: &'a Document, name: &str, matcher: &Matcher) -> Vec<NodeRef<'a>> {
    let named = descendants_where(&doc.root(), |n| n.as_element().is_some_and(|el| &*el.name.local == name));
    named.into_iter().filter(|n| matcher.match_element(n)).collect()
}

/// [`BYLINE_PATTERNS`] as a [`PatternSet`].
static BYLINE_SET: std::sync::LazyLock<PatternSet> =
    std::sync::LazyLock::new(|| PatternSet::new(BYLINE_PATTERNS));

/// Whether the element is a byline; `match_string` is a buffer for its class and id, reused
/// across the walk.
fn is_valid_byline(node: &NodeRef, match_string: &mut String) -> bool {
    // The selector needs a `rel` or an `itemprop` attribute, which most elements lack.
    let mut is_byline =
        (node.has_attr("rel") || node.has_attr("itemprop")) && MATCHER_BYLINE.match_element(node);
    if !is_byline {
        node_matching_string_into(node, match_string);
        // TODO: use `match_string..split_whitespace().any(||)` for precicion.
        is_byline = BYLINE_SET.found_in(match_string);
    }
    if !is_byline {
        return false;
    }
    let byline_len = node.text().trim().chars().count();
    byline_len > 0 && byline_len < 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    /// `has_only_child_img` and `PrepareNodes` pick what the selectors they replace picked.
    #[test]
    fn prepare_nodes_match_the_selectors() {
        let doc = Document::from(
            "<html><head><style>a{}</style><script>x</script></head><body><!-- c -->\
             <noscript><img src=a.jpg></noscript><noscript><p><img src=b.jpg> text</p></noscript>\
             <noscript><p><img src=c.jpg><span></span></p></noscript><noscript><div><i></i><img></div></noscript>\
             <p>a<br><br>b<font>f</font></p><svg><style>s</style><font>g</font></svg></body></html>",
        );
        let nodes = PrepareNodes::of(&doc);
        for (list, selector) in [
            (&nodes.imgs, "img"),
            (&nodes.scripts, "script, noscript"),
            (&nodes.styles, "style"),
            (&nodes.brs, "br"),
            (&nodes.fonts, "font"),
        ] {
            let ids: Vec<_> = list.iter().map(|n| n.id).collect();
            let expected: Vec<_> = doc.select(selector).nodes().iter().map(|n| n.id).collect();
            assert_eq!(ids, expected, "{selector}");
        }
        assert_eq!(nodes.comments.len(), 1);
        let picked: Vec<_> = nodes
            .scripts
            .iter()
            .filter(|n| n.has_name("noscript") && has_only_child_img(n))
            .map(|n| n.id)
            .collect();
        let expected: Vec<_> =
            doc.select("noscript:has(img:only-child)").nodes().iter().map(|n| n.id).collect();
        assert_eq!(picked, expected);
        assert_eq!(picked.len(), 2);
    }

    /// The JSON-LD scripts and meta tags read from the one walk's lists are what the selector
    /// passes found, and the metadata and JSON-LD from them are unchanged; `without` drops only
    /// the removed node.
    #[test]
    fn metadata_lists_match_the_selectors() {
        let doc = Document::from(
            r#"<html><head><meta name="author" content="A"><meta property="og:title" content="T">
            <meta name="x"><script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>
            <script>var a;</script></head><body><meta content="c" name="description">
            <noscript><meta name="y" content="z"></noscript>
            <script type="application/ld+json">{}</script><svg><script type="application/ld+json"></script></svg></body></html>"#,
        );
        let nodes = PrepareNodes::of(&doc);
        let ids = |nodes: &[NodeRef]| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
        let metas: Vec<NodeRef> =
            nodes.metas.iter().filter(|n| MATCHER_META.match_element(*n)).copied().collect();
        assert_eq!(ids(&metas), ids(&select_named(&doc, "meta", &MATCHER_META)));
        assert_eq!(ids(&metas), ids(doc.select("meta[content]").nodes()));
        let json_ld: Vec<NodeRef> = nodes
            .scripts
            .iter()
            .filter(|n| n.has_name("script") && MATCHER_JSONLD.match_element(*n))
            .copied()
            .collect();
        assert_eq!(ids(&json_ld), ids(&select_named(&doc, "script", &MATCHER_JSONLD)));
        assert!(json_ld.len() >= 2);

        let readability = Readability::with_document(doc.clone(), None, None).unwrap();
        let from_lists =
            readability.get_article_metadata_in(readability.parse_json_ld_in(&nodes.scripts), &nodes);
        assert_eq!(from_lists.title, "T");
        assert_eq!(from_lists.byline.as_deref(), Some("A"));
        assert_eq!(from_lists.excerpt.as_deref(), Some("c"));

        let first_meta = nodes.metas[0].id;
        let without = nodes.without(Some(first_meta));
        assert_eq!(without.metas.len(), nodes.metas.len() - 1);
        assert!(without.metas.iter().all(|n| n.id != first_meta));
        assert_eq!(ids(&without.scripts), ids(&nodes.scripts));
        assert_eq!(ids(&nodes.without(None).metas), ids(&nodes.metas));
    }

    /// The favicon and language found from the walk's `<link>` and `<html>` lists are what the
    /// selector passes over the head and the document found.
    #[test]
    fn favicon_and_lang_match_the_selector_passes() {
        let pages = [
            r#"<html lang="de"><head><link rel="icon" href="/a.ico"><link rel="stylesheet" href="s.css">
            <link rel="apple-touch-icon" sizes="180x180" href="/t.png"><noscript><link rel="icon" type="image/svg+xml" href="/n.svg"></noscript>
            </head><body><link rel="icon" type="image/svg+xml" sizes="any" href="/body.svg"></body></html>"#,
            r#"<html><head><title>t</title></head><body><svg><html lang="svg-lang"></html><link rel="icon" href="/svg.ico"></svg>
            <html lang="ignored"><link rel="shortcut icon" href="/s.ico"></body></html>"#,
            r#"<html LANG=""><head><link rel="shortcut icon" type="image/png" sizes="32x32" href="x.png">
            <link rel="icon" href="y.ico"></head></html>"#,
            "<p>no head, no links</p>",
        ];
        let favicon_by_selector = |doc: &Document| -> Option<String> {
            let head = doc.head()?;
            let links: Vec<NodeRef> = Selection::from(head).select_matcher_iter(&MATCHER_FAVICON).collect();
            extract_favicon(doc, Some("https://example.org/".into()), &links)
        };
        let mut found = 0;
        for html in pages {
            let doc = Document::from(html);
            let nodes = PrepareNodes::of(&doc);
            let favicon = extract_favicon(&doc, Some("https://example.org/".into()), &nodes.links);
            assert_eq!(favicon, favicon_by_selector(&doc), "{html}");
            let lang = doc.select_single_matcher(&MATCHER_HTML_LANG).attr("lang");
            assert_eq!(get_html_lang(&nodes.htmls), lang, "{html}");
            found += usize::from(favicon.is_some()) + usize::from(lang.is_some());
        }
        assert!(found >= 4, "{found}");
    }

    /// `fix_links` edits as the two selector passes did, one after the other.
    #[test]
    fn fix_links_matches_the_two_passes() {
        let html = r#"<body><div><a href="javascript:x()">text</a><a href="javascript:y()"><b>b</b></a>
            <a href="javascript:z()"></a><a></a><a><i>i</i></a><span><a href="javascript:w()"></a></span>
            <a href="javascript:v()">t<b>u</b></a><a href="/ok">ok</a><a><a href="javascript:q()"></a></a>
            <a href="javascript:p()"><a>inner</a></a></div></body>"#;
        let two_passes = Document::from(html);
        let body = two_passes.select("body");
        for a in body.select(r#"a[href^="javascript:"]"#).nodes() {
            let children = a.children();
            if children.len() == 1 {
                let child = &children[0];
                if child.is_text() {
                    a.replace_with(child);
                } else {
                    a.remove_all_attrs();
                    a.rename("span");
                }
            } else if children.is_empty() {
                a.remove_from_parent();
            } else {
                a.remove_all_attrs();
                a.rename("span");
            }
        }
        for a in body.select("a:not([href])").nodes() {
            if a.children().is_empty() {
                a.remove_from_parent();
            }
        }
        let one_walk = Document::from(html);
        fix_links(&one_walk.select("body"));
        assert_eq!(one_walk.html().to_string(), two_passes.html().to_string());
    }

    /// `content_root` is the node a `#readability-page-1` selector finds after parsing, on
    /// pages whose own markup already uses that id (before and inside the article).
    #[test]
    fn content_root_is_the_selected_container() {
        let paragraph =
            "<p>A paragraph, with commas, long enough to be scored as the content of this page.</p>";
        let pages = [
            format!("<html><body><div>{paragraph}{paragraph}</div></body></html>"),
            format!(
                "<html><body><nav>menu</nav><article>{paragraph}<div>{paragraph}</div></article></body></html>"
            ),
            format!(
                "<html><body><div id=\"readability-page-1\">{paragraph}</div><div><div><div \
                 id=\"readability-page-1\">{paragraph}</div></div>{paragraph}</div></body></html>"
            ),
            "<html><body></body></html>".to_string(),
        ];
        let mut found = 0;
        for html in &pages {
            let mut readability = Readability::new(html.as_str(), None, None).unwrap();
            assert!(readability.content_root().is_none());
            if readability.parse().is_err() {
                continue;
            }
            let selected = readability.doc.select_single("#readability-page-1").nodes().first().map(|n| n.id);
            assert_eq!(readability.content_root().map(|n| n.id), selected, "{html}");
            found += 1;
        }
        assert!(found >= 3);
    }

    #[test]
    fn test_simplify_nested_divs() {
        let contents = r"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                <div>
                    <div>
                        <div>
                            <div>Text</div>
                        </div>
                    </div>
                </div>
            </body>
        </html>";
        let doc = Document::from(contents);
        let body_sel = doc.select_single("body");

        simplify_nested_elements(&body_sel);
        assert_eq!(doc.select("div").length(), 1);
    }

    #[test]
    fn test_replace_font_tags() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                <font size="4" color="blue" face="Arial">Styled Text Here</font>
                <font size="4" color="blue" face="Arial">Styled Text Here</font>
            </body>
        </html>"#;

        let readability = Readability::from(contents);
        replace_fonts(&PrepareNodes::of(&readability.doc).fonts);

        debug_assert_eq!(&readability.doc.select("span").html(), "<span>Styled Text Here</span>");
    }

    #[test]
    fn test_remove_unwanted_urls() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                <a href="/home">Home</a>
                <a href="javascript:void(0)">Click me</a>
            </body>
        </html>"#;
        let readability = Readability::from(contents);
        fix_links(&readability.doc.select("body"));
        assert_eq!(readability.doc.select("a").length(), 1);
    }

    #[test]
    fn test_normalize_spaces() {
        let text = "  The    quick\t        brown\r\n  fox ";
        let normalized = normalize_spaces(text);
        assert_eq!(normalized, "The quick brown fox");
    }

    #[test]
    fn test_base_uri() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head>
                <base href="https://example.com/">
                <title>Test</title>
            </head>
            <body>
            </body>
        </html>"#;
        let readability = Readability::from(contents);
        let base_url = readability.parse_base_url();
        assert_eq!(base_url.unwrap().as_str(), "https://example.com/");
    }

    #[test]
    fn test_get_title_with_separator_only() {
        let contents = r"<!DOCTYPE>
        <html>
            <head><title>/</title></head>
            <body></body>
        </html>";
        let readability = Readability::from(contents);
        let title = readability.get_article_title();
        assert_eq!(&title, "/");
    }

    #[test]
    fn test_bad_document_url() {
        let contents = r"<!DOCTYPE html>
    <html>
        <head><title>Title</title></head>
        <body>Content</body>
    </html>";

        let result = Readability::new(contents, Some("example.com"), None);
        assert!(matches!(result, Err(e) if e.to_string().contains("the document URL must be absolute")));
    }

    #[test]
    fn test_parse_base_url_with_doc_and_base() {
        let contents = r#"<!DOCTYPE>
    <html>
      <head>
        <base href="/blog/">
        <title>Test</title>
      </head>
      <body></body>
    </html>"#;
        let ra = Readability::new(contents, Some("https://example.com/news/page.html"), None).unwrap();
        // Ensure fix in parse_base_url wraps in Some(...)
        let base_url = ra.parse_base_url().expect("base url");
        assert_eq!(base_url, "https://example.com/blog/");
    }

    #[test]
    fn test_fix_relative_uris_srcset_without_descriptor() {
        let contents = r#"
        <!DOCTYPE html>
        <html> 
            <head><base href="https://example.com/"></head>
            <body>
                 <video width="320" height="240" controls>
                    <source src="clip.mp4" type="video/mp4">
                    Your browser does not support the video tag.
                </video> 
                <img src="/img/a.jpg" srcset="img/a.jpg, img/b.jpg 2x">
            </body>
        </html>"#;
        let ra = Readability::new(contents, None, None).unwrap();
        let body = ra.doc.select("body");

        ra.fix_relative_uris(&body);
        let got_img = ra.doc.select("img").attr("srcset").unwrap();
        assert_eq!(&got_img, "https://example.com/img/a.jpg, https://example.com/img/b.jpg 2x");
        let got_video = ra.doc.select("video source").attr("src").unwrap();
        assert_eq!(&got_video, "https://example.com/clip.mp4");
    }

    #[test]
    fn test_fix_relative_uris_srcset_candidates() {
        let contents = r#"
        <!DOCTYPE html>
        <html>
            <head><base href="https://example.com/"></head>
            <body>
                <img srcset="img/a.jpg 1x,img/b.jpg 2x">
                <img srcset="data:image/gif;base64,R0lGOD 1x,img/c.jpg 2x">
                <img srcset="img/d.jpg,
                             img/e.jpg 2x">
            </body>
        </html>"#;
        let ra = Readability::new(contents, None, None).unwrap();
        let body = ra.doc.select("body");

        ra.fix_relative_uris(&body);
        let got_srcset: Vec<String> =
            ra.doc.select("img").nodes().iter().map(|n| n.attr("srcset").unwrap().to_string()).collect();
        assert_eq!(
            got_srcset,
            [
                "https://example.com/img/a.jpg 1x, https://example.com/img/b.jpg 2x",
                "data:image/gif;base64,R0lGOD 1x, https://example.com/img/c.jpg 2x",
                "https://example.com/img/d.jpg, https://example.com/img/e.jpg 2x",
            ]
        );
    }

    #[test]
    fn test_metadata_is_empty() {
        let empty_meta = Metadata::default();
        assert!(empty_meta.is_empty());

        let non_empty_meta_1 = Metadata { title: "The Title".into(), ..Default::default() };
        assert!(!non_empty_meta_1.is_empty());
        let non_empty_meta_2 = Metadata { lang: Some("en".into()), ..Default::default() };
        assert!(!non_empty_meta_2.is_empty());
    }

    #[test]
    fn test_consume_byline() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                <div>
                 <a class="site-title" rel="author" href="/">Cat's Blog</a>
                <p>Content</p>
                 </div>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        let mut ra = Readability::with_document(doc, None, None).unwrap();
        let _ = ra.parse();
        // consuming byline during grabbing the article
        assert!(!ra.doc.select("a").exists());
    }

    #[test]
    fn test_skipping_byline() {
        let contents = r#"<!DOCTYPE>
        <html>
            <head><title>Test</title></head>
            <body>
                 <a class="site-title" rel="author" href="/">Cat's Blog</a>
            </body>
        </html>"#;

        let doc = Document::from(contents);
        let metadata = Metadata { byline: Some("Cat".to_string()), ..Default::default() };
        let ra = Readability::with_document(doc, None, None).unwrap();
        let _ = ra.get_article_metadata(Some(metadata));
        // consuming byline during grabbing the article
        assert!(ra.doc.select("a").exists());
    }
}
