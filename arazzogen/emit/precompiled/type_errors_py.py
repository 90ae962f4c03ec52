# Generated from templates/type_errors.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '920dac582f4fe0486d64b252bf53a2bf7d816833db06ad3f3d9af8d824bb297b'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'type_errors.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'class ResponseTypeError(WorkflowError):\n    """A workflow output does not have the type its OpenAPI description gives it: the\n    server sent another kind of JSON value. ``expected`` is the Python type of the\n    output, ``found`` the kind of value sent (the value itself is not repeated)."""\n\n    def __init__(\n        self, *, workflow_id: str, step_id: str, output: str, expected: str, found: object\n    ) -> None:\n        if found is None:\n            kind = "null"\n        elif isinstance(found, bool):\n            kind = "a boolean"\n        elif isinstance(found, int | float):\n            kind = "a number"\n        elif isinstance(found, str):\n            kind = "a string"\n        elif isinstance(found, list):\n            kind = "an array"\n        elif isinstance(found, dict):\n            kind = "an object"\n        else:\n            kind = type(found).__name__\n        super().__init__(\n            f"workflow {workflow_id!r}: output {output!r} is {kind}, "\n            f"which is not a value of `{expected}`",\n            workflow_id=workflow_id,\n            step_id=step_id,\n        )\n        self.output = output\n        self.expected = expected\n        self.found = kind'

blocks = {}
debug_info = ''
