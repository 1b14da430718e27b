//! Secret files: read and written with owner-only permissions, written atomically (a
//! temporary file in the same directory, then a rename) so a crash never leaves half a key.

use std::fs;
use std::io::Write;
use std::path::Path;

use zeroize::Zeroizing;

use crate::CryptoError;

/// Writes `contents` to `path` readable by the owner only. Fails with `AlreadyExists` if
/// `path` exists, even if another process creates it at the same moment: keys are never
/// silently replaced.
///
/// The file is written whole under a unique temporary name, made durable, then linked to
/// `path` with `link(2)`, which refuses an existing target atomically (no check-then-rename
/// window in which two processes could each install their own key, one of them then using a
/// key that is gone).
pub fn write_new(path: &Path, contents: &[u8]) -> Result<(), CryptoError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", crate::random_hex::<8>()?));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::hard_link(&tmp, path)
    })();
    let _ = fs::remove_file(&tmp);
    written.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CryptoError::Io(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} already exists", path.display()),
            ))
        } else {
            CryptoError::Io(e)
        }
    })?;
    fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// Reads a secret file whole; the buffer is wiped when dropped.
pub fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    Ok(Zeroizing::new(fs::read(path)?))
}

/// Reads an existing 32-byte key file.
pub fn read_32(path: &Path) -> Result<[u8; 32], CryptoError> {
    let bytes = read(path)?;
    let array: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        CryptoError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} is not a 32-byte key file", path.display()),
        ))
    })?;
    Ok(array)
}

/// Reads a 32-byte key file, or creates it with fresh random bytes if it does not exist.
/// When several processes create it at once, one key wins and every one of them reads it.
pub fn read_or_create_32(path: &Path) -> Result<[u8; 32], CryptoError> {
    match read_32(path) {
        Err(CryptoError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            match write_new(path, &crate::random_bytes::<32>()?) {
                Ok(()) => {}
                Err(CryptoError::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(other) => return Err(other),
            }
            read_32(path)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_are_created_once_private_and_stable() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("secrets").join("pepper");
        let first = read_or_create_32(&path).unwrap_or_else(|e| panic!("{e}"));
        let second = read_or_create_32(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path)
                .map(|m| m.permissions().mode())
                .unwrap_or(0);
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(
            write_new(&path, b"again").is_err(),
            "keys are never replaced"
        );
        fs::write(dir.path().join("short"), b"abc").unwrap_or_else(|e| panic!("{e}"));
        assert!(read_or_create_32(&dir.path().join("short")).is_err());
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap_or(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn processes_creating_a_key_at_once_all_read_the_one_that_won() {
        for round in 0..20 {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let path = dir.path().join("secrets").join(format!("key-{round}"));
            let keys: Vec<[u8; 32]> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..8)
                    .map(|_| scope.spawn(|| read_or_create_32(&path)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| panic!("thread"))
                            .unwrap_or_else(|e| panic!("{e}"))
                    })
                    .collect()
            });
            let on_disk = read_32(&path).unwrap_or_else(|e| panic!("{e}"));
            assert!(keys.iter().all(|k| *k == on_disk), "round {round}");
        }
    }
}
