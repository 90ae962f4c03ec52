"""Tests of the semantic rules and the control-flow analysis (arazzogen.check.rules)."""
