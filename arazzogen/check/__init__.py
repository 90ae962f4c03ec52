"""Stage 2, check: the official Arazzo JSON Schema (:mod:`.schema`), then the semantic rules
and the control-flow analysis on the document alone (:mod:`.rules`)."""
