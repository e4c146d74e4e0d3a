//! A small Markdown reader for the lint documentation pages: headings, paragraphs, lists,
//! fenced code and `code` spans, rendered with `html!` (never as raw HTML).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::ticked;

/// One block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `## Heading`.
    Heading(String),
    /// Lines of text.
    Paragraph(String),
    /// `- item` lines.
    List(Vec<String>),
    /// A fenced code block.
    Code(String),
}

/// Splits a page into blocks; the `# title` line is dropped (the page shows the id).
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |out: &mut Vec<Block>, para: &mut Vec<&str>, list: &mut Vec<String>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join(" ")));
            para.clear();
        }
        if !list.is_empty() {
            out.push(Block::List(std::mem::take(list)));
        }
    };
    for line in text.lines() {
        if let Some(lines) = &mut code {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut out, &mut para, &mut list);
            code = Some(Vec::new());
        } else if t.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some(h) = t.strip_prefix("## ").or_else(|| t.strip_prefix("### ")) {
            flush(&mut out, &mut para, &mut list);
            out.push(Block::Heading(h.to_owned()));
        } else if t.starts_with("# ") {
            flush(&mut out, &mut para, &mut list);
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            if !para.is_empty() {
                out.push(Block::Paragraph(para.join(" ")));
                para.clear();
            }
            list.push(item.to_owned());
        } else if !list.is_empty() && line.starts_with("  ") {
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            if !list.is_empty() {
                out.push(Block::List(std::mem::take(&mut list)));
            }
            para.push(t);
        }
    }
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    flush(&mut out, &mut para, &mut list);
    out
}

/// Text with `code` spans and bare https links.
fn inline(text: &str) -> Html {
    if !text.contains("https://") {
        return ticked(text);
    }
    html! {
        <>
        { for text.split(' ').enumerate().map(|(i, word)| {
            let space = if i == 0 { "" } else { " " };
            match word.strip_prefix("https://") {
                Some(_) => {
                    let url = word.trim_end_matches([',', '.', ')', ';']);
                    let rest = word.get(url.len()..).unwrap_or("").to_owned();
                    html! { <>{ space }<a href={url.to_owned()} target="_blank" rel="noopener noreferrer">{ url.to_owned() }</a>{ rest }</> }
                }
                None => html! { <>{ space }{ ticked(word) }</> },
            }
        }) }
        </>
    }
}

/// Renders a page.
pub fn render(text: &str) -> Html {
    html! {
        <div class="doc">
            { for blocks(text).into_iter().map(|b| match b {
                Block::Heading(h) => html! { <h4>{ h }</h4> },
                Block::Paragraph(p) => html! { <p>{ inline(&p) }</p> },
                Block::List(items) => html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
                Block::Code(c) => html! { <pre><code>{ c }</code></pre> },
            }) }
        </div>
    }
}

/// Where the lint pages are, beside the page: the repository's `core/docs/lints/`
/// (`cargo xtask` copies it into `dist/`, so the served repository works too).
const LINT_PAGES: &str = "core/docs/lints";

/// Props of [`LintDoc`].
#[derive(Debug, Properties, PartialEq)]
pub struct LintDocProps {
    /// The lint's id.
    pub id: &'static str,
}

/// Reads a text file beside the page.
async fn fetch_text(url: &str) -> Result<String, String> {
    let js = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(js)?
        .dyn_into()
        .map_err(js)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    JsFuture::from(response.text().map_err(js)?)
        .await
        .map_err(js)?
        .as_string()
        .ok_or_else(|| "not text".to_owned())
}

/// A lint's documentation page, read from [`LINT_PAGES`] when it is first shown: the
/// page's wasm carries none (the core's `lint-docs` feature is off for it, about 14 KiB
/// gzip less before the first verdict).
#[component]
pub fn LintDoc(props: &LintDocProps) -> Html {
    let page = use_state(|| None::<Result<String, String>>);
    {
        let page = page.clone();
        use_effect_with(props.id, move |id| {
            let url = format!("{LINT_PAGES}/{id}.md");
            wasm_bindgen_futures::spawn_local(async move {
                page.set(Some(fetch_text(&url).await));
            });
        });
    }
    match &*page {
        None => html! { <p class="hint lint-doc-loading">{ "Loading the page…" }</p> },
        Some(Ok(text)) => render(text),
        Some(Err(e)) => html! {
            <p class="hint lint-doc-missing">{ format!("The page could not be loaded ({e}); it is {LINT_PAGES}/{}.md in the repository.", props.id) }</p>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lint_pages() {
        let page = "# x\n\n## What it does\n\nFlags `a`\nand b.\n\n```json\n{\"a\": 1}\n```\n\n- one\n  more\n- two\n";
        assert_eq!(
            blocks(page),
            vec![
                Block::Heading("What it does".to_owned()),
                Block::Paragraph("Flags `a` and b.".to_owned()),
                Block::Code("{\"a\": 1}".to_owned()),
                Block::List(vec!["one more".to_owned(), "two".to_owned()]),
            ]
        );
        for lint in oidc_trust::lints() {
            // The pages the page reads (its core has no `lint-docs`).
            let path = format!(
                "{}/../{LINT_PAGES}/{}.md",
                env!("CARGO_MANIFEST_DIR"),
                lint.id
            );
            let page = std::fs::read_to_string(&path).unwrap();
            let b = blocks(&page);
            assert!(
                b.iter()
                    .any(|b| matches!(b, Block::Heading(h) if h == "What it does")),
                "{}",
                lint.id
            );
        }
        // Unclosed fences and odd input do not panic.
        let _ = blocks("```\nx");
        let _ = blocks("- \n  \n#");
    }
}
