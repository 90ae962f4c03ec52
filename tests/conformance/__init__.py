"""The behavioural conformance suite: one YAML case per spec sentence (see runner.py)."""
