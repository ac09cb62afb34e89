"""Reading the small YAML files a webmaster edits (names, disclosure decisions, notes).

One loader for all of them, so every syntax error reads the same way: the file, the line
and what YAML found wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import RegistryError


def load_yaml(path: Path) -> Any:
    """Parse one YAML file.

    Raises:
        RegistryError: the file cannot be read or is not valid YAML (with its line).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(str(path), f"无法读取：{exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegistryError(str(path), f"YAML 语法错误：{problem}", line=line) from None
