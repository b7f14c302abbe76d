"""Weekly "concept before tool" digests: tip rotation, the issue, and the digest commands."""
