//! Secret files: read and written with owner-only permissions, written atomically (a
//! temporary file in the same directory, then a rename) so a crash never leaves half a key.

use std::fs;
use std::io::Write;
use std::path::Path;

use zeroize::Zeroizing;

use crate::CryptoError;

/// Writes `contents` to `path` readable by the owner only. Fails if `path` exists: keys
/// are never silently replaced.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<(), CryptoError> {
    if path.exists() {
        return Err(CryptoError::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists", path.display()),
        )));
    }
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = path.with_extension("tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    Ok(())
}

/// Reads a secret file whole; the buffer is wiped when dropped.
pub fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    Ok(Zeroizing::new(fs::read(path)?))
}

/// Reads a 32-byte key file, or creates it with fresh random bytes if it does not exist.
pub fn read_or_create_32(path: &Path) -> Result<[u8; 32], CryptoError> {
    if !path.exists() {
        write_new(path, &crate::random_bytes::<32>()?)?;
    }
    let bytes = read(path)?;
    let array: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        CryptoError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} is not a 32-byte key file", path.display()),
        ))
    })?;
    Ok(array)
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
    }
}
