# Generated from templates/step.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '0481cab7a9b6ae1f1ed95ec7870fa924fa5ca84ccf21e7d667d890444d93644a'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'step.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_step = resolve('step')
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    pass
    yield 'def '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_function'))
    yield '(\n    http: httpx.Client | httpx.AsyncClient,\n    base_url: str,\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_params'):
        pass
        yield '    *,\n'
        for l_1_param in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_params'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_1_param, 'name'))
            yield ': '
            yield str(environment.getattr(l_1_param, 'annotation'))
            yield ',\n'
        l_1_param = missing
    yield ') -> httpx.Request | _UnsentError:\n    """'
    yield str(t_1(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_doc'), 4))
    yield '"""\n'
    template = environment.get_template('step_request.py.jinja', 'step.py.jinja')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\n\ndef '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'function_name'))
    yield '(\n    response: httpx.Response | Exception,\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'params'):
        pass
        yield '    *,\n'
        for l_1_param in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'params'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_1_param, 'name'))
            yield ': '
            yield str(environment.getattr(l_1_param, 'annotation'))
            yield ',\n'
        l_1_param = missing
    yield ') -> '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'return_annotation'))
    yield ':\n    """'
    yield str(t_1(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'doc'), 4))
    yield '\n    """\n    if isinstance(response, Exception):\n'
    for l_1_action in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'on_transport_failure'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_action, 'unconditional'):
            pass
            yield '        return '
            yield str(environment.getattr(l_1_action, 'return_code'))
            yield '  # '
            yield str(environment.getattr(l_1_action, 'name_comment'))
            yield '\n'
        else:
            pass
            yield '        # '
            yield str(environment.getattr(l_1_action, 'name_comment'))
            yield '\n        if '
            yield str(environment.getattr(l_1_action, 'condition_code'))
            yield ':\n            return '
            yield str(environment.getattr(l_1_action, 'return_code'))
            yield '\n'
    l_1_action = missing
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'transport_falls_through'):
        pass
        yield '        raise _step_error(\n            response, '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'workflow_id_code'))
        yield ', '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'step_id_code'))
        yield ', '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'secrets_code'))
        yield '\n        )\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'guarded'):
        pass
        yield '    try:\n'
        t_2 = []
        pass
        template = environment.get_template('step_judge.py.jinja', 'step.py.jinja')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
        try:
            for event in gen:
                t_2.append(event)
        finally: gen.close()
        yield t_1(concat(t_2), 4, first=True)
        yield '    except (_UnsentError, RecursionError, OverflowError) as exc:  # beyond what is evaluated\n        raise _step_error(\n            exc, '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'workflow_id_code'))
        yield ', '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'step_id_code'))
        yield ', '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'secrets_code'))
        yield '\n        ) from exc\n'
    else:
        pass
        template = environment.get_template('step_judge.py.jinja', 'step.py.jinja')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
        try:
            for event in gen:
                yield event
        finally: gen.close()

blocks = {}
debug_info = '1=19&4=21&6=24&7=28&11=34&12=36&15=43&17=45&19=48&20=52&23=58&24=60&27=62&28=65&29=68&31=75&32=77&33=79&36=82&38=85&41=91&44=96&43=102&48=104&51=112'
