"""Migration revisions, oldest first: 0001 the first schema, then one file per change."""
