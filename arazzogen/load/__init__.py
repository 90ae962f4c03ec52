"""Stage 1, load: read a YAML or JSON file into plain data, keeping line:column of every node.

One of the three stages that touch the file system (with :mod:`arazzogen.bind.sources` and
:mod:`arazzogen.emit.writer`).
"""
