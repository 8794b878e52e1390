"""SvelteKit's environment modules. `$env/dynamic/private` and `$env/dynamic/public` export `env`, an object
the server fills from the running process's environment (adapter-node reads it at start; the public one is
sent to the browser from the server at run time): a member read on it is a runtime read, as on
`process.env`. `$env/static/private` and `$env/static/public` export one constant per variable, which Vite
replaces with its value while it builds: the names imported from them are read at build time.
"""

from __future__ import annotations

DYNAMIC_MODULES = ("$env/dynamic/private", "$env/dynamic/public")
STATIC_MODULES = ("$env/static/private", "$env/static/public")
# What a file must say to use one (mentions_env's trigger).
TRIGGER = "$env/"
PATTERN = r"""["'`]\$env/(?:dynamic|static)/(?:private|public)["'`]"""
