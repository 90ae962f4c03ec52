# Generated from templates/step_judge.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = 'b3dd39e2718b0450e9fa4bf34abdc2381106aa290e8fa32d3fc6072fa7aafe53'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'step_judge.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_step = resolve('step')
    pass
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'read_body_code'):
        pass
        yield '    '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'read_body_code'))
        yield '\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'outputs_class'):
        pass
        yield '    outputs = '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'outputs_class'))
        yield '(\n'
        for l_1_value in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'output_values'):
            _loop_vars = {}
            pass
            yield '        '
            yield str(environment.getattr(l_1_value, 'name'))
            yield '='
            yield str(environment.getattr(l_1_value, 'value_code'))
            yield ',\n'
        l_1_value = missing
        yield '    )\n'
    yield '    if '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'failed_code'))
    yield ':\n'
    for l_1_action in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'on_failure'):
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
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'failure_falls_through'):
        pass
        yield '        raise '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'failed_error_code'))
        yield '(\n            workflow_id='
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'workflow_id_code'))
        yield ',\n            step_id='
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'step_id_code'))
        yield ',\n            status_code=response.status_code,\n            body='
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'error_body_code'))
        yield ',\n        )\n'
    for l_1_action in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'on_success'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_action, 'unconditional'):
            pass
            yield '    return '
            yield str(environment.getattr(l_1_action, 'return_code'))
            yield '  # '
            yield str(environment.getattr(l_1_action, 'name_comment'))
            yield '\n'
        else:
            pass
            yield '    # '
            yield str(environment.getattr(l_1_action, 'name_comment'))
            yield '\n    if '
            yield str(environment.getattr(l_1_action, 'condition_code'))
            yield ':\n        return '
            yield str(environment.getattr(l_1_action, 'return_code'))
            yield '\n'
    l_1_action = missing
    if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'success_falls_through') and environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'success_return_code')):
        pass
        yield '    return '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'success_return_code'))
        yield '\n'

blocks = {}
debug_info = '1=12&2=15&4=17&5=20&6=22&7=26&11=33&12=35&13=38&14=41&16=48&17=50&18=52&21=55&22=58&23=60&24=62&26=64&29=66&30=69&31=72&33=79&34=81&35=83&38=86&39=89'
