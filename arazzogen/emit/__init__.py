"""Stage 5, emit: render the IR with Jinja (:mod:`.render`), format it (:mod:`.formatting`) and
write it atomically (:mod:`.writer`, file system)."""
