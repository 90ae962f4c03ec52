"""Stage 3, bind: load the source descriptions (:mod:`.sources`, file system), index their
operations (:mod:`.openapi`), resolve each step's target (:mod:`.resolve`) and check each
step against its operation (:mod:`.binding`)."""
