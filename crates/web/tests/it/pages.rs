//! Every reporter page: translated, marked with its language and direction, small, with
//! nothing from another origin, and with the security headers.

use quietline_core::Limits;
use quietline_web::Lang;
use regex::Regex;

use crate::helpers::{
    MINIMAL, Options, TestApp, receipt_in, spawn_app, spawn_app_with, static_url_in,
};

const PAGES: [&str; 3] = ["/", "/report", "/return"];

/// The largest a page may weigh with its stylesheet (and, where it shows Tibetan, the
/// Tibetan fallback font, which the browser loads only if the device has no Tibetan font).
const PAGE_WEIGHT_LIMIT: usize = 60 * 1024;

fn langs() -> Vec<String> {
    Lang::all().into_iter().map(Lang::tag).collect()
}

fn has_tibetan(text: &str) -> bool {
    text.chars().any(|c| ('\u{0F00}'..='\u{0FFF}').contains(&c))
}

fn assert_security_headers(response: &reqwest::Response, what: &str) {
    let headers = response.headers();
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
    };
    let csp = get("content-security-policy");
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{what}: {csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(get("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert!(!get("x-request-id").is_empty());
}

#[tokio::test]
async fn every_page_in_every_language_is_marked_small_and_self_contained() {
    let app = spawn_app().await;
    let css_url = app.static_url("/en/", "quietline").await;
    let css = app.get(&css_url).await;
    assert_security_headers(&css, "stylesheet");
    assert_eq!(
        css.headers()["cache-control"],
        "public, max-age=31536000, immutable",
        "named by its content, kept a year"
    );
    let css = css.bytes().await.unwrap();
    let urls: Vec<String> = Regex::new(r"url\(([^)]*)\)")
        .unwrap()
        .captures_iter(&String::from_utf8_lossy(&css))
        .map(|c| c[1].to_string())
        .collect();
    let font_url = static_url_in(&String::from_utf8_lossy(&css), "fonts/tibetan")
        .expect("the stylesheet names the font by its content");
    assert_eq!(
        urls,
        std::slice::from_ref(&font_url),
        "the stylesheet loads nothing but the Tibetan fallback font, from this site"
    );
    let font = app.get(&font_url).await;
    assert_security_headers(&font, "font");
    assert_eq!(font.headers()["content-type"], "font/woff2");
    let font = font.bytes().await.unwrap();
    assert!(font.starts_with(b"wOF2"), "a WOFF2 font");

    let external =
        Regex::new(r#"(?:src|href|action|srcset|poster|data)\s*=\s*"(?:[a-z]+:)?//"#).unwrap();
    let mut checked = 0;
    let mut paths = vec!["/".to_string()];
    let mut heaviest = (0, String::new());
    for lang in langs() {
        for page in PAGES {
            paths.push(format!("/{lang}{page}"));
        }
    }
    for path in paths {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_security_headers(&response, &path);
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
        let html = response.text().await.unwrap();
        let lang = path
            .split('/')
            .nth(1)
            .filter(|s| !s.is_empty())
            .unwrap_or("en");
        let dir = Lang::from_tag(lang).unwrap().dir();
        assert!(
            html.contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)),
            "{path}: lang/dir missing"
        );
        assert!(
            !html.to_lowercase().contains("<script"),
            "{path} has a script"
        );
        assert!(
            !html.contains(" style="),
            "{path} has inline style (CSP forbids it)"
        );
        // The only link to another origin is "Quick exit", and it is a link, not a resource.
        let without_exit = html.replace(
            r#"class="quick-exit" href="https://www.wikipedia.org/""#,
            "",
        );
        assert!(
            !external.is_match(&without_exit),
            "{path} refers to another origin"
        );
        // Every page names each language in itself, Tibetan too: the font counts everywhere.
        assert!(has_tibetan(&html), "{path} links to the Tibetan pages");
        let weight = html.len() + css.len() + font.len();
        assert!(
            weight < PAGE_WEIGHT_LIMIT,
            "{path} weighs {weight} bytes with its stylesheet and font"
        );
        if weight > heaviest.0 {
            heaviest = (weight, path.clone());
        }
        checked += 1;
    }
    assert_eq!(checked, 1 + 3 * langs().len());
    eprintln!(
        "heaviest page: {} at {} bytes with stylesheet and font ({} of them the font)",
        heaviest.1,
        heaviest.0,
        font.len()
    );
}

#[tokio::test]
async fn the_language_chooser_offers_each_language_in_itself() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    for (tag, name) in [
        ("bo", "བོད་ཡིག"),
        ("de", "Deutsch"),
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("it", "Italiano"),
        ("nl", "Nederlands"),
        ("ug", "ئۇيغۇرچە"),
        ("zh-Hans", "简体中文"),
        ("zh-Hant", "繁體中文"),
    ] {
        assert!(
            html.contains(&format!(r#"href="/{tag}/""#)),
            "no link to {tag}"
        );
        assert!(html.contains(name), "{name} missing");
    }
    // Each choice carries its own language and direction, Uyghur right to left.
    assert!(html.contains(r#"<li lang="ug" dir="rtl">"#), "{html}");
    assert!(html.contains(r#"<li lang="bo" dir="ltr">"#), "{html}");
    // Chinese first, then Uyghur and Tibetan, then English and French.
    let order: Vec<String> = Regex::new(r#"<li lang="([a-zA-Z-]+)""#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(
        order[..6],
        ["zh-Hans", "zh-Hant", "ug", "bo", "en", "fr"],
        "{order:?}"
    );
    // The page's own words in every language: its heading, Quick exit, the privacy line.
    let heading = Regex::new(r#"(?s)<h1 class="chooser-title">(.*?)</h1>"#)
        .unwrap()
        .captures(&html)
        .expect("the chooser has a heading")[1]
        .to_owned();
    let quick_exit = Regex::new(r#"(?s)<a class="quick-exit"[^>]*>(.*?)</a>"#)
        .unwrap()
        .captures(&html)
        .expect("Quick exit")[1]
        .to_owned();
    let footer = html.split("<footer>").nth(1).expect("a footer");
    for lang in Lang::all() {
        for (part, key, text) in [
            ("heading", "chooser-title", &heading),
            ("Quick exit", "quick-exit", &quick_exit),
            ("footer", "footer-privacy", &footer.to_owned()),
        ] {
            assert!(
                text.contains(&lang.t(key).replace('\'', "&#39;")),
                "{part} lacks {}",
                lang.tag()
            );
        }
    }
}

#[tokio::test]
async fn the_landing_page_explains_safety_storage_and_emergencies_and_offers_quick_exit() {
    let app = spawn_app().await;
    let html = app.get("/zh-Hant/").await.text().await.unwrap();
    for needle in [
        "Tor Browser",
        "112",
        "911",
        r#"class="quick-exit""#,
        "/zh-Hant/report",
        "/zh-Hant/return",
    ] {
        assert!(html.contains(needle), "landing lacks {needle}");
    }
}

#[tokio::test]
async fn unknown_languages_and_paths_are_translated_404s_with_headers() {
    let app = spawn_app().await;
    for path in [
        "/ja/",
        "/en/nothing",
        "/static/../../etc/passwd",
        "/%00",
        "/fr/report/x",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_security_headers(&response, path);
    }
    let french = app.get("/fr/nothing").await.text().await.unwrap();
    assert!(
        french.contains(r#"lang="fr""#) && french.contains("Référence"),
        "{french}"
    );
    let redirect = app.get("/en").await;
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "/en/");
    let wrong_method = app.client.put(app.url("/en/report")).send().await.unwrap();
    assert!(wrong_method.status().is_client_error());
    assert_security_headers(&wrong_method, "PUT");
}

#[tokio::test]
async fn only_pages_with_forms_set_a_cookie_and_it_is_strict() {
    let app = spawn_app().await;
    let css = app.static_url("/en/", "quietline").await;
    for path in ["/", "/en/", css.as_str()] {
        assert!(
            app.get(path).await.headers().get("set-cookie").is_none(),
            "{path} set a cookie"
        );
    }
    let form = app.get("/en/report").await;
    let cookie = form.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("ql_form="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        !cookie.contains("Expires") && !cookie.contains("Max-Age"),
        "a session cookie: {cookie}"
    );
}

#[tokio::test]
async fn before_initialisation_the_form_says_reports_are_not_accepted() {
    let app = spawn_app_with(Options {
        initialised: false,
        ..Options::default()
    })
    .await;
    let html = app.get("/en/report").await.text().await.unwrap();
    assert!(html.contains("not accepting reports yet") && !html.contains("<form"));
    let posted = app.submit("en", &crate::helpers::MINIMAL, vec![]).await;
    assert_eq!(posted.status(), 503);
    assert_eq!(app.report_folders(), 0);
}

/// `GET path` with `Accept-Encoding: encodings`: (Content-Encoding, body length).
async fn fetched_as(app: &TestApp, path: &str, encodings: &str) -> (String, usize) {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-encoding", encodings)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (encoding, response.bytes().await.unwrap().len())
}

#[tokio::test]
async fn text_is_compressed_and_a_page_with_a_receipt_never_is() {
    let app = spawn_app().await;
    let css = app.static_url("/en/", "quietline").await;
    let plain_css = app.get(&css).await.bytes().await.unwrap().len();
    let (encoding, brotli_css) = fetched_as(&app, &css, "gzip, deflate, br").await;
    assert_eq!(encoding, "br", "Brotli when the browser offers it");
    assert!(
        brotli_css * 2 < plain_css,
        "{brotli_css} of {plain_css} bytes"
    );
    assert_eq!(fetched_as(&app, &css, "gzip").await.0, "gzip");
    assert_eq!(fetched_as(&app, "/en/report", "br").await.0, "br");
    assert_eq!(fetched_as(&app, &css, "identity").await.0, "");
    let font = static_url_in(
        &String::from_utf8_lossy(&app.get(&css).await.bytes().await.unwrap()),
        "fonts/tibetan",
    )
    .unwrap();
    assert_eq!(
        fetched_as(&app, &font, "br").await.0,
        "",
        "the font is compressed already"
    );

    // The receipt page: shown once, never compressed, whatever the browser offers.
    let shown = app
        .submit_with_headers("en", &MINIMAL, vec![], &[("accept-encoding", "br, gzip")])
        .await;
    assert_eq!(shown.status(), 200);
    assert!(
        shown.headers().get("content-encoding").is_none(),
        "the receipt page was sent {:?}",
        shown.headers().get("content-encoding")
    );
    let receipt = receipt_in(&shown.text().await.unwrap());
    // The return page that shows a typed receipt back (here: one digit wrong).
    let mut typed: Vec<char> = receipt.chars().collect();
    let last = typed.len() - 1;
    typed[last] = if typed[last] == '0' { '1' } else { '0' };
    let typed: String = typed.into_iter().collect();
    let csrf = app
        .form_tokens("/en/return")
        .await
        .into_iter()
        .find(|(name, _)| name == "csrf")
        .unwrap()
        .1;
    let again = app
        .client
        .post(app.url("/en/return"))
        .header("accept-encoding", "br, gzip")
        .form(&[("csrf", csrf.as_str()), ("receipt", typed.as_str())])
        .send()
        .await
        .unwrap();
    assert!(again.status().is_client_error(), "{}", again.status());
    assert!(
        again.headers().get("content-encoding").is_none(),
        "the return page showing a typed receipt was sent {:?}",
        again.headers().get("content-encoding")
    );
    assert!(again.text().await.unwrap().contains(&typed));
}

#[tokio::test]
async fn the_file_limits_are_written_as_each_language_writes_sizes() {
    let app = spawn_app_with(Options {
        limits: Limits {
            max_file_bytes: 1536 * 1024 * 1024,
            ..Limits::default()
        },
        ..Options::default()
    })
    .await;
    let french = app.get("/fr/report").await.text().await.unwrap();
    assert!(
        french.contains("Au maximum 1,5\u{a0}Go par fichier"),
        "French: decimal comma, Go, no-break space"
    );
    assert!(!french.contains("MiB") && !french.contains("GiB"));
    let english = app.get("/en/report").await.text().await.unwrap();
    assert!(
        english.contains("1.5\u{a0}GiB per file"),
        "English keeps GiB"
    );
}

/// Each part of the report form says whether it must be answered: a frightened reporter sees
/// at a glance that two answers are required and the rest can stay empty.
#[tokio::test]
async fn every_part_of_the_form_says_whether_it_is_required() {
    let app = spawn_app().await;
    let legend = Regex::new(r"(?s)<legend>(.*?)</legend>").unwrap();
    for lang in Lang::all() {
        let html = app
            .get(&format!("/{}/report", lang.tag()))
            .await
            .text()
            .await
            .unwrap();
        let (required, optional) = (lang.t("form-required"), lang.t("form-optional"));
        let mut counts = (0, 0);
        for l in legend.captures_iter(&html) {
            let text = &l[1];
            if text.contains(&required) {
                counts.0 += 1;
            } else if text.contains(&optional) {
                counts.1 += 1;
            } else {
                panic!("{}: a part says neither: {text}", lang.tag());
            }
        }
        assert_eq!(counts.0, 2, "{}: subject and narrative", lang.tag());
        assert!(counts.1 >= 8, "{}: {counts:?}", lang.tag());
        // Brackets as the language writes them: full width in Chinese.
        let brackets = if lang.tag().starts_with("zh") {
            ('（', '）')
        } else {
            ('(', ')')
        };
        assert!(
            required.starts_with(brackets.0) && required.ends_with(brackets.1),
            "{}: {required}",
            lang.tag()
        );
    }
}
