//! Reading a password: from the terminal without echo (asked twice when it is new), or the
//! first line of standard input when that is not a terminal. Never from the arguments,
//! which other users of the machine can read.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};

pub fn read(prompt: &str, confirm: bool) -> anyhow::Result<SecretString> {
    if std::io::stdin().is_terminal() {
        let first =
            SecretString::from(rpassword::prompt_password(prompt).context("reading the password")?);
        if confirm {
            let second = SecretString::from(
                rpassword::prompt_password("Repeat it: ").context("reading the password")?,
            );
            if first.expose_secret() != second.expose_secret() {
                bail!("the two passwords differ");
            }
        }
        Ok(first)
    } else {
        let mut line = zeroize::Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Ok(SecretString::from(
            line.trim_end_matches(['\r', '\n']).to_owned(),
        ))
    }
}
