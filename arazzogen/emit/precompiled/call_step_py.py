# Generated from templates/call_step.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '17199db54f7704d216ec0fbffcb8fcdb89c1e84e852933c303d6b1da8c51aa61'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'call_step.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_workflow = resolve('workflow')
    l_0_actions = missing
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    pass
    included_template = environment.get_template('actions.py.jinja', 'call_step.py.jinja')._get_default_module(context)
    l_0_actions = getattr(included_template, 'actions', missing)
    if l_0_actions is missing:
        l_0_actions = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'call_step.py.jinja') does not export the requested name 'actions'", name='actions')
    context.vars['actions'] = l_0_actions
    context.exported_vars.discard('actions')
    l_1_loop = missing
    for l_1_function, l_1_loop in LoopContext(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'functions'), undefined):
        l_1_step = resolve('step')
        l_1_flavor = missing
        _loop_vars = {}
        pass
        l_1_flavor = environment.getattr(l_1_function, 'flavor')
        _loop_vars['flavor'] = l_1_flavor
        if (not environment.getattr(l_1_loop, 'first')):
            pass
            yield '\n\n'
        yield str(environment.getattr((undefined(name='flavor') if l_1_flavor is missing else l_1_flavor), 'def_code'))
        yield ' '
        yield str((environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'async_function_name') if environment.getattr((undefined(name='flavor') if l_1_flavor is missing else l_1_flavor), 'is_async') else environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'function_name')))
        yield '(\n    http: '
        yield str(environment.getattr((undefined(name='flavor') if l_1_flavor is missing else l_1_flavor), 'client_class'))
        yield ',\n    urls: BaseUrls,\n    max_response_bytes: int,\n    deadline: float,\n'
        if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'waits'):
            pass
            yield '    sleep: '
            yield str(environment.getattr((undefined(name='flavor') if l_1_flavor is missing else l_1_flavor), 'sleep_annotation'))
            yield ',\n'
        if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'params'):
            pass
            yield '    *,\n'
            for l_2_param in environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'params'):
                _loop_vars = {}
                pass
                yield '    '
                yield str(environment.getattr(l_2_param, 'name'))
                yield ': '
                yield str(environment.getattr(l_2_param, 'annotation'))
                yield ',\n'
            l_2_param = missing
        yield ') -> '
        yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'return_annotation'))
        yield ':\n    """'
        yield str(t_1(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'doc'), 4))
        yield '\n    """\n    try:\n        '
        yield str(('result = ' if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'result_used') else ''))
        yield str(environment.getattr((undefined(name='flavor') if l_1_flavor is missing else l_1_flavor), 'await_code'))
        yield str((environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'callee_async_function') if environment.getattr((undefined(name='flavor') if l_1_flavor is missing else l_1_flavor), 'is_async') else environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'callee_function')))
        yield '(\n'
        for l_2_arg in environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'callee_args'):
            _loop_vars = {}
            pass
            yield '            '
            yield str(environment.getattr(l_2_arg, 'name'))
            yield '='
            yield str(environment.getattr(l_2_arg, 'value_code'))
            yield ',\n'
        l_2_arg = missing
        yield '        )\n    except WorkflowError'
        if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'call_falls_through'):
            pass
            yield ' as exc'
        yield ':\n'
        yield str(context.call((undefined(name='actions') if l_0_actions is missing else l_0_actions), environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'on_call_failure'), '        ', _loop_vars=_loop_vars))
        if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'call_falls_through'):
            pass
            yield '        raise CalledWorkflowError(\n            workflow_id='
            yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'workflow_id_code'))
            yield ',\n            step_id='
            yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'step_id_code'))
            yield ',\n            called='
            yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'called_code'))
            yield ',\n        ) from exc\n'
        if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'outputs_class'):
            pass
            yield '    outputs = '
            yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'outputs_class'))
            yield '(\n'
            for l_2_value in environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'output_values'):
                _loop_vars = {}
                pass
                yield '        '
                yield str(environment.getattr(l_2_value, 'name'))
                yield '='
                yield str(environment.getattr(l_2_value, 'value_code'))
                yield ',\n'
            l_2_value = missing
            yield '    )\n'
        if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'failed_code'):
            pass
            yield '    if '
            yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'failed_code'))
            yield ':\n'
            yield str(context.call((undefined(name='actions') if l_0_actions is missing else l_0_actions), environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'on_failure'), '        ', _loop_vars=_loop_vars))
            if environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'failure_falls_through'):
                pass
                yield '        raise CalledWorkflowError(\n            workflow_id='
                yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'workflow_id_code'))
                yield ',\n            step_id='
                yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'step_id_code'))
                yield ',\n            called='
                yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'called_code'))
                yield ',\n        )\n'
        yield str(context.call((undefined(name='actions') if l_0_actions is missing else l_0_actions), environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'on_success'), '    ', _loop_vars=_loop_vars))
        if (environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'success_falls_through') and environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'success_return_code')):
            pass
            yield '    return '
            yield str(environment.getattr((undefined(name='step') if l_1_step is missing else l_1_step), 'success_return_code'))
            yield '\n'
    l_1_loop = l_1_function = l_1_flavor = l_1_step = missing

blocks = {}
debug_info = '1=19&2=26&3=31&4=33&8=36&9=40&13=42&14=45&16=47&18=50&19=54&22=60&23=62&26=64&27=68&28=72&31=78&32=82&33=83&35=86&36=88&37=90&40=92&41=95&42=97&43=101&47=107&48=110&49=112&50=113&52=116&53=118&54=120&58=122&59=123&60=126'
