"""Writing output files whole or not at all, and leaving no temporary file behind.

Every file geo writes (maps, exports, the gazetteer cache) is written to a
temporary file next to it and renamed into place. The temporary file is named
``.<target>.geo-<pid>-<random>.tmp``: the writer's process id says whether a
writer is still at work. An interrupted write (an exception, Ctrl-C, SIGTERM:
the CLI turns SIGTERM into an orderly exit) removes its temporary file itself.
A process killed outright (kill -9, a power cut) can run no clean-up, so each
write first removes the temporary files of that kind that earlier writers left
in its folder: of geo's own naming only, and only when their writer is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from geo.errors import OutputError

# A temporary file untouched this long whose writer's pid is gone is a leftover.
# A pid that looks gone may be a live writer on another machine or in another
# container sharing the folder, whose files are always younger than this: no
# write of geo's takes a minute between two chunks.
STALE_AFTER_S = 60.0
# No write takes this long: past it, a file is a leftover even if its pid now
# belongs to a running process (pids are reused).
NO_WRITE_TAKES_S = 86_400.0

# mkstemp's random part: 8 characters of [a-z0-9_].
_RANDOM = r"[a-z0-9_]{8}"
_OWN_FILE = re.compile(rf"^\..+\.geo-(?P<pid>\d+)-{_RANDOM}\.tmp$")
_OWN_FOLDER = re.compile(rf"^geo-[a-z]+-(?P<pid>\d+)-{_RANDOM}$")


def _pid_alive(pid: int) -> bool:
    """Return whether a process with this id exists (on this machine)."""
    if pid <= 0:
        return True  # not a writer's pid: never assume it is gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's process (EPERM), or we cannot tell
    return True


def is_stale(path: Path, pid: int) -> bool:
    """Return whether a temporary file or folder of geo's naming is a dead writer's leftover."""
    try:
        age = time.time() - path.lstat().st_mtime
    except OSError:
        return False
    if age >= NO_WRITE_TAKES_S:
        return True
    return age >= STALE_AFTER_S and not _pid_alive(pid)


def remove_stale_temporaries(folder: Path, pattern: re.Pattern = _OWN_FILE) -> None:
    """Remove from ``folder`` the temporary files (or folders) of ``pattern`` that are stale.

    ``pattern`` matches a name of geo's own naming and captures the writer's
    ``pid``. Anything else is never touched, and nothing here ever fails a write.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or not is_stale(Path(entry.path), int(match["pid"])):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass  # another process removed it first, or we may not: no matter


@contextmanager
def atomic_file(path: str | os.PathLike, *, mode: int | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` when the block ends without an exception.

    The data goes to a temporary file in the same folder, renamed over ``path``
    at the end, so a reader sees the old file or the new one, never half of
    one. On any exception (SIGTERM included, once the CLI has made it one) the
    temporary file is removed and the exception goes on. ``mode`` is the new
    file's permission bits (default: the usual ones under the umask). OSError
    is raised as is, for the caller to word.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    prefix = f".{target.name}.geo-{os.getpid()}-"
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        if mode is None:
            # mkstemp makes the file private; an output should get the usual mode.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        # Failed or interrupted (Ctrl-C, SIGTERM) before the rename: leave nothing behind.
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and a rename; return the path.

    A reader never sees a half-written file: either the old one or the new one.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with atomic_file(target) as handle:
            handle.write(payload)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    return target


@contextmanager
def temporary_folder(kind: str) -> Iterator[str]:
    """Yield a private folder in the system's temporary folder, removed at the end.

    For libraries that write only to a path (GDAL's GeoPackage driver). Named
    ``geo-<kind>-<pid>-<random>``, so a later run removes it if a killed
    process left it behind.
    """
    base = Path(tempfile.gettempdir())
    remove_stale_temporaries(base, _OWN_FOLDER)
    with tempfile.TemporaryDirectory(prefix=f"geo-{kind}-{os.getpid()}-", dir=base) as folder:
        yield folder
