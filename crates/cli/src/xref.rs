//! `quietline xref`: placeholder, being written (issue 4).

#[derive(clap::Args)]
pub struct XrefArgs {}

pub fn run(_args: XrefArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
