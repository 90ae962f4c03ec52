# Generated from templates/module.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '8fe9f9feffdc55fb0a69609603dbfa51294f1a85a65663387c093ede1c4bb608'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'module.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_module = resolve('module')
    pass
    yield '"""'
    yield str(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'doc'))
    yield '\n\n'
    yield str(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'header_comment'))
    yield '\n"""\n\n'
    for l_1_line in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'imports'):
        _loop_vars = {}
        pass
        yield str(l_1_line)
        yield '\n'
    l_1_line = missing
    yield '\nimport httpx\n\n__all__ = [\n'
    for l_1_name in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'exports'):
        _loop_vars = {}
        pass
        yield '    "'
        yield str(l_1_name)
        yield '",\n'
    l_1_name = missing
    yield ']\n'
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'uses_typevar'):
        pass
        yield '\n_T = TypeVar("_T")\n'
    yield '\n\n'
    template = environment.get_template('base_urls.py.jinja', 'module.py.jinja')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\n\n'
    template = environment.get_template('errors.py.jinja', 'module.py.jinja')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    if environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'checks_types'):
        pass
        yield '\n\n'
        template = environment.get_template('type_errors.py.jinja', 'module.py.jinja')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    for l_1_helper in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'early_helpers'):
        _loop_vars = {}
        pass
        yield '\n\n'
        yield str(l_1_helper)
        yield '\n'
    l_1_helper = missing
    for l_1_typed in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'typed_dicts'):
        _loop_vars = {}
        pass
        yield '\n\n'
        template = environment.get_template('typed_dict.py.jinja', 'module.py.jinja')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'typed': l_1_typed}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    l_1_typed = missing
    for l_1_workflow in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'workflows'):
        _loop_vars = {}
        pass
        yield '\n\n'
        template = environment.get_template('result.py.jinja', 'module.py.jinja')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'workflow': l_1_workflow}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
        for l_2_step in environment.getattr(l_1_workflow, 'steps'):
            _loop_vars = {}
            pass
            if environment.getattr(l_2_step, 'outputs_class'):
                pass
                yield '\n\n'
                template = environment.get_template('step_outputs.py.jinja', 'module.py.jinja')
                gen = template.root_render_func(template.new_context(context.get_all(), True, {'step': l_2_step, 'workflow': l_1_workflow}))
                try:
                    for event in gen:
                        yield event
                finally: gen.close()
        l_2_step = missing
        for l_2_function in environment.getattr(l_1_workflow, 'functions'):
            _loop_vars = {}
            pass
            yield '\n\n'
            template = environment.get_template('workflow.py.jinja', 'module.py.jinja')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'function': l_2_function, 'workflow': l_1_workflow}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
        l_2_function = missing
        for l_2_step in environment.getattr(l_1_workflow, 'steps'):
            _loop_vars = {}
            pass
            yield '\n\n'
            template = environment.get_or_select_template(environment.getattr(l_2_step, 'template'), 'module.py.jinja')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'step': l_2_step, 'workflow': l_1_workflow}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
        l_2_step = missing
    l_1_workflow = missing
    for l_1_helper in environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'helpers'):
        _loop_vars = {}
        pass
        yield '\n\n'
        yield str(l_1_helper)
        yield '\n'
    l_1_helper = missing
    l_1_loop = missing
    for l_1_line, l_1_loop in LoopContext(environment.getattr((undefined(name='module') if l_0_module is missing else l_0_module), 'trailer'), undefined):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_loop, 'first'):
            pass
            yield '\n\n'
        yield str(l_1_line)
        yield '\n'
    l_1_loop = l_1_line = missing

blocks = {}
debug_info = '1=13&3=15&6=17&7=20&13=24&14=28&17=32&23=36&26=43&27=49&30=52&32=58&35=62&37=65&40=69&42=76&45=80&46=86&47=89&50=92&53=99&56=103&58=110&61=114&64=122&67=126&69=130&70=133&74=136'
