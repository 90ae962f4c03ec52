# Generated from templates/result.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '3be8038d04573636192705022878faa5b7e96fd6ebf46591ae0df8fa13b464a5'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'result.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_workflow = resolve('workflow')
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    pass
    yield '@dataclass(frozen=True)\nclass '
    yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_class'))
    yield ':\n    """'
    yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_doc'))
    yield '"""\n'
    for l_1_field in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_fields'):
        _loop_vars = {}
        pass
        yield '\n    '
        yield str(environment.getattr(l_1_field, 'name'))
        yield ': '
        yield str(environment.getattr(l_1_field, 'annotation'))
        yield '\n    """'
        yield str(t_1(environment.getattr(l_1_field, 'doc'), 4))
        yield '"""\n'
    l_1_field = missing
    if environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_function'):
        pass
        yield '\n\ndef '
        yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_function'))
        yield '(\n    *,\n'
        for l_1_param in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_params'):
            _loop_vars = {}
            pass
            yield '    '
            yield str(environment.getattr(l_1_param, 'name'))
            yield ': '
            yield str(environment.getattr(l_1_param, 'annotation'))
            yield ',\n'
        l_1_param = missing
        yield ') -> '
        yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_class'))
        yield ':\n    """'
        yield str(t_1(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_function_doc'), 4))
        yield '"""\n'
        for l_1_check in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_checks'):
            _loop_vars = {}
            pass
            yield '    if '
            yield str(environment.getattr(l_1_check, 'failed_code'))
            yield ':\n        raise ResponseTypeError(\n            workflow_id='
            yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'workflow_id_code'))
            yield ',\n            step_id='
            yield str(environment.getattr(l_1_check, 'step_id_code'))
            yield ',\n            output='
            yield str(environment.getattr(l_1_check, 'output_code'))
            yield ',\n            expected='
            yield str(environment.getattr(l_1_check, 'expected_code'))
            yield ',\n            found='
            yield str(environment.getattr(l_1_check, 'param'))
            yield ',\n        )\n'
        l_1_check = missing
        yield '    return '
        yield str(environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_class'))
        yield '(\n'
        for l_1_value in environment.getattr((undefined(name='workflow') if l_0_workflow is missing else l_0_workflow), 'result_args'):
            _loop_vars = {}
            pass
            yield '        '
            yield str(environment.getattr(l_1_value, 'name'))
            yield '='
            yield str(environment.getattr(l_1_value, 'value_code'))
            yield ',\n'
        l_1_value = missing
        yield '    )\n'

blocks = {}
debug_info = '2=19&3=21&4=23&6=27&7=31&9=34&12=37&14=39&15=43&17=49&18=51&19=53&20=57&22=59&23=61&24=63&25=65&26=67&29=71&30=73&31=77'
