# Generated from templates/workflow.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = 'eec889b4a9380761dd08ca06bd05b018e3c0ce208702c33e8df566f5e48fecb9'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'workflow.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_function = resolve('function')
    l_0_workflow = resolve('workflow')
    l_0_module = resolve('module')
    l_0_step_call = l_0_flavor = missing
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    included_template = environment.get_template('step_call.py.jinja', 'workflow.py.jinja')._get_default_module(context)
    l_0_step_call = getattr(included_template, 'step_call', missing)
    if l_0_step_call is missing:
        l_0_step_call = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'workflow.py.jinja') does not export the requested name 'step_call'", name='step_call')
    context.vars['step_call'] = l_0_step_call
    context.exported_vars.discard('step_call')
    l_0_flavor = environment.getattr((undefined(name='function') if l_0_function is missing else l_0_function), 'flavor')
    context.vars['flavor'] = l_0_flavor
    context.exported_vars.add('flavor')
    yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'def_code'))
    yield ' '
    yield str(environment.getattr((undefined(name='function') if l_0_function is missing else l_0_function), 'name'))
    yield '(\n    *,\n'
    for l_1_param in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'inputs'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(environment.getattr(l_1_param, 'name'))
        yield ': '
        yield str(environment.getattr(l_1_param, 'annotation'))
        if (not environment.getattr(l_1_param, 'required')):
            pass
            yield ' = '
            yield str(environment.getattr(l_1_param, 'default_code'))
        yield ',\n'
    l_1_param = missing
    yield '    client: '
    yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'client_class'))
    yield ' | None = None,\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'base_urls_required'):
        pass
        yield '    base_urls: BaseUrls,\n'
    else:
        pass
        yield '    base_urls: BaseUrls | None = None,\n'
    yield '    timeout: float = 30.0,\n    max_response_bytes: int = 10_485_760,\n    deadline: float = 120.0,\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'loops'):
        pass
        yield '    max_repeats: int = 100,\n    repeat_delay: float = 1.0,\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'waits'):
        pass
        yield '    sleep: '
        yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'sleep_annotation'))
        yield ' = '
        yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'sleep_default'))
        yield ',\n'
    yield ') -> '
    yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_class'))
    yield ':\n    """'
    yield str(t_1(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'doc'), 4))
    yield '\n\n    Args:\n'
    for l_1_param in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'inputs'):
        _loop_vars = {}
        pass
        yield '        '
        yield str(t_1(environment.getattr(l_1_param, 'doc'), 12))
        yield '\n'
    l_1_param = missing
    yield '        client: '
    yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'client_doc'))
    yield '\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'base_urls_required'):
        pass
        yield '        base_urls: the base URL of each API (some have no default in the OpenAPI).\n'
    else:
        pass
        yield '        base_urls: the base URL of each API; by default the OpenAPI ``servers``.\n'
    yield '        timeout: seconds for each request when this function creates the client.\n        max_response_bytes: the largest response body read (decompressed); a\n            larger one fails its step (``StepLimitError``). Default 10 MiB.\n        deadline: '
    yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'deadline_doc'))
    yield '\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'loops'):
        pass
        yield '        max_repeats: how often one step may run again (through ``goto``) before\n            ``LoopLimitError`` stops the loop.\n        repeat_delay: seconds to wait before a step runs again.\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'waits'):
        pass
        yield '        sleep: '
        yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'sleep_doc'))
        yield '\n'
    yield "\n    Raises:\n        StepFailedError: a step's success criteria failed and no failure action applied.\n"
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'has_json_checks'):
        pass
        yield '        MalformedBodyError: a response body was not JSON though its operation\n            declares JSON (a ``StepFailedError``).\n'
    yield '        StepTransportError: a request could not be sent or its response not read\n            (connection error, timeout, redirect loop) and no failure action applied.\n        StepLimitError: a response broke ``max_response_bytes`` or ``deadline``, or\n            its body was beyond what the module evaluates (a ``StepTransportError``).\n        StepRequestError: a value the request needs was null, or a header value\n            was not ASCII, and no failure action applied.\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'has_calls'):
        pass
        yield '        CalledWorkflowError: a workflow that a step runs failed and no failure action\n            applied.\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'loops'):
        pass
        yield '        LoopLimitError: a step ran again more than ``max_repeats`` times.\n'
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_function'):
        pass
        yield "        ResponseTypeError: an output's value does not have the type the OpenAPI\n            description gives it.\n"
    yield '        httpx.InvalidURL: a base URL that httpx cannot parse (every error of\n            sending or reading is a ``StepTransportError``).\n    """\n'
    for l_1_value in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'input_defaults'):
        _loop_vars = {}
        pass
        yield '    if '
        yield str(environment.getattr(l_1_value, 'name'))
        yield ' is None:\n        '
        yield str(environment.getattr(l_1_value, 'name'))
        yield ' = '
        yield str(environment.getattr(l_1_value, 'value_code'))
        yield '\n'
    l_1_value = missing
    for l_1_param in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'inputs'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_param, 'plain'):
            pass
            yield '    '
            yield str(environment.getattr(l_1_param, 'name'))
            yield ' = _plain('
            yield str(environment.getattr(l_1_param, 'name'))
            yield ')\n'
    l_1_param = missing
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'base_urls_required'):
        pass
        yield '    urls = base_urls\n'
    else:
        pass
        yield '    urls = base_urls if base_urls is not None else BaseUrls()\n'
    yield '    http = client if client is not None else '
    yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'client_class'))
    yield '(timeout=timeout)\n    try:\n'
    for l_1_dep in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'dependencies'):
        _loop_vars = {}
        pass
        yield '        '
        yield str(environment.getattr(l_1_dep, 'assign_code'))
        yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'await_code'))
        yield str((environment.getattr(l_1_dep, 'callee_async_function') if environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'is_async') else environment.getattr(l_1_dep, 'callee_function')))
        yield '(\n'
        for l_2_arg in environment.getattr(l_1_dep, 'args'):
            _loop_vars = {}
            pass
            yield '            '
            yield str(environment.getattr(l_2_arg, 'name'))
            yield '='
            yield str(environment.getattr(l_2_arg, 'value_code'))
            yield ',\n'
        l_2_arg = missing
        yield '            client=http,\n            base_urls=urls,\n            max_response_bytes=max_response_bytes,\n            deadline=deadline,\n'
        if environment.getattr(l_1_dep, 'waits'):
            pass
            yield '            sleep=sleep,\n'
        yield '        )\n'
    l_1_dep = missing
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'has_jumps'):
        pass
        def t_3(fiter):
            for l_1_step in fiter:
                if environment.getattr(l_1_step, 'declare_code'):
                    yield l_1_step
        for l_1_step in t_3(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'steps')):
            _loop_vars = {}
            pass
            yield '        '
            yield str(environment.getattr(l_1_step, 'declare_code'))
            yield '\n'
        l_1_step = missing
        yield '        flow = _Flow('
        yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'flow_args_code'))
        yield ')\n        then: '
        yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'then_annotation'))
        yield ' = '
        yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'first_step_code'))
        yield '\n        while True:\n'
        if (environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'flow_waits') and environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'waits_in_flow')):
            pass
            yield '            step, delay = flow.enter(then)\n            if step is None:\n                break\n            if delay > 0:\n                '
            yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'await_code'))
            yield 'sleep(delay)\n'
        elif environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'flow_waits'):
            pass
            yield '            # no delay to wait: this workflow neither repeats a step nor retries one\n            step, _ = flow.enter(then)\n            if step is None:\n                break\n'
        else:
            pass
            yield '            step = flow.enter(then)\n            if step is None:\n                break\n'
        l_1_loop = missing
        for l_1_step, l_1_loop in LoopContext(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'steps'), undefined):
            _loop_vars = {}
            pass
            yield '            '
            yield str(('if' if environment.getattr(l_1_loop, 'first') else 'elif'))
            yield ' step == '
            yield str(environment.getattr(l_1_step, 'step_id_code'))
            yield ':\n'
            if environment.getattr(l_1_step, 'requires_code'):
                pass
                yield '                flow.require('
                yield str(environment.getattr(l_1_step, 'requires_code'))
                yield ')\n'
            yield '                '
            yield str(t_1(t_2(context.call((undefined(name='step_call') if l_0_step_call is missing else l_0_step_call), l_1_step, (undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), _loop_vars=_loop_vars)), 16))
            yield '\n'
        l_1_loop = l_1_step = missing
        for l_1_jump in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'jumps'):
            _loop_vars = {}
            pass
            yield '            elif step == '
            yield str(environment.getattr(l_1_jump, 'label_code'))
            yield ':\n                '
            yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'await_code'))
            yield str((environment.getattr(l_1_jump, 'callee_async_function') if environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'is_async') else environment.getattr(l_1_jump, 'callee_function')))
            yield '(\n'
            for l_2_arg in environment.getattr(l_1_jump, 'args'):
                _loop_vars = {}
                pass
                yield '                    '
                yield str(environment.getattr(l_2_arg, 'name'))
                yield '='
                yield str(environment.getattr(l_2_arg, 'value_code'))
                yield ',\n'
            l_2_arg = missing
            yield '                    client=http,\n                    base_urls=urls,\n                    max_response_bytes=max_response_bytes,\n                    deadline=deadline,\n'
            if environment.getattr(l_1_jump, 'waits'):
                pass
                yield '                    sleep=sleep,\n'
            yield '                )\n                then = None\n'
        l_1_jump = missing
    else:
        pass
        for l_1_step in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'steps'):
            _loop_vars = {}
            pass
            yield '        '
            yield str(t_1(t_2(context.call((undefined(name='step_call') if l_0_step_call is missing else l_0_step_call), l_1_step, (undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), _loop_vars=_loop_vars)), 8))
            yield '\n'
        l_1_step = missing
    yield '        return '
    yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_call'))
    yield '(\n'
    for l_1_value in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_values'):
        _loop_vars = {}
        pass
        yield '            '
        yield str(environment.getattr(l_1_value, 'name'))
        yield '='
        yield str(environment.getattr(l_1_value, 'value_code'))
        yield ',\n'
    l_1_value = missing
    yield '        )\n    finally:\n        if client is None:\n            '
    yield str(environment.getattr((undefined(name='flavor') if l_0_flavor is missing else l_0_flavor), 'close_code'))
    yield '\n'

blocks = {}
debug_info = '1=27&2=33&3=36&5=40&6=44&8=54&9=56&17=63&21=66&22=69&24=74&25=76&28=78&29=82&31=86&32=88&40=95&41=97&46=100&47=103&52=106&62=110&66=113&69=116&76=120&77=124&78=126&80=131&81=134&82=137&85=142&90=149&92=151&93=155&94=159&95=163&101=169&106=174&107=176&108=184&110=188&111=190&113=194&118=197&119=199&129=206&130=210&131=214&132=217&134=220&136=223&137=227&138=229&139=232&140=236&146=242&153=249&154=253&157=257&158=259&159=263&164=269'
