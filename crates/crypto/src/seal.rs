//! Encryption to recipients and decryption with an identity, always in the age v1 format.

use std::io::{Read, Write};
use std::iter;

use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};
use zeroize::Zeroizing;

use crate::CryptoError;
use crate::keys::{Identity, Recipient};

fn encryptor(recipients: &[Recipient]) -> Result<age::Encryptor, CryptoError> {
    if recipients.is_empty() {
        return Err(CryptoError::NoRecipients);
    }
    Ok(age::Encryptor::with_recipients(
        recipients.iter().map(|r| &r.0 as &dyn age::Recipient),
    )?)
}

/// Encrypts a small object held in memory (answers, a message, a file's name and type).
pub fn seal(recipients: &[Recipient], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut out = Vec::with_capacity(plaintext.len() + 200 + 100 * recipients.len());
    let mut writer = encryptor(recipients)?.wrap_output(&mut out)?;
    Write::write_all(&mut writer, plaintext)?;
    writer.finish()?;
    Ok(out)
}

/// Decrypts a small object. The plaintext is wiped from memory when dropped.
pub fn open(identity: &Identity, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let mut reader = open_reader(identity, ciphertext)?;
    let mut plaintext = Zeroizing::new(Vec::new());
    reader
        .read_to_end(&mut plaintext)
        .map_err(|_| CryptoError::Decrypt(None))?;
    Ok(plaintext)
}

/// Decrypts a small object with whichever of `identities` it was sealed to (the workspace
/// key and, while it is being replaced, the previous one).
pub fn open_any(
    identities: &[&Identity],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let decryptor = age::Decryptor::new(ciphertext)?;
    let mut reader = decryptor.decrypt(identities.iter().map(|i| &i.0 as &dyn age::Identity))?;
    let mut plaintext = Zeroizing::new(Vec::new());
    reader
        .read_to_end(&mut plaintext)
        .map_err(|_| CryptoError::Decrypt(None))?;
    Ok(plaintext)
}

/// Starts encrypting a stream of any size into a blocking `output` (a backup archive):
/// call [`SyncSealingWriter::finish`] at the end.
pub fn seal_writer<W: Write>(
    recipients: &[Recipient],
    output: W,
) -> Result<SyncSealingWriter<W>, CryptoError> {
    Ok(SyncSealingWriter(
        encryptor(recipients)?.wrap_output(output)?,
    ))
}

/// An age encryption to a blocking writer in progress; see [`seal_writer`].
pub struct SyncSealingWriter<W: Write>(age::stream::StreamWriter<W>);

impl<W: Write> Write for SyncSealingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl<W: Write> SyncSealingWriter<W> {
    /// Writes the last chunk; returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.0.finish()
    }
}

/// Decrypts a stream of any size (an attachment) as it is read.
pub fn open_reader<R: Read>(identity: &Identity, ciphertext: R) -> Result<impl Read, CryptoError> {
    let decryptor = age::Decryptor::new(ciphertext)?;
    Ok(decryptor.decrypt(iter::once(&identity.0 as &dyn age::Identity))?)
}

/// Decrypts a stream of any size as it is read, asynchronously (for downloads): memory
/// stays at one chunk whatever the size.
pub async fn open_stream<R>(
    identity: &Identity,
    ciphertext: R,
) -> Result<std::pin::Pin<Box<dyn tokio::io::AsyncRead + Send>>, CryptoError>
where
    R: tokio::io::AsyncRead + Unpin + Send + 'static,
{
    use tokio_util::compat::{FuturesAsyncReadCompatExt, TokioAsyncReadCompatExt};
    let buffered = tokio::io::BufReader::new(ciphertext).compat();
    let decryptor = age::Decryptor::new_async_buffered(buffered).await?;
    let reader = decryptor.decrypt_async(iter::once(&identity.0 as &dyn age::Identity))?;
    Ok(Box::pin(reader.compat()))
}

/// Starts encrypting a stream of any size into `output`, in 64 KiB chunks: memory does not
/// grow with the size of what is written.
///
/// The caller **MUST** call [`SealingWriter::finish`]: without it the age file is truncated
/// and will not decrypt.
pub async fn seal_stream<W>(
    recipients: &[Recipient],
    output: W,
) -> Result<SealingWriter<W>, CryptoError>
where
    W: tokio::io::AsyncWrite + Unpin,
{
    let inner = encryptor(recipients)?
        .wrap_async_output(output.compat_write())
        .await?;
    Ok(SealingWriter {
        inner,
        plaintext_bytes: 0,
    })
}

/// An age encryption in progress; see [`seal_stream`].
pub struct SealingWriter<W: tokio::io::AsyncWrite + Unpin> {
    inner: age::stream::StreamWriter<Compat<W>>,
    plaintext_bytes: u64,
}

impl<W: tokio::io::AsyncWrite + Unpin> SealingWriter<W> {
    /// Encrypts and writes `plaintext`.
    pub async fn write_all(&mut self, plaintext: &[u8]) -> std::io::Result<()> {
        futures::AsyncWriteExt::write_all(&mut self.inner, plaintext).await?;
        self.plaintext_bytes += plaintext.len() as u64;
        Ok(())
    }

    /// Plaintext bytes written so far.
    pub fn plaintext_bytes(&self) -> u64 {
        self.plaintext_bytes
    }

    /// Writes the final chunk and closes the output. Returns the plaintext size.
    pub async fn finish(mut self) -> std::io::Result<u64> {
        futures::AsyncWriteExt::close(&mut self.inner).await?;
        Ok(self.plaintext_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_only_with_a_recipient_key() {
        let a = Identity::generate();
        let b = Identity::generate();
        let sealed = seal(&[a.recipient(), b.recipient()], b"the narrative")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
        assert!(!sealed.windows(9).any(|w| w == b"narrative"));
        for key in [&a, &b] {
            assert_eq!(
                open(key, &sealed)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .as_slice(),
                b"the narrative"
            );
        }
        assert!(open(&Identity::generate(), &sealed).is_err());
    }

    #[test]
    fn tampered_or_truncated_ciphertext_is_rejected() {
        let key = Identity::generate();
        let sealed = seal(&[key.recipient()], &[7u8; 100_000]).unwrap_or_else(|e| panic!("{e}"));
        let mut flipped = sealed.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 1;
        assert!(open(&key, &flipped).is_err());
        assert!(open(&key, &sealed[..sealed.len() - 100]).is_err());
        assert!(open(&key, b"not an age file").is_err());
    }

    #[test]
    fn sealing_needs_a_recipient() {
        assert!(matches!(seal(&[], b"x"), Err(CryptoError::NoRecipients)));
    }

    #[tokio::test]
    async fn streamed_decryption_matches_and_rejects_tampering() {
        use tokio::io::AsyncReadExt;
        let key = Identity::generate();
        let plain: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
        let sealed = seal(&[key.recipient()], &plain).unwrap_or_else(|e| panic!("{e}"));
        let mut reader = open_stream(&key, std::io::Cursor::new(sealed.clone()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        reader
            .read_to_end(&mut out)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, plain);
        let mut damaged = sealed;
        let middle = damaged.len() / 2;
        damaged[middle] ^= 0x40;
        let mut reader = open_stream(&key, std::io::Cursor::new(damaged))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(reader.read_to_end(&mut Vec::new()).await.is_err());
        assert!(
            open_stream(
                &Identity::generate(),
                std::io::Cursor::new(b"age-encryption.org/v1\n".to_vec())
            )
            .await
            .is_err()
        );
    }

    #[tokio::test]
    async fn streamed_encryption_matches_the_plaintext() {
        let key = Identity::generate();
        let mut out = Vec::new();
        let mut writer = seal_stream(&[key.recipient()], &mut out)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let chunk: Vec<u8> = (0..=255u8).cycle().take(100_003).collect();
        for _ in 0..7 {
            writer
                .write_all(&chunk)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(
            writer.finish().await.unwrap_or_else(|e| panic!("{e}")),
            700_021
        );
        let opened = open(&key, &out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opened.len(), 700_021);
        assert!(opened.chunks(100_003).all(|c| c == chunk.as_slice()));
    }
}
