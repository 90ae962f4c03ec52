# Generated from templates/typed_dict.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = 'f9ea61015f0b662688a447e45a37a9810c6c748ddd94ef219a6b39d07739a654'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'typed_dict.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_typed = resolve('typed')
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    for l_1_block in environment.getattr((undefined(name='typed') if l_0_typed is missing else l_0_typed), 'blocks'):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_block, 'class_syntax'):
            pass
            yield 'class '
            yield str(environment.getattr(l_1_block, 'name'))
            yield '('
            yield str(environment.getattr(l_1_block, 'base'))
            if (not environment.getattr(l_1_block, 'total')):
                pass
                yield ', total=False'
            yield '):\n    """'
            yield str(t_1(environment.getattr(l_1_block, 'doc'), 4))
            yield '"""\n'
            for l_2_member in environment.getattr(l_1_block, 'fields'):
                _loop_vars = {}
                pass
                yield '\n    '
                yield str(environment.getattr(l_2_member, 'name'))
                yield ': '
                yield str(environment.getattr(l_2_member, 'annotation'))
                yield '\n'
                if environment.getattr(l_2_member, 'doc'):
                    pass
                    yield '    """'
                    yield str(t_1(environment.getattr(l_2_member, 'doc'), 4))
                    yield '"""\n'
            l_2_member = missing
        else:
            pass
            yield str(environment.getattr(l_1_block, 'name'))
            yield ' = TypedDict(\n    "'
            yield str(environment.getattr(l_1_block, 'name'))
            yield '",\n    {\n'
            for l_2_member in environment.getattr(l_1_block, 'fields'):
                _loop_vars = {}
                pass
                yield '        '
                yield str(environment.getattr(l_2_member, 'key_code'))
                yield ': '
                yield str(environment.getattr(l_2_member, 'annotation'))
                yield ',\n'
            l_2_member = missing
            yield '    },\n'
            if (not environment.getattr(l_1_block, 'total')):
                pass
                yield '    total=False,\n'
            yield ')\n'
        yield '\n\n'
    l_1_block = missing
    if environment.getattr((undefined(name='typed') if l_0_typed is missing else l_0_typed), 'checker'):
        pass
        yield 'def '
        yield str(environment.getattr((undefined(name='typed') if l_0_typed is missing else l_0_typed), 'checker'))
        yield '(value: object) -> bool:\n    """'
        yield str(t_1(environment.getattr((undefined(name='typed') if l_0_typed is missing else l_0_typed), 'checker_doc'), 4))
        yield '"""\n    if not isinstance(value, dict):\n        return False\n'
        if environment.getattr((undefined(name='typed') if l_0_typed is missing else l_0_typed), 'uses_item'):
            pass
            yield '    item = cast(dict[str, object], value)\n    return (\n        '
            yield str(t_2(context.eval_ctx, environment.getattr((undefined(name='typed') if l_0_typed is missing else l_0_typed), 'checks'), '\n        and '))
            yield '\n    )\n'
        else:
            pass
            yield '    return True\n'

blocks = {}
debug_info = '1=24&2=27&3=30&4=37&5=39&7=43&8=47&9=50&13=55&14=57&16=59&17=63&20=69&28=75&29=78&30=80&33=82&36=85'
