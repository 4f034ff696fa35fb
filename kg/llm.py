"""Optional generative answer through an OpenAI-compatible chat endpoint (POLICYKG_LLM_URL).

The model sees only the retrieved citations and must cite them as [n]; any failure falls back
to the composed answer with a note, so the service never depends on the model being up.
"""

from __future__ import annotations

from typing import Any

import httpx

from kg.settings import Settings

SYSTEM = (
    "You answer questions of regional industrial-policy planners. Use ONLY the numbered "
    "passages given. Cite every statement with its passage number like [1]. If the passages "
    "do not answer the question, say so. Answer in the language of the question."
)


def generative_answer(settings: Settings, answer: Any) -> tuple[str | None, str | None]:
    """(answer text or None, note for the user or None)."""
    passages = "\n\n".join(f"[{c.n}] ({c.doc_title}) {c.text[:1200]}" for c in answer.citations[:8])
    body = {
        "model": settings.llm_model,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Question: {answer.question}\n\nPassages:\n{passages}"},
        ],
        "temperature": 0.1,
    }
    url = settings.llm_url.rstrip("/")  # type: ignore[union-attr]
    if not url.endswith("/chat/completions"):
        url += "/chat/completions"
    try:
        response = httpx.post(url, json=body, timeout=60.0)
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"].strip()
    except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
        return (
            None,
            f"The language model was not available ({type(exc).__name__}); composed answer shown.",
        )
    return text or None, None
