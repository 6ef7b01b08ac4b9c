"""Tests of the lints: plain language, data protection, proportionality, accessibility."""
