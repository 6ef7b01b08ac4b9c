"""Workshops: co-design sessions, participants, proposals, votes and decisions (see issue 4)."""
