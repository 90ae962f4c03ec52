"""The document against the official Arazzo JSON Schema of its version: errors ranked, located."""
