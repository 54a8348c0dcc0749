//! Files only the portal's user may read: directories 0700, files 0600,
//! whatever the umask (dossiers, keys). The binary also sets its umask to 077
//! at start (`main.rs`), so files SQLite makes on its own (`-wal`, `-shm`,
//! journals) are private too; these helpers make it so without relying on it.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates `dir` and its missing parents with mode 0700. A directory that
/// already exists is left as it is (it may be shared on purpose, e.g. the
/// working directory), with a warning when other users can read it.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        warn_if_open(dir);
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    // DirBuilder's mode is filtered by the umask; set it exactly.
    set_mode(dir, 0o700)
}

/// Creates `path` (which must not exist) with mode 0600, writes `bytes` and
/// syncs the file and its directory.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    set_mode(path, 0o600)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    sync_dir(path)
}

/// Replaces `path` atomically with `bytes` (mode 0600): a temporary file
/// beside it, synced, renamed over it, the directory synced. A crash leaves
/// the old file or the new one, never half of one.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = sibling(path, ".tmp");
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    sync_dir(path)
}

/// Makes an existing file private (0600) if it is not; a missing file is fine.
pub fn tighten(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => set_mode(path, 0o600),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// `path` with `suffix` appended to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn warn_if_open(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let shown = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Ok(m) = std::fs::metadata(shown) {
            if m.permissions().mode() & 0o077 != 0 {
                tracing::warn!(
                    "the directory {} can be listed by other users (mode {:o}); the portal's files in it are private (0600), but consider chmod 700",
                    shown.display(),
                    m.permissions().mode() & 0o777
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Sets the process umask so that everything it creates is private. Called
/// once at the start of the binary.
pub fn private_umask() {
    #[cfg(unix)]
    // SAFETY: umask only changes the process's file mode creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_private() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("a")), 0o700);
        let f = dir.join("k.json");
        write_new(&f, b"1").unwrap();
        assert_eq!(mode(&f), 0o600);
        assert!(write_new(&f, b"2").is_err(), "never overwritten");
        replace(&f, b"3").unwrap();
        assert_eq!((std::fs::read(&f).unwrap(), mode(&f)), (b"3".to_vec(), 0o600));
        let open = dir.join("open");
        std::fs::write(&open, b"x").unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
        tighten(&open).unwrap();
        assert_eq!(mode(&open), 0o600);
        tighten(&dir.join("missing")).unwrap();
    }
}
