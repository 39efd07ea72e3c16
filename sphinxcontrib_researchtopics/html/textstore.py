"""Texts kept on disk between builds by key, read one at a time: written entries
(:mod:`.memo`) and highlighted BibTeX views (:mod:`.bibview`).

They are most of a large list's HTML (27 MB for 4,839 entries), so they stay on disk, in
one append-only data file, and an index maps each key to its bytes and their CRC: a build
holds only the index, the text at hand and new texts until a megabyte of them is appended
in one write.  A text whose bytes are missing or do not match
their CRC is a miss (made again), so a damaged store never shows wrong HTML.  When more
than half the data file is texts no longer indexed it is written anew, and an index grown
past :data:`KEEP_AT_MOST` keeps only what the last build used.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import zlib
from typing import BinaryIO

#: key -> (offset, length, crc32) in the data file.
Index = dict[str, tuple[int, int, int]]

#: An index keeps older texts while it is no larger than this.
KEEP_AT_MOST = 200_000

#: Texts put are appended to the data file in batches of about this many bytes.
BATCH_BYTES = 1 << 20


class TextStore:
    """The texts of one project and signature: ``NAME.idx`` (pickle) and ``NAME.dat``."""

    def __init__(self, folder: str, name: str) -> None:
        self.folder = folder
        self.index_path = os.path.join(folder, f"{name}.idx") if folder else ""
        self.data_path = os.path.join(folder, f"{name}.dat") if folder else ""
        self._index: Index | None = None
        self._reader: BinaryIO | None = None
        self._writer: BinaryIO | None = None
        #: Texts appended in this build, not yet in the index file.
        self._new: Index = {}
        #: Texts put but not yet appended, and their size.
        self._batch: list[tuple[str, bytes]] = []
        self._batched = 0
        #: Keys read or written in this build.
        self.used: set[str] = set()

    @property
    def index(self) -> Index:
        """The index, read on first use (a build with nothing to look up reads nothing)."""
        if self._index is None:
            self._index = self._load_index()
        return self._index

    @index.setter
    def index(self, value: Index) -> None:
        self._index = value

    def _load_index(self) -> Index:
        if not self.index_path:
            return {}
        try:
            with open(self.index_path, "rb") as stream:
                index = pickle.load(stream)
        except Exception:  # missing, damaged or foreign: an empty store
            return {}
        return index if isinstance(index, dict) else {}

    def _read(self, place: tuple[int, int, int]) -> str | None:
        try:
            offset, length, crc = place
            if self._reader is None:
                self._reader = open(self.data_path, "rb")  # noqa: SIM115 - closed in close()
            self._reader.seek(offset)
            data = self._reader.read(length)
            if len(data) != length or zlib.crc32(data) != crc:
                return None
            return data.decode("utf-8")
        except (OSError, ValueError, TypeError, UnicodeDecodeError):
            return None

    def get(self, key: str) -> str | None:
        """The text kept under *key*, or None."""
        place = self.index.get(key)
        if place is None:
            return None
        found = self._read(place)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, text: str) -> None:
        """Keep *text* under *key* (on disk by the time the store is closed)."""
        self.used.add(key)
        if not self.data_path:
            return
        data = text.encode("utf-8")
        self._batch.append((key, data))
        self._batched += len(data)
        if self._batched >= BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        """Append the batched texts to the data file in one write (a cold build puts
        thousands: one write and one seek each cost more than making a text)."""
        batch, self._batch, self._batched = self._batch, [], 0
        if not batch:
            return
        try:
            if self._writer is None:
                os.makedirs(self.folder, exist_ok=True)
                if self._wasteful():
                    self._compact()
                self._writer = open(self.data_path, "ab")  # noqa: SIM115 - closed in close()
            offset = self._writer.seek(0, os.SEEK_END)
            places: Index = {}
            for key, data in batch:
                places[key] = (offset, len(data), zlib.crc32(data))
                offset += len(data)
            self._writer.write(b"".join(data for _, data in batch))
            self._new.update(places)
        except Exception:  # OSError, a full disk: the texts are made again next time
            return

    def close(self) -> None:
        """Write the texts still batched and the index of the texts appended in this
        build (failures cost the cache only)."""
        self._flush()
        for stream in (self._reader, self._writer):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._reader = self._writer = None
        if not self._new or not self.index_path:
            return
        self.index.update(self._new)
        self._new = {}
        if len(self.index) > KEEP_AT_MOST:
            self.index = {key: self.index[key] for key in self.used if key in self.index}
        self._write_index()

    def _wasteful(self) -> bool:
        try:
            size = os.path.getsize(self.data_path)
        except OSError:
            return False
        return size > 2 * sum(length for _, length, _ in self.index.values()) + 1_000_000

    def _compact(self) -> None:
        """Rewrite the data file with the indexed texts only."""
        if self._reader is not None:  # it would read the old file at the new offsets
            self._reader.close()
            self._reader = None
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        index: Index = {}
        try:
            with os.fdopen(fd, "wb") as out, open(self.data_path, "rb") as old:
                for key, (offset, length, crc) in self.index.items():
                    old.seek(offset)
                    data = old.read(length)
                    if len(data) == length and zlib.crc32(data) == crc:
                        index[key] = (out.tell(), length, crc)
                        out.write(data)
            os.replace(tmp, self.data_path)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(tmp)
            index = {}
            with contextlib.suppress(OSError):
                os.remove(self.data_path)
        self.index = index

    def _write_index(self) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(self.index, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.index_path)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(tmp)
