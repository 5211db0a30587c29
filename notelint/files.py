"""Reading notes from disk without hanging, guessing encodings or trusting what a file claims.

A note is strict UTF-8 (an optional UTF-8 BOM is remembered). Everything else, including
UTF-16 text, NUL bytes, FIFOs and files over the size limit, becomes a `ReadFailure` that the
caller reports as `unreadable-file`; the file itself is never modified.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from msgspec import Struct
from mypy_extensions import mypyc_attr
from xxhash import xxh3_128_hexdigest

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
# Opening never waits (O_NONBLOCK), is not inherited by a child, and translates no newline
_OPEN_FLAGS = sum(getattr(os, name, 0) for name in ("O_NONBLOCK", "O_CLOEXEC", "O_BINARY"))
_UTF8_BOM = b"\xef\xbb\xbf"
_FOREIGN_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian BOM)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian BOM)"),
)


@mypyc_attr(native_class=False)
class Stamp(Struct, frozen=True):
    """What identifies a file's content on disk, to notice it changed since it was read."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> Stamp:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@mypyc_attr(native_class=False)
class Decoded(Struct, frozen=True):
    """A note's text with newlines normalised to \\n; `bom` and `newline` say how it was stored."""

    text: str
    bom: bool
    newline: str
    stamp: Stamp | None = None
    mixed: bool = False  # more than one kind of line ending: a rewrite would change them
    digest: str = ""  # of the bytes read, for the cache

    def encode(self, text: str) -> bytes:
        """`text` stored the way this note was: its newline style and BOM restored."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (_UTF8_BOM if self.bom else b"") + text.encode("utf-8")


@mypyc_attr(native_class=False)
class ReadFailure(Struct, frozen=True):
    """Why a file cannot be read as a note; reported, and the file is left alone."""

    message: str


def read_note(path: str | Path, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Decoded | ReadFailure:
    """Read a regular file of at most `max_size` bytes and decode it as a note. (A run passes
    a string: building a Path a note cost a cold check 1% of its instructions.)"""
    try:
        read = read_regular_file(path, max_size)
    except OSError as error:
        return ReadFailure(f"cannot read file: {error.strerror or error}")
    if isinstance(read, ReadFailure):
        return read
    data, stamp = read
    decoded = decode_note(data)
    if isinstance(decoded, ReadFailure):
        return decoded
    return Decoded(
        decoded.text, decoded.bom, decoded.newline, stamp, decoded.mixed, content_digest(data)
    )


def content_digest(data: bytes) -> str:
    """What identifies a file's content for the cache: XXH3's 128 bits, thirty times faster
    than blake2b on a note (a cold check hashes every one). A cache key, not a seal: a file
    made to collide would have to be made by someone who can edit the vault anyway."""
    return xxh3_128_hexdigest(data)


def file_digest(job: tuple[str, int]) -> tuple[str, int, int] | None:
    """The content digest, size and mtime of a regular file of at most `job`'s size in bytes
    (a note in the cache's place: read as notes are); None when it cannot be read."""
    path, max_size = job
    try:
        read = read_regular_file(path, max_size)
    except OSError:
        return None
    if isinstance(read, ReadFailure):
        return None
    data, stamp = read
    return content_digest(data), stamp.size, stamp.mtime_ns


def open_regular(path: str | Path, flags: int = os.O_RDONLY) -> tuple[int, os.stat_result] | None:
    """A descriptor of the file and its status; None, with nothing left open, when it is not a
    regular file. Opening a FIFO named x.md does not wait (O_NONBLOCK), and a device is never
    read. Raises OSError when the file cannot be opened."""
    fd = os.open(path, flags | _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    return fd, info


def read_regular_file(path: str | Path, max_size: int) -> tuple[bytes, Stamp] | ReadFailure:
    """The bytes of a regular file of at most `max_size` bytes (see `open_regular`); raises
    OSError when it cannot be opened."""
    opened = open_regular(path)
    if opened is None:
        return ReadFailure("not a regular file")
    fd, info = opened
    try:
        if info.st_size > max_size:
            return ReadFailure(
                f"file is {_size_text(info.st_size)}, over the {_size_text(max_size)} limit"
            )
        chunks = []
        total = 0
        # A byte more than the file holds: a note on disk then takes one read, into a buffer
        # of its size (1 MiB reads were a quarter of the reading time), and ends there. A
        # file that is not its stated size after a read (procfs says 0 and hands out a page
        # a read; one read(2) stops at 2 GiB; the file grew) is read until an empty read.
        asked = info.st_size + 1
        while total <= max_size:
            chunk = os.read(fd, min(asked, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total == info.st_size:
                break
            asked = 1 << 20
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_size:
        return ReadFailure(f"file grew over the {_size_text(max_size)} limit while being read")
    return data, Stamp.of(info)


def decode_note(data: bytes) -> Decoded | ReadFailure:
    """Decode bytes as a note: strict UTF-8, no NUL, newlines normalised."""
    for bom, name in _FOREIGN_BOMS:
        if data.startswith(bom):
            return ReadFailure(f"file is {name}; notes must be UTF-8")
    nul = data.find(b"\x00")
    if nul != -1:
        return ReadFailure(f"binary file: NUL byte at offset {nul}")
    has_bom = data.startswith(_UTF8_BOM)
    if has_bom:
        data = data[len(_UTF8_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(_UTF8_BOM) if has_bom else 0)
        byte = data[error.start]
        return ReadFailure(f"not UTF-8: invalid byte 0x{byte:02X} at offset {offset}")
    newline = detect_newline(text)
    mixed = False
    if "\r" in text:
        crlf = text.count("\r\n")
        kinds = (crlf > 0) + (text.count("\r") > crlf) + (text.count("\n") > crlf)
        mixed = kinds > 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, has_bom, newline, mixed=mixed)


def detect_newline(text: str) -> str:
    """The first line ending wins, as Black decides it."""
    index = text.find("\n")
    cr = text.find("\r")
    if cr == -1 or (index != -1 and index < cr):
        return "\n"
    return "\r\n" if text.startswith("\r\n", cr) else "\r"


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def line_starts_of(text: str) -> list[int]:
    """Offsets where the lines of normalised text start (positions are line and column). A
    loop of finds: compiled (setup.py), it takes a quarter of the instructions of summing the
    lengths of the split lines, which is faster only in pure Python (by 1% of a note)."""
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts
