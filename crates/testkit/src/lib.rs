//! What the tests of several crates share, so that each is written once: an HTTP client that
//! keeps cookies and stops at redirects as a test needs, the hidden fields (CSRF token, form
//! nonce) scraped from a page, an investigator's first sign-in with the enrolment of the
//! second factor and later sign-ins ([`enrol`], [`sign_in`]), and `quietline serve` run as a
//! child process on a random loopback port ([`Server`]). (The authenticator app's secret is read
//! from the base32 shown at enrolment by `quietline_crypto::TotpSecret::from_base32`, not by a
//! decoder of the tests' own.) A dev-dependency of the crates whose tests drive the server;
//! never part of the binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Stdio;
use std::sync::LazyLock;
use std::time::Duration;

use quietline_crypto::TotpSecret;
use regex::Regex;

/// A client as a browser: it keeps cookies; redirects are left to the test to follow, so that
/// it can check where they lead.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

/// The hidden fields of a page's forms, in order: `(name, value)` (the CSRF token, the form
/// nonce, ids). Only hex values, as the server writes them.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<input type="hidden" name="([a-z_]+)" value="([0-9a-f]*)">"#).unwrap()
    });
    HIDDEN
        .captures_iter(html)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

/// The page's CSRF token (empty if it has none, which the server refuses).
pub fn csrf_of(html: &str) -> String {
    hidden_fields(html)
        .into_iter()
        .find(|(name, _)| name == "csrf")
        .map(|(_, value)| value)
        .unwrap_or_default()
}

/// An investigator after their first sign-in over HTTP, second factor enrolled.
pub struct Enrolled {
    /// Their browser, signed in.
    pub client: reqwest::Client,
    /// The authenticator app's secret.
    pub totp: TotpSecret,
    /// The secret as the enrolment page showed it (base32), for `oathtool -b`.
    pub secret_base32: String,
    /// The enrolment page (QR code, recovery codes).
    pub page: String,
}

/// The first sign-in of `username` at `base` (`http://host:port`): the password, then the
/// enrolment page, then its first code, computed at `unix_now()`. Asserts each step answers as
/// the workbench does for a new account.
pub async fn enrol(
    base: &str,
    username: &str,
    password: &str,
    unix_now: impl Fn() -> u64,
) -> Enrolled {
    let client = client();
    let response = login(&client, base, username, password, "").await;
    assert_eq!(response.status(), 303, "a new account goes to enrolment");
    assert_eq!(response.headers()["location"], "/investigator/enrol");
    let page = text(&client, &format!("{base}/investigator/enrol")).await;
    static SECRET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"id="totp-secret">([A-Z2-7]+)<"#).unwrap());
    let secret_base32 = SECRET
        .captures(&page)
        .unwrap_or_else(|| panic!("no secret on the enrolment page:\n{page}"))[1]
        .to_string();
    let totp = TotpSecret::from_base32(&secret_base32).unwrap();
    let code = totp.code_at(unix_now()).unwrap();
    let response = client
        .post(format!("{base}/investigator/enrol"))
        .form(&[("csrf", csrf_of(&page)), ("code", code)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "enrolment confirmed");
    assert_eq!(response.headers()["location"], "/investigator/inbox");
    Enrolled {
        client,
        totp,
        secret_base32,
        page,
    }
}

/// A later sign-in of `username` at `base` with the code of `totp` at `unix`: the response
/// to the sign-in form (303 to the inbox when accepted), and the browser.
pub async fn sign_in(
    base: &str,
    username: &str,
    password: &str,
    totp: &TotpSecret,
    unix: u64,
) -> (reqwest::Client, reqwest::Response) {
    let client = client();
    let code = totp.code_at(unix).unwrap();
    let response = login(&client, base, username, password, &code).await;
    (client, response)
}

/// With `client`: the sign-in page, then its form posted with these values; the response.
pub async fn login(
    client: &reqwest::Client,
    base: &str,
    username: &str,
    password: &str,
    code: &str,
) -> reqwest::Response {
    let login = text(client, &format!("{base}/investigator/")).await;
    client
        .post(format!("{base}/investigator/login"))
        .form(&[
            ("csrf", csrf_of(&login).as_str()),
            ("username", username),
            ("password", password),
            ("code", code),
        ])
        .send()
        .await
        .unwrap()
}

async fn text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// The line that ends `quietline serve`'s banner.
pub const BANNER_END: &str = "Serving until interrupted (Ctrl-C or SIGTERM).";

/// `quietline serve` running as a child process on a random loopback port. Killed when
/// dropped; [`Server::stop`] stops it as an operator would, with SIGTERM.
pub struct Server {
    pub child: tokio::process::Child,
    /// `host:port`.
    pub address: String,
    /// What it printed before [`BANNER_END`].
    pub banner: String,
}

impl Server {
    /// Runs `bin serve --listen 127.0.0.1:0 ARGS` (`configure` adds what else the command
    /// needs: environment, where standard error goes) and waits for its banner, a minute at
    /// most. The rest of its standard output is read and dropped in the background: a dropped
    /// pipe would stop the server at the next line it prints.
    pub async fn start(
        bin: &str,
        args: &[&str],
        configure: impl FnOnce(&mut tokio::process::Command),
    ) -> Self {
        use tokio::io::{AsyncBufReadExt, BufReader};
        let mut command = tokio::process::Command::new(bin);
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        configure(&mut command);
        let mut child = command.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner: Vec<String> = Vec::new();
        loop {
            let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
                .await
                .expect("the server did not start in time")
                .unwrap()
                .unwrap_or_else(|| {
                    panic!("the server stopped before its banner ended (see its log): {banner:?}")
                });
            if line == BANNER_END {
                break;
            }
            banner.push(line);
        }
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let address = banner
            .first()
            .and_then(|first| first.split("http://").nth(1))
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {banner:?}"))
            .to_owned();
        Self {
            child,
            address,
            banner: banner.join("\n"),
        }
    }

    /// `http://host:port`.
    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// `http://host:port{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the server is running")
    }

    /// Stops the server with SIGTERM and asserts it exits cleanly within 20 seconds.
    pub async fn stop(mut self) {
        let pid = self.pid().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(killed.success(), "kill -TERM {pid}");
        let status = tokio::time::timeout(Duration::from_secs(20), self.child.wait())
            .await
            .expect("the server did not stop within 20 s of SIGTERM")
            .unwrap();
        assert!(
            status.success(),
            "the server did not stop cleanly: {status}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_fields_and_the_token_are_read_in_order() {
        let page = r#"<form><input type="hidden" name="csrf" value="ab12"><input type="hidden" name="nonce" value="00ff"><input name="text" value="x"></form>"#;
        assert_eq!(
            hidden_fields(page),
            [
                ("csrf".to_owned(), "ab12".to_owned()),
                ("nonce".to_owned(), "00ff".to_owned())
            ]
        );
        assert_eq!(csrf_of(page), "ab12");
        assert_eq!(csrf_of("<p>no form</p>"), "");
    }
}
