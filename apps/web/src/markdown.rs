//! Notes and agreements are Markdown (CommonMark): rendered to HTML here, on the server, then
//! sanitized, so a text can carry lists, emphasis and links but never runs anything in a
//! reader's browser. Raw HTML in a text is shown as the text it is; ammonia then keeps only
//! harmless tags, and links only to `http`, `https` and `mailto` URLs, each marked so the page it
//! opens learns nothing of ours and search engines follow none.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Options, Parser, html};

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut sanitizer = Builder::default();
    sanitizer
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        // A relative link would point into this site, on behalf of whoever wrote the text.
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        // An image loads by itself when the page opens: a tracking pixel in a note.
        .rm_tags(["img"]);
    sanitizer
});

/// The sanitized HTML of the Markdown `text`.
pub fn render(text: &str) -> String {
    let events = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|event| {
        match event {
            // Typed HTML stays visible as typed, escaped like any other text.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        }
    });
    let mut unsafe_html = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    /// The tags a rendered text may hold.
    const ALLOWED_TAGS: &[&str] = &[
        "p",
        "a",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "br",
        "del",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ];

    /// Every tag of `html` (text between `<` and `>`; the serializer escapes a `<` in text).
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or_default().to_lowercase())
            .collect()
    }

    /// Panics unless `html` holds only allowed tags, no event handlers, styles or sources, and
    /// links only to http, https and mailto.
    fn assert_harmless(input: &str, html: &str) {
        for tag in tags(html) {
            let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default().to_owned();
            assert!(ALLOWED_TAGS.contains(&name.as_str()), "<{tag}> survived {input:?}: {html}");
            let attributes = tag.split_whitespace().skip(1);
            for attribute in attributes {
                assert!(!attribute.starts_with("on"), "an event handler survived {input:?}: {html}");
                assert!(
                    !attribute.starts_with("style") && !attribute.starts_with("src"),
                    "{input:?}: {html}"
                );
                if let Some(url) = attribute.strip_prefix("href=\"") {
                    assert!(
                        ["http://", "https://", "mailto:"].iter().any(|scheme| url.starts_with(scheme)),
                        "a link to {url} survived {input:?}: {html}"
                    );
                }
            }
        }
    }

    #[test]
    fn nothing_that_runs_or_loads_survives() {
        let corpus = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
            "before <script>alert(1)</script> after",
            "<img src=x onerror=alert(1)>",
            "![x](https://evil.example/pixel.png)",
            "![x](x \"onerror=alert(1)\")",
            "<a href=\"#\" onclick=\"alert(1)\">click</a>",
            "<div onmouseover=\"alert(1)\">\n\nhello\n\n</div>",
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](jav&#x09;ascript:alert(1))",
            "[x](jav&#x0A;ascript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](%6Aavascript:alert(1))",
            "[x]( javascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "<javascript:alert(1)>",
            "[x]: javascript:alert(1)\n\n[link][x]",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "<data:text/html,<script>alert(1)</script>>",
            "[x](/admin/users)",
            "[x](//evil.example)",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body { display: none }</style>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<form action=https://evil.example><input name=password></form>",
            "<div><p><b><i>unclosed <script>alert(1)",
            "<scr<script>ipt>alert(1)</script>",
            "**<img src=x onerror=alert(1)>** _<svg/onload=alert(1)>_",
            "> <object data=\"x.swf\"></object>\n> <embed src=x>",
            "<!-- <script>alert(1)</script> -->",
            "<details open ontoggle=alert(1)>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<base href=\"https://evil.example/\">",
            "<table><tr><td background=\"javascript:alert(1)\">x</td></tr></table>",
            "| a |\n| - |\n| <img src=x onerror=alert(1)> |",
        ];
        for input in corpus {
            assert_harmless(input, &render(input));
        }
    }

    #[test]
    fn raw_html_shows_as_the_text_it_is() {
        let html = render("<b>bold?</b> and <script>alert(1)</script>");
        assert!(html.contains("&lt;b&gt;bold?&lt;/b&gt;"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn markdown_formats_and_links_are_marked() {
        let html = render(
            "# Plan\n\n- **one**\n- _two_\n\n[docs](https://example.com/a?b=c) or <mailto:me@example.com>",
        );
        assert!(html.contains("<h1>Plan</h1>"), "{html}");
        assert!(html.contains("<li><strong>one</strong></li>"), "{html}");
        assert!(html.contains("<em>two</em>"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://example.com/a?b=c" rel="noopener noreferrer nofollow">docs</a>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"href="mailto:me@example.com""#), "{html}");
        // A refused link keeps its words.
        let refused = render("[click me](javascript:alert(1))");
        assert!(refused.contains("click me") && !refused.contains("href"), "{refused}");
    }
}
