"""Lexical (BM25) search over Korean and English passages."""

from kg.lexical.bm25 import LexicalIndex
from kg.lexical.tokenize import tokenize, tokenize_many

__all__ = ["LexicalIndex", "tokenize", "tokenize_many"]
