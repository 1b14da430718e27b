//! E-mail addresses and WeChat IDs: case-folded and trimmed.
//!
//! Nothing cleverer (no removal of dots or +tags in mailboxes): two keys are equal only when the
//! same mailbox or account is certain, because a shared identifier links records unconditionally.

use crate::text::fold;

/// Normalises an e-mail address: trimmed, `mailto:` removed, case-folded, spaces removed.
/// `Err` (with the reason) when no '@' with text on both sides is left.
pub(crate) fn email(raw: &str) -> Result<String, &'static str> {
    let f = fold(raw);
    let f = f.strip_prefix("mailto:").unwrap_or(&f);
    let f: String = f
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '<' | '>'))
        .collect();
    match f.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') => {
            Ok(f.trim_end_matches('.').to_string())
        }
        _ => Err("is not an e-mail address"),
    }
}

/// Normalises a WeChat ID: trimmed, a `wechat:`/`微信:` label removed, case-folded, spaces removed.
pub(crate) fn wechat(raw: &str) -> Result<String, &'static str> {
    let f = fold(raw);
    let mut s = f.as_str();
    for label in [
        "wechat:",
        "wechat id:",
        "weixin:",
        "wx:",
        "微信:",
        "微信号:",
        "微信：",
    ] {
        if let Some(rest) = s.strip_prefix(label) {
            s = rest;
        }
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_start_matches('@').to_string();
    if s.chars().count() < 3 {
        Err("is too short to be a WeChat ID")
    } else {
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        assert_eq!(
            email("  Chan.Wai@Example.COM "),
            Ok("chan.wai@example.com".into())
        );
        assert_eq!(email("mailto:a@b.org"), Ok("a@b.org".into()));
        assert!(email("not an email").is_err());
        assert_eq!(wechat(" WeChat: Chan_Wai88 "), Ok("chan_wai88".into()));
        assert_eq!(wechat("wxid_ABC123"), Ok("wxid_abc123".into()));
        assert!(wechat("a").is_err());
    }
}
