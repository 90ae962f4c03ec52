# Generated from templates/errors.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '8c59749e991a866d66da150a63c2130e748dba69b9ba90b673a604a329471a78'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'errors.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    pass
    yield 'class WorkflowError(Exception):\n    """A workflow stopped before it finished."""\n\n    def __init__(self, message: str, *, workflow_id: str, step_id: str) -> None:\n        super().__init__(message)\n        self.workflow_id = workflow_id\n        self.step_id = step_id\n\n    def __reduce__(self) -> tuple[object, ...]:\n        # picklable: rebuilt from its message and attributes, not its keyword arguments\n        return type(self).__new__, (type(self), *self.args), self.__dict__\n\n\nclass StepFailedError(WorkflowError):\n    """A step\'s success criteria did not hold and no failure action applied.\n\n    ``body`` is the response text, truncated, with secret inputs redacted.\n    """\n\n    def __init__(self, *, workflow_id: str, step_id: str, status_code: int, body: str) -> None:\n        super().__init__(\n            f"workflow {workflow_id!r} failed at step {step_id!r}: HTTP {status_code}",\n            workflow_id=workflow_id,\n            step_id=step_id,\n        )\n        self.status_code = status_code\n        self.body = body\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'has_json_checks'):
        pass
        yield '\n\nclass MalformedBodyError(StepFailedError):\n    """A step\'s response body is not JSON although its operation declares JSON (an\n    HTML error page, a cut-off document...), and no failure action applied.\n\n    ``body`` is the response text, truncated, with secret inputs redacted.\n    """\n\n    def __init__(self, *, workflow_id: str, step_id: str, status_code: int, body: str) -> None:\n        super().__init__(\n            workflow_id=workflow_id, step_id=step_id, status_code=status_code, body=body\n        )\n        self.args = (f"{self.args[0]} with a body that is not JSON",)\n'
    yield '\n\nclass StepTransportError(WorkflowError):\n    """A step\'s request could not be sent or its response not read (connection error,\n    timeout, too many redirects, undecodable content...) and no failure action\n    applied; the httpx exception is ``__cause__`` (redacted if it showed a secret).\n    """\n\n    def __init__(self, *, workflow_id: str, step_id: str, reason: str) -> None:\n        super().__init__(\n            f"workflow {workflow_id!r} failed at step {step_id!r}: {reason}",\n            workflow_id=workflow_id,\n            step_id=step_id,\n        )\n        self.reason = reason\n\n\nclass StepLimitError(StepTransportError):\n    """A limit of the call stopped a step and no failure action applied: its response\n    body was larger than ``max_response_bytes``, the request took longer than\n    ``deadline``, or the body was beyond what the module evaluates (a JSONPath node\n    list, the nesting depth). ``limit`` names the limit.\n    """\n\n    def __init__(self, *, workflow_id: str, step_id: str, limit: str, reason: str) -> None:\n        super().__init__(workflow_id=workflow_id, step_id=step_id, reason=reason)\n        self.limit = limit\n\n\nclass StepRequestError(WorkflowError):\n    """A step\'s request could not be built from its values (a null where the request\n    needs a value, a header value that is not ASCII) and no failure action applied.\n    """\n\n    def __init__(self, *, workflow_id: str, step_id: str, reason: str) -> None:\n        super().__init__(\n            f"workflow {workflow_id!r} failed at step {step_id!r}: {reason}",\n            workflow_id=workflow_id,\n            step_id=step_id,\n        )\n        self.reason = reason\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'has_calls'):
        pass
        yield '\n\nclass CalledWorkflowError(WorkflowError):\n    """A workflow that a step runs failed (its error is ``__cause__``), or its outputs\n    did not meet the step\'s success criteria, and no failure action applied.\n    """\n\n    def __init__(self, *, workflow_id: str, step_id: str, called: str) -> None:\n        super().__init__(\n            f"workflow {workflow_id!r} failed at step {step_id!r}: "\n            f"workflow {called!r} failed",\n            workflow_id=workflow_id,\n            step_id=step_id,\n        )\n        self.called = called\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'has_loops'):
        pass
        yield '\n\nclass LoopLimitError(WorkflowError):\n    """A step would run again more often than ``max_repeats`` allows."""\n'

blocks = {}
debug_info = '28=13&85=17&102=20'
