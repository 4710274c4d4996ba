"""How many pages a PDF printed by the course has, read from the root of its page tree.

Chromium nests the pages in trees of at most 8 under one root: the first ``/Count`` in the
file is often that of a nested tree, not of the whole document. So the count is read
from the catalogue's ``/Pages`` object (the trailer's ``/Root``). Standard library only;
used by the tests that print with Chromium (handouts, my board, my results).
"""

from __future__ import annotations

import re
from pathlib import Path

_ROOT = re.compile(rb"/Root\s+(\d+)\s+(\d+)\s+R")


def _object(data: bytes, ref: tuple[bytes, bytes]) -> bytes:
    """The text of indirect object ``ref`` (its number and generation), up to endobj."""
    found = re.search(rb"(?<!\d)" + ref[0] + rb"\s+" + ref[1] + rb"\s+obj\b(.*?)endobj", data, re.S)
    if found is None:
        raise AssertionError(f"PDF object {ref[0].decode()} {ref[1].decode()} not found")
    return found.group(1)


def pdf_page_count(pdf: Path) -> int:
    """The number of pages of ``pdf``: the ``/Count`` of the root of its page tree."""
    data = pdf.read_bytes()
    roots = _ROOT.findall(data)
    if not roots:
        raise AssertionError(f"{pdf}: no /Root in the trailer; is it a PDF?")
    catalogue = _object(data, roots[-1])  # the last trailer is the current one
    pages = re.search(rb"/Pages\s+(\d+)\s+(\d+)\s+R", catalogue)
    if pages is None:
        raise AssertionError(f"{pdf}: the catalogue has no /Pages")
    count = re.search(rb"/Count\s+(\d+)", _object(data, (pages.group(1), pages.group(2))))
    if count is None:
        raise AssertionError(f"{pdf}: the root of the page tree has no /Count")
    return int(count.group(1))
