"""A workshop's front door: the join code, a join link and a QR code of it, for the screen the room sees.

The QR code is made here (segno, pure Python, no network) as a PNG. Nothing on this screen is a
secret: the facilitator key is never drawn here (the page shows it once, elsewhere, when the
workshop is made), since this is the screen that gets projected.
"""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit, urlunsplit

import segno
import streamlit as st

from ui.text import md
from ui.words import word

JOIN_PAGE = "participant_page"  # the Join a workshop page's address (app.py's default url path for it)
CODE_PARAM = "code"  # ?code=... fills the join box


def join_link(code: str, page_url: str | None) -> str:
    """The address of the Join page with the code filled in, on the host the facilitator is using."""
    parts = urlsplit(page_url or "http://localhost:8501/")
    base = parts.path.rsplit("/", 1)[0]  # the page's own segment goes; any proxy prefix stays
    return urlunsplit((parts.scheme, parts.netloc, f"{base}/{JOIN_PAGE}", f"{CODE_PARAM}={quote(code)}", ""))


def qr_png(text: str) -> bytes:
    """TEXT as a QR code (medium error correction, so a phone reads it off a projector)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=10, border=4)
    return out.getvalue()


def show(code: str) -> None:
    """The code large, spelled out, the link and its QR code."""
    link = join_link(code, st.context.url)
    st.markdown(word("door.join_join_workshop_page"))
    st.markdown(f"# {md(code)}")
    # Spelled out, for reading aloud and for people who find dense capitals hard to read.
    st.markdown("### " + " ".join(md(ch) if ch != "-" else "–" for ch in code))
    left, right = st.columns([1, 2])
    left.image(qr_png(link), caption=word("door.scan_join"), width=240,
               alt=word("door.qr_code_join_link", code=code))
    right.markdown(word("door.type_address"))
    right.code(link, language=None)
