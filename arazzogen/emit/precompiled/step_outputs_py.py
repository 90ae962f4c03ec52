# Generated from templates/step_outputs.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '05d9ddc1eaf0f9608fc0ca35ead519ccdadac7024a815dd08321f0dab07b550e'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'step_outputs.py.jinja'

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
    yield 'class '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'outputs_class'))
    yield '(NamedTuple):\n    """'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'outputs_doc'))
    yield '"""\n'
    for l_1_field in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'outputs'):
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

blocks = {}
debug_info = '1=19&2=21&3=23&5=27&6=31'
