"""Coform's form and workflow model: loading YAML, validation, lints, burden figures, diff and importers.

The public calls are `load_text`, `load_file` and `load_paths` (forms.loader), `form_burden` and
`workflow_burden` (forms.burden) and `diff` (forms.diff); each returns a small result dataclass.
"""
