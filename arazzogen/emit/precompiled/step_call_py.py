# Generated from templates/step_call.py.jinja by `python bench/precompile_templates.py`:
# do not edit. Used instead of compiling the template while KEY matches it
# (arazzogen.emit.render.template_key).
# jinja2 3.1.6
# mypy: ignore-errors
KEY = 'b7cbf42d84ee849360f827143fdbd88b5d18de340d8d251f0e2e43b94bf37df8'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'step_call.py.jinja'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_step_call = missing
    pass
    def macro(l_1_step, l_1_flavor):
        t_1 = []
        if l_1_step is missing:
            l_1_step = undefined("parameter 'step' was not provided", name='step')
        if l_1_flavor is missing:
            l_1_flavor = undefined("parameter 'flavor' was not provided", name='flavor')
        pass
        if environment.getattr(l_1_step, 'runs_workflow'):
            pass
            t_1.extend((
                str(environment.getattr(l_1_step, 'assign_code')),
                str(environment.getattr(l_1_flavor, 'await_code')),
                str((environment.getattr(l_1_step, 'async_function_name') if environment.getattr(l_1_flavor, 'is_async') else environment.getattr(l_1_step, 'function_name'))),
                '(',
                str(environment.getattr(l_1_step, 'leading_args')),
            ))
            for l_2_arg in environment.getattr(l_1_step, 'call_args'):
                _loop_vars = {}
                pass
                t_1.extend((
                    ', ',
                    str(environment.getattr(l_2_arg, 'name')),
                    '=',
                    str(environment.getattr(l_2_arg, 'value_code')),
                ))
            l_2_arg = missing
            t_1.append(
                ')\n',
            )
        else:
            pass
            t_1.extend((
                'response = ',
                str(environment.getattr(l_1_flavor, 'await_code')),
                str(environment.getattr(l_1_flavor, 'send_helper')),
                '(\n    http,\n    ',
                str(environment.getattr(l_1_step, 'request_function')),
                '(\n        http,\n        urls.',
                str(environment.getattr(l_1_step, 'base_url_field')),
                ',\n',
            ))
            for l_2_arg in environment.getattr(l_1_step, 'request_args'):
                _loop_vars = {}
                pass
                t_1.extend((
                    '        ',
                    str(environment.getattr(l_2_arg, 'name')),
                    '=',
                    str(environment.getattr(l_2_arg, 'value_code')),
                    ',\n',
                ))
            l_2_arg = missing
            t_1.extend((
                '    ),\n    max_response_bytes,\n    deadline,\n)\n',
                str(environment.getattr(l_1_step, 'assign_code')),
                str(environment.getattr(l_1_step, 'function_name')),
                '(response',
            ))
            for l_2_arg in environment.getattr(l_1_step, 'call_args'):
                _loop_vars = {}
                pass
                t_1.extend((
                    ', ',
                    str(environment.getattr(l_2_arg, 'name')),
                    '=',
                    str(environment.getattr(l_2_arg, 'value_code')),
                ))
            l_2_arg = missing
            t_1.append(
                ')\n',
            )
        return concat(t_1)
    context.exported_vars.add('step_call')
    context.vars['step_call'] = l_0_step_call = Macro(environment, macro, 'step_call', ('step', 'flavor'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '1=12&2=19&3=22&5=45&7=48&9=50&10=53&11=58&17=66'
