# Generated from templates/actions.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = '6735e40b0048e67334be02ff289fcb57b838e8cffbbea54f8716e5477889846d'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'actions.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_actions = missing
    pass
    def macro(l_1_list, l_1_indent):
        t_1 = []
        if l_1_list is missing:
            l_1_list = undefined("parameter 'list' was not provided", name='list')
        if l_1_indent is missing:
            l_1_indent = undefined("parameter 'indent' was not provided", name='indent')
        pass
        for l_2_action in l_1_list:
            _loop_vars = {}
            pass
            if environment.getattr(l_2_action, 'unconditional'):
                pass
                t_1.extend((
                    str(l_1_indent),
                    'return ',
                    str(environment.getattr(l_2_action, 'return_code')),
                    '  # ',
                    str(environment.getattr(l_2_action, 'name_comment')),
                    '\n',
                ))
            else:
                pass
                t_1.extend((
                    str(l_1_indent),
                    '# ',
                    str(environment.getattr(l_2_action, 'name_comment')),
                    '\n',
                    str(l_1_indent),
                    'if ',
                    str(environment.getattr(l_2_action, 'condition_code')),
                    ':\n',
                    str(l_1_indent),
                    '    return ',
                    str(environment.getattr(l_2_action, 'return_code')),
                    '\n',
                ))
        l_2_action = missing
        return concat(t_1)
    context.exported_vars.add('actions')
    context.vars['actions'] = l_0_actions = Macro(environment, macro, 'actions', ('list', 'indent'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '1=12&2=19&3=22&4=25&6=35&7=39&8=43'
