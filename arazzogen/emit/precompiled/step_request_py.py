# Generated from templates/step_request.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '50d52629c64ac550020a5c7c79fddbea20f8ee8a675464abfe6bbd279dd57ecb'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'step_request.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_step = resolve('step')
    pass
    for l_1_check in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'required_values'):
        _loop_vars = {}
        pass
        yield '    if '
        yield str(environment.getattr(l_1_check, 'value_code'))
        yield ' is None:\n        return _UnsentError('
        yield str(environment.getattr(l_1_check, 'reason_code'))
        yield ')\n'
    l_1_check = missing
    for l_1_group in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_groups'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(environment.getattr(l_1_group, 'var'))
        yield ': '
        yield str(environment.getattr(l_1_group, 'annotation'))
        yield ' = {\n'
        def t_1(fiter):
            for l_2_part in fiter:
                if (not environment.getattr(l_2_part, 'when_code')):
                    yield l_2_part
        for l_2_part in t_1(environment.getattr(l_1_group, 'parts')):
            _loop_vars = {}
            pass
            yield '        '
            yield str(environment.getattr(l_2_part, 'key_code'))
            yield ': '
            yield str(environment.getattr(l_2_part, 'value_code'))
            yield ',\n'
        l_2_part = missing
        yield '    }\n'
        def t_2(fiter):
            for l_2_part in fiter:
                if environment.getattr(l_2_part, 'when_code'):
                    yield l_2_part
        for l_2_part in t_2(environment.getattr(l_1_group, 'parts')):
            _loop_vars = {}
            pass
            yield '    if '
            yield str(environment.getattr(l_2_part, 'when_code'))
            yield ':\n        '
            yield str(environment.getattr(l_1_group, 'var'))
            yield '['
            yield str(environment.getattr(l_2_part, 'key_code'))
            yield '] = '
            yield str(environment.getattr(l_2_part, 'value_code'))
            yield '\n'
        l_2_part = missing
    l_1_group = missing
    for l_1_statement in environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_statements'):
        _loop_vars = {}
        pass
        yield '    '
        yield str(l_1_statement)
        yield '\n'
    l_1_statement = missing
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'checks_headers'):
        pass
        yield '    try:\n        return http.build_request(\n            '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'method_code'))
        yield ',\n            '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url_code'))
        yield ',\n'
        def t_3(fiter):
            for l_1_group in fiter:
                if environment.getattr(l_1_group, 'keyword'):
                    yield l_1_group
        for l_1_group in t_3(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_groups')):
            _loop_vars = {}
            pass
            yield '            '
            yield str(environment.getattr(l_1_group, 'keyword'))
            yield '='
            yield str(environment.getattr(l_1_group, 'var'))
            yield ',\n'
        l_1_group = missing
        if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'body_code'):
            pass
            yield '            '
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'body_keyword'))
            yield '='
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'body_code'))
            yield ',\n'
        if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'timeout_code'):
            pass
            yield '            timeout='
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'timeout_code'))
            yield ',\n'
        yield '        )\n    except UnicodeEncodeError:  # no cause attached: it would carry the header\'s value\n        return _UnsentError("a header value holds a character that is not ASCII")\n'
    else:
        pass
        yield '    return http.build_request(\n        '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'method_code'))
        yield ',\n        '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url_code'))
        yield ',\n'
        def t_4(fiter):
            for l_1_group in fiter:
                if environment.getattr(l_1_group, 'keyword'):
                    yield l_1_group
        for l_1_group in t_4(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'request_groups')):
            _loop_vars = {}
            pass
            yield '        '
            yield str(environment.getattr(l_1_group, 'keyword'))
            yield '='
            yield str(environment.getattr(l_1_group, 'var'))
            yield ',\n'
        l_1_group = missing
        if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'body_code'):
            pass
            yield '        '
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'body_keyword'))
            yield '='
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'body_code'))
            yield ',\n'
        if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'timeout_code'):
            pass
            yield '        timeout='
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'timeout_code'))
            yield ',\n'
        yield '    )\n'

blocks = {}
debug_info = '1=12&2=16&3=18&5=21&6=25&7=29&8=37&11=43&12=51&13=53&16=61&17=65&19=68&22=71&23=73&24=75&25=83&27=88&28=91&30=95&31=98&38=104&39=106&40=108&41=116&43=121&44=124&46=128&47=131'
