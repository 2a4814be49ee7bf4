use std::sync::LazyLock as Lazy;

use dom_query::{LocalName, Matcher, local_name, mini_selector::MiniSelector};

use phf::phf_set;

macro_rules! lazy_matcher {
    ($pattern:expr) => {
        Lazy::new(|| Matcher::new($pattern).unwrap())
    };
}

pub(crate) static CONTENT_ID: &str = "readability-page-1";
pub(crate) static MIN_COMMON_ANCESTORS: usize = 3;
pub(crate) static MIN_SCORE: f32 = 20.0;
pub(crate) static MIN_CONTENT_LENGTH: usize = 140;

pub(crate) static DATA_URL_PFX: &str = "data:";
pub(crate) static BASE64_MARKER: &str = ";base64,";
pub(crate) static BASE64_MARKER_LEN: usize = BASE64_MARKER.len();

pub(crate) static SCHEMA_ORG_SFX: &str = "://schema.org";
pub(crate) static HTTP_PFX: &str = "http://";
pub(crate) static HTTPS_PFX: &str = "https://";

pub(crate) static PROTOCOL_PFX: &str = "//";
pub(crate) static PROTOCOL_PFX_LEN: usize = PROTOCOL_PFX.len();
pub(crate) static WWW_PFX: &str = "//www.";
pub(crate) static WWW_PFX_LEN: usize = WWW_PFX.len();

// --- Matchers ---

pub(crate) static MATCHER_CONTENT_ID: Lazy<Matcher> = lazy_matcher!("#readability-page-1");
pub(crate) static MATCHER_LI_P: Lazy<Matcher> = lazy_matcher!("li p");
pub(crate) static MATCHER_TITLE: Lazy<Matcher> = lazy_matcher!("head title");
pub(crate) static MATCHER_HTML_LANG: Lazy<Matcher> = lazy_matcher!("html[lang]");
pub(crate) static MATCHER_IMG: Lazy<Matcher> = lazy_matcher!("img");
pub(crate) static MATCHER_META: Lazy<Matcher> = lazy_matcher!("meta[content]");
/// `:empty`, asked only of elements already known to be `div` or `section`.
pub(crate) static MATCHER_EMPTY: Lazy<Matcher> = lazy_matcher!(":empty");
pub(crate) static MATCHER_JS_LINK: Lazy<Matcher> = lazy_matcher!(r#"a[href^="javascript:"]"#);
pub(crate) static MATCHER_JSONLD: Lazy<Matcher> = lazy_matcher!(r#"script[type="application/ld+json"]"#);
pub(crate) static MATCHER_HEADING: Lazy<Matcher> = lazy_matcher!(r"h1,h2");
#[cfg(test)]
pub(crate) static MATCHER_H1_H6: Lazy<Matcher> = lazy_matcher!("h1,h2,h3,h4,h5,h6");
#[cfg(test)]
pub(crate) static MATCHER_UL_OL: Lazy<Matcher> = lazy_matcher!("ul,ol");
#[cfg(test)]
pub(crate) static MATCHER_TEXTISH: Lazy<Matcher> =
    lazy_matcher!("blockquote,dl,div,img,ol,p,pre,table,ul,span,li,td");
/// The element names of `MATCHER_H1_H6`, tested directly in a walk.
pub(crate) static H1_H6_ELEMS: &[LocalName] = &[
    local_name!("h1"),
    local_name!("h2"),
    local_name!("h3"),
    local_name!("h4"),
    local_name!("h5"),
    local_name!("h6"),
];
/// The element names of `MATCHER_UL_OL`.
pub(crate) static UL_OL_ELEMS: &[LocalName] = &[local_name!("ul"), local_name!("ol")];
/// The element names of `MATCHER_TEXTISH`.
pub(crate) static TEXTISH_ELEMS: &[LocalName] = &[
    local_name!("blockquote"),
    local_name!("dl"),
    local_name!("div"),
    local_name!("img"),
    local_name!("ol"),
    local_name!("p"),
    local_name!("pre"),
    local_name!("table"),
    local_name!("ul"),
    local_name!("span"),
    local_name!("li"),
    local_name!("td"),
];
#[cfg(test)]
pub(crate) static MATCHER_FORM_FIELDSET: Lazy<Matcher> = lazy_matcher!("form,fieldset");
#[cfg(test)]
pub(crate) static MATCHER_TABLE_UL_DIV: Lazy<Matcher> = lazy_matcher!("table,ul,div");
pub(crate) static MATCHER_TR: Lazy<Matcher> = lazy_matcher!("tr");
pub(crate) static MATCHER_TD: Lazy<Matcher> = lazy_matcher!("td");
pub(crate) static MATCHER_IMG_PICTURE: Lazy<Matcher> = lazy_matcher!("img, picture");
pub(crate) static MATCHER_IMG_ONLY_CHILD: Lazy<Matcher> = lazy_matcher!("img:only-child");
pub(crate) static MATCHER_HAS_IMG_ONLY_CHILD: Lazy<Matcher> = lazy_matcher!("*:has( > img:only-child)");
pub(crate) static MATCHER_BYLINE: Lazy<Matcher> = lazy_matcher!(r#"[rel="author"],[itemprop*="author"]"#);
pub(crate) static MATCHER_SOURCES: Lazy<Matcher> = lazy_matcher!("img,picture,figure,video,audio,source");
pub(crate) static MATCHER_P: Lazy<Matcher> = lazy_matcher!("p");
#[cfg(test)]
pub(crate) static MATCHER_CLEAN: Lazy<Matcher> =
    lazy_matcher!("object,embed,footer,link,aside,iframe,input,textarea,select,button");
pub(crate) static MATCHER_TABLE: Lazy<Matcher> = lazy_matcher!("table");
/// The selectors that article preparation's walks replace (kept for the tests comparing them).
#[cfg(test)]
pub(crate) static MATCHER_H1: Lazy<Matcher> = lazy_matcher!("h1");
/// See [`MATCHER_H1`].
#[cfg(test)]
pub(crate) static MATCHER_IMG_PICTURE_FIGURE: Lazy<Matcher> = lazy_matcher!("img,picture,figure");
/// See [`MATCHER_H1`].
#[cfg(test)]
pub(crate) static MATCHER_CLASS_OR_ID: Lazy<Matcher> = lazy_matcher!("*[class],*[id]");
/// Relative links to rewrite when the base URL is the document's: prepared once per process
/// (it was parsed per page).
pub(crate) static MATCHER_RELATIVE_LINK_NOT_FRAGMENT: Lazy<Matcher> =
    lazy_matcher!(r##"a[href]:not([href^="#"]):not([href^="http"])"##);
/// Relative links to rewrite when the base URL differs from the document's; see
/// [`MATCHER_RELATIVE_LINK_NOT_FRAGMENT`].
pub(crate) static MATCHER_RELATIVE_LINK: Lazy<Matcher> = lazy_matcher!(r#"a[href]:not([href^="http"])"#);
pub(crate) static MATCHER_TABLE_MEMBERS: Lazy<Matcher> = lazy_matcher!("caption,col,colgroup,tfoot,thead,th");
pub(crate) static MATCHER_LAZY_CLASS: Lazy<Matcher> = lazy_matcher!(r#"[class*="lazy"]"#);
pub(crate) static MATCHER_LAZY_LOADING: Lazy<Matcher> = lazy_matcher!(r#"img[loading="lazy"]"#);
pub(crate) static MATCHER_FAVICON: Lazy<Matcher> =
    lazy_matcher!(r#"link[rel="icon"], link[rel="shortcut icon"], link[rel="apple-touch-icon"]"#);

// --- Mini matchers ---

pub(crate) static MINI_FALLBACK_IMG: Lazy<MiniSelector> =
    Lazy::new(|| MiniSelector::new(r#"[class*="fallback-image"]"#).unwrap());
pub(crate) static MINI_ARIA_HIDDEN: Lazy<MiniSelector> =
    Lazy::new(|| MiniSelector::new(r#"[aria-hidden="true"]"#).unwrap());
pub(crate) static MINI_PRESENTATION: Lazy<MiniSelector> =
    Lazy::new(|| MiniSelector::new(r#"[role="presentation"]"#).unwrap());
pub(crate) static MINI_AINT_DATA_TABLE: Lazy<MiniSelector> =
    Lazy::new(|| MiniSelector::new(r#"[datatable="0"]"#).unwrap());

pub(crate) static META_TITLE_KEYS: &[&str] = &[
    "dc:title",
    "dcterms:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
];
pub(crate) static META_IMAGE_KEYS: &[&str] = &["og:image", "image", "twitter:image"];
pub(crate) static META_MOD_TIME_KEYS: &[&str] = &["article:modified_time", "dcterms.modified"];
pub(crate) static META_PUB_TIME_KEYS: &[&str] = &[
    "article:published_time",
    "dcterms.available",
    "dcterms.created",
    "dcterms.issued",
    "parsely-pub-date",
    "weibo:article:create_at",
];
pub(crate) static META_BYLINE_KEYS: &[&str] = &["dc:creator", "dcterms:creator", "author", "parsely-author"];
pub(crate) static META_EXCERPT_KEYS: &[&str] = &[
    "dc:description",
    "dcterms:description",
    "og:description",
    "weibo:article:description",
    "weibo:webpage:description",
    "description",
    "twitter:description",
];

#[rustfmt::skip]
pub(crate) static PRESENTATIONAL_ATTRIBUTES: &[LocalName] = &[
    local_name!("align"), local_name!("background"), local_name!("bgcolor"), local_name!("border"),
    local_name!("cellpadding"), local_name!("cellspacing"), local_name!("frame"), local_name!("hspace"),
    local_name!("rules"), local_name!("style"), local_name!("valign"), local_name!("vspace"),
];

#[rustfmt::skip]
pub(crate) static UNLIKELY_CANDIDATES: &[&str] = &[
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
    "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
    "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
    "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", 
    "pager", "popup", "yom-remote",
];

pub(crate) static MAYBE_CANDIDATES: &[&str] =
    &["and", "article", "body", "column", "content", "layout", "main", "mathjax", "shadow"];

pub(crate) static BYLINE_PATTERNS: &[&str] = &["byline", "author", "dateline", "writtenby", "p-author"];

pub(crate) static JSONLD_ARTICLE_TYPES: &[&str] = &[
    "Article",
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "BlogPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "TechArticle",
    "APIReference",
];

pub(crate) static VIDEO_DOMAINS: &[&str] = &[
    "dailymotion.com",
    "youtube.com",
    "youtube-nocookie.com",
    "player.vimeo.com",
    "v.qq.com",
    "archive.org",
    "upload.wikimedia.org",
    "player.twitch.tv",
    "bilibili.com",
    "live.bilibili.com",
];

pub(crate) static COMMAS: &[char] = &[
    '\u{002C}', '\u{060C}', '\u{FE50}', '\u{FE10}', '\u{FE11}', '\u{2E41}', '\u{2E34}', '\u{2E32}',
    '\u{FF0C}',
];

pub(crate) static TITLE_SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];
pub(crate) static TITLE_HIERARCHY_SEP: &[char] = &['\\', '/', '>', '»'];
pub(crate) static IMG_EXT: &[&str] = &[".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"];

#[rustfmt::skip]
pub(crate) static META_NAME_PREFIXES: &[&str] = &[
    "article", "dc", "dcterms", "og", "twitter", "parsely", "weibo:article", "weibo:webpage",
];

#[rustfmt::skip]
pub(crate) static META_NAME_KEYS: &[&str] = &[
    "author", "creator", "pub-date", "description", "title", "site_name",
];

pub(crate) static META_NAME_SEP: &[char] = &['-', '.', ':'];
pub(crate) static META_PROPERTY_PREFIXES: &[&str] = &["article", "dc", "dcterms", "og", "twitter"];

#[rustfmt::skip]
pub(crate) static META_PROPERTY_KEYS: &[&str] = &[
    "author", "creator", "description", "published_time", "title", "site_name", "image"
];

pub(crate) static SHARE_WORDS: &[&str] = &["share", "sharedaddy"];

#[rustfmt::skip]
pub(crate) static CLASSES_NEGATIVE: &[&str] = &[
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
    "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll",
    "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags",
    "widget"
];

#[rustfmt::skip]
pub(crate) static CLASSES_POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
    "post", "text", "blog", "story",
];

pub(crate) static CLASSES_NEGATIVE_WORDS: &[&str] = &["hid"];

// --- tag-name sets: interned names, compared as atoms (a phf lookup hashed the name) ---

/// The names of `MATCHER_CLEAN`'s selector, tested on each element of an article's walk.
pub(crate) static CLEAN_ELEMS: &[LocalName] = &[
    local_name!("object"),
    local_name!("embed"),
    local_name!("footer"),
    local_name!("link"),
    local_name!("aside"),
    local_name!("iframe"),
    local_name!("input"),
    local_name!("textarea"),
    local_name!("select"),
    local_name!("button"),
];
/// `form,fieldset` as names (see [`CLEAN_ELEMS`]).
pub(crate) static FORM_FIELDSET_ELEMS: &[LocalName] = &[local_name!("form"), local_name!("fieldset")];
/// `table,ul,div` as names (see [`CLEAN_ELEMS`]).
pub(crate) static TABLE_UL_DIV_ELEMS: &[LocalName] =
    &[local_name!("table"), local_name!("ul"), local_name!("div")];
/// `h1,h2` as names (see [`CLEAN_ELEMS`]).
pub(crate) static H1_H2_ELEMS: &[LocalName] = &[local_name!("h1"), local_name!("h2")];
/// `img,picture,figure` as names (see [`CLEAN_ELEMS`]).
pub(crate) static IMG_PICTURE_FIGURE_ELEMS: &[LocalName] =
    &[local_name!("img"), local_name!("picture"), local_name!("figure")];

pub(crate) static ALTER_TO_DIV_EXCEPTIONS: &[LocalName] =
    &[local_name!("article"), local_name!("section"), local_name!("p"), local_name!("ol"), local_name!("ul")];
pub(crate) static DEFAULT_TAGS_TO_SCORE: &[LocalName] = &[
    local_name!("section"),
    local_name!("h2"),
    local_name!("h3"),
    local_name!("h4"),
    local_name!("h5"),
    local_name!("h6"),
    local_name!("p"),
    local_name!("td"),
    local_name!("pre"),
];
pub(crate) static TAGS_WITH_CONTENT: &[LocalName] = &[
    local_name!("div"),
    local_name!("section"),
    local_name!("header"),
    local_name!("h1"),
    local_name!("h2"),
    local_name!("h3"),
    local_name!("h4"),
    local_name!("h5"),
    local_name!("h6"),
];

#[rustfmt::skip]
pub(crate) static BLOCK_ELEMS: &[LocalName] = &[local_name!("blockquote"), local_name!("dl"), local_name!("div"), local_name!("img"), local_name!("ol"), local_name!("p"), local_name!("pre"), local_name!("table"), local_name!("ul")];

/// Elements that make a `<p>` worth keeping without text.
pub(crate) static IMG_EMBED_ELEMS: &[LocalName] =
    &[local_name!("img"), local_name!("object"), local_name!("embed"), local_name!("iframe")];
pub(crate) static EMBED_ELEMENTS: &[LocalName] =
    &[local_name!("object"), local_name!("embed"), local_name!("iframe")];

#[rustfmt::skip]
pub(crate) static UNLIKELY_ROLES: phf::Set<&'static str> = phf_set!(
    "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"
);

#[rustfmt::skip]
pub(crate) static PHRASING_ELEMS: &[LocalName] = &[local_name!("abbr"), local_name!("audio"), local_name!("b"), local_name!("bdo"), local_name!("br"), local_name!("button"), local_name!("cite"), local_name!("code"), local_name!("data"), local_name!("datalist"), local_name!("dfn"), local_name!("em"), local_name!("embed"), local_name!("i"), local_name!("img"), local_name!("input"), local_name!("kbd"), local_name!("label"), local_name!("mark"), local_name!("math"), local_name!("meter"), local_name!("noscript"), local_name!("object"), local_name!("output"), local_name!("progress"), local_name!("q"), local_name!("ruby"), local_name!("samp"), local_name!("script"), local_name!("select"), local_name!("small"), local_name!("span"), local_name!("strong"), local_name!("sub"), local_name!("sup"), local_name!("textarea"), local_name!("time"), local_name!("var"), local_name!("wbr")];

pub(crate) static DEPRECATED_SIZE_ATTRIBUTE_ELEMS: &[LocalName] =
    &[local_name!("table"), local_name!("th"), local_name!("td"), local_name!("hr"), local_name!("pre")];

#[rustfmt::skip]
pub(crate) static AD_WORDS: phf::Set<&'static str> = phf_set!(
    "ad", "advertising", "advertisement", "pub", "publicité", 
    "werb", "werbung", "广告", "реклама", "anuncio"
);
#[rustfmt::skip]
pub(crate) static LOADING_WORDS: phf::Set<&'static str> = phf_set!(
    "loading", "正在加载", "загрузка", "chargement", "cargando"
);
