"""Turning decisions into Python source: the literal renderer and identifier sanitizer.

Text from a document reaches generated code only through :func:`literals.py_literal`,
:func:`literals.docstring` and :mod:`names`.
"""
