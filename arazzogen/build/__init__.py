"""Stage 4, build: the typed, frozen IR of the module to generate (:mod:`.ir`).

Every decision is made here: names (:mod:`.codegen.names`), literals
(:mod:`.codegen.literals`), expressions and criteria turned into Python (:mod:`.codegen`).
"""
