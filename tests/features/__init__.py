"""Arazzo documents (and their OpenAPI sources) exercising one compiler feature each,
and the machinery tests/test_features.py uses to compile, check and run them."""
