"""Markdown (.md, .markdown): YAML front matter becomes metadata, the body becomes the text."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from frontmatter import YAMLHandler

from ingest.model import RawDocument
from kg.errors import InputError

from ._common import build, normalise
from .text import decode_text

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _plain(value: Any, key: str) -> Any:
    """YAML turns `2011-06-01` into a date and `2011` into an int; metadata wants ISO strings."""
    if isinstance(value, dt.date):  # datetime is a subclass of date
        return value.isoformat()
    if key == "date" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text
    try:
        raw, body = handler.split(text)
        meta = handler.load(raw)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" (line {mark.line + 2})"  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{name}: invalid YAML front matter{where}: {problem}") from None
    except ValueError as exc:  # the handler could not split off the closing ---
        raise InputError(f"{name}: invalid front matter: {exc}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{name}: front matter must be a mapping of keys to values")
    return {str(k): _plain(v, str(k)) for k, v in meta.items()}, body


def read(data: bytes, name: str) -> RawDocument:
    """Front matter → meta (title falls back to the first `# heading`), body → text."""
    decoded, encoding = decode_text(data, name)
    meta, body = _front_matter(decoded.lstrip("\ufeff"), name)
    text = normalise(body)
    if "title" not in meta and (heading := _H1.search(text)):
        meta["title"] = heading.group(1)
    return build(text, "markdown", meta, encoding=encoding)
