# Generated from templates/base_urls.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '9b799afc35740fbdf3d4e4ab043c6e3ca44a1433f7076f63447f0c2fc90c14c7'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base_urls.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    pass
    yield '@dataclass(frozen=True)\nclass BaseUrls:\n    """Base URL of each API the workflows call (default: the OpenAPI ``servers``)."""\n\n'
    for l_1_field in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'base_urls'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(environment.getattr(l_1_field, 'name'))
        yield ': str'
        if environment.getattr(l_1_field, 'default_code'):
            pass
            yield ' = '
            yield str(environment.getattr(l_1_field, 'default_code'))
        yield '\n    """'
        yield str(environment.getattr(l_1_field, 'doc'))
        yield '"""\n'
    l_1_field = missing

blocks = {}
debug_info = '5=13&6=17&8=24'
