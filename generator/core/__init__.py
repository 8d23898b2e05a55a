"""The domain, with no input or output: what a declaration and a self-evaluation are.

Money, target values, the indicator taxonomy, the form's layouts, the department registry, the
pydantic models and the diagnostics every other layer reports with. `core` imports nothing else
from `generator`; every other folder may import it.
"""
