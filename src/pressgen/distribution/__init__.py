"""Distribution of a release to media lists: one personal email per journalist, resumable, never duplicated."""
