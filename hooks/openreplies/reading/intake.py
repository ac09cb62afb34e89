"""Bytes of a reply file → its text as numbered lines.

Handles .txt in any encoding an office computer writes (UTF-8 with or without BOM, GB18030/GBK,
UTF-16 with BOM) and any line ending, and .docx through python-docx (paragraphs and tables in
document order). Everything else is refused with a hint how to convert it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..errors import ReplyError

MAX_BYTES = 10 * 1024 * 1024
"""A reply is a few kilobytes; anything above this is not a reply (or needs splitting)."""

SUPPORTED_SUFFIXES = (".txt", ".docx")

_CONVERT_HINTS = {
    ".doc": "旧版 Word 文件 (.doc) 不支持：请在 Word 或 WPS 中另存为 .docx，"
    "或用 `libreoffice --headless --convert-to docx` 转换",
    ".wps": "WPS 文件不支持：请另存为 .docx",
    ".pdf": "PDF 不支持：请从原始 Word 文件另存为 .docx，或用 `pdftotext -layout` 转成 .txt 后核对",
    ".rtf": "RTF 不支持：请另存为 .docx",
}
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp")

# Chinese office files are UTF-8 or GB18030 (a superset of GBK and GB2312); Big5 comes from
# traditional-character mirrors. Limiting detection to these keeps short texts from being
# mistaken for a Western code page.
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16"]


@dataclass(frozen=True)
class SourceLine:
    """One line of a text file, or one paragraph or table of a Word file."""

    number: int
    """1-based line number (Word: position of the paragraph or table in the body)."""
    text: str
    """The line without its line ending; for a table, its cells joined by spaces."""
    rows: tuple[tuple[str, ...], ...] | None = None
    """For a Word table: its rows of cell texts; None for a text line."""


@dataclass(frozen=True)
class SourceText:
    """A reply file's content, decoded, with line numbers kept for error messages."""

    path: str
    """The file's path relative to the replies folder, with forward slashes."""
    lines: tuple[SourceLine, ...]

    @property
    def text(self) -> str:
        """The whole text with \\n line endings."""
        return "\n".join(line.text for line in self.lines)


def read_source(path: Path, root: Path) -> SourceText:
    """Read one file of the replies folder.

    Raises:
        ReplyError: the file is unsupported, too large, empty or cannot be decoded.
    """
    rel = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReplyError(rel, _unsupported_message(suffix))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReplyError(
            rel,
            f"文件过大 ({size / 1024 / 1024:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB)："
            "一件答复只有几页，请检查是否放错了文件",
        )
    data = path.read_bytes()
    return decode_source(rel, data, suffix)


def decode_source(rel: str, data: bytes, suffix: str) -> SourceText:
    """Decode the bytes of a .txt or .docx file into numbered lines."""
    lines = _docx_lines(rel, data) if suffix == ".docx" else _text_lines(_decode_text(rel, data))
    if not any(line.text.strip() for line in lines):
        raise ReplyError(rel, "文件是空的：没有任何文字")
    return SourceText(rel, tuple(lines))


def _unsupported_message(suffix: str) -> str:
    if suffix in _CONVERT_HINTS:
        return _CONVERT_HINTS[suffix]
    if suffix in _IMAGE_SUFFIXES:
        return "图片不支持：请向承办单位索取 Word 原件，或识别文字后存为 .txt"
    shown = suffix or "(无扩展名)"
    return f"不支持的文件类型 {shown}：只读取 .txt 和 .docx"


def _decode_text(rel: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(rel, data[3:], "utf_8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(rel, data, "utf_16")
    if b"\x00" in data:
        raise ReplyError(rel, "不是文本文件：含有二进制数据 (NUL 字节)")
    try:
        return data.decode("utf_8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise ReplyError(rel, "无法识别文字编码：请用记事本或 WPS 另存为 UTF-8 编码的 .txt")
    text = str(best)
    if _looks_binary(text):
        raise ReplyError(rel, "不是文本文件：内容无法解读为中文文字")
    return text


def _strict(rel: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReplyError(
            rel, f"文件声明为 {encoding} 编码，但第 {exc.start} 字节无法解码", line=line
        ) from None


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(4, len(text) // 100)


def _text_lines(text: str) -> list[SourceLine]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(i, line) for i, line in enumerate(text.split("\n"), start=1)]


def _docx_lines(rel: str, data: bytes) -> list[SourceLine]:
    # Imported here: python-docx pulls in lxml, which plain-text sites never need.
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReplyError(
            rel, f"Word 文件已损坏或不完整 ({type(exc).__name__})：请重新向承办单位索取"
        ) from None
    except Exception as exc:  # python-docx raises assorted lxml and package errors
        raise ReplyError(rel, f"Word 文件无法打开 ({type(exc).__name__})") from None
    lines: list[SourceLine] = []
    for number, item in enumerate(document.iter_inner_content(), start=1):
        if isinstance(item, Paragraph):
            lines.append(SourceLine(number, item.text))
        elif isinstance(item, Table):
            rows = tuple(tuple(cell.text.strip() for cell in row.cells) for row in item.rows)
            text = " ".join(" ".join(row) for row in rows)
            lines.append(SourceLine(number, text, rows))
    return lines
