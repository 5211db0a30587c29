"""Writing a fixed note without ever leaving it half-written or losing what is around it.

The protocol (RELIABILITY.md §4.1): write a temporary file in the same folder, fsync it, give
it the original's mode and owner, then os.replace it over the original, so a reader sees the
old note or the new one, never a torn one. A note that changed on disk since it was read is
skipped (the user's version wins), and so are hard-linked and read-only files. A symlink
inside the vault is written through: the link stays a link.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from notelint.files import Stamp


class WriteRefused(Exception):
    """The note was left as it was; the message says why."""


def write_atomically(path: Path, data: bytes, stamp: Stamp) -> None:
    target = Path(os.path.realpath(path))  # write through a symlink, keep the link
    info = os.stat(target)
    if Stamp.of(info) != stamp:
        raise WriteRefused("changed on disk since it was read; left as it is")
    if info.st_nlink > 1:
        raise WriteRefused("hard-linked file; a rewrite would split the link, so it is left")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteRefused("read-only file; left as it is")
    owner = (info.st_uid, info.st_gid)
    with _temporary(target, data, stat.S_IMODE(info.st_mode), owner) as temporary:
        os.replace(temporary, target)
    _sync_folder(target.parent)


@contextlib.contextmanager
def _temporary(
    target: Path, data: bytes, mode: int, owner: tuple[int, int] | None = None
) -> Iterator[str]:
    """`data` in a fsynced temporary file beside `target`, with `mode` (and `owner`, when
    root may give it), for the caller to rename or link into place; removed afterwards if the
    caller did not move it."""
    import tempfile  # a hundredth of a second: only when writing

    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".notelint.tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
            if owner is not None and os.geteuid() == 0 and owner != (os.getuid(), os.getgid()):
                os.fchown(handle.fileno(), *owner)
        yield temporary
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # gone already when it was renamed


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder's entry is on disk.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def replace_file(path: Path, data: bytes) -> None:
    """Write a file that notelint makes (a report) atomically: a reader sees the old file or
    the new one, never a torn one. Its folder is made if needed; a symlink is written through."""
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    with _temporary(target, data, mode) as temporary:
        os.replace(temporary, target)
    _sync_folder(target.parent)


def create_new(path: Path, data: bytes) -> None:
    """Create `path` atomically, never over an existing file (FileExistsError): the file is
    linked to its name, which fails if the name was taken meanwhile."""
    with _temporary(path, data, 0o666 & ~_umask()) as temporary:
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: create it, never replace it
            _create_exclusively(path, data)
    _sync_folder(path.parent)


def _create_exclusively(path: Path, data: bytes) -> None:
    """Write `path` only if it does not exist (not atomic: a failed write is removed)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
