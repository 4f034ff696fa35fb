"""SPARQL result writers (JSON, CSV, TSV) for a bounded list of solutions.

Oxigraph serialises whole result iterators; the read-only endpoint must cut at a row limit and
a time limit, so rows are collected first and written here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def _term_tsv(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)


def write_solutions(
    names: Sequence[str], solutions: Sequence[Any], media_type: str
) -> tuple[bytes, str]:
    """Serialise solutions in the SPARQL 1.1 JSON, CSV or TSV results format."""
    if media_type == "text/csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        for s in solutions:
            writer.writerow(["" if s[n] is None else s[n].value for n in names])
        return buf.getvalue().encode(), "text/csv"
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_term_tsv(s[n]) for n in names) for s in solutions]
        return ("\n".join(lines) + "\n").encode(), "text/tab-separated-values"
    bindings = [{n: term_json(s[n]) for n in names if s[n] is not None} for s in solutions]
    body = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(body, ensure_ascii=False).encode(), "application/sparql-results+json"
